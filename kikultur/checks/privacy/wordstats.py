"""Word frequencies (wordfreq) that tell a surname from a common German noun of the same form."""

from __future__ import annotations

import math
from functools import cache, lru_cache

from wordfreq import get_frequency_dict

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
# From zipf 4 on a word is common English, far beyond what surnames reach there.
ENGLISH_COMMON = 4.0
# How much less frequent in another language a word may be and still count as a name there.
CROSS_MARGIN = 1.0


@cache
def _frequencies(language: str) -> dict[str, float]:
    # wordfreq's "small" lists hold every word down to zipf 3, which is all the thresholds
    # above look at; they load in milliseconds and keep memory low (the "large" German list
    # alone takes ~80 MB). Looking words up in the dict directly skips wordfreq's per-call
    # tokenizer, which dominated the check's run time.
    return get_frequency_dict(language, wordlist="small")


def _zipf(word: str, language: str) -> float:
    # wordfreq stores case-folded words ("weiß" as "weiss").
    frequency = _frequencies(language).get(word.casefold(), 0.0)
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


@cache
def load() -> None:
    """Loads the frequency lists once, so that the first text checked is not the slow one."""
    for language in ("de", *OTHER_LANGUAGES):
        _frequencies(language)


@lru_cache(maxsize=131072)  # words repeat; the lists never change
def german_zipf(word: str) -> float:
    return _zipf(word, "de")


def english_zipf(word: str) -> float:
    return _zipf(word, "en")


@lru_cache(maxsize=131072)  # words repeat; the lists never change
def name_reading_likely(word: str) -> bool:
    """A listed surname standing alone is a name, unless its form is a common German word."""
    german = german_zipf(word)
    if german < RARE:
        # Rare in German: a name, unless it is a common English word ("Staff", "Bottom").
        return _zipf(word, "en") < ENGLISH_COMMON
    if german >= VERY_FREQUENT:
        return False
    others = [_zipf(word, language) for language in OTHER_LANGUAGES]
    if others[0] > german:
        # More frequent in English than in German: an English word in a title or a firm's
        # name ("Life", "House", "Force"), not a person's name borrowed by every language.
        return False
    return sorted(others)[-2] >= german - CROSS_MARGIN
