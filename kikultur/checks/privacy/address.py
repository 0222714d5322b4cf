"""Private addresses: street + house number and/or postcode + town, as one span."""

from __future__ import annotations

import re

from kikultur.checks.privacy.gazetteers import cities, not_names, street_last_words, streets
from kikultur.checks.privacy.spans import Span

STREET_SUFFIX = re.compile(
    r"(?i)(?:straße|strasse|str\.|weg|allee|platz|damm|ring|gasse|stieg|steig|kamp|deich|"
    r"chaussee|ufer|markt|brücke|twiete|wall|hof|berg|graben|koppel|redder|pfad|zeile|kai|"
    r"höhe|garten|tor|bogen|park|feld|moor|grund|winkel|anger|brook|wiese|trift|wende|bahn|"
    r"gang|steg|reihe|terrasse|hang|stich|blick|dorf|busch|heide|holz|siedlung|hagen)$"
)
HOUSE_NUMBER = re.compile(
    # "\d(?<=[ \t]\d)" = "(?<=[ \t])\d": opening with the digit lets the engine skip to digits.
    r"\d(?<=[ \t]\d)\d{0,3}(?: ?[a-hA-H](?![\w]))?(?: ?[-–/] ?\d{1,4}[a-h]?)?"
    r"(?![\d.,:]\d|\d|[.,]?\d| ?(?:%|€|Euro|EUR|Uhr|km|m\b|Jahre|Personen|Prozent|Mio|Min|Std)"
    # "… 12. Juni": a day of a date, not a house number.
    r"|\. ?(?:Jan|Feb|Mär|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez))"
)
_STREET_WORD = re.compile(
    r"[A-ZÄÖÜ][\w.'’-]*|an|am|auf|der|dem|den|die|im|in|zum|zur|beim|vor|"
    r"hinter|unter|von|bei|alte|alter|neue|neuer|große|großer|kleine|"
    r"kleiner|st\.|sankt"
)
_TOWN_WORD = r"[A-ZÄÖÜ][\w]*(?:-[\w]+)*"
# "Hamburg", "Bad Oldesloe", "Frankfurt am Main", "Sankt Goar"; a second capitalised word is
# taken only when the line or the cell ends after it (else it is the next sentence's word).
POSTCODE_TOWN = re.compile(
    r"(?<![\d\w])(?:D-)?\d{5} ("
    + _TOWN_WORD
    + r"(?: (?:an der|am|im|bei|ob der|in der|in) "
    + _TOWN_WORD
    + r"| "
    + _TOWN_WORD
    + r"(?=[ \t]*(?:$|\n|,|;|\)|\.(?:\s|$)))"
    + r")?(?: \([\w. ]+\))?)",
    re.MULTILINE,
)
_FIVE_DIGITS = re.compile(r"\d{5}")  # no postcode without them: a cheap test first
# Between street + number and postcode + town: a comma, a line break, or just a space.
_JOIN = re.compile(r"[ \t]*(?:,[ \t]*|\r?\n[ \t]*|[ \t]+)")


_OPENER = re.compile(
    r"(?:Am|An|Auf|Im|In|Zum|Zur|Beim|Hinter|Vor|Unter|Über|Bei|St\.|Sankt|"
    r"(?:Groß|Klein|Alt|Neu|Ober|Unter|Lang|Hoh|Breit|Hint|Vorder|Nieder|Mittl|Ost|West|Nord|"
    r"Süd|Kurz|Schmal|Weit|Hell|Dunkl|Grün|Rot|Weiß|Schwarz|Hamburg|Altonaer|Lübecker)\w*)"
)
_STREET_TOKEN = re.compile(r"[^\s,]+")
_INNER = {"der", "dem", "den", "die", "am", "im", "zum", "zur", "an", "auf"}


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
    # "Große Bergstraße", "Am Sandtorkai", "Alter Steinweg", "Neuer Wall"
    if not (STREET_SUFFIX.search(last) and last[0].isupper()):
        return False
    if _is_street([last]):
        # The compound is a street by itself: words before it belong only if they are the
        # usual street-name openers ("Am", "Große"), not running text ("Oder Fechnerstr.").
        return all(_OPENER.fullmatch(w) or w in _INNER for w in words[:-1])
    return True


def _street_start(text: str, number_start: int) -> int | None:
    """Where the street name before a house number begins, or None if there is none."""
    window = text[max(0, number_start - 80) : number_start]
    # Cheap exit first (most numbers are years and counts): the word right before the number
    # must start with a capital letter, whatever else the street rules say. str methods only.
    if window.rstrip().endswith(","):
        return None  # "Papestraße, 1890 zog er": no address writes a comma before the number
    parts = window.rsplit(None, 1)
    last = parts[-1].rstrip(",").rsplit(",", 1)[-1] if parts else ""
    for separator in ";|(":
        if separator in last:
            last = last.rsplit(separator, 1)[-1]
    if last and not last[0].isupper():
        return None
    # Every street ends in a street word ("-straße", "Wall") or is a listed street: a number
    # after "Jahr", "Minute" or "Platz" is no house number. Same answers as below, found faster.
    if not STREET_SUFFIX.search(last) and last not in street_last_words():
        return None
    # A street starts after a line break or a cell separator (CSV, tables, parentheses).
    cut = max(window.rfind(c) for c in "\n;|\t(")
    before = window[cut + 1 :]
    tokens = list(_STREET_TOKEN.finditer(before))
    words: list[tuple[int, str]] = []
    for token in reversed(tokens[-4:]):
        word = token.group()
        if word.endswith((".", ":")) and not word.lower().endswith(("str.", "st.")):
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
    attached: set[int] = set()  # postcodes already part of a street address
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
                attached.add(postcode.start())
        spans.append(Span("ADDRESS", start, end, details={"parts": "street"}))
    for match in POSTCODE_TOWN.finditer(text) if _FIVE_DIGITS.search(text) else ():
        if match.start() in attached:
            continue
        if _town_known(match.group(1)):
            spans.append(
                Span("ADDRESS", match.start(), match.end(), score=0.9, details={"parts": "town"})
            )
    return spans
