"""Word tokens with character offsets, and sentence spans, shared by the language checks."""

from __future__ import annotations

import re
from typing import NamedTuple

# A word keeps inner hyphens and gender marks together ("Künstler*innen", "Teilnehmer-Liste",
# "Besucher(innen)"), so that a star form is seen as one word and never flagged.
WORD_RE = re.compile(
    r"[^\W\d_]\w*(?:(?:[-*:_/·’'](?:-)?|\()[^\W_]+\)?)*|\d+(?:[.,]\d+)*",
)


class Token(NamedTuple):
    """A word and where it stands in the text (a NamedTuple: cheap to make by the thousand)."""

    text: str
    start: int
    end: int
    pos: int  # position in the token list

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end(), i) for i, m in enumerate(WORD_RE.finditer(text))]


def has_gender_mark(word: str) -> bool:
    """True for star, colon, underscore, slash, bracket and Binnen-I forms."""
    return bool(
        re.search(r"[*:_/·]-?in(nen)?$|\(in(nen)?\)$|[a-zäöüß]In(nen)?$|[*:_/·]-?in(nen)?\W", word)
    )
