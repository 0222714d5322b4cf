"""Names in attendance lines ("Anwesend: A, B und C") and in the name columns of tables."""

from __future__ import annotations

import re

from kikultur.checks.privacy.cues import FUNCTION_WORDS, PARTICLES, TITLES
from kikultur.checks.privacy.gazetteers import not_names
from kikultur.checks.privacy.name_words import is_capitalised, prefixed_particle
from kikultur.checks.privacy.spans import Span
from kikultur.checks.privacy.tables import column_cells

LIST_CUE = re.compile(
    r"(?im)^[ \t]*(?:anwesend|teilnehmende|teilnehmer(?:innen|\*innen|:innen)?|entschuldigt|"
    r"abwesend|gäste|protokoll(?:führung)?|moderation|leitung|kontakt|ansprechpartner\S*|"
    r"referent\S*|vorstand|verteiler|an|cc|von)[ \t]*:[ \t]*([^\n]+)"
)

NAME_HEADER = re.compile(
    r"(?i)(?:vor- und nachname|name|vorname|nachname|familienname|teilnehmer\S*|"
    r"teilnehmende|person|kontaktperson|ansprechpartner\S*|erziehungsberechtigte\S*)"
)

_ITEM_SPLIT = re.compile(r"\s*(?:,|;|\bund\b|&)\s*")


def _name_item(text: str, start: int, end: int, rule: str, score: float) -> Span | None:
    """A list item or table cell that is a name: 1-5 capitalised words (titles skipped)."""
    item = text[start:end]
    words = list(re.finditer(r"\S+", item))
    while words and words[0].group().rstrip(".:") in TITLES | {"Dr", "Prof"}:
        words.pop(0)
    words = [w for w in words if not w.group().startswith("(")][:6] if words else []
    if not words or len(words) > 5:
        return None
    for word in words:
        bare = word.group().rstrip(".,")
        if bare in PARTICLES or prefixed_particle(bare) or re.fullmatch(r"[IVX]+|Jr|Sr", bare):
            continue
        if not is_capitalised(bare) or bare.lower() in FUNCTION_WORDS or bare in not_names():
            return None
    last = words[-1]
    return Span(
        "PERSON",
        start + words[0].start(),
        start + last.start() + len(last.group().rstrip(".,")),
        score,
        {"rule": rule},
    )


def list_spans(text: str) -> list[Span]:
    """Attendance lines ("Anwesend: A, B und C") and name columns of registration lists."""
    spans: list[Span] = []
    for cue in LIST_CUE.finditer(text):
        position = cue.start(1)
        for item in _ITEM_SPLIT.split(cue.group(1)):
            index = text.find(item, position) if item else -1
            if index >= 0:
                span = _name_item(text, index, index + len(item), "list", 0.85)
                if span:
                    spans.append(span)
                position = index + len(item)
    for start, end in column_cells(text, NAME_HEADER):
        span = _name_item(text, start, end, "table", 0.9)
        if span:
            spans.append(span)
    return spans
