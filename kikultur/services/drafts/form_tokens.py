"""One-time form tokens: a tool form submitted twice creates one draft, not two."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from kikultur.store.models import Draft, DraftFormToken
from kikultur.store.repository import OrgRepository

# Longer values are no token of ours; they are ignored rather than stored cut off.
MAX_TOKEN_LENGTH = 64


def new_form_token() -> str:
    """A fresh token for one rendering of a tool form."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class TokenClaim:
    """`first`: this submission owns the token and may generate. Otherwise `draft_id` is the
    draft of the earlier submission (None while that one has not created its draft yet)."""

    first: bool
    draft_id: int | None = None


def claim_form_token(repo: OrgRepository, token: str) -> TokenClaim:
    """Claims the token for this submission; an empty or foreign-shaped token claims nothing.

    The unique constraint (organisation, token) decides between two submissions arriving
    at once, so only one of them can generate.
    """
    token = token.strip()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return TokenClaim(first=True)
    row = DraftFormToken(token=token)
    try:
        with repo.session.begin_nested():
            repo.add(row)
        repo.session.commit()
        return TokenClaim(first=True)
    except IntegrityError:
        repo.session.rollback()
    stmt = repo.select(DraftFormToken).where(DraftFormToken.token == token)
    existing = repo.session.scalars(stmt).first()
    return TokenClaim(first=False, draft_id=existing.draft_id if existing else None)


def attach_draft(repo: OrgRepository, token: str, draft: Draft) -> None:
    """Records which draft the token's first submission created."""
    token = token.strip()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return
    stmt = repo.select(DraftFormToken).where(DraftFormToken.token == token)
    row = repo.session.scalars(stmt).first()
    if row is not None and row.draft_id is None:
        row.draft_id = draft.id
        repo.session.commit()
