from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kikultur.finance.categories import CostCategory, FeeUnit, IncomeCategory
from kikultur.finance.funders import FunderProfile, builtin_profiles, copy_profile
from kikultur.finance.parameters import FeeFloor
from kikultur.finance.plan import CostLine, FinancePlan, IncomeLine
from kikultur.finance.rules import (
    can_export_final,
    check_balance,
    check_caps,
    check_dates,
    check_fee_floors,
    check_plan,
    export_blockers,
)
from tests.finance.strategies import euros, finance_settings


def plan_of(costs: str, grant: str, own: str = "0.00", **kwargs: object) -> FinancePlan:
    return FinancePlan(
        costs=(CostLine(CostCategory.miete, "Saal", Decimal(costs)),),
        income=(
            IncomeLine(IncomeCategory.eigenmittel, "Verein", Decimal(own)),
            IncomeLine(IncomeCategory.beantragte_foerderung, "Förderer", Decimal(grant)),
        ),
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def soziokultur() -> FunderProfile:
    return builtin_profiles()["fonds-soziokultur"]


def test_missing_income_is_named_in_german_number_format() -> None:
    plan = plan_of("11234.56", "10000.00")
    [finding] = check_balance(plan)
    assert finding.check == "finance"
    assert finding.kind == "unbalanced"
    assert finding.severity == "error"
    assert finding.message == "Es fehlen 1.234,56 € an Einnahmen."
    assert finding.details["target"] == "balance"
    assert finding.details["difference"] == "1234.56"
    assert finding.details["balance"] == "-1234.56"


def test_surplus_income_is_named_in_german_number_format() -> None:
    [finding] = check_balance(plan_of("1000.00", "1000.00", own="0.01"))
    assert finding.message == "Die Einnahmen übersteigen die Kosten um 0,01 €."


def test_balanced_plan_has_no_balance_finding_and_may_be_exported() -> None:
    plan = plan_of("10000.00", "8000.00", own="2000.00")
    assert check_balance(plan) == []
    assert can_export_final(plan)


def test_unbalanced_plan_cannot_be_exported_as_final() -> None:
    plan = plan_of("10000.00", "8000.00", own="1999.99")
    assert not can_export_final(plan)
    assert [f.kind for f in export_blockers(plan)] == ["unbalanced"]


def test_empty_plan_cannot_be_exported_as_final() -> None:
    plan = FinancePlan()
    assert [f.kind for f in check_balance(plan)] == ["empty_plan"]
    assert not can_export_final(plan)


def test_funding_rate_of_exactly_80_00_percent_passes(soziokultur: FunderProfile) -> None:
    plan = plan_of("10000.00", "8000.00", own="2000.00")
    assert plan.funding_rate_percent() == Decimal("80.00")
    assert check_caps(plan, soziokultur) == []
    assert can_export_final(plan, soziokultur)


def test_funding_rate_of_80_01_percent_fails(soziokultur: FunderProfile) -> None:
    plan = plan_of("10000.00", "8001.00", own="1999.00")
    [finding] = check_caps(plan, soziokultur)
    assert finding.kind == "funding_rate_above_max"
    assert "80,01 %" in finding.message and "80,00 %" in finding.message
    assert finding.details["max_grant"] == "8000.00"
    assert not can_export_final(plan, soziokultur)


def test_a_breach_hidden_by_display_rounding_still_fails_and_is_shown(
    soziokultur: FunderProfile,
) -> None:
    # 32,000.01 / 40,000.00 = 80.000025 %: shown as 80.00 %, but above the cap.
    plan = FinancePlan(
        costs=(CostLine(CostCategory.miete, "Saal", Decimal("40000.00")),),
        income=(
            IncomeLine(IncomeCategory.eigenmittel, "Verein", Decimal("7999.99")),
            IncomeLine(IncomeCategory.beantragte_foerderung, "Fonds", Decimal("32000.01")),
        ),
    )
    assert plan.funding_rate_percent() == Decimal("80.00")
    kinds = [f.kind for f in check_caps(plan, soziokultur)]
    assert "funding_rate_above_max" in kinds
    [finding] = [f for f in check_caps(plan, soziokultur) if f.kind == "funding_rate_above_max"]
    assert "80,00002 %" in finding.message


@finance_settings
@given(st.integers(min_value=1, max_value=3_000_000))
def test_cap_boundary_is_exact_for_any_total(fifths: int) -> None:
    # Costs in multiples of 5 cents make 80 % a whole number of cents.
    profile = builtin_profiles()["fonds-soziokultur"]
    costs_cents = fifths * 5
    at_cap = fifths * 4
    exact_plan = plan_of(f"{euros(costs_cents):f}", f"{euros(at_cap):f}")
    over_plan = plan_of(f"{euros(costs_cents):f}", f"{euros(at_cap + 1):f}")
    assert "funding_rate_above_max" not in {f.kind for f in check_caps(exact_plan, profile)}
    assert "funding_rate_above_max" in {f.kind for f in check_caps(over_plan, profile)}


def test_maximum_grant_is_enforced_to_the_cent(soziokultur: FunderProfile) -> None:
    at_max = plan_of("40000.00", "30000.00", own="10000.00")
    over_max = plan_of("40000.00", "30000.01", own="9999.99")
    assert check_caps(at_max, soziokultur) == []
    assert [f.kind for f in check_caps(over_max, soziokultur)] == ["grant_above_max"]
    assert "30.000,01 €" in check_caps(over_max, soziokultur)[0].message


def test_minimum_grant_is_enforced_to_the_cent(soziokultur: FunderProfile) -> None:
    at_min = plan_of("10000.00", "5000.00", own="5000.00")
    under_min = plan_of("10000.00", "4999.99", own="5000.01")
    assert check_caps(at_min, soziokultur) == []
    assert [f.kind for f in check_caps(under_min, soziokultur)] == ["grant_below_min"]


def test_missing_requested_grant_is_reported(soziokultur: FunderProfile) -> None:
    plan = FinancePlan(
        costs=(CostLine(CostCategory.miete, "Saal", Decimal("100.00")),),
        income=(IncomeLine(IncomeCategory.eigenmittel, "Verein", Decimal("100.00")),),
    )
    assert [f.kind for f in check_caps(plan, soziokultur)] == ["missing_grant"]


def test_elbkulturfonds_hints_at_the_expected_project_size() -> None:
    profile = builtin_profiles()["elbkulturfonds"]
    small = plan_of("20000.00", "20000.00")
    [finding] = check_caps(small, profile)
    assert finding.kind == "total_below_expected" and finding.severity == "hint"
    assert "50.000,00 €" in finding.message
    assert check_caps(plan_of("50000.00", "50000.00"), profile) == []


def test_project_that_has_started_is_an_error_when_the_funder_forbids_it(
    soziokultur: FunderProfile,
) -> None:
    plan = plan_of("100.00", "80.00", own="20.00", project_start=date(2026, 5, 1))
    [finding] = check_dates(plan, soziokultur, today=date(2026, 5, 1))
    assert finding.kind == "project_started"
    assert "01.05.2026" in finding.message
    assert check_dates(plan, soziokultur, today=date(2026, 4, 30)) == []
    relaxed = copy_profile(soziokultur, "ohne-regel", {"rules": []})
    assert check_dates(plan, relaxed, today=date(2026, 6, 1)) == []


def test_fee_below_floor_gets_a_hint_with_the_example_label() -> None:
    floors = (FeeFloor("f", FeeUnit.stunde, Decimal("40.00"), "Test", "Beispiel", True),)
    plan = FinancePlan(
        costs=(
            CostLine(
                CostCategory.honorare,
                "Workshop",
                Decimal("399.99"),
                artist=True,
                units=Decimal("10"),
                unit=FeeUnit.stunde,
            ),
        )
    )
    [finding] = check_fee_floors(plan, floors)
    assert finding.kind == "fee_below_floor"
    assert finding.details["target"] == "costs[0]"
    # 39.999 € per hour is shown rounded down, so the message never shows the floor itself.
    assert "39,99 € je Stunde" in finding.message
    assert "40,00 €" in finding.message and "Beispielwert" in finding.message
    at_floor = FinancePlan(costs=(replace(plan.costs[0], planned=Decimal("400.00")),))
    assert check_fee_floors(at_floor, floors) == []


def test_fees_not_to_artists_are_not_compared_with_the_floor() -> None:
    plan = FinancePlan(
        costs=(
            CostLine(
                CostCategory.honorare,
                "Technik",
                Decimal("10.00"),
                artist=False,
                units=Decimal("10"),
                unit=FeeUnit.stunde,
            ),
        )
    )
    assert check_fee_floors(plan) == []


def test_unknown_funder_is_a_warning_and_the_rest_is_still_checked() -> None:
    plan = plan_of("100.00", "50.00", funder="gibt-es-nicht")
    kinds = [f.kind for f in check_plan(plan, None)]
    assert kinds == ["unbalanced", "unknown_funder"]


def test_actual_column_check_reports_missing_actual_amounts() -> None:
    plan = FinancePlan(
        costs=(CostLine(CostCategory.miete, "Saal", Decimal("100.00"), Decimal("120.00")),),
        income=(IncomeLine(IncomeCategory.eigenmittel, "Verein", Decimal("100.00")),),
    )
    findings = check_plan(plan, column="actual")
    # 120 against 100 planned is exactly 20 %: no deviation finding.
    assert [f.kind for f in findings] == ["unbalanced", "actual_missing"]
    assert findings[0].message == "Es fehlen 120,00 € an Einnahmen."


def test_missing_actual_amounts_are_counted_in_singular_and_plural() -> None:
    one = FinancePlan(
        costs=(CostLine(CostCategory.miete, "Saal", Decimal("100.00"), Decimal("100.00")),),
        income=(IncomeLine(IncomeCategory.eigenmittel, "Verein", Decimal("100.00")),),
    )
    two = replace(one, costs=(CostLine(CostCategory.miete, "Saal", Decimal("100.00")),))
    [single] = [f for f in check_plan(one, column="actual") if f.kind == "actual_missing"]
    [plural] = [f for f in check_plan(two, column="actual") if f.kind == "actual_missing"]
    assert single.message == "Für 1 Zeile fehlt noch der Ist-Betrag."
    assert plural.message == "Für 2 Zeilen fehlt noch der Ist-Betrag."


def test_overrun_of_a_cost_category_beyond_20_percent_asks_for_a_reason() -> None:
    plan = FinancePlan(
        costs=(
            CostLine(CostCategory.miete, "Saal", Decimal("1000.00"), Decimal("1200.00")),
            CostLine(CostCategory.sachkosten, "Farben", Decimal("500.00"), Decimal("600.01")),
        ),
        income=(
            IncomeLine(
                IncomeCategory.beantragte_foerderung,
                "Fonds",
                Decimal("1500.00"),
                Decimal("1800.01"),
            ),
        ),
    )
    findings = [f for f in check_plan(plan, column="actual") if f.kind == "deviation_needs_reason"]
    # Exactly 20 % (rent) is allowed; 20.002 % (material) is not.
    assert len(findings) == 1
    assert findings[0].details["target"] == "category:sachkosten"
    assert findings[0].message == (
        "Sachkosten: Die Ist-Kosten liegen mit 600,01 € um 100,01 € (20,002 %) über dem Plan "
        "(500,00 €). Bitte im Sachbericht begründen."
    )
