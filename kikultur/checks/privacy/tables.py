"""Columns of simple text tables (CSV with ; or ,, tab- or |-separated) found by their header."""

from __future__ import annotations

import re
from collections.abc import Iterator

SEPARATORS = ("\t", ";", "|", ",")


def column_cells(text: str, header: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of every non-empty cell below a header cell that matches `header`.

    A table is a run of lines sharing a separator; a blank line ends it.
    """
    columns: list[int] = []
    separator: str | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if separator is None or separator not in body:
            columns, separator = [], None
            sep = next((s for s in SEPARATORS if s in body), None)
            if sep is not None:
                cells = body.split(sep)
                columns = [i for i, cell in enumerate(cells) if header.fullmatch(cell.strip())]
                if columns:
                    separator = sep
        else:
            cells = body.split(separator)
            position = offset
            for index, cell in enumerate(cells):
                if index in columns and cell.strip():
                    lead = len(cell) - len(cell.lstrip())
                    yield position + lead, position + len(cell.rstrip())
                position += len(cell) + len(separator)
        offset += len(line)
