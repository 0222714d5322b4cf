"""The one date parser: German and ISO forms, German messages for everything else."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kikultur.finance.dates import DateError, parse_date
from kikultur.finance.plan_io import PlanError, plan_from_yaml
from kikultur.services import finance
from kikultur.tools import inputs


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01.05.2026", date(2026, 5, 1)),
        ("1.5.2026", date(2026, 5, 1)),
        (" 31.12.2026 ", date(2026, 12, 31)),
        ("2026-05-01", date(2026, 5, 1)),
        ("2026-5-1", date(2026, 5, 1)),
        ("29.02.2028", date(2028, 2, 29)),
        (date(2026, 5, 1), date(2026, 5, 1)),
        (datetime(2026, 5, 1, 18, 30), date(2026, 5, 1)),
    ],
)
def test_parse_date_reads_german_and_iso_forms(raw: object, expected: date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("morgen", "ist kein Datum. Bitte so schreiben: 01.05.2026 oder 2026-05-01."),
        ("", "ist kein Datum"),
        ("01.05.26", "ist kein Datum"),  # a two-digit year is ambiguous
        ("05/01/2026", "ist kein Datum"),
        ("2026-05-01T10:00", "ist kein Datum"),
        ("\x00\x01", "ist kein Datum"),
        (None, "ist kein Datum"),
        (20260501, "ist kein Datum"),
        ("31.02.2026", "gibt es im Kalender nicht"),
        ("2026-13-01", "gibt es im Kalender nicht"),
        ("29.02.2026", "gibt es im Kalender nicht"),
    ],
)
def test_parse_date_refuses_everything_else_with_a_german_message(
    raw: object, fragment: str
) -> None:
    with pytest.raises(DateError) as info:
        parse_date(raw)
    assert fragment in str(info.value)


def test_tool_forms_plan_files_and_the_plan_editor_use_the_same_parser() -> None:
    assert inputs.parse_date is parse_date
    plan = plan_from_yaml("costs: []\nincome: []\nproject_start: '1.5.2026'\n")
    assert plan.project_start == date(2026, 5, 1)
    with pytest.raises(PlanError, match="„project_start“ ist kein Datum"):
        plan_from_yaml("costs: []\nincome: []\nproject_start: '31.02.2026'\n")


def test_plan_editor_accepts_a_typed_german_date_without_the_browser_date_field() -> None:
    # Browsers without a date field send what was typed; the message already asked for TT.MM.JJJJ.
    form = finance.parse_form({"title": "Hof", "project_start": "01.03.2030"})
    plan = finance.plan_from_form(form, {})
    assert "project_start" not in form.errors
    assert plan.project_start == date(2030, 3, 1)
    bad = finance.parse_form({"title": "Hof", "project_start": "März"})
    finance.plan_from_form(bad, {})
    assert bad.errors["project_start"] == "Bitte ein Datum angeben (TT.MM.JJJJ)."
