"""The raw span a recognizer reports, before overlaps are resolved and messages attached."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Which kind wins when two spans overlap: the more specific (validated) one.
PRIORITY = {
    "EMAIL": 90,
    "IBAN": 85,
    "ID_NUMBER": 80,
    "DATE_OF_BIRTH": 70,
    "PHONE": 60,
    "ADDRESS": 50,
    "PERSON": 40,
    "SPECIAL_CATEGORY": 30,
}


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the text a recognizer holds to be personal data of one kind."""

    kind: str
    start: int
    end: int
    score: float = 1.0
    details: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def length(self) -> int:
        return self.end - self.start


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Keeps one span per stretch of text: higher kind priority, then longer, then surer."""
    if len(spans) < 2:
        return list(spans)  # most sentences: nothing to resolve
    ranked = sorted(spans, key=lambda s: (-PRIORITY.get(s.kind, 0), -s.length, -s.score, s.start))
    taken: list[Span] = []
    # One byte per character marks what is taken: linear in the text, fine for 10 MB.
    occupied = bytearray(max((s.end for s in spans), default=0) + 1)
    for span in ranked:
        if any(occupied[span.start : span.end]):
            continue
        occupied[span.start : span.end] = b"\x01" * span.length
        taken.append(span)
    return sorted(taken, key=lambda s: (s.start, s.end))
