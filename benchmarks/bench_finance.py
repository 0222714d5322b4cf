"""Finance plan arithmetic: exact decimals (ours) against float arithmetic (the naive anchor)."""

from __future__ import annotations

import random
import time
from decimal import Decimal

from benchmarks.table import print_table
from kikultur.finance.categories import CostCategory, IncomeCategory
from kikultur.finance.funders import builtin_profiles
from kikultur.finance.plan import CostLine, FinancePlan, IncomeLine
from kikultur.finance.rules import check_caps, check_plan

PLANS = 2000
SEED = 20261127


def _cents(rng: random.Random) -> int:
    return rng.randint(1, 500_000)  # up to 5,000.00 EUR per line


def _balanced_plan(rng: random.Random) -> tuple[FinancePlan, list[int], list[int]]:
    """Random costs; income = own funds + grant that balance the costs to the cent."""
    costs = [_cents(rng) for _ in range(rng.randint(2, 25))]
    total = sum(costs)
    own = [_cents(rng) % max(total // 4, 1) for _ in range(rng.randint(1, 4))]
    grant = total - sum(own)
    income = [*own, grant]
    plan = FinancePlan(
        costs=tuple(
            CostLine(CostCategory.sachkosten, f"K{i}", Decimal(c).scaleb(-2))
            for i, c in enumerate(costs)
        ),
        income=tuple(
            IncomeLine(
                IncomeCategory.beantragte_foerderung
                if i == len(income) - 1
                else IncomeCategory.eigenmittel,
                f"E{i}",
                Decimal(c).scaleb(-2),
            )
            for i, c in enumerate(income)
        ),
    )
    return plan, costs, income


def run() -> None:
    rng = random.Random(SEED)
    profile = builtin_profiles()["fonds-soziokultur"]
    ours_balanced = float_balanced = 0
    ours_totals = float_totals = 0
    for _ in range(PLANS):
        plan, costs, income = _balanced_plan(rng)
        exact_costs = sum(costs)
        ours_balanced += plan.is_balanced()
        float_balanced += sum(c / 100 for c in income) - sum(c / 100 for c in costs) == 0
        ours_totals += plan.total_costs() == Decimal(exact_costs).scaleb(-2)
        float_totals += sum(c / 100 for c in costs) == exact_costs / 100

    at_cap_ours = at_cap_float = over_ours = over_float = 0
    for _ in range(PLANS):
        fifths = rng.randint(1_000, 800_000)  # costs in multiples of 5 cents: 80 % is whole
        costs_cents, grant_cents = fifths * 5, fifths * 4
        for grant, expect_ok in ((grant_cents, True), (grant_cents + 1, False)):
            plan = FinancePlan(
                costs=(CostLine(CostCategory.miete, "Saal", Decimal(costs_cents).scaleb(-2)),),
                income=(
                    IncomeLine(
                        IncomeCategory.beantragte_foerderung, "F", Decimal(grant).scaleb(-2)
                    ),
                ),
            )
            ours_ok = "funding_rate_above_max" not in {f.kind for f in check_caps(plan, profile)}
            float_ok = (grant / 100) / (costs_cents / 100) * 100 <= 80.0
            if expect_ok:
                at_cap_ours += ours_ok
                at_cap_float += float_ok
            else:
                over_ours += not ours_ok
                over_float += not float_ok

    big, _c, _i = _balanced_plan(random.Random(1))
    started = time.perf_counter()
    rounds = 200
    for _ in range(rounds):
        check_plan(big, profile)
    per_check_ms = (time.perf_counter() - started) / rounds * 1000

    print_table(
        ["Messung (je 2.000 Pläne)", "Werkbank (Decimal/Fraction)", "Anker: float"],
        [
            ["Gesamtkosten exakt", f"{ours_totals}/{PLANS}", f"{float_totals}/{PLANS}"],
            [
                "ausgeglichene Pläne als ausgeglichen erkannt",
                f"{ours_balanced}/{PLANS}",
                f"{float_balanced}/{PLANS}",
            ],
            [
                "Förderquote genau 80,00 % besteht",
                f"{at_cap_ours}/{PLANS}",
                f"{at_cap_float}/{PLANS}",
            ],
            [
                "80 % + 1 Cent wird abgelehnt",
                f"{over_ours}/{PLANS}",
                f"{over_float}/{PLANS}",
            ],
            [f"check_plan, {len(big.costs)} Kostenzeilen (ms je Prüfung)", per_check_ms, "–"],
        ],
    )
