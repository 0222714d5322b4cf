"""Reading and writing drafts and their versions (always through the OrgRepository)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kikultur.i18n import _
from kikultur.services.drafts.checking import CheckedText, findings_dicts
from kikultur.services.drafts.errors import DraftError
from kikultur.store.models import Draft, DraftStatus, DraftVersion, User, utcnow
from kikultur.store.repository import OrgRepository

MAX_TEXT_CHARS = 200_000


def get_draft(repo: OrgRepository, draft_id: int) -> Draft:
    draft = repo.get(Draft, draft_id)
    if draft is None:
        raise DraftError(_("Den Entwurf {id} gibt es nicht.").format(id=draft_id))
    return draft


def list_drafts(repo: OrgRepository) -> list[Draft]:
    return repo.all(Draft, Draft.updated_at.desc(), Draft.id.desc())


def versions(repo: OrgRepository, draft: Draft) -> list[DraftVersion]:
    stmt = (
        repo.select(DraftVersion)
        .where(DraftVersion.draft_id == draft.id)
        .order_by(DraftVersion.number)
    )
    return list(repo.session.scalars(stmt))


def get_version(repo: OrgRepository, draft: Draft, number: int | None = None) -> DraftVersion:
    """A version by number, or the newest one; German DraftError if there is none."""
    stmt = repo.select(DraftVersion).where(DraftVersion.draft_id == draft.id)
    if number is None:
        stmt = stmt.order_by(DraftVersion.number.desc()).limit(1)
    else:
        stmt = stmt.where(DraftVersion.number == number)
    version = repo.session.scalars(stmt).first()
    if version is None:
        if number is None:
            raise DraftError(_("Der Entwurf hat noch keinen Text."))
        raise DraftError(_("Die Version {number} gibt es nicht.").format(number=number))
    return version


def latest_number(repo: OrgRepository, draft: Draft) -> int:
    stmt = select(func.max(DraftVersion.number)).where(
        DraftVersion.draft_id == draft.id, DraftVersion.organisation_id == repo.organisation_id
    )
    return int(repo.session.scalar(stmt) or 0)


def latest_origins(repo: OrgRepository, draft_ids: list[int]) -> dict[int, str]:
    """The origin of each draft's newest version; a draft without any version is missing."""
    if not draft_ids:
        return {}
    newest = (
        select(DraftVersion.draft_id, func.max(DraftVersion.number).label("number"))
        .where(
            DraftVersion.organisation_id == repo.organisation_id,
            DraftVersion.draft_id.in_(draft_ids),
        )
        .group_by(DraftVersion.draft_id)
        .subquery()
    )
    stmt = (
        repo.select(DraftVersion)
        .with_only_columns(DraftVersion.draft_id, DraftVersion.origin)
        .join(
            newest,
            (DraftVersion.draft_id == newest.c.draft_id) & (DraftVersion.number == newest.c.number),
        )
    )
    return {int(draft_id): str(origin) for draft_id, origin in repo.session.execute(stmt)}


def add_version(
    repo: OrgRepository,
    draft: Draft,
    checked: CheckedText,
    origin: str,
    provenance: dict[str, Any],
    user: User | None,
) -> DraftVersion:
    """Stores the next version and commits; a parallel save takes the following number."""
    for _attempt in range(5):
        number = latest_number(repo, draft) + 1
        version = DraftVersion(
            draft_id=draft.id,
            number=number,
            text=checked.text,
            sections=checked.sections,
            origin=origin,
            findings=findings_dicts(checked.findings),
            provenance={**provenance, "checks": checked.checks_run},
            created_by_id=user.id if user is not None else None,
        )
        repo.add(version)
        draft.updated_at = utcnow()
        if draft.status == DraftStatus.geprueft.value:
            # The review covers the text that was reviewed; a new text needs a new review.
            draft.status = DraftStatus.draft.value
        try:
            repo.session.commit()
        except IntegrityError:
            repo.session.rollback()
            continue
        return version
    raise DraftError(_("Die Version konnte nicht gespeichert werden. Bitte erneut versuchen."))


def delete_draft(repo: OrgRepository, draft: Draft) -> None:
    """Deletes the draft with its versions and its pseudonym vault."""
    repo.delete(draft)
    repo.session.commit()


def version_dict(version: DraftVersion) -> dict[str, Any]:
    """A version as JSON for the editor and the API (findings with offsets into `text`)."""
    return {
        "number": version.number,
        "origin": version.origin,
        "text": version.text,
        "sections": version.sections,
        "findings": version.findings,
        "provenance": version.provenance,
        "created_at": version.created_at.isoformat() if version.created_at else None,
        "created_by": version.created_by.display_name if version.created_by else None,
    }


def draft_dict(draft: Draft) -> dict[str, Any]:
    """A draft's header as JSON: status, review, reader check (no text, no vault)."""
    return {
        "id": draft.id,
        "tool_id": draft.tool_id,
        "title": draft.title,
        "status": draft.status,
        "provider": draft.provider,
        "inputs": draft.inputs,
        "brief": draft.brief,
        "created_at": draft.created_at.isoformat() if draft.created_at else None,
        "updated_at": draft.updated_at.isoformat() if draft.updated_at else None,
        "created_by": draft.created_by.display_name if draft.created_by else None,
        "reviewed_by": draft.reviewed_by.display_name if draft.reviewed_by else None,
        "reviewed_at": draft.reviewed_at.isoformat() if draft.reviewed_at else None,
        "reviewed_version": draft.reviewed_version,
        "review_override_reason": draft.review_override_reason,
        "reader_checked_at": (
            draft.reader_checked_at.isoformat() if draft.reader_checked_at else None
        ),
    }
