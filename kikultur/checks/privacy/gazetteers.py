"""Name and place word lists of the privacy check, loaded lazily once per process."""

from __future__ import annotations

import csv
import importlib
import pkgutil
import re
from functools import cache
from pathlib import Path

import faker.providers.person

from kikultur.checks.privacy.wordstats import english_zipf, german_zipf

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "privacy"

# Latin script (with diacritics) only: a name in Armenian or Korean script cannot be matched
# against German text by a capitalised-word scan anyway.
_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ'’-]+$")


def _lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _csv_names(
    name: str, columns: tuple[str, ...], countries: frozenset[str] | None = None
) -> set[str]:
    names: set[str] = set()
    with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if countries is not None and row.get("Country") not in countries:
                continue
            for column in columns:
                # "Huỳnh/Hoàng" and "Ömer Asaf" hold two names each.
                for part in re.split(r"[/\s]+", row.get(column) or ""):
                    if len(part) > 1 and _LATIN_NAME.match(part):
                        names.add(part)
    return names


@cache
def not_names() -> frozenset[str]:
    """Capitalised words that are in the name lists but mostly mean something else."""
    return frozenset(_lines("not_names.txt"))


@cache
def hamburg_places() -> frozenset[str]:
    """Hamburg and its quarters, the home of the workbench's users."""
    places = {"Hamburg"}
    for quarter in _lines("hamburg_quarters.txt"):
        # "Barmbek-Nord" also as "Barmbek"; "Groß Flottbek" also as "Flottbek".
        places.update({quarter, quarter.split("-")[0], quarter.rsplit(" ", 1)[-1]})
    return frozenset(places)


@cache
def cities() -> frozenset[str]:
    return frozenset(_lines("cities_osm.txt")) | hamburg_places()


# Faker's name lists (the `faker` package, MIT licence; read where it is installed, never
# copied) are long (about 20,000 forenames and 18,000 surnames from 86 locales) but also hold
# words that are mostly something else ("Mal", "Art", "Red", "Chance"). A listed name counts
# only when it is rare as a word in German and in English (wordfreq zipf below these values;
# chosen on the GermEval dev split, never on the test split).
_FAKER_MAX_GERMAN_ZIPF = 3.5
_FAKER_MAX_ENGLISH_ZIPF = 4.0
# Forenames of the German-speaking locales are frequent in German text because they are
# frequent names ("Rudolf", "Silvia"); for them only the German bound counts, a higher one.
_GERMAN_LOCALES = frozenset({"de_DE", "de_AT", "de_CH", "de_LI", "de_LU"})
_FAKER_MAX_GERMAN_ZIPF_GERMAN_LOCALE = 4.5


def _faker_names(attributes: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """Names from Faker's person providers, Latin script only: (all locales, German-speaking
    locales). One pass over the providers."""
    every: set[str] = set()
    german: set[str] = set()
    for module_info in pkgutil.iter_modules(faker.providers.person.__path__):
        module = importlib.import_module(f"faker.providers.person.{module_info.name}")
        provider = getattr(module, "Provider", None)
        for attribute in attributes:
            # Lists, tuples or weighted dicts (name -> frequency), depending on the locale.
            value = provider.__dict__.get(attribute) if provider is not None else None
            if isinstance(value, (list, tuple, dict)):
                names = {n for n in value if isinstance(n, str) and _LATIN_NAME.match(n)}
                every |= names
                if module_info.name in _GERMAN_LOCALES:
                    german |= names
    return every, german


def _rare_as_word(name: str) -> bool:
    return (
        german_zipf(name) < _FAKER_MAX_GERMAN_ZIPF and english_zipf(name) < _FAKER_MAX_ENGLISH_ZIPF
    )


def _faker_extra(attributes: tuple[str, ...], min_length: int) -> set[str]:
    every, german = _faker_names(attributes)
    blocked = not_names() | cities()
    usable = {n for n in every if len(n) >= min_length and n[0].isupper() and n not in blocked}
    return {
        n
        for n in usable
        if _rare_as_word(n)
        or (n in german and german_zipf(n) < _FAKER_MAX_GERMAN_ZIPF_GERMAN_LOCALE)
    }


@cache
def forenames() -> frozenset[str]:
    names = _csv_names("forenames_by_country.csv", ("Localized Name", "Romanized Name"))
    names.update(_lines("forenames_extra.txt"))
    names.update(
        _faker_extra(
            ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"),
            min_length=3,
        )
    )
    return frozenset(n for n in names if n not in not_names() and len(n) > 1)


@cache
def surnames() -> frozenset[str]:
    names = set(_lines("surnames_germaner.txt"))
    names.update(_csv_names("surnames_by_country.csv", ("Localized Name", "Romanized Name")))
    names.update(_lines("surnames_extra.txt"))
    names.update(_faker_extra(("last_names",), min_length=3))
    # The GermaNER list also holds places and nouns ("Berlin", "Garten"); a surname that is
    # also a town is dropped: the town reading is the more common one in our texts.
    blocked = not_names() | cities()
    return frozenset(n for n in names if n not in blocked and len(n) > 2)


@cache
def streets() -> frozenset[str]:
    """Street names from OpenStreetMap, without its noise: road numbers ("B 173"), tags
    ("<unterschiedlich>", "(im Bau)") and a bare "Am", which made "Am 12. Juni" an address."""
    return frozenset(s for s in _lines("streets_osm.txt") if _usable_street(s))


_LETTERS = re.compile(r"[^\W\d_]{3}")
_BARE_WORDS = frozenset({"am", "an", "auf", "im", "in", "zum", "zur", "beim", "bei", "vor"})


def _usable_street(name: str) -> bool:
    return (
        name[0].isalnum() and _LETTERS.search(name) is not None and name.lower() not in _BARE_WORDS
    )


@cache
def street_last_words() -> frozenset[str]:
    """Last words of the listed streets ("Freiheit" of "Große Freiheit")."""
    return frozenset(s.rsplit(" ", 1)[-1] for s in streets())


# Where the family name comes first: "Nguyễn Thị Lan", "Kim Min-jun", "Nagy Péter".
FAMILY_FIRST_COUNTRIES = frozenset({"VN", "CN", "TW", "KR", "HU", "JP", "KH"})


@cache
def family_first_surnames() -> frozenset[str]:
    names = _csv_names(
        "surnames_by_country.csv", ("Localized Name", "Romanized Name"), FAMILY_FIRST_COUNTRIES
    )
    return frozenset(n for n in names if n not in not_names())


@cache
def person_nouns() -> frozenset[str]:
    """Nouns for people ("Politiker", "Rapperin", "Vorgängers"): before a name, not a name.

    Forms that are also names or places ("Heide", "Fischer", "Koch") are left out: for them
    the name lists decide.
    """
    words: set[str] = set()
    with (DATA_DIR / "person_nouns_dereko.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) < 2 or len(row[0]) < 4:
                continue
            masculine, feminine = row[0], row[1]
            # Singular and plural forms, genitive and dative included.
            words.update({masculine, masculine + "s", masculine + "n", masculine + "en"})
            words.update({feminine, feminine + "nen"})
    return frozenset(words - surnames() - forenames() - cities())
