"""Word frequencies (wordfreq) that tell a surname from a common German noun of the same form."""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency

# Proper names travel between languages with about the same frequency ("Merkel", "Stalin",
# "Blair"); a German common noun is frequent only in German ("Kopf", "Licht"). Dutch shares too
# many nouns with German to tell them apart ("licht", "dienst"), so it is left out; the second
# highest of the others counts, so that one language's loan word ("Link", "Gold") is not enough.
OTHER_LANGUAGES = ("en", "fr", "it", "es", "pl", "sv")
# Zipf 5 = once per 100,000 words: German words this frequent are nouns or function words
# ("Hand", "Fall", "Kind") far more often than anyone's name.
VERY_FREQUENT = 5.0
# Below zipf 3.5 a word in the surname list is rare as a German word: mostly the name.
RARE = 3.5
# How much less frequent in another language a word may be and still count as a name there.
CROSS_MARGIN = 1.0


@lru_cache(maxsize=131072)  # words repeat; the lists never change
def german_zipf(word: str) -> float:
    return zipf_frequency(word.lower(), "de")


@lru_cache(maxsize=131072)  # words repeat; the lists never change
def name_reading_likely(word: str) -> bool:
    """A listed surname standing alone is a name, unless its form is a common German word."""
    german = german_zipf(word)
    if german < RARE:
        return True
    if german >= VERY_FREQUENT:
        return False
    low = word.lower()
    other = sorted(zipf_frequency(low, lang) for lang in OTHER_LANGUAGES)[-2]
    return other >= german - CROSS_MARGIN
