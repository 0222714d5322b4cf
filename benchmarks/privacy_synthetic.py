"""Synthetic German documents with known personal data, for the privacy benchmark (seeded)."""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from faker import Faker
from stdnum.iso7064 import mod_11_10

SHARED_NAMES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "names"
if not SHARED_NAMES.is_dir():
    SHARED_NAMES = Path("/work/shared/data/names")

AREA_CODES = ("040", "030", "089", "0221", "069", "0711", "0341", "0511", "04105", "0421")
MOBILE = ("0151", "0152", "0157", "0160", "0162", "0170", "0171", "0172", "0173", "0176")
BIRTH_CUES = ("geb. ", "geboren am ", "Geburtsdatum: ", "* ")
OTHER_DATE_CUES = ("am ", "Termin: ", "Sitzung vom ", "bis zum ")
# Sentences with special-category data; [brackets] mark the gold spans.
SPECIAL = (
    "hat [Diabetes]",
    "ist seit März [krankgeschrieben]",
    "sitzt im [Rollstuhl]",
    "ist [Muslimin] und fastet im [Ramadan]",
    "ist Mitglied bei [ver.di]",
    "ist [schwul]",
    "ist [evangelisch]",
    "ist [Mitglied der SPD]",
)


@dataclass(slots=True)
class Document:
    """A text and its gold spans (kind, start, end)."""

    text: str = ""
    gold: list[tuple[str, int, int]] = field(default_factory=list)

    def add(self, piece: str, kind: str | None = None) -> None:
        if kind:
            self.gold.append((kind, len(self.text), len(self.text) + len(piece)))
        self.text += piece


