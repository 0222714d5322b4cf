"""German sentence splitter that knows abbreviations ("z. B.", "Dr.") and ordinals ("3. Mai")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kikultur.checks.language.words import word_set

# Abbreviations that end with a period but do not end a sentence (lower-cased, without period).
ABBREVIATIONS = word_set("""
    z b bzw ca usw etc dr prof nr str st u a d h o ä vgl hr fr frl jh jhd mio mrd evtl ggf inkl
    max min tel abs art bd bzgl ebd eig einschl entspr e v ev gem ggü hl i allg insb jr kap kfz
    lt mind mrd mwst n chr m mo di mi do sa so okt nov dez jan feb mär apr jun jul aug sep sept
    o g s sog spr std tsd u ä usf v w z zb zt zzgl ff dipl ing mag med phil rer nat päd hrsg
    anm bspw dgl gegr geb gest ehem orig verh vs zit zus ca bzw vorm nachm uhr ca jhs ff od
    """)

_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'»«“”‘’)\]]*(?=\s)|\n\s*\n|\n(?=\s*(?:[-•*–]|\d+[.)])\s)")
_WORD_BEFORE_RE = re.compile(r"(\w+)\.?$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence located by character offsets."""

    start: int
    end: int
    text: str


def _is_false_boundary(text: str, match: re.Match[str]) -> bool:
    mark = match.group()
    if not mark.startswith("."):
        return False
    if len(mark.rstrip("\"'»«“”‘’)]")) > 1:  # "..." ellipsis: a sentence may go on or not
        after = text[match.end() :].lstrip()
        return bool(after) and after[0].islower()
    before = _WORD_BEFORE_RE.search(text[max(0, match.start() - 12) : match.start() + 1])
    after = text[match.end() :].lstrip(" \t")
    next_word = re.match(r"\w+", after)
    if after.startswith("\n"):
        return False
    if before:
        word = before.group(1)
        if word.isdigit():
            # "am 3. Mai", "im 19. Jahrhundert", "die 2. Auflage": an ordinal, unless a new
            # sentence obviously starts (no next word).
            return next_word is not None
        if word.lower() in ABBREVIATIONS:
            return True
        if len(word) == 1 and word.isalpha():  # initials: "A. Müller"
            return True
    # a lower-case continuation after a period means the period did not end the sentence
    return next_word is not None and next_word.group()[0].islower()


def split_sentences(text: str) -> list[Sentence]:
    """Splits text into sentences; offsets are into `text`, whitespace is trimmed."""
    return list(_split_cached(text))


# Several checks split the same text one after the other; the last few results are kept.
@lru_cache(maxsize=8)
def _split_cached(text: str) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY_RE.finditer(text):
        if _is_false_boundary(text, match):
            continue
        end = match.end()
        _append(text, start, end, sentences)
        start = end
    _append(text, start, len(text), sentences)
    return tuple(sentences)


def _append(text: str, start: int, end: int, out: list[Sentence]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped or not re.search(r"\w", stripped):
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    e = s + len(stripped)
    out.append(Sentence(s, e, text[s:e]))
