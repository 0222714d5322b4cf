"""German syllable counter: vowel nuclei, with diphthongs and long vowels counted once."""

from __future__ import annotations

from functools import lru_cache

VOWELS = frozenset("aeiouyäöü")
# Two letters that make one vowel sound (one syllable nucleus).
ONE_NUCLEUS = frozenset({"ei", "ai", "au", "eu", "äu", "ie", "ey", "ay", "aa", "ee", "oo", "ui"})


@lru_cache(maxsize=131072)
def count_syllables(word: str) -> int:
    """Syllables of a German word (at least 1 for any word with a letter)."""
    w = word.lower()
    count = 0
    i = 0
    n = len(w)
    while i < n:
        if w[i] in VOWELS:
            count += 1
            if i + 1 < n and w[i : i + 2] in ONE_NUCLEUS:
                # "Feuer", "Bauer": a third vowel after a diphthong starts a new syllable
                i += 2
            else:
                i += 1
        else:
            i += 1
    if count == 0 and any(c.isalpha() for c in w):
        return 1
    return count
