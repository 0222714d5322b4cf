"""German determiner and adjective agreement: reading a noun phrase and re-inflecting it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kikultur.checks.language.lexicon import CASES, Reading
from kikultur.checks.language.words import word_set

# Kinds of determiner, because each kind inflects (and makes adjectives inflect) differently.
DEFINITE = {
    "der": [("sg", "nom"), ("pl", "gen")],
    "den": [("sg", "acc"), ("pl", "dat")],
    "dem": [("sg", "dat")],
    "des": [("sg", "gen")],
    "die": [("pl", "nom"), ("pl", "acc")],
}
FUSED = {  # preposition + article: masculine dative singular
    "zum": ("zur", "zu den"),
    "beim": ("bei der", "bei den"),
    "vom": ("von der", "von den"),
    "im": ("in der", "in den"),
    "am": ("an der", "an den"),
}
DER_STEMS = ("dies", "jen", "jed", "welch", "manch", "solch")
EIN_STEMS = ("ein", "kein", "mein", "dein", "sein", "ihr", "unser", "eur", "euer")
QUANT_STEMS = (
    "all", "viel", "einig", "mehrer", "wenig", "beid", "zahlreich", "sämtlich", "ander",
    "weiter", "verschieden", "etlich", "sonstig", "übrig",
)  # fmt: skip
NUMERALS = word_set(
    "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig vierzig fünfzig "
    "hundert tausend paar"
)
DATIVE_PREPS = word_set("mit von bei zu aus nach seit gegenüber dank samt nebst zufolge entgegen")
ACCUSATIVE_PREPS = word_set("für durch gegen ohne um wider")
GENITIVE_PREPS = word_set("wegen während trotz statt anstatt laut mittels innerhalb")

ADJ_ENDINGS: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "weak": {"m": ("e", "en", "en", "en"), "f": ("e", "e", "en", "en"),
             "n": ("e", "e", "en", "en"), "pl": ("en", "en", "en", "en")},
    "mixed": {"m": ("er", "en", "en", "en"), "f": ("e", "e", "en", "en"),
              "n": ("es", "es", "en", "en"), "pl": ("en", "en", "en", "en")},
    "strong": {"m": ("er", "en", "em", "en"), "f": ("e", "e", "er", "er"),
               "n": ("es", "es", "em", "en"), "pl": ("e", "e", "en", "er")},
}  # fmt: skip
DEF_FORMS = {
    "m": ("der", "den", "dem", "des"),
    "f": ("die", "die", "der", "der"),
    "n": ("das", "das", "dem", "des"),
    "pl": ("die", "die", "den", "der"),
}
# der-words and ein-words share endings except the bare ein-word forms
DER_ENDINGS = {
    "m": ("er", "en", "em", "es"),
    "f": ("e", "e", "er", "er"),
    "n": ("es", "es", "em", "es"),
    "pl": ("e", "e", "en", "er"),
}
EIN_ENDINGS = {
    "m": ("", "en", "em", "es"),
    "f": ("e", "e", "er", "er"),
    "n": ("", "", "em", "es"),
    "pl": ("e", "e", "en", "er"),
}
NOT_ADJECTIVES = word_set("""
    werden wurden haben hatten sind waren können konnten müssen mussten sollen sollten wollen
    wollten dürfen durften möchten suchen suche finden bitten danken freuen laden lade einladen
    treffen geben sagen oder aber über unter hinter wieder immer sehr mehr weiter später ohne
    gegen neben zwischen außer hier gerne bitte ebenfalls heute morgen gestern sowie eben gerade
    außerdem daher dabei dafür oben unten innen außen hinten vorne zusammen gemeinsam aller
    beiden andere anderen anderer weitere weiteren gehen kommen stehen sehen machen bekommen
    erhalten brauchen haben habe kennen lernen nennen rufen helfen zahlen feiern informieren
    begrüßen erwarten unterstützen oft schon selbst also denn wenn aber sondern sogar etwa
    """)
_ADJ_RE = re.compile(r"^[a-zäöüß][a-zäöüß-]*?(em|en|er|es|e)$")


@dataclass(frozen=True, slots=True)
class Determiner:
    """A determiner as found in the text: its kind, stem and possible readings."""

    word: str
    kind: str  # def, der, ein, quant, num, fused
    stem: str
    readings: tuple[Reading, ...]


def parse_determiner(word: str) -> Determiner | None:
    lw = word.lower()
    if lw in DEFINITE:
        return Determiner(word, "def", "d", tuple(DEFINITE[lw]))
    if lw in FUSED:
        return Determiner(word, "fused", lw, (("sg", "dat"),))
    if lw in NUMERALS or lw.isdigit():
        return Determiner(word, "num", lw, tuple(("pl", c) for c in CASES))
    for stem in DER_STEMS:
        if lw.startswith(stem) and lw[len(stem) :] in ("er", "en", "em", "es", "e"):
            readings = _readings(lw[len(stem) :], DER_ENDINGS, plural=stem != "jed")
            return Determiner(word, "der", stem, readings)
    if lw == "euer":
        return Determiner(word, "ein", "eur", (("sg", "nom"),))
    for stem in EIN_STEMS:
        if lw.startswith(stem) and lw[len(stem) :] in ("", "en", "em", "es", "e", "er"):
            if stem == "euer":
                continue
            readings = _readings(lw[len(stem) :], EIN_ENDINGS, plural=stem != "ein")
            if stem == "ein" and lw == "einer":
                return None  # "einer" is feminine or a pronoun, never masculine with a noun
            return Determiner(word, "ein", stem, readings)
    for stem in QUANT_STEMS:
        if lw.startswith(stem) and lw[len(stem) :] in ("e", "en", "er"):
            ending = lw[len(stem) :]
            cases = {"e": ("nom", "acc"), "en": ("dat",), "er": ("gen",)}[ending]
            return Determiner(word, "quant", stem, tuple(("pl", c) for c in cases))
    return None


def _readings(
    ending: str, table: Mapping[str, tuple[str, ...]], plural: bool
) -> tuple[Reading, ...]:
    found: list[Reading] = []
    for number_gender, endings in table.items():
        if number_gender not in ("m", "pl") or (number_gender == "pl" and not plural):
            continue
        number = "sg" if number_gender == "m" else "pl"
        found.extend((number, CASES[i]) for i, e in enumerate(endings) if e == ending)
    return tuple(found)


def adjective_stem(word: str) -> tuple[str, str] | None:
    """Splits an inflected adjective into stem and ending, or None if it is no adjective."""
    lw = word.lower()
    if lw in NOT_ADJECTIVES or len(lw) < 4 or parse_determiner(word) is not None:
        return None
    match = _ADJ_RE.match(lw)
    if not match:
        return None
    ending = match.group(1)
    return word[: len(word) - len(ending)], ending


def declension(det: Determiner | None) -> str:
    if det is None or det.kind == "num" or (det.kind == "quant" and det.stem != "all"):
        return "strong"
    if det.kind in ("def", "der", "fused") or det.stem == "all":
        return "weak"
    return "mixed"


def adjective_ending(decl: str, gender: str, case: str) -> str:
    return ADJ_ENDINGS[decl][gender][CASES.index(case)]


def determiner_form(det: Determiner, gender: str, case: str) -> str | None:
    """The determiner re-inflected for gender ("m", "f", "n") or plural ("pl"); None if none."""
    i = CASES.index(case)
    if det.kind == "def":
        return DEF_FORMS[gender][i]
    if det.kind == "fused":
        if gender == "f":
            return FUSED[det.stem][0]
        if gender == "pl":
            return FUSED[det.stem][1]
        return det.word.lower()
    if det.kind in ("num", "quant"):
        return det.word.lower() if gender == "pl" else None
    if det.kind == "der":
        stem = "all" if det.stem == "jed" and gender == "pl" else det.stem
        return stem + DER_ENDINGS[gender][i]
    if det.kind == "ein":
        if det.stem == "ein" and gender == "pl":
            return None
        ending = EIN_ENDINGS[gender][i]
        if det.stem == "eur" and not ending:
            return "euer"
        return det.stem + ending
    return None


def star_join(masc: str, fem: str, mark: str) -> str:
    """Joins a masculine and feminine word form into one star form: jeder+jede -> jede*r."""
    if masc == fem:
        return masc
    if fem.startswith(masc):
        return masc + mark + fem[len(masc) :]
    if masc.startswith(fem):
        return fem + mark + masc[len(fem) :]
    common = 0
    while common < min(len(masc), len(fem)) and masc[common] == fem[common]:
        common += 1
    if common < 3 or masc in ("der", "den", "dem", "des"):
        return masc + mark + fem
    return masc + mark + fem[common:]
