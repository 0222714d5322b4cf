"""Approximate user-perceived characters (extended grapheme clusters) with unicodedata only."""

from __future__ import annotations

import unicodedata

ZWJ = "\u200d"


def _extends(ch: str) -> bool:
    """True for a character that belongs to the cluster before it."""
    cp = ord(ch)
    if unicodedata.category(ch) in ("Mn", "Me", "Mc"):
        return True
    return (
        0xFE00 <= cp <= 0xFE0F  # variation selectors (emoji presentation)
        or 0xE0100 <= cp <= 0xE01EF
        or 0x1F3FB <= cp <= 0x1F3FF  # skin-tone modifiers
        or 0xE0020 <= cp <= 0xE007F  # tag characters (subdivision flags)
        or cp == 0x200C
        or cp == 0x20E3  # keycap
    )


def _is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def graphemes(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each grapheme cluster: "👩‍👩‍👧" and "🇩🇪" are one each."""
    clusters: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        start = i
        ch = text[i]
        i += 1
        if ch == "\r" and i < n and text[i] == "\n":
            i += 1
        elif _is_regional_indicator(ch):
            if i < n and _is_regional_indicator(text[i]):
                i += 1
        else:
            while i < n:
                nxt = text[i]
                if _extends(nxt):
                    i += 1
                elif nxt == ZWJ:
                    i += 2 if i + 1 < n else 1  # the joiner glues the next character on
                else:
                    break
        clusters.append((start, i))
    return clusters


def count_graphemes(text: str) -> int:
    return len(graphemes(text))
