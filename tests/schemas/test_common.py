"""Pydantic's English errors become German: per form field, and as "where: what" for files."""

from __future__ import annotations

from datetime import date
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kikultur.schemas.common import (
    GermanNumberError,
    german_errors,
    german_message,
    german_problems,
    parse_german_int,
)


class _Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z]+$")


class _Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = ""
    active: bool = True
    tags: list[str] = []
    inner: _Inner | None = None
    day: date | None = None
    count: int = Field(default=1, gt=0, lt=10)
    kind: Literal["jaehrlich", "laufend"] = "laufend"
    items: list[int] = Field(default=[], min_length=2)
    amount: str = ""

    @field_validator("amount")
    @classmethod
    def _german(cls, value: str) -> str:
        if value == "viel":
            raise ValueError("„viel“ ist kein gültiger Betrag.")
        return value


def _error(**data: object) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        _Sample.model_validate(data)
    return info.value


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"name": None}, "Bitte Text angeben."),
        ({"active": "vielleicht"}, "Bitte ja oder nein angeben (true oder false)."),
        ({"tags": "a"}, "Bitte eine Liste angeben."),
        ({"inner": "a"}, "Bitte eine Zuordnung angeben (Name: Wert)."),
        ({"inner": {"id": "A!"}}, "Die Angabe hat eine ungültige Form."),
        ({"day": "morgen"}, "Bitte ein Datum angeben, z. B. 2026-05-01."),
        ({"farbe": "blau"}, "Diese Angabe ist unbekannt."),
        ({"count": 0}, "Die Zahl ist zu klein (sie muss größer als 0 sein)."),
        ({"count": 10}, "Die Zahl ist zu groß (sie muss kleiner als 10 sein)."),
        ({"items": [1]}, "Zu wenige Einträge: mindestens 2."),
        ({"kind": "bald"}, "Bitte einen der angebotenen Werte wählen."),
    ],
)
def test_pydantic_error_kinds_get_a_german_sentence(data: dict[str, object], expected: str) -> None:
    assert german_message(_error(**data).errors()[0]) == expected


def test_german_text_of_our_own_validator_is_kept_without_the_english_prefix() -> None:
    error = _error(amount="viel").errors()[0]
    assert error["msg"].startswith("Value error, ")  # what pydantic would show
    assert german_message(error) == "„viel“ ist kein gültiger Betrag."
    # The same text when only the message is at hand (no ctx).
    assert german_message({"type": "value_error", "msg": error["msg"]}) == (
        "„viel“ ist kein gültiger Betrag."
    )


def test_form_errors_are_keyed_by_field_name() -> None:
    errors = german_errors(_error(inner={"id": "A"}, count=0))
    assert errors == {
        "inner-id": "Die Angabe hat eine ungültige Form.",
        "count": "Die Zahl ist zu klein (sie muss größer als 0 sein).",
    }


def test_problems_of_a_file_name_the_path_and_list_the_allowed_values() -> None:
    problems = german_problems(_error(inner={"id": "A"}, kind="bald"), "Profil")
    assert problems == [
        "inner.id: Die Angabe hat eine ungültige Form.",
        "kind: Bitte einen der angebotenen Werte wählen. Erlaubt: jaehrlich, laufend.",
    ]


def test_a_problem_of_the_whole_document_is_named_by_the_caller() -> None:
    with pytest.raises(ValidationError) as info:
        _Sample.model_validate("kein Objekt")
    assert german_problems(info.value, "Profil") == [
        "Profil: Bitte eine Zuordnung angeben (Name: Wert)."
    ]


@pytest.mark.parametrize(
    ("raw", "number"),
    [("12000", 12000), ("12.000", 12000), ("1.234.567", 1234567), (" 12 000 ", 12000), ("7", 7)],
)
def test_german_whole_numbers_read_the_point_as_thousands(raw: str, number: int) -> None:
    assert parse_german_int(raw) == number


@pytest.mark.parametrize("raw", ["12,5", "12.5", "12.00", "1.2345", "viele", "12.000,00"])
def test_not_whole_or_not_german_numbers_are_refused_in_german(raw: str) -> None:
    with pytest.raises(GermanNumberError, match="Bitte eine ganze Zahl angeben"):
        parse_german_int(raw)


def test_approximate_number_is_refused_with_a_hint_to_drop_the_ca() -> None:
    with pytest.raises(GermanNumberError, match="ohne „ca\\.“"):
        parse_german_int("ca. 12.000")
