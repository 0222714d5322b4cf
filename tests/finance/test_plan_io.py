from datetime import date
from decimal import Decimal

import pytest
import yaml
from hypothesis import given

from kikultur.finance.categories import CostCategory, FeeUnit, IncomeCategory
from kikultur.finance.plan import FinancePlan
from kikultur.finance.plan_io import PlanError, plan_from_yaml, plan_to_mapping
from tests.finance.strategies import finance_settings, plans

GOOD = """
funder: fonds-soziokultur
title: Stadtteilchor
project_start: 01.05.2026
costs:
  - {category: honorare, label: Chorleitung, amount: "2.400,00", units: 60, unit: stunde}
  - {category: honorare, label: Technik, amount: "300", artist: false, actual: "320,50"}
  - {category: Miete, label: Saal, planned: 1.000}
income:
  - {category: eigenmittel, label: Verein, amount: "700"}
  - {category: beantragte_foerderung, label: Fonds, amount: "3.000,00 €"}
"""


def test_plan_yaml_is_read_with_german_amounts_and_defaults() -> None:
    plan = plan_from_yaml(GOOD)
    assert plan.funder == "fonds-soziokultur"
    assert plan.project_start == date(2026, 5, 1)
    assert plan.year == 2026  # taken from the project start for the KSK rate
    chor, technik, saal = plan.costs
    assert chor.planned == Decimal("2400.00") and chor.artist
    assert chor.units == Decimal("60") and chor.unit is FeeUnit.stunde
    assert not technik.artist and technik.actual == Decimal("320.50")
    assert saal.category is CostCategory.miete and saal.planned == Decimal("1000.00")
    assert plan.income[1].category is IncomeCategory.beantragte_foerderung
    assert plan.is_balanced()


def test_broken_yaml_names_the_line() -> None:
    with pytest.raises(PlanError) as info:
        plan_from_yaml("costs:\n  - {category: miete, label: Saal, amount: '1'\nincome: []\n")
    assert "kein gültiges YAML" in str(info.value)
    assert "Zeile" in str(info.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Die Plandatei ist leer."),
        ("   \n", "Die Plandatei ist leer."),
        ("- a\n- b\n", "muss eine Zuordnung"),
        ("income: []\n", "„costs“ fehlt"),
        ("costs: []\n", "„income“ fehlt"),
        ("costs: 5\nincome: []\n", "„costs“ muss eine Liste sein"),
        ("costs: [{label: Saal, amount: '1'}]\nincome: []\n", "Kostenzeile 1: „category“ fehlt"),
        ("costs: [{category: miete, amount: '1'}]\nincome: []\n", "„label“ fehlt"),
        ("costs: [{category: miete, label: Saal}]\nincome: []\n", "„amount“ (Betrag) fehlt"),
        (
            "costs: [{category: miete, label: Saal, amount: viel}]\nincome: []\n",
            "Kostenzeile 1: „viel“ ist kein gültiger Betrag",
        ),
        (
            "costs: []\nincome: [{category: eigenmittel, label: V, amount: '-5'}]\n",
            "Einnahmezeile 1: „-5“ ist negativ",
        ),
        (
            "costs: [{category: essen, label: Buffet, amount: '5'}]\nincome: []\n",
            "unbekannte Kategorie „essen“",
        ),
        (
            "costs: [{category: miete, label: Saal, amout: '5'}]\nincome: []\n",
            "unbekannte Angabe amout",
        ),
        ("kosten: []\ncosts: []\nincome: []\n", "Unbekannte Angaben im Plan: kosten"),
        ("costs: []\nincome: []\nproject_start: morgen\n", "„project_start“ ist kein Datum"),
        ("costs: []\nincome: []\nyear: zweitausend\n", "„year“ muss eine Jahreszahl sein"),
        (
            "costs: [{category: honorare, label: X, amount: '5', units: 3}]\nincome: []\n",
            "gehören zusammen",
        ),
        (
            "costs: [{category: honorare, label: X, amount: '5', units: -3, unit: tag}]\n"
            "income: []\n",
            "„units“ muss eine positive Zahl sein",
        ),
        ("costs: [5]\nincome: []\n", "Kostenzeile 1: erwartet werden"),
    ],
)
def test_bad_plans_are_refused_with_german_messages(text: str, fragment: str) -> None:
    with pytest.raises(PlanError) as info:
        plan_from_yaml(text)
    assert any(fragment in problem for problem in info.value.problems), info.value.problems


def test_all_problems_of_a_plan_are_reported_at_once() -> None:
    text = (
        "costs:\n"
        "  - {category: miete, label: Saal, amount: 'abc'}\n"
        "  - {category: essen, label: Buffet, amount: '5'}\n"
        "income:\n"
        "  - {category: eigenmittel, label: V, amount: '-1'}\n"
    )
    with pytest.raises(PlanError) as info:
        plan_from_yaml(text)
    assert len(info.value.problems) == 3


@finance_settings
@given(plans(max_lines=6))
def test_plan_survives_a_round_trip_through_yaml(plan: FinancePlan) -> None:
    text = yaml.safe_dump(plan_to_mapping(plan), allow_unicode=True)
    assert plan_from_yaml(text) == plan


@pytest.mark.parametrize(
    ("literal", "expected"),
    [("1.000", "1000.00"), ("12.5", "12.50"), ("1234.56", "1234.56"), ("250", "250.00")],
)
def test_unquoted_yaml_numbers_are_read_as_written(literal: str, expected: str) -> None:
    text = f"costs: [{{category: miete, label: Saal, amount: {literal}}}]\nincome: []\n"
    assert plan_from_yaml(text).costs[0].planned == Decimal(expected)
