"""The Claim record the extractors produce, plus small text helpers shared by them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

NUMBER = "NUMBER"
MONEY = "MONEY"
DATE = "DATE"
WEEKDAY = "WEEKDAY"
TIME = "TIME"
NAME = "NAME"
QUOTE = "QUOTE"
CONTACT = "CONTACT"
KINDS = (NUMBER, MONEY, DATE, WEEKDAY, TIME, NAME, QUOTE, CONTACT)

WORD_RE = re.compile(r"[A-Za-zÄÖÜäöüß][\wÄÖÜäöüß*:_-]*")

# Words that never carry the identity of a claim (articles, prepositions, fillers).
STOPWORDS = frozenset({
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer",
    "eines", "und", "oder", "aber", "mit", "von", "vom", "zu", "zum", "zur", "im", "in", "am",
    "an", "auf", "aus", "bei", "für", "über", "unter", "vor", "nach", "ab", "bis", "um",
    "ist", "sind", "war", "waren", "wird", "werden", "es", "sie", "er", "wir", "ihr", "ihre",
    "ihren", "unser", "unsere", "sich", "auch", "noch", "nur", "schon", "rund", "etwa",
    "circa", "ca", "knapp", "fast", "mehr", "als", "wie", "so", "dass", "sowie", "je", "pro",
    "insgesamt", "jeweils", "bereits", "gut", "sein", "seine", "uhr", "euro", "eur",
    "prozent",
})  # fmt: skip


@dataclass(slots=True)
class Claim:
    """One checkable statement found in a text: where it is and its normalised value."""

    kind: str
    start: int
    end: int
    text: str
    value: Any
    sub: str = ""
    # "approx", "more", "less": a qualifier like "rund" or "mehr als" in front of a number.
    qualifier: str = ""
    anchors: frozenset[str] = frozenset()
    speaker: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


_GENDER_SUFFIX = re.compile(r"[*:_/]?innen$|[*:_/]in$")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude German stem, enough to see that "Besucherinnen" and "Besucher" are one thing."""
    w = word.lower().strip("-*:_.")
    w = _GENDER_SUFFIX.sub("", w)
    for ending in ("innen", "ern", "en", "er", "es", "e", "n", "s"):
        if len(w) - len(ending) >= 4 and w.endswith(ending):
            return w[: -len(ending)]
    return w


def stems_match(a: str, b: str) -> bool:
    """Same stem, or one is the head or the modifier of a compound of the other."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 5:
        return False
    return long_.startswith(short) or long_.endswith(short)


def anchors_overlap(a: frozenset[str], b: frozenset[str]) -> int:
    """How many anchor words of a find a partner in b."""
    if not a or not b:
        return 0
    return sum(1 for x in a if x in b or any(stems_match(x, y) for y in b))


_SENTENCE_START = re.compile(r"[.!?;\n]\s")
_SENTENCE_END = re.compile(r"[.!?;\n](?:\s|$)")


def context_anchors(
    text: str, start: int, end: int, before: int = 4, after: int = 3
) -> frozenset[str]:
    """Stems of the content words just before and after a span: what the value is about."""
    left = text[max(0, start - 60) : start]
    right = text[end : end + 50]
    # Context ends at a sentence boundary: the next sentence is about something else.
    left = _SENTENCE_START.split(left)[-1]
    # After a short bare number, a dot may belong to it ("2. Preis"), not end the sentence.
    if end - start <= 2 and text[start:end].isdigit():
        right = right.removeprefix(".")
    right = _SENTENCE_END.split(right, 1)[0]
    return _content_stems(WORD_RE.findall(left)[-before:] + WORD_RE.findall(right)[:after])


def label_anchors(label: str) -> frozenset[str]:
    """Stems of the content words of a fact's label ("Besucher 2025" -> {"besuch"})."""
    return _content_stems(WORD_RE.findall(label))


def _content_stems(words: list[str]) -> frozenset[str]:
    return frozenset(stem(w) for w in words if len(w) >= 3 and w.lower() not in STOPWORDS)


class Mask:
    """Marks the character ranges already taken by a claim, so no two claims overlap."""

    def __init__(self, length: int) -> None:
        self._taken = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        return not any(self._taken[start:end])

    def take(self, start: int, end: int) -> None:
        self._taken[start:end] = b"\x01" * (end - start)


# Role words bind a time or price to what it is for: "Einlass 18:30, Beginn 19 Uhr",
# "Eintritt 8 €, ermäßigt 5 €". A model that swaps them writes values the sources do contain.
_TIME_ROLES = {
    "einlass": "einlass", "beginn": "beginn", "beginnt": "beginn", "start": "beginn",
    "anfang": "beginn", "ende": "ende", "endet": "ende", "schluss": "ende",
}  # fmt: skip
_MONEY_ROLES = {
    "ermäßigt": "ermäßigt", "ermäßigte": "ermäßigt", "ermäßigung": "ermäßigt", "erm": "ermäßigt",
    "kinder": "kinder", "kind": "kinder", "erwachsene": "erwachsene", "erwachsener": "erwachsene",
    "vorverkauf": "vorverkauf", "vvk": "vorverkauf", "abendkasse": "abendkasse",
    "eintritt": "eintritt", "normal": "eintritt", "regulär": "eintritt",
}  # fmt: skip
_GENERIC_ROLES = frozenset({"eintritt"})
_CLAUSE_END = re.compile(r"[.;,()\n–]")
_ABBREVIATION_DOT = re.compile(r"(?i)\b(ca|bzw|ggf|evtl|voraussichtl)\.")


def role_of(text: str, start: int, end: int, kind: str) -> str:
    """The role word of a time or price in its own clause; a specific role ("ermäßigt") wins
    over the generic one ("Eintritt")."""
    roles = _TIME_ROLES if kind == "TIME" else _MONEY_ROLES
    # "Ende ca. 22 Uhr": the dot of an abbreviation does not end the clause.
    window = _ABBREVIATION_DOT.sub(r"\1 ", text[max(0, start - 40) : start])
    before = _CLAUSE_END.split(window)[-1]
    after = _CLAUSE_END.split(text[end : end + 30])[0]
    # Nearest first: the words before the value backwards, then up to three after it.
    words = [w.lower() for w in reversed(WORD_RE.findall(before))] + [
        w.lower() for w in WORD_RE.findall(after)[:3]
    ]
    found = [roles[w] for w in words if w in roles]
    specific = [r for r in found if r not in _GENERIC_ROLES]
    return (specific or found or [""])[0]


def label_role(label: str, kind: str) -> str:
    roles = _TIME_ROLES if kind == "TIME" else _MONEY_ROLES
    found = [roles[w.lower()] for w in WORD_RE.findall(label) if w.lower() in roles]
    return found[0] if found else ""
