"""E-mail, phone, IBAN and ID numbers: found when valid, left alone when the checksum fails."""

from __future__ import annotations

import pytest

from tests.checks.privacy.conftest import found


def test_email_address_is_found() -> None:
    assert found("Schreib an ayse.yilmaz@example.org bitte.", "EMAIL") == [
        "ayse.yilmaz@example.org"
    ]


@pytest.mark.parametrize(
    "phone",
    ["040 1234567", "+49 170 1234567", "0151/23456789", "(040) 123 45 67", "+49 (0)40 3407684"],
)
def test_german_phone_numbers_in_usual_formats_are_found(phone: str) -> None:
    assert found(f"Erreichbar unter {phone} ab 9 Uhr.", "PHONE") == [phone]


def test_amounts_years_and_event_dates_are_not_phone_numbers() -> None:
    text = "Am 12.05.2026 kamen 1250 Gäste, der Eintritt kostete 5 Euro, Budget 120000 Euro."
    assert found(text, "PHONE") == []


def test_iban_with_valid_checksum_is_found_with_and_without_spaces() -> None:
    text = "Konto DE89 3704 0044 0532 0130 00 oder DE89370400440532013000."
    assert found(text, "IBAN") == ["DE89 3704 0044 0532 0130 00", "DE89370400440532013000"]


def test_iban_with_wrong_checksum_is_not_flagged_as_iban() -> None:
    assert found("Konto DE89 3704 0044 0532 0130 01.", "IBAN") == []


def test_tax_id_is_found_only_with_valid_checksum() -> None:
    assert found("Steuer-ID 36 574 261 809.", "ID_NUMBER") == ["36 574 261 809"]
    assert found("Steuer-ID 36 574 261 808.", "ID_NUMBER") == []


def test_tax_number_needs_its_label() -> None:
    assert found("Steuernummer: 93815/08152", "ID_NUMBER") == ["93815/08152"]
    assert found("Seite 93815/08152", "ID_NUMBER") == []


def test_pension_insurance_number_is_validated_by_checksum() -> None:
    assert found("RV-Nummer 15 070649 C 103", "ID_NUMBER") == ["15 070649 C 103"]
    assert found("RV-Nummer 15 070649 C 104", "ID_NUMBER") == []


def test_id_card_number_with_check_digit_or_label() -> None:
    assert found("Dokument L01X00T471 liegt vor.", "ID_NUMBER") == ["L01X00T471"]
    assert found("Dokument L01X00T472 liegt vor.", "ID_NUMBER") == []
    assert found("Ausweisnummer: L01X00T47", "ID_NUMBER") == ["L01X00T47"]
