"""Form validation: German messages per field, asked for before any model call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kikultur.finance.money import AmountError
from kikultur.tools.inputs import (
    InvalidInputsError,
    display_value,
    normalize_inputs,
    parse_date,
    parse_money,
    parse_time,
    validate_inputs,
)
from kikultur.tools.prompts import build_messages, slot_values
from kikultur.tools.registry import load_builtin
from tests.tools.samples import STECKBRIEF, examples


def test_empty_press_release_form_names_every_missing_fact_in_german() -> None:
    spec = load_builtin("pressemitteilung").spec
    errors = validate_inputs(spec, {})
    assert set(errors) == {
        "anlass",
        "datum",
        "uhrzeit",
        "ort",
        "eintritt",
        "barrierefreiheit",
        "pressekontakt",
    }
    assert errors["datum"] == (
        "Bitte „Datum“ angeben – ohne diese Angabe kann kein Entwurf entstehen."
    )


def test_build_messages_refuses_an_empty_form_before_any_model_call() -> None:
    tool = load_builtin("pressemitteilung")
    with pytest.raises(InvalidInputsError) as caught:
        build_messages(tool, {}, "", STECKBRIEF)
    assert "ort" in caught.value.errors
    assert "Bitte „Ort (Name und Adresse)“ angeben" in caught.value.errors["ort"]


def test_press_contact_from_the_steckbrief_satisfies_the_required_field() -> None:
    tool = load_builtin("pressemitteilung")
    values = {k: v for k, v in examples(tool).items() if k != "pressekontakt"}
    assert "pressekontakt" in validate_inputs(tool.spec, values, "", {})
    assert validate_inputs(tool.spec, values, "", STECKBRIEF) == {}
    slots = slot_values(tool.spec, values, STECKBRIEF)
    assert slots["pressekontakt"] == "Kim Muster, presse@example.org"


def test_quote_without_speaker_asks_for_the_speaker() -> None:
    tool = load_builtin("pressemitteilung")
    values = {k: v for k, v in examples(tool).items() if k != "zitat_person"}
    errors = validate_inputs(tool.spec, values, "", STECKBRIEF)
    assert errors == {
        "zitat_person": "Bitte „Wer sagt das? (Name und Funktion)“ angeben, weil „Zitat "
        "(wörtlich)“ ausgefüllt ist."
    }


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("datum", "31.02.2026", "„Datum“ ist kein gültiges Datum (TT.MM.JJJJ)."),
        ("datum", "morgen", "„Datum“ ist kein gültiges Datum (TT.MM.JJJJ)."),
        ("uhrzeit", "25:00", "„Beginn“ ist keine gültige Uhrzeit (HH:MM)."),
        (
            "anlass",
            "x" * 201,
            "„Anlass / Titel der Veranstaltung“ ist zu lang: 201 Zeichen, erlaubt sind 200.",
        ),
        (
            "anlass",
            "Fest\x00\x01",
            "„Anlass / Titel der Veranstaltung“ enthält Steuerzeichen (Binärdaten?). "
            "Bitte nur Text eingeben.",
        ),
        ("anlass", 42, "„Anlass / Titel der Veranstaltung“ muss Text sein."),
        ("unbekannt", "x", "Das Werkzeug kennt kein Feld „unbekannt“."),
    ],
)
def test_wrong_values_get_a_german_message(field: str, value: object, expected: str) -> None:
    tool = load_builtin("pressemitteilung")
    values = {**examples(tool), field: value}
    assert validate_inputs(tool.spec, values, "", STECKBRIEF)[field] == expected


def test_choices_are_checked_against_the_spec() -> None:
    spec = load_builtin("social-media").spec
    values = {"thema": "Fest", "kanaele": ["instagram", "myspace"]}
    assert (
        validate_inputs(spec, values)["kanaele"] == "„Kanäle“: „myspace“ steht nicht zur Auswahl."
    )
    spec = load_builtin("einfache-sprache").spec
    assert "niveau" in validate_inputs(spec, {"text": "Hallo", "niveau": "mittel"})


def test_conflict_letter_needs_at_least_two_tones() -> None:
    tool = load_builtin("konfliktbrief")
    values = {**examples(tool), "toene": ["sachlich"]}
    assert (
        validate_inputs(tool.spec, values)["toene"]
        == "„Tonlagen zur Auswahl“: bitte mindestens 2 auswählen."
    )


def test_every_image_needs_a_description_for_its_alt_text() -> None:
    spec = load_builtin("social-media").spec
    values = {
        "thema": "Fest",
        "kanaele": ["x"],
        "bilder": [{"datei": "a.jpg", "beschreibung": " "}],
    }
    assert "Bild 1 braucht eine Beschreibung" in validate_inputs(spec, values)["bilder"]


def test_url_email_money_and_boolean_are_checked() -> None:
    spec = load_builtin("veranstaltungstext").spec
    base = examples(load_builtin("veranstaltungstext"))
    errors = validate_inputs(
        spec, {**base, "link": "example.org", "preis": "gratis", "eintritt_frei": "ja"}
    )
    assert errors["link"] == "„Link zur Veranstaltung“ ist keine Webadresse (https://…)."
    assert errors["preis"] == "„Eintritt (Euro)“ ist kein Betrag in Euro (z. B. 7,50)."
    assert errors["eintritt_frei"] == "„Eintritt frei“ muss ja oder nein sein."


def test_brief_that_is_too_long_or_binary_is_refused() -> None:
    spec = load_builtin("ideen").spec
    values = {"notizen": "Fest"}
    assert validate_inputs(spec, values, "x" * 20_001)["brief"].startswith(
        "Die Notizen sind zu lang"
    )
    assert validate_inputs(spec, values, "a\x00b")["brief"] == (
        "Die Notizen enthalten Steuerzeichen (Binärdaten?)."
    )


def test_huge_input_is_refused_not_truncated() -> None:
    spec = load_builtin("einfache-sprache").spec
    errors = validate_inputs(spec, {"text": "Wort " * 5000, "niveau": "einfach"})
    assert errors["text"] == "„Ausgangstext“ ist zu lang: 25000 Zeichen, erlaubt sind 20000."


def test_german_and_iso_dates_times_and_amounts_are_understood() -> None:
    assert parse_date("11.07.2026") == parse_date("2026-07-11") == dt.date(2026, 7, 11)
    assert parse_time("19 Uhr") == parse_time("19.00") == dt.time(19, 0)
    assert parse_money("7,50 €") == Decimal("7.50")
    with pytest.raises(ValueError):
        parse_money("-3")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.234,50 €", "1234.50"),
        ("1234,5", "1234.50"),
        ("1.234 EUR", "1234.00"),
        ("€ 1.234,50", "1234.50"),
        ("1234.50", "1234.50"),
        ("7,50", "7.50"),
        ("5", "5.00"),
        ("12,-", "12.00"),
    ],
)
def test_money_field_accepts_what_german_users_type(typed: str, expected: str) -> None:
    tool = load_builtin("veranstaltungstext")
    values = {**examples(tool), "preis": typed, "eintritt_frei": False}
    assert "preis" not in validate_inputs(tool.spec, values)
    assert normalize_inputs(tool.spec, values)["preis"] == Decimal(expected)
    assert parse_money(typed) == Decimal(expected)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("gratis", "kein gültiger Betrag"),
        ("12a €", "kein gültiger Betrag"),
        ("12,345", "mehr als zwei Nachkommastellen"),
        ("-3", "negativ"),
        ("1,2,3.4,5", "mehrere Dezimaltrennzeichen"),
        ("€", "kein Betrag angegeben"),
    ],
)
def test_money_field_refuses_garbage_with_a_german_message(typed: str, reason: str) -> None:
    tool = load_builtin("veranstaltungstext")
    values = {**examples(tool), "preis": typed, "eintritt_frei": False}
    assert validate_inputs(tool.spec, values)["preis"] == (
        "„Eintritt (Euro)“ ist kein Betrag in Euro (z. B. 7,50)."
    )
    with pytest.raises(AmountError) as info:
        parse_money(typed)
    assert reason in str(info.value)


def test_money_display_uses_the_one_german_format() -> None:
    spec = load_builtin("veranstaltungstext").spec
    field = spec.input("preis")
    assert display_value(field, parse_money("1234.5")) == "1.234,50 €"
    assert display_value(field, Decimal("1234567.8")) == "1.234.567,80 €"
    assert display_value(field, parse_money("0,00 €")) == "kostenlos"


def test_display_values_are_german() -> None:
    tool = load_builtin("veranstaltungstext")
    spec = tool.spec
    values = normalize_inputs(spec, {**examples(tool), "preis": "7,5", "eintritt_frei": False})
    assert display_value(spec.input("datum"), values["datum"]) == "Samstag, 14. März 2026"
    assert display_value(spec.input("uhrzeit"), values["uhrzeit"]) == "16:00 Uhr"
    # The one German amount format of the workbench (finance.money.format_eur).
    assert display_value(spec.input("preis"), values["preis"]) == "7,50 €"
    assert display_value(spec.input("format"), values["format"]) == "vor Ort"
    assert values["stadt"] == "Hamburg"


def test_normalize_fills_every_declared_input() -> None:
    spec = load_builtin("social-media").spec
    values = normalize_inputs(spec, {"thema": "Fest", "kanaele": ["x", "x"]})
    assert set(values) == {i.name for i in spec.inputs}
    assert values["kanaele"] == ["x"]
    assert values["bilder"] == [] and values["link"] is None


def test_a_pattern_and_an_exclusion_are_declared_in_the_spec_and_checked() -> None:
    tool = load_builtin("veranstaltungstext")
    base = {**examples(tool), "eintritt_frei": False}
    assert "plz" not in validate_inputs(tool.spec, {**base, "plz": "22765"})
    for wrong in ("ABC", "2276", "227650", "22 765"):
        assert validate_inputs(tool.spec, {**base, "plz": wrong})["plz"] == (
            "Die Postleitzahl hat fünf Ziffern, zum Beispiel 22765."
        )
    both = validate_inputs(tool.spec, {**base, "eintritt_frei": True, "preis": "5"})
    assert "nicht beides" in both["preis"] and "eintritt_frei" not in both
    assert "preis" not in validate_inputs(tool.spec, {**base, "preis": "5"})
    assert "preis" not in validate_inputs(tool.spec, {**base, "eintritt_frei": True})


def test_a_spec_with_a_broken_pattern_or_an_unknown_exclusion_is_refused() -> None:
    from pydantic import ValidationError

    from kikultur.tools.spec import InputSpec, ToolSpec

    with pytest.raises(ValidationError, match="pattern ist ungültig"):
        InputSpec(name="plz", label="PLZ", pattern="[0-9")
    with pytest.raises(ValidationError, match="pattern nur bei Textfeldern"):
        InputSpec(name="datum", label="Datum", type="date", pattern="x")
    data = load_builtin("veranstaltungstext").spec.model_dump()
    data["inputs"][0]["excludes"] = ["gibt_es_nicht"]
    with pytest.raises(ValidationError, match="schließt kein anderes Feld"):
        ToolSpec.model_validate(data)
