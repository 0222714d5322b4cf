"""File names for downloads and exports: a safe stem from a title, and its ASCII form."""

from __future__ import annotations

import re
import unicodedata

# German letters get their usual ASCII spelling; other accents are dropped (é -> e).
_GERMAN_ASCII = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)
# What may stand in a quoted `filename="…"`: printable ASCII, but no `"` and `\` (they end or
# escape the quoted string), no `/` (a path) and no `%` (some browsers decode it).
_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9 !#$&'()+,\-.;=@\[\]^_`{}~]")


def safe_stem(text: str, fallback: str, max_length: int = 60) -> str:
    """A title as a file name stem: letters (umlauts too), digits, `_` and `-`, nothing else.

    Every other run of characters becomes one `-`; an empty result is `fallback`.
    """
    # NFC first: a title typed as "u" + combining diaeresis keeps its "ü" instead of a "-".
    normalised = unicodedata.normalize("NFC", text)
    stem = re.sub(r"[^\w-]+", "-", normalised).strip("-")[:max_length].strip("-")
    return stem or fallback


def ascii_filename(filename: str) -> str:
    """The name with ASCII characters only (ä -> ae, é -> e, others -> `_`), never empty."""
    text = unicodedata.normalize("NFC", filename).translate(_GERMAN_ASCII)
    # Decomposed, an accented letter is its base letter plus marks; the marks are dropped.
    letters = (c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOT_ASCII_SAFE.sub("_", "".join(letters)).strip() or "download"
