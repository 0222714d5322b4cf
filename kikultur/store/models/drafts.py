"""Drafts of the writing tools: versions with provenance, pseudonym vault, org tools, settings."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kikultur.store.models.accounts import User
from kikultur.store.models.base import Base, UTCDateTime, utcnow


class DraftStatus(enum.StrEnum):
    draft = "draft"  # Entwurf
    geprueft = "geprueft"  # human editorial review recorded (EU AI Act Art. 50)


class VersionOrigin(enum.StrEnum):
    generated = "generated"  # the model's answer, slots filled, sections parsed
    edited = "edited"  # a human saved an edit
    fix = "fix"  # a one-click fix of a finding was applied
    restored = "restored"  # an older version was made current again
    partial = "partial"  # the model call broke off; what arrived is kept


class Draft(Base):
    """One text a tool produces; its text lives in numbered versions (history is kept)."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    tool_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default=DraftStatus.draft.value)
    # The current form: needed again for re-generation, checks and export of every version.
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    brief: Mapped[str] = mapped_column(Text, default="")
    provider: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Set when someone marked the draft "geprüft" although contradicted facts were open.
    review_override_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    reviewed_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Leichte Sprache: a reader of the target group checked the text (clears `nicht_geprueft`).
    reader_checked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    reader_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reader_checked_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    reader_checked_by: Mapped[User | None] = relationship(foreign_keys=[reader_checked_by_id])
    versions: Mapped[list[DraftVersion]] = relationship(
        back_populates="draft",
        order_by="DraftVersion.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    vault: Mapped[DraftVault | None] = relationship(
        back_populates="draft", cascade="all, delete-orphan", passive_deletes=True
    )


class DraftVersion(Base):
    """One state of a draft's text, with the findings of its checks and where it came from."""

    __tablename__ = "draft_versions"
    # Two tabs saving on the same base collide here instead of overwriting each other.
    __table_args__ = (UniqueConstraint("draft_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    sections: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    origin: Mapped[str] = mapped_column(String(20))
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Tool, prompt version, provider, model, data class, pseudonymised counts (never values),
    # inputs snapshot, brief, Steckbrief version, based_on ...
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    draft: Mapped[Draft] = relationship(back_populates="versions")
    created_by: Mapped[User | None] = relationship()


class DraftVault(Base):
    """The pseudonym mapping of one draft. Stays in this database; deleted with the draft."""

    __tablename__ = "draft_vaults"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    draft_id: Mapped[int] = mapped_column(
        ForeignKey("drafts.id", ondelete="CASCADE"), unique=True, index=True
    )
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    draft: Mapped[Draft] = relationship(back_populates="vault")


class OrganisationTool(Base):
    """An organisation's own copy of a tool: spec and prompts as data (no code)."""

    __tablename__ = "organisation_tools"
    __table_args__ = (UniqueConstraint("organisation_id", "tool_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    tool_id: Mapped[str] = mapped_column(String(100))
    # {"spec": {...}, "prompts": {"system": ..., "user": ...}}, read by registry.load_tool_dict.
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class OrganisationSettings(Base):
    """Per-organisation choices for drafts: the AI note in exports, the own Word template."""

    __tablename__ = "organisation_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), unique=True, index=True
    )
    ai_note_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    ai_note_text: Mapped[str] = mapped_column(Text, default="")  # empty: the default note
    # File name inside `<data_dir>/organisations/<id>/`; the original name is kept for display.
    word_template_file: Mapped[str | None] = mapped_column(String(200), nullable=True)
    word_template_name: Mapped[str | None] = mapped_column(String(300), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class DraftFormToken(Base):
    """A tool form's one-time token and the draft its first submission created.

    A form posted twice (double click, reload) finds its token here and leads to that draft
    instead of starting a second generation.
    """

    __tablename__ = "draft_form_tokens"
    __table_args__ = (UniqueConstraint("organisation_id", "token"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    token: Mapped[str] = mapped_column(String(64), info={"secret": True})
    # None while the first submission has not created its draft yet.
    draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("drafts.id", ondelete="CASCADE"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
