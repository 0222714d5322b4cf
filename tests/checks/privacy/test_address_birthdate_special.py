"""Addresses, birth dates by context, and special categories (Art. 9 GDPR)."""

from __future__ import annotations

from kikultur.checks.findings import CheckContext
from kikultur.checks.privacy import detect
from tests.checks.privacy.conftest import found


def test_street_number_and_town_are_one_address_span() -> None:
    text = "Sie wohnt in der Veringstraße 12a, 21107 Hamburg seit Mai."
    assert found(text, "ADDRESS") == ["Veringstraße 12a, 21107 Hamburg"]


def test_multiword_and_abbreviated_streets() -> None:
    text = "Post an: Am Sandtorkai 5\n20457 Hamburg. Oder Fechnerstr. 62, 17423 Bad Doberan."
    assert found(text, "ADDRESS") == [
        "Am Sandtorkai 5\n20457 Hamburg",
        "Fechnerstr. 62, 17423 Bad Doberan",
    ]


def test_a_date_after_am_or_a_street_is_no_address() -> None:
    # "Am" alone is in the OpenStreetMap list; a day with its month is a date.
    text = "Am 12. Juni feiern wir. Wir sehen uns Am 3. Mai in der Osterstraße 12. März 2027."
    assert found(text, "ADDRESS") == []
    assert found("Kim wohnt Am Felde 3. Bitte klingeln.", "ADDRESS") == ["Am Felde 3"]


def test_postcode_with_town_alone_is_an_address() -> None:
    assert found("Wohnort: 22767 Hamburg", "ADDRESS") == ["22767 Hamburg"]


def test_street_without_house_number_is_a_public_place_not_an_address() -> None:
    # Decision: "auf der Reeperbahn", "in der Osterstraße" name public places, not a home.
    assert found("Wir treffen uns in der Osterstraße und auf Platz 3.", "ADDRESS") == []


def test_the_organisations_own_address_is_not_flagged() -> None:
    context = CheckContext(factsheet={"address": "Mengestraße 20, 21107 Hamburg"})
    text = "Ort: Mengestraße 20, 21107 Hamburg."
    assert [f for f in detect(text, context) if f.kind == "ADDRESS"] == []


def test_birth_date_only_with_its_context() -> None:
    text = "Lea (geb. 03.04.2015) kommt am 12.05.2026 zum Kurs; geboren am 7. Juli 1950 in Kiel."
    assert found(text, "DATE_OF_BIRTH") == ["03.04.2015", "7. Juli 1950"]


def test_birth_date_column_of_registration_list() -> None:
    text = "Name;Geburtsdatum;Kurs\nLea Brandt;03.04.2015;12.05.2026\n"
    assert found(text, "DATE_OF_BIRTH") == ["03.04.2015"]


def test_special_category_message_names_the_category() -> None:
    findings = [
        f
        for f in detect("Frau Demir hat Diabetes und ist Mitglied bei ver.di.", CheckContext())
        if f.kind == "SPECIAL_CATEGORY"
    ]
    assert [f.text for f in findings] == ["Diabetes", "ver.di"]
    assert "Gesundheit" in findings[0].message
    assert "Gewerkschaft" in findings[1].message


def test_special_category_words_without_a_person_are_not_flagged() -> None:
    text = "Die Ausstellung zeigt jüdisches Leben in Hamburg. Thema: Diabetes vorbeugen."
    assert found(text, "SPECIAL_CATEGORY") == []


def test_year_after_a_comma_is_no_house_number() -> None:
    assert (
        found("Er lebte in der Papestraße, 1890 zog er nach Stuttgart, 1999 starb er.", "ADDRESS")
        == []
    )
    # A house number right after the street stays one.
    assert found("Er wohnt in der Papestraße 12 in Hamburg.", "ADDRESS") == ["Papestraße 12"]
