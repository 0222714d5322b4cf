from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from kikultur.finance.categories import CostCategory, IncomeCategory
from kikultur.finance.parameters import default_ksk_rates, ksk_amount
from kikultur.finance.plan import CostLine, FinancePlan, IncomeLine, percent_for_display
from kikultur.finance.rules import check_ksk, propose_ksk, with_ksk_proposal
from tests.finance.strategies import cents_of, euros, finance_settings, plans


@finance_settings
@given(plans())
def test_totals_and_balance_are_exact_for_any_plan(plan: FinancePlan) -> None:
    # Oracle: integer cents, no Decimal involved.
    for column in ("planned", "actual"):
        cost_cents = sum(cents_of(line.amount(column)) for line in plan.costs)
        income_cents = sum(cents_of(line.amount(column)) for line in plan.income)
        assert cents_of(plan.total_costs(column)) == cost_cents
        assert cents_of(plan.total_income(column)) == income_cents
        assert cents_of(plan.balance(column)) == income_cents - cost_cents
        assert plan.is_balanced(column) == (income_cents == cost_cents)
        subtotal_cents = sum(cents_of(v) for v in plan.cost_subtotals(column).values())
        assert subtotal_cents == cost_cents


@finance_settings
@given(plans())
def test_funding_rate_is_the_exact_fraction_of_grant_over_costs(plan: FinancePlan) -> None:
    cost_cents = sum(cents_of(line.planned) for line in plan.costs)
    grant_cents = sum(
        cents_of(line.planned)
        for line in plan.income
        if line.category is IncomeCategory.beantragte_foerderung
    )
    rate = plan.funding_rate()
    if cost_cents == 0:
        assert rate is None
        assert plan.funding_rate_percent() is None
    else:
        assert rate == Fraction(grant_cents, cost_cents)
        shown = plan.funding_rate_percent()
        assert shown is not None
        # Display rounding is half-up to 0.01 % and never off by more than half a step.
        assert abs(Fraction(shown) - rate * 100) <= Fraction(1, 200)


def test_funding_rate_display_rounds_half_up_only_for_display() -> None:
    assert percent_for_display(Fraction(1, 3)) == Decimal("33.33")
    assert percent_for_display(Fraction(2, 3)) == Decimal("66.67")
    assert percent_for_display(Fraction(800049, 1000000)) == Decimal("80.00")
    assert percent_for_display(Fraction(800050, 1000000)) == Decimal("80.01")


def _fees_plan(*fees: tuple[str, bool], year: int = 2026) -> FinancePlan:
    return FinancePlan(
        costs=tuple(
            CostLine(CostCategory.honorare, f"Honorar {i}", Decimal(amount), artist=artist)
            for i, (amount, artist) in enumerate(fees)
        ),
        income=(IncomeLine(IncomeCategory.eigenmittel, "Eigenmittel", Decimal("0.00")),),
        year=year,
    )


def test_ksk_proposal_is_4_9_percent_of_artists_fees_in_2026() -> None:
    plan = _fees_plan(("2400.00", True), ("1000.00", False))
    assert propose_ksk(plan) == Decimal("117.60")  # only the artist's fee counts


def test_ksk_rate_comes_from_data_per_year() -> None:
    rates = default_ksk_rates()
    assert rates.for_year(2026).percent == Decimal("4.90")
    assert rates.for_year(2025).percent == Decimal("5.00")
    later = rates.for_year(2031)
    assert later.year == 2026 and not later.is_exact_year
    assert propose_ksk(_fees_plan(("1000.00", True), year=2025)) == Decimal("50.00")


def test_ksk_amount_rounds_half_up_to_the_cent() -> None:
    assert ksk_amount(Decimal("1234.50"), Decimal("4.9")) == Decimal("60.49")  # 60.4905
    assert ksk_amount(Decimal("10.50"), Decimal("4.9")) == Decimal("0.51")  # 0.5145
    assert ksk_amount(Decimal("0.00"), Decimal("4.9")) == Decimal("0.00")


def test_with_ksk_proposal_adds_one_line_and_silences_the_finding() -> None:
    plan = _fees_plan(("2400.00", True))
    assert [f.kind for f in check_ksk(plan)] == ["missing_ksk"]
    proposed = with_ksk_proposal(plan)
    ksk_lines = [line for line in proposed.costs if line.category is CostCategory.ksk]
    assert len(ksk_lines) == 1
    assert ksk_lines[0].planned == Decimal("117.60")
    assert "4,9 %" in ksk_lines[0].label
    assert check_ksk(proposed) == []
    # Applying it twice replaces the line instead of adding a second one.
    assert with_ksk_proposal(proposed).costs == proposed.costs


@settings(finance_settings, max_examples=50)
@given(st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=1, max_size=6))
def test_ksk_proposal_equals_rate_times_fees_rounded_half_up(fee_cents: list[int]) -> None:
    plan = _fees_plan(*[(f"{euros(c):f}", True) for c in fee_cents])
    total = sum(fee_cents)
    # 4.9 % of total cents = total * 49 / 1000 cents; half-up rounding in integers.
    expected_cents = (total * 49 * 2 + 1000) // 2000
    assert cents_of(propose_ksk(plan)) == expected_cents
