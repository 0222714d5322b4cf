"""German numbers: digits (1.200 / 1,5), number words, "1,5 Mio.", percent, ordinals, money."""

from __future__ import annotations

import re
from functools import lru_cache

from kikultur.checks.facts.claims import (
    MONEY,
    NUMBER,
    Claim,
    Mask,
    context_anchors,
    role_of,
    stem,
)

_UNITS = {
    "ein": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
}  # fmt: skip
_TEENS = {
    "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
    "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}  # fmt: skip
_TENS = {
    "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50,
    "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90,
}  # fmt: skip
_SCALES = {
    "tsd.": 1e3, "tausend": 1e3, "mio.": 1e6, "mio": 1e6, "million": 1e6, "millionen": 1e6,
    "mrd.": 1e9, "mrd": 1e9, "milliarde": 1e9, "milliarden": 1e9,
}  # fmt: skip
# Ordinal stems that are irregular ("dritte", "siebte", "achte").
_ORDINAL_IRREGULAR = {"ers": 1, "erst": 1, "drit": 3, "dritt": 3, "sieb": 7, "siebt": 7, "ach": 8}

_MORPHEMES = sorted(
    [*_UNITS, *_TEENS, *_TENS, "hundert", "tausend", "und", "sieb", "sech"], key=len, reverse=True
)
NUMBER_WORD_RE = re.compile(
    r"(?<![\wäöüß])(?:" + "|".join(_MORPHEMES) + r")+(?:s?te[nrsm]?)?(?![\wäöüß])", re.IGNORECASE
)
# Lone articles are numbers only in theory; "eine Million" is handled via the scale word.
_NOT_NUMBERS = {"ein", "eins", "und", "sieb", "sech", "eine"}


def _below_100(w: str) -> int | None:
    if w in _TEENS:
        return _TEENS[w]
    if w in _TENS:
        return _TENS[w]
    if w in _UNITS:
        return _UNITS[w]
    if "und" in w:
        unit, _, tens = w.partition("und")
        if unit in _UNITS and tens in _TENS:
            return _UNITS[unit] + _TENS[tens]
    return None


def _below_1000(w: str) -> int | None:
    if "hundert" in w:
        head, _, rest = w.partition("hundert")
        hundreds = 1 if head in ("", "ein") else _UNITS.get(head)
        if hundreds is None:
            return None
        rest = rest.removeprefix("und")
        low = 0 if rest == "" else _below_100(rest)
        return None if low is None else hundreds * 100 + low
    return _below_100(w)


def parse_number_word(word: str) -> int | None:
    """'zwölf' -> 12, 'eintausendzweihundert' -> 1200, 'dreiundzwanzig' -> 23."""
    w = word.lower()
    if "tausend" in w:
        head, _, rest = w.partition("tausend")
        thousands = 1 if head in ("", "ein") else _below_1000(head)
        rest = rest.removeprefix("und")
        low = 0 if rest == "" else _below_1000(rest)
        if thousands is None or low is None:
            return None
        return thousands * 1000 + low
    return _below_1000(w)


def parse_ordinal_word(word: str) -> int | None:
    """'zehnten' -> 10, 'dritte' -> 3, 'zwanzigste' -> 20."""
    m = re.fullmatch(r"(.+?)(s?t)e[nrsm]?", word.lower())
    if not m:
        return None
    base = m.group(1)
    if base in _ORDINAL_IRREGULAR:
        return _ORDINAL_IRREGULAR[base]
    value = parse_number_word(base)
    if value is None and m.group(2) == "st":
        value = parse_number_word(base + "s")
    return value


def parse_digits(integer: str, fraction: str | None) -> float:
    """'1.200' -> 1200, '1,5' -> 1.5 (German: dot groups thousands, comma is decimal)."""
    value = float(integer.replace(".", "").replace("\u202f", "").replace(" ", ""))
    if fraction and fraction.isdigit():
        value += float("0." + fraction)
    return value


_DIGITS = r"(?P<int>\d{1,3}(?:[.\u202f]\d{3})+|\d+)(?:,(?P<frac>\d+|-|–))?"
_SCALE = (
    r"(?:\s*(?P<scale>Tsd\.|Tausend|Mio\.?|Millionen|Million|Mrd\.?|Milliarden|Milliarde)(?![\w]))?"
)
_CURRENCY = r"(?:€|Euro|EUR)"
# Qualifiers stand just before a number: "rund 1.200", "mehr als 300".
_QUALIFIER_BEFORE = re.compile(
    r"(?P<qual>rund|etwa|circa|ca\.|knapp|fast|über|mehr\s+als|weniger\s+als|gut|nahezu|"
    r"annähernd)\s+$",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(?:€|Euro|EUR)\s*$")
NUMBER_RE = re.compile(
    r"(?<![\w.,:/+])"
    + _DIGITS
    + r"(?![\w]|[.,:]\d)"
    + _SCALE
    + r"(?:\s*(?P<unit>%|Prozent|v\.\s?H\.|"
    + _CURRENCY
    + r")(?![\w]))?"
)
_TAIL_RE = re.compile(_SCALE + r"(?:\s*(?P<unit>%|Prozent|" + _CURRENCY + r")(?![\w]))?")
_ONE_MILLION_RE = re.compile(r"\b(?P<word>[Ee]ine)(?=\s+(?:Million|Milliarde)\b)")
# "zum 10. Mal", "das 3. Stadtteilfest": an ordinal follows an article or preposition.
DIGIT_ORDINAL_RE = re.compile(
    r"\b(?:zum|zur|die|der|das|den|dem|des|am|im|ihr|ihre|ihren|sein|seine|unser|unsere)\s"
    r"(?P<n>\d{1,3})\.(?=\s+[A-ZÄÖÜ])"
)
_QUALIFIERS = {
    "rund": "approx", "etwa": "approx", "circa": "approx", "ca.": "approx", "knapp": "less",
    "fast": "less", "nahezu": "less", "annähernd": "approx", "über": "more", "mehr als": "more",
    "gut": "more", "weniger als": "less",
}  # fmt: skip


def _qualifier(raw: str | None) -> str:
    if not raw:
        return ""
    return _QUALIFIERS.get(re.sub(r"\s+", " ", raw.lower()), "approx")


def extract_numbers(text: str, mask: Mask) -> list[Claim]:
    """Numbers and money amounts in digits or words; spans taken by other claims are skipped."""
    claims: list[Claim] = []
    for m in DIGIT_ORDINAL_RE.finditer(text):
        start, end = m.start("n"), m.end()
        if mask.free(start, end):
            claims.append(_claim(text, NUMBER, start, end, float(m["n"]), "ordinal", ""))
            mask.take(start, end)
    for m in NUMBER_RE.finditer(text):
        start, end = m.start(), m.end()
        if _ENUMERATION_RE.match(text, start) and (start == 0 or text[start - 1] == "\n"):
            continue  # "3. Sachbericht": a heading's or list item's number, not a claim
        currency = _CURRENCY_BEFORE.search(text, max(0, start - 6), start)
        if currency:
            start = currency.start()
        if not mask.free(start, end):
            continue
        value = parse_digits(m["int"], m["frac"])
        if m["scale"]:
            value *= _SCALES[m["scale"].lower()]
        unit = m["unit"] or ""
        kind, sub = NUMBER, ""
        if currency or unit in ("€", "Euro", "EUR"):
            kind = MONEY
        elif unit:
            sub = "percent"
        claims.append(_claim(text, kind, start, end, value, sub, _qualifier_before(text, start)))
        mask.take(start, end)
    # One pass over the words with a cached lookup is much faster than a morpheme pattern
    # tried at every position of a long text.
    words = [m for m in _WORD_RE.finditer(text) if _is_number_word(m[0].lower())]
    for m in words + list(_ONE_MILLION_RE.finditer(text)):
        word, start = m[0], m.start()
        tail = _TAIL_RE.match(text, m.end())
        end = tail.end() if tail else m.end()
        scale = tail["scale"] if tail else None
        unit = (tail["unit"] if tail else None) or ""
        low = word.lower()
        if not mask.free(start, end):
            continue
        if low in _NOT_NUMBERS and not (scale and low in ("ein", "eine", "eins")):
            continue
        if word[0].isupper() and not _sentence_start(text, start):
            continue  # "Acht geben", "Elf" as a noun
        value_int = 1 if low in ("ein", "eine", "eins") else parse_number_word(low)
        sub = ""
        if value_int is None:
            value_int = parse_ordinal_word(low)
            # "erste" is everywhere in prose; from the second on, an ordinal is a concrete claim.
            if value_int is None or value_int == 1 or scale or unit:
                continue
            sub = "ordinal"
        value = float(value_int)
        if scale:
            value *= _SCALES[scale.lower()]
        kind = MONEY if unit in ("€", "Euro", "EUR") else NUMBER
        if unit in ("%", "Prozent"):
            sub = "percent"
        claims.append(_claim(text, kind, start, end, value, sub, _qualifier_before(text, start)))
        mask.take(start, end)
    return claims


_WORD_RE = re.compile(r"[A-Za-zÄÖÜäöüß]+")
_ENUMERATION_RE = re.compile(r"\d{1,2}\.[ \t]+\S")
_INITIALS = frozenset("ezdvfsanhtz")


@lru_cache(maxsize=4096)
def _is_number_word(low: str) -> bool:
    return low[0] in _INITIALS and NUMBER_WORD_RE.fullmatch(low) is not None


def _qualifier_before(text: str, start: int) -> str:
    m = _QUALIFIER_BEFORE.search(text, max(0, start - 16), start)
    return _qualifier(m["qual"]) if m else ""


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in '.!?:\n„"»'


# The counted noun after a number: "300 Plätze", "87 Jahre alt", "14 neue Bands", "71-jährige".
_UNIT_RE = re.compile(
    r"(?:-(?P<adj>[a-zäöüß]+)|\s+(?:[a-zäöüß]+\s+){0,2}?(?P<noun>[A-ZÄÖÜ][\wäöüß]+))"
)


def unit_of(text: str, end: int) -> str:
    m = _UNIT_RE.match(text, end)
    if not m:
        return ""
    return stem(m["noun"] or m["adj"] or "")


def _claim(
    text: str, kind: str, start: int, end: int, value: float, sub: str, qualifier: str
) -> Claim:
    claim = Claim(
        kind=kind,
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        sub=sub,
        qualifier=qualifier,
        anchors=context_anchors(text, start, end),
    )
    if kind == MONEY:
        claim.extra["role"] = role_of(text, start, end, MONEY)
    if kind == NUMBER and not sub:
        if _STREET_RE.search(text, max(0, start - 40), start):
            claim.sub = "address"  # "Mengestraße 20": a house number, not a count
            street = _WORD_BEFORE_RE.search(text, max(0, start - 40), start)
            claim.extra["address_part"] = "house:" + (street[1].lower() if street else "")
        elif postcode := _POSTCODE_RE.match(text, start):
            claim.sub = "address"
            claim.extra["address_part"] = "postcode:" + postcode[1].lower()
        else:
            claim.extra["unit"] = unit_of(text, end)
    return claim


_STREET_RE = re.compile(
    r"(?:straße|strasse|str\.|weg|platz|damm|allee|ring|stieg|chaussee|deich|gasse|markt|twiete|"
    r"kamp|berg|ufer|brücke|tor|boom|land|hafen|graben|wall|redder|höhe|park|steig|pfad|haus)"
    r"\s+$",
    re.IGNORECASE,
)
_POSTCODE_RE = re.compile(r"\d{5}\s+([A-ZÄÖÜ][\w-]*)")
_WORD_BEFORE_RE = re.compile(r"([\w.-]+)\s+$")
