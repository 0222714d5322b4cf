"""The person-noun lexicon for the gender check: inflected masculine forms and their partners."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

Reading = tuple[str, str]  # (number "sg"/"pl", case "nom"/"acc"/"dat"/"gen")
CASES = ("nom", "acc", "dat", "gen")

# Nouns of the weak declension take -en in every form but the nominative singular.
WEAK_SUFFIXES = (
    "ent", "ant", "ist", "at", "and", "graf", "graph", "soph", "naut", "ot", "et", "nom",
    "log", "urg", "it", "ad", "arch", "krat", "pat",
)  # fmt: skip
WEAK_WORDS = frozenset({"Held", "Bär", "Narr", "Christ", "Mensch", "Fotograf", "Prinz"})


@dataclass(slots=True)
class Neutral:
    """A neutral alternative: a participle stem, a plural noun or a collective noun."""

    form: str
    type: str
    gender: str = ""


@dataclass(slots=True)
class Lemma:
    """A masculine person noun with its feminine partner and its inflected forms."""

    masc: str
    fem: str
    adjectival: bool = False
    forms: dict[Reading, str] = field(default_factory=dict)
    neutral: list[Neutral] = field(default_factory=list)
    weak_forms: list[tuple[str, Reading]] = field(default_factory=list)

    @property
    def fem_stem(self) -> str:
        return self.fem[:-2] if self.fem.endswith("in") else self.fem

    @property
    def fem_plural(self) -> str:
        return self.fem + "nen" if self.fem.endswith("in") else self.fem + "n"


@dataclass(slots=True)
class Lexicon:
    """Surface form -> (lemma, readings), plus the lists that keep the check from over-flagging."""

    lemmas: dict[str, Lemma]
    surface: dict[str, list[tuple[Lemma, Reading]]]
    feminine: dict[str, Lemma]
    excluded_compounds: frozenset[str]
    male_names: frozenset[str]
    places: frozenset[str]


def inflect(masc: str, fem: str, plural: str | None = None) -> dict[Reading, str]:
    """Masculine singular and plural forms in all four cases."""
    fem_stem = fem[:-2] if fem.endswith("in") else fem
    if plural is None:
        if masc.endswith(("er", "el", "en")):
            plural = masc
        elif masc.endswith("e"):
            plural = masc + "n"
        elif masc.endswith("or") or masc in WEAK_WORDS or masc.endswith(WEAK_SUFFIXES):
            plural = masc + "en"
        elif fem_stem != masc and fem_stem.lower() != masc.lower():
            plural = fem_stem + "e"  # umlaut, as in Arzt/Ärztin -> Ärzte
        else:
            plural = masc + "e"
    weak = masc.endswith("e") or masc in WEAK_WORDS or masc.endswith(WEAK_SUFFIXES)
    if masc.endswith("e"):
        oblique = masc + "n"
        forms = {("sg", "nom"): masc, ("sg", "acc"): oblique, ("sg", "dat"): oblique}
        forms[("sg", "gen")] = oblique
    elif weak and not masc.endswith("or"):
        oblique = masc + "en"
        forms = {("sg", "nom"): masc, ("sg", "acc"): oblique, ("sg", "dat"): oblique}
        forms[("sg", "gen")] = oblique
    else:
        forms = {("sg", "nom"): masc, ("sg", "acc"): masc, ("sg", "dat"): masc}
        forms[("sg", "gen")] = masc + ("es" if masc.endswith(("s", "z", "ß")) else "s")
    dative_plural = plural if plural.endswith(("n", "s")) else plural + "n"
    forms.update(
        {("pl", "nom"): plural, ("pl", "acc"): plural, ("pl", "gen"): plural}
        | {("pl", "dat"): dative_plural}
    )
    return forms


def adjectival_weak_forms(stem: str) -> list[tuple[str, Reading]]:
    """Weak masculine singular forms of an adjectival noun ("jeder Freiwillige")."""
    # Only the strong nominative "Freiwilliger" is masculine on its own; "Freiwillige",
    # "Freiwilligen" are also plural or feminine: the gender check needs a singular
    # masculine determiner before them.
    return [(stem + "e", ("sg", "nom"))] + [(stem + "en", ("sg", c)) for c in ("acc", "dat", "gen")]


DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "language"


def _data(name: str) -> Path:
    return DATA_DIR / name


@cache
def load_lexicon() -> Lexicon:
    """Loads the DeReKo pairs, our additions and neutral alternatives (once per process)."""
    extra = yaml.safe_load(_data("gender_extra.yaml").read_text(encoding="utf-8"))
    neutral_raw = yaml.safe_load(_data("gender_neutral.yaml").read_text(encoding="utf-8"))
    excluded = set(extra.get("exclude", []))
    plurals: dict[str, str] = extra.get("plural", {})
    pairs: dict[str, str] = {}
    with _data("masculine_feminine_pairs_dereko.csv").open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) >= 2 and row[0] and row[0] not in excluded and row[0][0].isupper():
                pairs.setdefault(row[0], row[1])
    pairs.update(extra.get("add", {}))
    # The source lists a few plurals as if they were singulars ("Experten", "Nachbarn").
    for masc in [m for m in pairs if m.endswith("n") and (m[:-1] in pairs or m[:-2] in pairs)]:
        del pairs[masc]
    lemmas: dict[str, Lemma] = {}
    for masc, fem in pairs.items():
        lemma = Lemma(masc, fem, forms=inflect(masc, fem, plurals.get(masc)))
        lemmas[masc] = lemma
    for stem, fem in extra.get("adjectival", {}).items():
        lemmas[stem + "er"] = Lemma(
            stem + "er", fem, adjectival=True, forms={("sg", "nom"): stem + "er"}
        )
        lemmas[stem + "er"].weak_forms = adjectival_weak_forms(stem)
    for masc, alternatives in neutral_raw.items():
        if masc in lemmas:
            lemmas[masc].neutral = [Neutral(**alt) for alt in alternatives]
    _borrow_neutral_from_heads(lemmas)
    surface: dict[str, list[tuple[Lemma, Reading]]] = {}
    feminine: dict[str, Lemma] = {}
    for lemma in lemmas.values():
        for reading, form in [*lemma.forms.items(), *((r, f) for f, r in lemma.weak_forms)]:
            surface.setdefault(form, []).append((lemma, reading))
        feminine[lemma.fem] = lemma
        feminine[lemma.fem_plural] = lemma
    names = _data("male_forenames.txt").read_text(encoding="utf-8").split()
    return Lexicon(
        lemmas=lemmas,
        surface=surface,
        feminine=feminine,
        excluded_compounds=frozenset(extra.get("exclude_compounds", [])),
        male_names=frozenset(names),
        places=frozenset(_places()),
    )


def _places() -> list[str]:
    lines = _data("places_osm.txt").read_text(encoding="utf-8").splitlines()
    lines += _data("places_hamburg.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def is_place_adjective(word: str, places: frozenset[str]) -> bool:
    """ "Hamburger", "Altonaer", "Bremer": the -er form of a place name (also an adjective)."""
    if not word.endswith("er"):
        return False
    stem = word[:-2]
    return stem in places or stem + "en" in places or stem + "e" in places


def _borrow_neutral_from_heads(lemmas: dict[str, Lemma]) -> None:
    """A compound like "Theaterbesucher" takes the neutral forms of its head "Besucher"."""
    with_neutral = {m: lem for m, lem in lemmas.items() if lem.neutral}
    for masc, lemma in lemmas.items():
        if lemma.neutral or lemma.adjectival:
            continue
        for i in range(3, len(masc) - 3):
            head = with_neutral.get(masc[i].upper() + masc[i + 1 :])
            if head is not None:
                prefix = masc[:i]
                lemma.neutral = [
                    Neutral(prefix + n.form[:1].lower() + n.form[1:], n.type, n.gender)
                    for n in head.neutral
                    if " " not in n.form
                ]
                break
