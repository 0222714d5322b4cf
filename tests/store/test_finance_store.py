"""Finance plans in the database: exact amounts on SQLite and PostgreSQL, versions, cascade."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kikultur.finance.categories import CostCategory, IncomeCategory
from kikultur.finance.plan import CostLine, FinancePlan, IncomeLine
from kikultur.services import finance
from kikultur.store.models import FinancePlanLine, FinancePlanRecord
from kikultur.store.repository import OrgRepository
from tests.conftest import OrgFixture

# The largest NUMERIC(12,2) value, cents that are not exact in binary, and their sums.
AMOUNTS = [
    Decimal("9999999999.99"),
    Decimal("0.01"),
    Decimal("0.10"),
    Decimal("0.20"),
    Decimal("0.30"),
    Decimal("1234567.89"),
    Decimal("999999999.99"),
    Decimal("4444444444.45"),
]


def _store(db: Session, org: OrgFixture, amounts: list[Decimal]) -> int:
    repo = OrgRepository(db, org.org.id)
    record = finance.create_plan(repo, org.admin, "Exaktheit", None)
    plan = FinancePlan(
        costs=tuple(
            CostLine(CostCategory.sachkosten, f"Z{i}", a, a) for i, a in enumerate(amounts)
        ),
        income=(IncomeLine(IncomeCategory.eigenmittel, "E", Decimal("0.01")),),
        title="Exaktheit",
    )
    form = finance.PlanForm(version=str(record.version))
    finance.save_plan(repo, record, form, plan)
    return record.id


def test_amounts_come_back_exactly_from_the_database(db: Session, org_a: OrgFixture) -> None:
    plan_id = _store(db, org_a, AMOUNTS)
    db.expunge_all()
    lines = db.scalars(
        select(FinancePlanLine)
        .where(FinancePlanLine.plan_id == plan_id, FinancePlanLine.kind == "cost")
        .order_by(FinancePlanLine.position)
    ).all()
    assert [line.planned for line in lines] == AMOUNTS
    assert [line.actual for line in lines] == AMOUNTS
    assert all(isinstance(line.planned, Decimal) for line in lines)
    record = db.get(FinancePlanRecord, plan_id)
    assert record is not None
    assert finance.to_plan(record).total_costs() == sum(AMOUNTS, Decimal("0"))


def test_every_cent_value_survives_the_round_trip(db: Session, org_a: OrgFixture) -> None:
    amounts = [Decimal(cents) / 100 for cents in range(0, 100_000_000_000, 7_777_777_777)]
    amounts += [Decimal(f"{n}.{c:02d}") for n in (0, 1, 99999999) for c in range(0, 100, 13)]
    plan_id = _store(db, org_a, [a.quantize(Decimal("0.01")) for a in amounts])
    db.expunge_all()
    stored = db.scalars(
        select(FinancePlanLine.planned)
        .where(FinancePlanLine.plan_id == plan_id, FinancePlanLine.kind == "cost")
        .order_by(FinancePlanLine.position)
    ).all()
    assert stored == [a.quantize(Decimal("0.01")) for a in amounts]


def test_a_save_from_an_old_version_is_refused(db: Session, org_a: OrgFixture) -> None:
    repo = OrgRepository(db, org_a.org.id)
    record = finance.create_plan(repo, org_a.admin, "Zwei Tabs", None)
    plan = FinancePlan(title="Zwei Tabs")
    finance.save_plan(repo, record, finance.PlanForm(version="1"), plan)
    assert record.version == 2
    with pytest.raises(finance.StaleForm) as error:
        finance.save_plan(repo, record, finance.PlanForm(version="1"), plan)
    assert "nicht gespeichert" in error.value.message


def test_deleting_a_plan_deletes_its_lines(db: Session, org_a: OrgFixture) -> None:
    plan_id = _store(db, org_a, [Decimal("1.00")])
    repo = OrgRepository(db, org_a.org.id)
    record = repo.get(FinancePlanRecord, plan_id)
    repo.delete(record)
    db.commit()
    assert db.scalars(select(FinancePlanLine)).all() == []