def _shared_names(countries: tuple[str, ...]) -> tuple[list[str], list[str]]:
    forenames: list[str] = []
    surnames: list[str] = []
    with (SHARED_NAMES / "forenames_by_country.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["Country"] in countries and row["Romanized Name"]:
                forenames.append(row["Romanized Name"])
    with (SHARED_NAMES / "surnames_by_country.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["Country"] in countries and row["Romanized Name"]:
                surnames.append(row["Romanized Name"].split("/")[0])
    return forenames, surnames


class Generator:
    """People, numbers and documents; everything from one seed."""

    def __init__(self, seed: int = 2014) -> None:
        self.rng = random.Random(seed)
        Faker.seed(seed)
        self.fakers = {loc: Faker(loc) for loc in ("de_DE", "tr_TR", "pl_PL", "vi_VN")}
        self.ua = _shared_names(("UA",))
        self.arabic_forenames, _ = _shared_names(("SA", "EG", "JO", "LB", "SY", "IQ", "MA"))

    def person(self) -> tuple[str, str]:
        roll = self.rng.random()
        if roll < 0.5:
            fake = self.fakers["de_DE"]
        elif roll < 0.6:
            fake = self.fakers["tr_TR"]
        elif roll < 0.7:
            fake = self.fakers["pl_PL"]
        elif roll < 0.8:
            fake = self.fakers["vi_VN"]
        elif roll < 0.9:
            return self.rng.choice(self.ua[0]), self.rng.choice(self.ua[1])
        else:
            first = self.rng.choice(self.arabic_forenames)
            return first, "al-" + self.rng.choice(self.arabic_forenames)
        return fake.first_name(), fake.last_name()

    def phone(self) -> str:
        digits = "".join(str(self.rng.randint(0, 9)) for _ in range(7))
        if self.rng.random() < 0.5:
            prefix = self.rng.choice(MOBILE)
            if prefix.startswith("015") or prefix in ("0176", "0177", "0178", "0179"):
                digits += str(self.rng.randint(0, 9))  # these mobile ranges have 8 digits
            formats = ("{p} {d}", "{p}-{d}", "+49 {q} {d}", "{p}/{d}")
        else:
            prefix = self.rng.choice(AREA_CODES)
            formats = ("{p} {d}", "{p}/{d}", "+49 {q} {d}", "({p}) {a} {b}", "+49 (0){q} {d}")
        digits = str(self.rng.randint(2, 9)) + digits[1:]
        return self.rng.choice(formats).format(
            p=prefix, q=prefix[1:], d=digits, a=digits[:3], b=digits[3:]
        )

    def tax_id(self) -> str:
        while True:
            body = [self.rng.randint(0, 9) for _ in range(10)]
            if body[0] == 0:
                continue
            counts = sorted((body.count(d) for d in set(body)), reverse=True)
            if counts[0] in (2, 3) and counts[1] == 1:
                number = "".join(map(str, body))
                number += mod_11_10.calc_check_digit(number)
                if self.rng.random() < 0.5:
                    return f"{number[:2]} {number[2:5]} {number[5:8]} {number[8:]}"
                return number

    def tax_number(self) -> str:
        # Hamburg layout FF/BBB/UUUUP (no check digit in the format itself).
        digits = [str(self.rng.randint(0, 9)) for _ in range(8)]
        return f"{self.rng.randint(21, 49)}/{''.join(digits[:3])}/{''.join(digits[3:])}"

    def pension_number(self, surname: str) -> str:
        """Rentenversicherungsnummer with its check digit, computed from the published rule."""
        area = self.rng.choice(("12", "13", "15", "24", "38", "65"))
        birth = (
            f"{self.rng.randint(1, 28):02d}{self.rng.randint(1, 12):02d}{self.rng.randint(40, 99)}"
        )
        initial = next((c for c in surname.upper() if "A" <= c <= "Z"), "X")
        serial = f"{self.rng.randint(0, 49):02d}"
        digits = area + birth + f"{ord(initial) - 64:02d}" + serial
        weights = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
        total = sum(sum(divmod(int(d) * w, 10)) for d, w in zip(digits, weights, strict=True))
        return f"{area} {birth} {initial} {serial}{total % 10}"

    def id_card(self) -> str:
        """Number of a German ID card (9 characters) with its ICAO 9303 check digit."""
        letters = "CFGHJKLMNPRTVWXYZ"
        while True:
            serial = self.rng.choice("LMNPRTVWXY") + "".join(
                self.rng.choice(letters + "0123456789") for _ in range(8)
            )
            if any(c.isdigit() for c in serial):
                break
        values = [int(c) if c.isdigit() else ord(c) - 55 for c in serial]
        check = sum(v * (7, 3, 1)[i % 3] for i, v in enumerate(values)) % 10
        return serial + str(check)

    def birth_date(self) -> str:
        date = self.fakers["de_DE"].date_of_birth(minimum_age=6, maximum_age=90)
        return date.strftime("%d.%m.%Y")

    def other_date(self) -> str:
        return f"{self.rng.randint(1, 28):02d}.{self.rng.randint(1, 12):02d}.2026"

    def address(self) -> tuple[str, str]:
        fake = self.fakers["de_DE"]
        return fake.street_address(), f"{fake.postcode()} {fake.city()}"

    def email(self, first: str, last: str) -> str:
        local = f"{first}.{last}".lower().replace(" ", "").replace("al-", "")
        ascii_local = local.encode("ascii", "ignore").decode() or "kontakt"
        domain = self.rng.choice(("web.de", "gmx.de", "posteo.de", "example.org", "t-online.de"))
        return f"{ascii_local}@{domain}"

    def iban(self) -> str:
        raw = self.fakers["de_DE"].iban()
        if self.rng.random() < 0.5:
            return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))
        return raw

    # --- documents -------------------------------------------------------------------------

    def registration_list(self, rows: int = 6) -> Document:
        doc = Document()
        doc.add("Anmeldeliste Sommerfest Stadtteilkultur\n")
        doc.add("Name;E-Mail;Telefon;Geburtsdatum;Anschrift\n")
        for _ in range(rows):
            first, last = self.person()
            street, town = self.address()
            doc.add(f"{first} {last}", "PERSON")
            doc.add(";")
            doc.add(self.email(first, last), "EMAIL")
            doc.add(";")
            doc.add(self.phone(), "PHONE")
            doc.add(";")
            doc.add(self.birth_date(), "DATE_OF_BIRTH")
            doc.add(";")
            doc.add(f"{street}, {town}", "ADDRESS")
            doc.add("\n")
        return doc

    def email_message(self) -> Document:
        doc = Document()
        first, last = self.person()
        _other_first, other_last = self.person()
        street, town = self.address()
        doc.add(f"Betreff: Anmeldung Tanzkurs am {self.other_date()}\n\nLiebe Frau ")
        doc.add(other_last, "PERSON")
        doc.add(",\n\nich melde meine Tochter an, sie ist ")
        doc.add(self.rng.choice(BIRTH_CUES))
        doc.add(self.birth_date(), "DATE_OF_BIRTH")
        doc.add(". Den Beitrag überweise ich von meinem Konto ")
        doc.add(self.iban(), "IBAN")
        doc.add(". Für Rückfragen erreichen Sie mich unter ")
        doc.add(self.phone(), "PHONE")
        doc.add(" oder per Mail an ")
        doc.add(self.email(first, last), "EMAIL")
        doc.add(".\n\nViele Grüße\n")
        doc.add(f"{first} {last}", "PERSON")
        doc.add("\n")
        doc.add(f"{street}\n{town}", "ADDRESS")
        doc.add("\n")
        return doc

    def minutes(self) -> Document:
        doc = Document()
        people = [self.person() for _ in range(3)]
        doc.add(f"Protokoll der Vorstandssitzung vom {self.other_date()}\n\nAnwesend: ")
        for index, (first, last) in enumerate(people):
            if index:
                doc.add(", ")
            doc.add(f"{first} {last}", "PERSON")
        doc.add("\n\nTOP 1: Honorarverträge. ")
        doc.add(f"{people[0][0]} {people[0][1]}", "PERSON")
        doc.add(" berichtet, dass die Künstlerin ihre Steuer-ID ")
        doc.add(self.tax_id(), "ID_NUMBER")
        doc.add(" und ihre Steuernummer ")
        doc.add(self.tax_number(), "ID_NUMBER")
        doc.add(" nachgereicht hat, dazu die Rentenversicherungsnummer ")
        doc.add(self.pension_number(people[0][1]), "ID_NUMBER")
        doc.add(" und die Nummer ihres Personalausweises ")
        doc.add(self.id_card(), "ID_NUMBER")
        doc.add(". Die Auszahlung geht an ")
        doc.add(self.iban(), "IBAN")
        doc.add(".\nTOP 2: Ehrenamt. Herr ")
        doc.add(people[1][1], "PERSON")
        doc.add(" übernimmt die Kasse; erreichbar unter ")
        doc.add(self.phone(), "PHONE")
        doc.add(". ")
        doc.add(f"{people[2][0]} {people[2][1]}", "PERSON")
        doc.add(" ")
        for index, piece in enumerate(re.split(r"\[|\]", self.rng.choice(SPECIAL))):
            doc.add(piece, "SPECIAL_CATEGORY" if index % 2 else None)
        doc.add(" und bittet um Rücksicht.\n")
        doc.add(f"Nächster Termin: {self.rng.choice(OTHER_DATE_CUES)}{self.other_date()}.\n")
        return doc


def generate(count: int = 120, seed: int = 2014) -> list[Document]:
    generator = Generator(seed)
    makers = (generator.registration_list, generator.email_message, generator.minutes)
    return [makers[i % len(makers)]() for i in range(count)]
