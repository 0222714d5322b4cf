"""Dates in translations: the month in the target language, day and year in digits."""

from __future__ import annotations

import pytest

from .conftest import finding_at, findings_for

SOURCE = {"facts": {"Datum": "Samstag, 12. Juni 2027"}}


@pytest.mark.parametrize(
    "text, date",
    [
        ("Yaz şenliği 12 Haziran 2027 saat 15:00'te.", "12 Haziran 2027"),
        ("Summer party on June 12, 2027.", "June 12, 2027"),
        ("Summer party on 12 June 2027.", "12 June 2027"),
        ("Letnie święto 12 czerwca 2027.", "12 czerwca 2027"),
        ("Летний праздник 12 июня 2027 года.", "12 июня 2027"),
        ("Літнє свято 12 червня 2027 року.", "12 червня 2027"),
        ("احتفال الصيف في 12 يونيو 2027.", "12 يونيو 2027"),
        ("جشن تابستانی 12 ژوئن 2027", "12 ژوئن 2027"),
    ],
)
def test_a_translated_date_is_read_as_the_date_and_verified(text: str, date: str) -> None:
    found = findings_for(text, **SOURCE)
    assert finding_at(found, date).status == "verified"
    assert not [f for f in found if f.text == "12"]  # no bare number "12" left unsupported


def test_a_changed_day_in_a_translation_is_contradicted() -> None:
    found = findings_for("Summer party on 13 June 2027.", **SOURCE)
    finding = finding_at(found, "13 June 2027")
    assert finding.status == "contradicted"


def test_german_dates_are_still_read_by_the_german_rules() -> None:
    found = findings_for("Sommerfest am 12. Juni 2027.", **SOURCE)
    assert finding_at(found, "12. Juni 2027").status == "verified"
