"""Birth dates: a date counts only when its context says it is one (not every date)."""

from __future__ import annotations

import re

from kikultur.checks.privacy.spans import Span
from kikultur.checks.privacy.tables import column_cells

_MONTHS = (
    r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
    r"Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)\.?"
)
DATE = re.compile(
    r"(?<![\d.])(?:\d{1,2}\. ?\d{1,2}\. ?(?:19|20)?\d{2}|\d{1,2}\. ?" + _MONTHS + r" (?:19|20)\d{2}"
    r"|(?:19|20)\d{2}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/(?:19|20)\d{2})(?![\d])"
)
CUE_BEFORE = re.compile(
    r"(?i)(?:geb\.|geboren|geburtsdatum|geb\.-datum|geburtstag|geburtsjahr|\*)"
    r"(?:\s*(?:am|den|:|,|-|in [A-ZÄÖÜ][\w-]+(?: am)?))*\s*$"
)
CUE_AFTER = re.compile(r"(?i)^\s*(?:geboren|\(geb)")
_HEADER = re.compile(r"(?i)(?:geburtsdatum|geb\.?(?:-datum)?|geboren(?: am)?|geburtstag)")


def _table_birthdates(text: str) -> list[Span]:
    """Registration lists: a column headed "Geburtsdatum" / "geb." holds birth dates."""
    spans: list[Span] = []
    for start, end in column_cells(text, _HEADER):
        match = DATE.search(text, start, end)
        if match:
            spans.append(Span("DATE_OF_BIRTH", match.start(), match.end()))
    return spans


def find_birthdates(text: str) -> list[Span]:
    spans: list[Span] = []
    # Every cue and every column header contains "geb" or "*" ("geb.", "geboren",
    # "Geburtsdatum"): without them no date is a birth date, and the scan is skipped.
    if "*" not in text and "geb" not in text.lower():
        return spans
    for match in DATE.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 12]
        if CUE_BEFORE.search(before) or CUE_AFTER.search(after):
            spans.append(Span("DATE_OF_BIRTH", match.start(), match.end()))
    if "\n" in text:
        spans.extend(_table_birthdates(text))
    return spans
