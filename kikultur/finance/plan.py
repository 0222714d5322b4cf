"""The finance plan (Kosten- und Finanzierungsplan): lines, exact totals, balance, funding rate.

All arithmetic is on Decimal amounts with two places, inside a context that raises on any
rounding, so a total is exact or an exception says why. The funding rate is kept as an exact
Fraction; only `funding_rate_percent()` rounds, and only for display.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact, localcontext
from fractions import Fraction
from typing import Literal

from kikultur.finance.categories import CostCategory, FeeUnit, IncomeCategory
from kikultur.finance.money import CENT

Column = Literal["planned", "actual"]
ZERO = Decimal("0.00")


@contextmanager
def exact() -> Iterator[Context]:
    """A decimal context that raises instead of rounding (60 digits are far beyond any plan)."""
    with localcontext() as ctx:
        ctx.prec = 60
        ctx.traps[Inexact] = True
        yield ctx


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    with exact():
        total = ZERO
        for value in values:
            total += value
        return total


@dataclass(frozen=True, slots=True)
class CostLine:
    """One cost line. `artist` marks fees to self-employed artists (basis of the KSK levy)."""

    category: CostCategory
    label: str
    planned: Decimal
    actual: Decimal | None = None
    artist: bool = False
    units: Decimal | None = None
    unit: FeeUnit | None = None
    note: str = ""

    def amount(self, column: Column) -> Decimal | None:
        return self.planned if column == "planned" else self.actual


@dataclass(frozen=True, slots=True)
class IncomeLine:
    """One income line (own funds, tickets, donations, other funders, the requested grant)."""

    category: IncomeCategory
    label: str
    planned: Decimal
    actual: Decimal | None = None
    note: str = ""

    def amount(self, column: Column) -> Decimal | None:
        return self.planned if column == "planned" else self.actual


@dataclass(frozen=True, slots=True)
class FinancePlan:
    """A Kosten- und Finanzierungsplan with planned and (after the project) actual amounts."""

    costs: tuple[CostLine, ...] = ()
    income: tuple[IncomeLine, ...] = ()
    funder: str | None = None
    title: str = ""
    year: int | None = None
    project_start: date | None = None
    project_end: date | None = None

    # --- totals -------------------------------------------------------------------------

    def has_actuals(self) -> bool:
        return any(line.actual is not None for line in self.costs) or any(
            line.actual is not None for line in self.income
        )

    def total_costs(self, column: Column = "planned") -> Decimal:
        return exact_sum(line.amount(column) or ZERO for line in self.costs)

    def total_income(self, column: Column = "planned") -> Decimal:
        return exact_sum(line.amount(column) or ZERO for line in self.income)

    def balance(self, column: Column = "planned") -> Decimal:
        """Income minus costs: negative means income is missing, positive means a surplus."""
        with exact():
            return self.total_income(column) - self.total_costs(column)

    def is_balanced(self, column: Column = "planned") -> bool:
        return self.balance(column) == 0

    def requested_grant(self, column: Column = "planned") -> Decimal:
        return exact_sum(
            line.amount(column) or ZERO
            for line in self.income
            if line.category is IncomeCategory.beantragte_foerderung
        )

    def has_grant_line(self) -> bool:
        return any(line.category is IncomeCategory.beantragte_foerderung for line in self.income)

    def funding_rate(self, column: Column = "planned") -> Fraction | None:
        """Requested grant / total costs, exact; None when there are no costs."""
        costs = self.total_costs(column)
        if costs == 0:
            return None
        return Fraction(self.requested_grant(column)) / Fraction(costs)

    def funding_rate_percent(self, column: Column = "planned") -> Decimal | None:
        """The funding rate in percent, rounded half-up to 0.01 % — for display only."""
        rate = self.funding_rate(column)
        return None if rate is None else percent_for_display(rate)

    def cost_subtotals(self, column: Column = "planned") -> dict[CostCategory, Decimal]:
        """Subtotal per cost category that has lines, in category order."""
        return {
            category: exact_sum(
                line.amount(column) or ZERO for line in self.costs if line.category is category
            )
            for category in CostCategory
            if any(line.category is category for line in self.costs)
        }

    def income_subtotals(self, column: Column = "planned") -> dict[IncomeCategory, Decimal]:
        return {
            category: exact_sum(
                line.amount(column) or ZERO for line in self.income if line.category is category
            )
            for category in IncomeCategory
            if any(line.category is category for line in self.income)
        }

    def artist_fees(self, column: Column = "planned") -> Decimal:
        """Fees to artists, the basis of the Künstlersozialabgabe."""
        return exact_sum(
            line.amount(column) or ZERO
            for line in self.costs
            if line.category is CostCategory.honorare and line.artist
        )

    def costs_by_category(self) -> list[tuple[CostCategory, list[tuple[int, CostLine]]]]:
        """Lines grouped by category in category order, each with its index in `costs`."""
        return [
            (
                category,
                [(i, line) for i, line in enumerate(self.costs) if line.category is category],
            )
            for category in CostCategory
            if any(line.category is category for line in self.costs)
        ]

    def income_by_category(self) -> list[tuple[IncomeCategory, list[tuple[int, IncomeLine]]]]:
        return [
            (
                category,
                [(i, line) for i, line in enumerate(self.income) if line.category is category],
            )
            for category in IncomeCategory
            if any(line.category is category for line in self.income)
        ]

    def with_costs(self, costs: Iterable[CostLine]) -> FinancePlan:
        return replace(self, costs=tuple(costs))


def percent_for_display(rate: Fraction) -> Decimal:
    """Fraction 4/5 -> Decimal('80.00'): half-up to 0.01 %, never used for comparisons."""
    with localcontext() as ctx:
        ctx.prec = 60
        exact_percent = Decimal(rate.numerator * 100) / Decimal(rate.denominator)
        return exact_percent.quantize(CENT, rounding=ROUND_HALF_UP)


def percent_precise(rate: Fraction, places: int = 6) -> Decimal:
    """More digits, for messages where the rounded figure would hide why a cap is exceeded."""
    with localcontext() as ctx:
        ctx.prec = 60
        exact_percent = Decimal(rate.numerator * 100) / Decimal(rate.denominator)
        return exact_percent.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
