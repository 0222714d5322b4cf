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
