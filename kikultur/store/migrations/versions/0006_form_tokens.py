"""One-time tokens of the tool forms: a form posted twice leads to the first draft.

Revision ID: 0006_form_tokens
Revises: 0005_pipeline
Create Date: 2026-11-27 19:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kikultur.store.models.base

revision: str = "0006_form_tokens"
down_revision: str | None = "0005_pipeline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "draft_form_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("created_at", kikultur.store.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["drafts.id"],
            name=op.f("fk_draft_form_tokens_draft_id_drafts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_draft_form_tokens_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_form_tokens")),
        sa.UniqueConstraint(
            "organisation_id", "token", name=op.f("uq_draft_form_tokens_organisation_id")
        ),
    )
    with op.batch_alter_table("draft_form_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_draft_form_tokens_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("draft_form_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_form_tokens_organisation_id"))
    op.drop_table("draft_form_tokens")
