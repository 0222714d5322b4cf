"""Small helper for word lists written inline as one string."""

from __future__ import annotations


def word_set(words: str) -> frozenset[str]:
    """A set from whitespace-separated words (keeps long inline lists readable)."""
    return frozenset(words.split())
