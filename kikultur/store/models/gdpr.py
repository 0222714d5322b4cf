"""GDPR data per organisation: retention periods and the Art. 28 checklist of each provider."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kikultur.store.models.base import Base, UTCDateTime, utcnow


class RetentionSetting(Base):
    """An organisation's own retention period for one registered kind of data (no row: the
    instance default from Settings applies)."""

    __tablename__ = "retention_settings"
    __table_args__ = (UniqueConstraint("organisation_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(64))
    days: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ProcessorChecklist(Base):
    """What an organisation has confirmed about one external provider (Art. 28 GDPR)."""

    __tablename__ = "processor_checklists"
    __table_args__ = (UniqueConstraint("organisation_id", "provider"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    provider: Mapped[str] = mapped_column(String(64))
    processor_agreement: Mapped[bool] = mapped_column(Boolean, default=False)
    agreement_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    eu_location: Mapped[bool] = mapped_column(Boolean, default=False)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    training_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
