"""Finance plans (Kosten- und Finanzierungsplan) with their lines, and organisation copies of
funder profiles.

Amounts are NUMERIC(12,2). PostgreSQL keeps them exact; SQLite stores them as REAL, and
SQLAlchemy reads them back quantized to two places. That round trip is exact because a
NUMERIC(12,2) value has at most 12 significant digits and a double keeps 15
(tests/store/test_finance_store.py checks the extremes on both databases). Sums are always
computed in Python with Decimal (kikultur.finance.plan), never with SQL on REAL columns.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kikultur.store.models.accounts import User
from kikultur.store.models.base import Base, UTCDateTime, utcnow

AMOUNT = Numeric(12, 2)


class FinancePlanRecord(Base):
    """One plan of an organisation; `version` detects a form saved from a stale tab."""

    __tablename__ = "finance_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    funder_id: Mapped[str | None] = mapped_column(String(63), nullable=True)
    project_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    project_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    created_by: Mapped[User | None] = relationship()
    lines: Mapped[list[FinancePlanLine]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="(FinancePlanLine.kind, FinancePlanLine.position)",
    )

    # SQLAlchemy adds `WHERE version = <old>` to every UPDATE: a parallel save fails instead
    # of overwriting.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads a dict)


class FinancePlanLine(Base):
    """A cost (`kind="cost"`) or income (`kind="income"`) line with planned and actual amount."""

    __tablename__ = "finance_plan_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("finance_plans.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200))
    planned: Mapped[Decimal] = mapped_column(AMOUNT)
    actual: Mapped[Decimal | None] = mapped_column(AMOUNT, nullable=True)
    artist: Mapped[bool] = mapped_column(Boolean, default=False)
    units: Mapped[Decimal | None] = mapped_column(Numeric(10, 2), nullable=True)
    unit: Mapped[str | None] = mapped_column(String(10), nullable=True)
    note: Mapped[str] = mapped_column(String(500), default="")

    plan: Mapped[FinancePlanRecord] = relationship(back_populates="lines")


class FunderProfileCopy(Base):
    """An organisation's adapted copy of a funder profile, stored as validated data."""

    __tablename__ = "funder_profile_copies"
    __table_args__ = (UniqueConstraint("organisation_id", "profile_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    profile_id: Mapped[str] = mapped_column(String(63))
    based_on: Mapped[str | None] = mapped_column(String(63), nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads a dict)
