"""Names of persons, organisations, places and works: runs of capitalised words that are not plain nouns."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from kikultur.checks.facts.claims import NAME, Claim, Mask, stem

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "facts"
_TOKEN = r"(?:Dr\.|Prof\.|St\.|[A-ZÄÖÜ][\wäöüßÄÖÜ'’-]*(?:-[A-ZÄÖÜ][\wäöüß-]*)*)"
_JOINER = r"(?:\s+(?:von|van|de|der|des|für|am|im|zu|zum|zur|und)\s+|\s+|-)"
RUN_RE = re.compile(_TOKEN + r"(?:" + _JOINER + _TOKEN + r")*")
_JOINERS = {"der", "des", "für", "am", "im", "zu", "zum", "zur", "und"}
_PARTICLES = {"von", "van", "de"}
_TITLES = {"Dr.", "Prof.", "Frau", "Herr", "Familie"}
_CALENDAR = {
    "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonnabend", "Sonntag",
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember", "Uhr", "Euro", "EUR",
}  # fmt: skip
# Capitalised words that start sentences without being names.
_SENTENCE_STARTERS = frozenset(
    """
    Der Die Das Den Dem Des Ein Eine Einen Einem Einer Am Im In An Auf Aus Bei Mit Für Von Vom
    Zum Zur Nach Vor Über Unter Um Seit Bis Ab Neben Zwischen Durch Gegen Ohne Wer Was Wie Wo
    Wann Warum Hier Dort Da Dabei Damit Deshalb Danach Dazu Außerdem Bereits Schon Auch Und Oder
    Aber Doch Denn Jetzt Heute Morgen Gestern Alle Viele Einige Manche Jede Jeder Jedes Diese
    Dieser Dieses Unser Unsere Ihr Ihre Sein Seine Wir Sie Er Es Ich Du Man So Nun Noch Nur Erst
    Dann Also Gemeinsam Zudem Ebenso Insgesamt Besonders Gerade Sowohl Weitere Weiterhin Neu
    Neue Neuer Neues Mehr Kein Keine Liebe Lieber Hallo Herzlich Herzliche Bitte Danke Vielen
    Schon Trotz Wegen Während Als Wenn Weil Dass Ob Sobald Nachdem Bevor Ganz Gut Endlich Natürlich
    """.split()
)
_NOT_NAMES = frozenset({"Eintritt", "Anmeldung", "Ort", "Zeit", "Termin", "Kontakt", "Datum"})


@cache
def forenames() -> frozenset[str]:
    folder = DATA_DIR
    names: set[str] = set()
    for file in ("forenames_popular.txt", "forenames_own.txt"):
        names.update(line.strip() for line in (folder / file).read_text("utf-8").splitlines())
    names.discard("")
    return frozenset(names)


@cache
def name_markers() -> tuple[frozenset[str], tuple[str, ...]]:
    folder = DATA_DIR
    words = [w.strip() for w in (folder / "name_markers.txt").read_text("utf-8").splitlines()]
    words = [w for w in words if w]
    # Compounds ending in a marker ("Goldbekhaus", "Stadtteilschule") are markers too.
    suffixes = tuple(w.lower() for w in words if len(w) >= 4)
    return frozenset(words), suffixes


def _is_marker(token: str) -> bool:
    words, suffixes = name_markers()
    return token in words or token.lower().endswith(suffixes)


def _sentence_initial(text: str, pos: int) -> bool:
    before = text[max(0, pos - 6) : pos].rstrip(" \t(“”\"«»'")
    return pos < 2 or not before or before[-1] in ".!?:\n„–•*#-"


def name_tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s-]+", name) if t and t[0].isupper()]


def name_key(token: str) -> str:
    """A token's comparable form: genitive "Schmidts" and "Hamburger" meet "Schmidt", "Hamburg"."""
    return stem(token.rstrip("'’").removesuffix("s") if len(token) > 4 else token)


def extract_names(text: str, mask: Mask, known: frozenset[str] = frozenset()) -> list[Claim]:
    """Name claims; `known` holds name keys from the sources, so a known single word counts too."""
    claims: list[Claim] = []
    first = forenames()
    for m in RUN_RE.finditer(text):
        start, end = m.start(), m.end()
        if not mask.free(start, end):
            continue
        tokens = _split_tokens(text, start, end)
        for group in _groups(tokens):
            claim = _classify(text, group, first, known)
            if claim is not None:
                claims.append(claim)
                mask.take(claim.start, claim.end)
    return claims


def _split_tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [
        (start + t.start(), start + t.end(), t[0])
        for t in re.finditer(r"Dr\.|Prof\.|St\.|[^\s-]+(?:-[^\s-]+)*", text[start:end])
    ]


def _groups(tokens: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Splits a run at calendar words, and at joiners unless it names an organisation."""
    groups: list[list[tuple[int, int, str]]] = [[]]
    for tok in tokens:
        if tok[2] in _CALENDAR:
            groups.append([])
        else:
            groups[-1].append(tok)
    result: list[list[tuple[int, int, str]]] = []
    for g in groups:
        if any(_is_marker(t[2]) for t in g):
            parts = [g]
        else:
            # "Anna Schmidt und Peter Müller" are two names; "Karl von Ossietzky" stays one.
            parts = [[]]
            for i, tok in enumerate(g):
                joins_person = tok[2] in _PARTICLES and i > 0 and g[i - 1][2] in forenames()
                if (tok[2] in _JOINERS or tok[2] in _PARTICLES) and not joins_person:
                    parts.append([])
                else:
                    parts[-1].append(tok)
        for part in parts:
            while part and (part[-1][2] in _JOINERS or part[-1][2] in _PARTICLES):
                part.pop()
            while part and (part[0][2] in _JOINERS or part[0][2] in _PARTICLES):
                part.pop(0)
            if part:
                result.append(part)
    return result


def _classify(
    text: str,
    group: list[tuple[int, int, str]],
    first: frozenset[str],
    known: frozenset[str],
) -> Claim | None:
    words = [t[2] for t in group]
    if _sentence_initial(text, group[0][0]):
        w0 = words[0]
        keep = w0 in first or w0 in _TITLES or _is_marker(w0) or name_key(w0) in known
        if not keep:
            group = group[1:]
            while group and group[0][2] in _JOINERS | _PARTICLES:
                group = group[1:]
            words = [t[2] for t in group]
    while group and group[0][2] in _SENTENCE_STARTERS:
        group = group[1:]
    words = [t[2] for t in group]
    if not group:
        return None
    caps = [w for w in words if w not in _JOINERS and w not in _PARTICLES]
    if any(w in _NOT_NAMES for w in caps) and not any(_is_marker(w) for w in caps):
        return None
    start, end = group[0][0], group[-1][1]
    if text[end - 1 : end] in ".,;:" and not words[-1].endswith(("Dr.", "Prof.", "St.")):
        end -= 1
    surface = text[start:end]
    if len(caps) >= 2:
        sub = "person" if caps[0] in first or caps[0] in _TITLES else "name"
        if any(_is_marker(w) for w in caps):
            sub = "organisation"
    elif len(caps) == 1 and (caps[0] in first or name_key(caps[0]) in known):
        sub = "person" if caps[0] in first else "name"
        if len(caps[0]) < 3 or caps[0].isupper() and len(caps[0]) < 3:
            return None
    else:
        return None
    return Claim(NAME, start, end, surface, " ".join(caps), sub)
