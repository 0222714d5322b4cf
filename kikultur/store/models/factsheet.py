"""The organisation's fact sheet (Steckbrief), stored as numbered versions: history is kept."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kikultur.store.models.accounts import User
from kikultur.store.models.base import Base, UTCDateTime, utcnow


class FactSheetVersion(Base):
    __tablename__ = "factsheet_versions"
    # Two saves based on the same version collide here, so neither overwrites the other.
    __table_args__ = (UniqueConstraint("organisation_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    created_by: Mapped[User | None] = relationship()
