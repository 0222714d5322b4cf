"""Name and place word lists of the privacy check, loaded lazily once per process."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

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
def cities() -> frozenset[str]:
    return frozenset(_lines("cities_osm.txt"))


@cache
def forenames() -> frozenset[str]:
    names = _csv_names("forenames_by_country.csv", ("Localized Name", "Romanized Name"))
    names.update(_lines("forenames_extra.txt"))
    return frozenset(n for n in names if n not in not_names() and len(n) > 1)


@cache
def surnames() -> frozenset[str]:
    names = set(_lines("surnames_germaner.txt"))
    names.update(_csv_names("surnames_by_country.csv", ("Localized Name", "Romanized Name")))
    names.update(_lines("surnames_extra.txt"))
    # The GermaNER list also holds places and nouns ("Berlin", "Garten"); a surname that is
    # also a town is dropped: the town reading is the more common one in our texts.
    blocked = not_names() | cities()
    return frozenset(n for n in names if n not in blocked and len(n) > 2)


@cache
def streets() -> frozenset[str]:
    return frozenset(_lines("streets_osm.txt"))


@cache
def street_first_words() -> frozenset[str]:
    """First words of multi-word street names, so a scan knows where a street may start."""
    return frozenset(s.split(" ", 1)[0] for s in streets() if " " in s)


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
