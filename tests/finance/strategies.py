"""Hypothesis strategies for finance plans, with amounts kept as integer cents for the oracle."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from kikultur.finance.categories import CostCategory, IncomeCategory
from kikultur.finance.plan import CostLine, FinancePlan, IncomeLine

MAX_CENTS = 99_999_999_999  # just under one billion euros, the parser's limit

cents = st.integers(min_value=0, max_value=MAX_CENTS)
small_cents = st.integers(min_value=0, max_value=5_000_000)
labels = st.sampled_from(["Chorleitung", "Saal", "Plakate", "Ü-Wagen & Technik", "Spende"])


def euros(value: int) -> Decimal:
    """Integer cents -> Decimal euros with two places (the independent oracle's unit)."""
    return Decimal(value).scaleb(-2)


@st.composite
def cost_lines(draw: st.DrawFn, amounts: st.SearchStrategy[int] = cents) -> CostLine:
    category = draw(st.sampled_from(list(CostCategory)))
    actual = draw(st.none() | amounts)
    return CostLine(
        category=category,
        label=draw(labels),
        planned=euros(draw(amounts)),
        actual=None if actual is None else euros(actual),
        artist=category is CostCategory.honorare and draw(st.booleans()),
    )


@st.composite
def income_lines(draw: st.DrawFn, amounts: st.SearchStrategy[int] = cents) -> IncomeLine:
    actual = draw(st.none() | amounts)
    return IncomeLine(
        category=draw(st.sampled_from(list(IncomeCategory))),
        label=draw(labels),
        planned=euros(draw(amounts)),
        actual=None if actual is None else euros(actual),
    )


@st.composite
def plans(
    draw: st.DrawFn, max_lines: int = 12, amounts: st.SearchStrategy[int] = cents
) -> FinancePlan:
    return FinancePlan(
        costs=tuple(draw(st.lists(cost_lines(amounts), max_size=max_lines))),
        income=tuple(draw(st.lists(income_lines(amounts), max_size=max_lines))),
        year=2026,
    )


def cents_of(value: Decimal | None) -> int:
    """Decimal euros -> integer cents, asserting nothing is lost."""
    if value is None:
        return 0
    scaled = value.scaleb(2)
    assert scaled == scaled.to_integral_value()
    return int(scaled)


# No per-example deadline: the machine is shared, and slowness is not what these tests measure.
finance_settings = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
