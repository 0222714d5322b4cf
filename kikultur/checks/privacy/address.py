"""Private addresses: street + house number and/or postcode + town, as one span."""

from __future__ import annotations

import re

from kikultur.checks.privacy.gazetteers import cities, not_names, streets
from kikultur.checks.privacy.spans import Span

STREET_SUFFIX = re.compile(
    r"(?i)(?:straße|strasse|str\.|weg|allee|platz|damm|ring|gasse|stieg|steig|kamp|deich|"
    r"chaussee|ufer|markt|brücke|twiete|wall|hof|berg|graben|koppel|redder|pfad|zeile|kai|"
    r"höhe|garten|tor|bogen|park|feld|moor|grund|winkel|anger|brook|wiese|trift|wende|bahn|"
    r"gang|steg|reihe|terrasse|hang|stich|blick|dorf|busch|heide|holz|siedlung|hagen)$"
)
HOUSE_NUMBER = re.compile(
    r"(?<=[ \t])\d{1,4}(?: ?[a-hA-H](?![\w]))?(?: ?[-–/] ?\d{1,4}[a-h]?)?"
    r"(?![\d.,:]\d|\d|[.,]?\d| ?(?:%|€|Euro|EUR|Uhr|km|m\b|Jahre|Personen|Prozent|Mio|Min|Std))"
)
_STREET_WORD = re.compile(r"[A-ZÄÖÜ][\w.'’-]*|an|am|auf|der|dem|den|die|im|in|zum|zur|beim|vor|"
                          r"hinter|unter|von|bei|alte|alter|neue|neuer|große|großer|kleine|"
                          r"kleiner|st\.|sankt")
POSTCODE_TOWN = re.compile(
    r"(?<![\d\w])(?:D-)?\d{5} ([A-ZÄÖÜ][\w]*(?:-[\w]+)*(?: (?:an der|am|im|bei|ob der|in) "
    r"[A-ZÄÖÜ][\w-]*)?(?: \([\w. ]+\))?)"
)
# Between street + number and postcode + town: a comma, a line break, or just a space.
_JOIN = re.compile(r"[ \t]*(?:,[ \t]*|\r?\n[ \t]*|[ \t]+)")


def _is_street(words: list[str]) -> bool:
    name = " ".join(words)
    if len(words) == 1 and (name in not_names() or STREET_SUFFIX.fullmatch(name)):
        return False  # "Platz 3", "Tor 2": a bare generic word is no street
    if name in streets():
        return True
    last = words[-1]
    if len(words) == 1:
        # A single word must be a compound with a street suffix ("Osterstraße"), not "Platz".
        match = STREET_SUFFIX.search(last)
        return bool(match and match.start() >= 3 and last[0].isupper())
    # "Große Bergstraße", "Am Sandtorkai", "Alter Steinweg", "Max-Brauer-Allee"
    return bool(STREET_SUFFIX.search(last)) and last[0].isupper()


def _street_start(text: str, number_start: int) -> int | None:
    """Where the street name before a house number begins, or None if there is none."""
    line_start = text.rfind("\n", 0, number_start) + 1
    before = text[max(line_start, number_start - 80) : number_start]
    tokens = [m for m in re.finditer(r"\S+", before)]
    words: list[tuple[int, str]] = []
    for token in reversed(tokens[-4:]):
        word = token.group()
        if word.endswith((".", ",", ";", ":")) and word.lower() not in ("str.", "st."):
            break
        if not _STREET_WORD.fullmatch(word):
            break
        words.insert(0, (number_start - len(before) + token.start(), word))
    if not words or not words[-1][1][0].isupper():
        return None
    best: int | None = None
    for i in range(len(words)):
        candidate = [w for _, w in words[i:]]
        # Street names start with a capital ("An der Alster"); "in der ..." is running text.
        if not candidate[0][0].isupper():
            continue
        if _is_street(candidate):
            best = words[i][0]
            break  # longest first
    return best


def _town_known(town: str) -> bool:
    first = re.split(r"[ (]", town, maxsplit=1)[0]
    return town in cities() or first in cities() or first.split("-")[0] in cities()


def find_addresses(text: str) -> list[Span]:
    spans: list[Span] = []
    covered_until = -1
    for match in HOUSE_NUMBER.finditer(text):
        start = _street_start(text, match.start())
        if start is None:
            continue
        end = match.end()
        join = _JOIN.match(text, end)
        if join:
            postcode = POSTCODE_TOWN.match(text, join.end())
            if postcode:
                end = postcode.end()
        spans.append(Span("ADDRESS", start, end, details={"parts": "street"}))
        covered_until = max(covered_until, end)
    for match in POSTCODE_TOWN.finditer(text):
        if match.start() < covered_until and any(
            s.start <= match.start() < s.end for s in spans
        ):
            continue
        if _town_known(match.group(1)):
            spans.append(
                Span("ADDRESS", match.start(), match.end(), score=0.9, details={"parts": "town"})
            )
    return spans
