"""Birth dates: a date counts only when its context says it is one (not every date)."""

from __future__ import annotations

import re

from kikultur.checks.privacy.spans import Span

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
_HEADER_CUE = re.compile(r"(?i)geb(?:urts|\.|\b)")
_CELL_SPLIT = re.compile(r"\t|;|\|")


def _table_birthdates(text: str) -> list[Span]:
    """Registration lists: a column headed "Geburtsdatum" / "geb." holds birth dates."""
    spans: list[Span] = []
    column: int | None = None
    separator: str | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        sep = next((s for s in ("\t", ";", "|", ",") if s in stripped), None)
        if sep is None or not stripped.strip():
            column = None
        elif column is None:
            cells = stripped.split(sep)
            for index, cell in enumerate(cells):
                if _HEADER_CUE.search(cell) and not DATE.search(cell):
                    column, separator = index, sep
                    break
        elif separator is not None:
            cells = stripped.split(separator)
            if column < len(cells):
                cell_start = offset + sum(len(c) + 1 for c in cells[:column])
                match = DATE.search(cells[column])
                if match:
                    spans.append(
                        Span("DATE_OF_BIRTH", cell_start + match.start(), cell_start + match.end())
                    )
        offset += len(line)
    return spans


def find_birthdates(text: str) -> list[Span]:
    spans: list[Span] = []
    for match in DATE.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 12]
        if CUE_BEFORE.search(before) or CUE_AFTER.search(after):
            spans.append(Span("DATE_OF_BIRTH", match.start(), match.end()))
    if _CELL_SPLIT.search(text) or "," in text:
        spans.extend(_table_birthdates(text))
    return spans
