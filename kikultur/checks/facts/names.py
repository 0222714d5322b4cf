"""Names of persons, organisations, places and works: capitalised runs that are not plain nouns."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from kikultur.checks.facts.claims import NAME, Claim, Mask

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "facts"
_TOKEN = r"(?:Dr\.|Prof\.|St\.|[A-ZÄÖÜ][\wäöüßÄÖÜ'’-]*(?:-[A-ZÄÖÜ][\wäöüß-]*)*)"
# Words of a name stand on one line: a line break ends a heading, a list item or a signature.
_JOINER = r"(?:[ \t]+(?:von|van|de|der|des|für|am|im|zu|zum|zur|und)[ \t]+|[ \t]+|-)"
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
_SENTENCE_STARTERS = frozenset({
    "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einen", "Einem", "Einer", "Am",
    "Im", "In", "An", "Auf", "Aus", "Bei", "Mit", "Für", "Von", "Vom", "Zum", "Zur", "Nach",
    "Vor", "Über", "Unter", "Um", "Seit", "Bis", "Ab", "Neben", "Zwischen", "Durch", "Gegen",
    "Ohne", "Wer", "Was", "Wie", "Wo", "Wann", "Warum", "Hier", "Dort", "Da", "Dabei",
    "Damit", "Deshalb", "Danach", "Dazu", "Außerdem", "Bereits", "Schon", "Auch", "Und",
    "Oder", "Aber", "Doch", "Denn", "Jetzt", "Heute", "Morgen", "Gestern", "Alle", "Viele",
    "Einige", "Manche", "Jede", "Jeder", "Jedes", "Diese", "Dieser", "Dieses", "Unser",
    "Unsere", "Ihr", "Ihre", "Sein", "Seine", "Wir", "Sie", "Er", "Es", "Ich", "Du", "Man",
    "So", "Nun", "Noch", "Nur", "Erst", "Dann", "Also", "Gemeinsam", "Zudem", "Ebenso",
    "Insgesamt", "Besonders", "Gerade", "Sowohl", "Weitere", "Weiterhin", "Neu", "Neue",
    "Neuer", "Neues", "Mehr", "Kein", "Keine", "Liebe", "Lieber", "Hallo", "Herzlich",
    "Herzliche", "Bitte", "Danke", "Vielen", "Trotz", "Wegen", "Während", "Als",
    "Wenn", "Weil", "Dass", "Ob", "Sobald", "Nachdem", "Bevor", "Ganz", "Gut", "Endlich",
    "Natürlich",
})  # fmt: skip
_NOT_NAMES = frozenset({"Eintritt", "Anmeldung", "Ort", "Zeit", "Termin", "Kontakt", "Datum"})


@cache
def forenames() -> frozenset[str]:
    folder = DATA_DIR
    names: set[str] = set()
    for file in ("forenames_popular.txt", "forenames_own.txt"):
        names.update(line.strip() for line in (folder / file).read_text("utf-8").splitlines())
    names.discard("")
    # Forenames that are everyday German words too ("ihr dritter Roman", "nur").
    return frozenset(names - {"Roman", "Mark", "Rose", "Nur", "August", "Eden", "Will"})


@cache
def name_markers() -> tuple[frozenset[str], tuple[str, ...]]:
    folder = DATA_DIR
    words = [w.strip() for w in (folder / "name_markers.txt").read_text("utf-8").splitlines()]
    words = [w for w in words if w]
    # Compounds ending in a marker ("Goldbekhaus", "Stadtteilschule") are markers too.
    suffixes = tuple(w.lower() for w in words if len(w) >= 4)
    return frozenset(words), suffixes


@lru_cache(maxsize=8192)
def is_marker(token: str) -> bool:
    words, suffixes = name_markers()
    return token in words or token.lower().endswith(suffixes)


def _sentence_initial(text: str, pos: int) -> bool:
    before = text[max(0, pos - 6) : pos].rstrip(" \t(“”\"«»'")
    return pos < 2 or not before or before[-1] in ".!?:\n„–•*#-"


def name_tokens(name: str) -> list[str]:
    return [t for t in _NAME_SPLIT_RE.split(name) if t and t[0].isupper()]


_NAME_SPLIT_RE = re.compile(r"[\s-]+")


@lru_cache(maxsize=8192)
def name_key(token: str) -> str:
    """A token's comparable form: the genitive "Schmidts" meets "Schmidt", "Bunten" meets "Bunte".
    No further stemming: "Kraus" and "Krause" are different people."""
    key = token.lower().rstrip("'’.")
    if len(key) > 4 and key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]
    if len(key) > 5 and key.endswith("en"):
        key = key[:-1]
    return key


@lru_cache(maxsize=8192)
def is_forename(token: str) -> bool:
    first = forenames()
    return token in first or token.split("-")[0] in first


def extract_names(text: str, mask: Mask, known: frozenset[str] | None = None) -> list[Claim]:
    """Name claims. With `known` (name keys of the sources) a text's plain run of capitalised
    words ("Zirkus Abrakadabra") counts only if one of its words is a known name, and a single
    known word counts too. Without it (reading the sources) every run counts."""
    claims: list[Claim] = []
    for m in RUN_RE.finditer(text):
        tokens = _split_tokens(text, m.start(), m.end(), mask)
        for group in _groups(tokens):
            for part in _person_split(group):
                claim = _classify(text, part, known)
                if claim is not None:
                    claims.append(claim)
                    mask.take(claim.start, claim.end)
    return claims


_RUN_TOKEN_RE = re.compile(r"Dr\.|Prof\.|St\.|[^\s-]+(?:-[^\s-]+)*")


def _split_tokens(text: str, start: int, end: int, mask: Mask) -> list[tuple[int, int, str]]:
    """The run's words; a word another claim took ("Samstag", "Uhr") splits the run like a
    calendar word does."""
    tokens = []
    for t in _RUN_TOKEN_RE.finditer(text, start, end):
        a, b = t.start(), t.end()
        tokens.append((a, b, t[0] if mask.free(a, b) else "Uhr"))
    return tokens


Token = tuple[int, int, str]


def _groups(tokens: list[Token]) -> list[list[Token]]:
    """Splits a run at calendar words, and at joiners unless they follow an organisation word
    ("Haus der Jugend" is one name, "Anna Schmidt und Peter Müller" are two)."""
    result: list[list[Token]] = [[]]
    for i, tok in enumerate(tokens):
        word = tok[2]
        if word in _CALENDAR:
            result.append([])
            continue
        if word in _JOINERS or word in _PARTICLES:
            prev = result[-1][-1][2] if result[-1] else ""
            joins = (word in _JOINERS and prev and is_marker(prev)) or (
                word in _PARTICLES and prev and is_forename(prev)
            )
            if not joins or i == len(tokens) - 1:
                result.append([])
                continue
        result[-1].append(tok)
    for part in result:
        while part and (part[-1][2] in _JOINERS or part[-1][2] in _PARTICLES):
            part.pop()
    return [part for part in result if part]


def _person_split(group: list[Token]) -> list[list[Token]]:
    """A person's name starts at the forename or title: "Projektleiterin Leyla Demir" names
    Leyla Demir; the role noun in front is not part of it."""
    for i in range(1, len(group)):
        word = group[i][2]
        if (
            (is_forename(word) or word in _TITLES)
            and not (is_forename(group[i - 1][2]) or group[i - 1][2] in _TITLES)
            and i + 1 < len(group)
        ):
            return [group[:i], group[i:]]
    return [group]


def _classify(text: str, group: list[Token], known: frozenset[str] | None) -> Claim | None:
    words = [t[2] for t in group]
    if _sentence_initial(text, group[0][0]):
        w0 = words[0]
        keep = is_forename(w0) or w0 in _TITLES or is_marker(w0)
        keep = keep or (known is not None and name_key(w0) in known)
        if not keep:
            group = group[1:]
    while group and group[0][2] in _SENTENCE_STARTERS:
        group = group[1:]
    if not group:
        return None
    words = [t[2] for t in group]
    caps = [w for w in words if w not in _JOINERS and w not in _PARTICLES]
    markers = [w for w in caps if is_marker(w)]
    if any(w in _NOT_NAMES for w in caps) and not markers:
        return None
    start, end = group[0][0], group[-1][1]
    if text[end - 1 : end] in (".", ",", ";", ":") and not words[-1].endswith(
        ("Dr.", "Prof.", "St.")
    ):
        end -= 1
    person = is_forename(caps[0]) or caps[0] in _TITLES
    keys = [name_key(w) for w in caps]
    if len(caps) >= 2:
        if person:
            sub = "person"
        elif markers and len(markers) < len(caps):
            sub = "organisation"  # a marker plus the part that tells which one
        elif known is None or any(k in known for k in keys):
            sub = "name"
        else:
            return None  # two nouns in a row ("seit Jahren Stammgast") are no name
    elif is_forename(caps[0]) or (known is not None and keys[0] in known):
        if len(caps[0]) < 3:
            return None
        sub = "person" if is_forename(caps[0]) else "name"
    else:
        return None
    return Claim(NAME, start, end, text[start:end], " ".join(caps), sub)
