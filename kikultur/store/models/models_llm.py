"""Model providers of the instance, their enablement per organisation, the audit log of calls."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kikultur.store.models.base import Base, UTCDateTime, utcnow


class ProviderRecord(Base):
    """One configured model of the instance (set up by the platform admin).

    The API key is either named by an environment variable or entered in the web UI; an
    entered key is stored only encrypted (Fernet, key derived from the instance secret key).
    """

    __tablename__ = "provider_configs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    base_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    model: Mapped[str] = mapped_column(String(500))
    data_class: Mapped[str] = mapped_column(String(20))
    api_key_env: Mapped[str | None] = mapped_column(
        String(100), nullable=True, info={"secret": True}
    )
    api_key_encrypted: Mapped[str | None] = mapped_column(
        Text, nullable=True, info={"secret": True}
    )
    price_input_per_1k: Mapped[float | None] = mapped_column(Float, nullable=True)
    price_output_per_1k: Mapped[float | None] = mapped_column(Float, nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    connect_timeout: Mapped[float] = mapped_column(Float, default=5.0)
    read_timeout: Mapped[float] = mapped_column(Float, default=60.0)
    max_retries: Mapped[int] = mapped_column(Integer, default=2)
    context_window: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stream_usage: Mapped[bool] = mapped_column(Boolean, default=True)
    # The instance's default for organisations that chose none (`kikultur provider use NAME`).
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OrganisationProvider(Base):
    """An organisation's decision about one provider: enabled or not, and its default.

    Without a row, a `local` provider is enabled and any other is not: no organisation sends
    text off the machine before its admin has chosen to.
    """

    __tablename__ = "organisation_providers"
    __table_args__ = (UniqueConstraint("organisation_id", "provider_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    provider_id: Mapped[int] = mapped_column(
        ForeignKey("provider_configs.id", ondelete="CASCADE"), index=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    provider: Mapped[ProviderRecord] = relationship(lazy="joined")


class ModelCallRecord(Base):
    """The audit record of one model call: who, which model, how long, how it ended.

    No text of prompt or answer is kept, and of pseudonymisation only the counts per kind.
    """

    __tablename__ = "model_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[str] = mapped_column(String(32), unique=True)
    # Nullable: a platform admin's `kikultur provider test` without --org has no organisation.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    tool: Mapped[str | None] = mapped_column(String(100), nullable=True)
    provider: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(500))
    data_class: Mapped[str] = mapped_column(String(20))
    pseudonymised: Mapped[bool] = mapped_column(Boolean)
    replaced_total: Mapped[int] = mapped_column(Integer, default=0)
    replaced_counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    tokens_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    ttft_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    duration_ms: Mapped[float] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(20))
    error_kind: Mapped[str | None] = mapped_column(String(100), nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    cost: Mapped[float | None] = mapped_column(Float, nullable=True)
    currency: Mapped[str | None] = mapped_column(String(3), nullable=True)
