"""Hard deletion of an organisation or a user with everything that belongs to it.

What happens to a row depends on its foreign key (see `ownership`):
- ON DELETE CASCADE or NOT NULL: the row belongs to the deleted organisation/user and is
  deleted with it (an organisation's users, drafts, settings; a user's login sessions).
- nullable without CASCADE (`created_by_id ... ON DELETE SET NULL`): the row belongs to
  someone else (the organisation's Steckbrief version an ex-member saved) and stays; the
  reference is set to NULL, so nothing points at the deleted person any more.
The organisation's folder (`store.files.organisation_files_dir`) is removed after the commit.
The caller passes an uncommitted session; this module commits on success.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ColumnElement, Table, delete, func, select, update
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.services.gdpr import GdprError, get_organisation, get_user
from kikultur.services.gdpr.ownership import owned_rows, owning_keys, table, tables
from kikultur.store.files import organisation_files_dir
from kikultur.store.models import LoginAttempt, Organisation, Role, User


@dataclass
class DeletionSummary:
    kind: str
    subject: str
    deleted: dict[str, int] = field(default_factory=dict)
    cleared: dict[str, int] = field(default_factory=dict)  # "table.column": references set NULL
    files_removed: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "deleted": self.deleted,
            "cleared": self.cleared,
            "files_removed": self.files_removed,
        }


def _delete_owned(
    session: Session, clauses: dict[Table, ColumnElement[bool]], summary: DeletionSummary
) -> None:
    # First clear references held in nullable keys without CASCADE, so neither a missing
    # ON DELETE SET NULL nor a cycle between owned tables decides what survives. Rows that
    # are deleted anyway are cleared too, but only rows that stay are counted.
    for tbl in tables():
        owning = set(owning_keys(tbl))
        for fk in tbl.foreign_keys:
            parent = fk.column.table
            if fk in owning or parent not in clauses:
                continue
            where: ColumnElement[bool] = fk.parent.in_(select(fk.column).where(clauses[parent]))
            doomed = 0
            if tbl in clauses:
                stmt = select(func.count()).select_from(tbl).where(where, clauses[tbl])
                doomed = session.scalar(stmt) or 0
            result = session.execute(update(tbl).where(where).values({fk.parent.name: None}))
            count = int(getattr(result, "rowcount", 0) or 0) - doomed
            if count > 0:
                key = f"{tbl.name}.{fk.parent.name}"
                summary.cleared[key] = summary.cleared.get(key, 0) + count
    # Children before parents. Counts are taken first: a child's clause reads its parent.
    counts = {
        tbl: session.scalar(select(func.count()).select_from(tbl).where(clause)) or 0
        for tbl, clause in clauses.items()
    }
    for tbl in reversed(tables()):
        if tbl in clauses and counts[tbl]:
            session.execute(delete(tbl).where(clauses[tbl]))
            summary.deleted[tbl.name] = counts[tbl]


def _admins(session: Session, organisation_id: int) -> list[User]:
    stmt = select(User).where(
        User.organisation_id == organisation_id,
        User.is_active.is_(True),
        User.role.in_([Role.org_admin.value, Role.platform_admin.value]),
    )
    return list(session.scalars(stmt))


def _platform_admins(session: Session) -> list[User]:
    stmt = select(User).where(User.role == Role.platform_admin.value, User.is_active.is_(True))
    return list(session.scalars(stmt))


def check_user_deletable(session: Session, user: User) -> None:
    """Refuses to delete the last administrator of an organisation or of the instance."""
    if user.is_org_admin and [a.id for a in _admins(session, user.organisation_id)] == [user.id]:
        raise GdprError(
            _(
                "Das Konto {email} ist die letzte Verwaltung der Einrichtung „{org}“ und kann "
                "nicht gelöscht werden: Sonst könnte niemand mehr die Einrichtung verwalten. "
                "Bitte zuerst einem anderen Mitglied die Verwaltung übertragen, oder die ganze "
                "Einrichtung löschen lassen."
            ).format(email=user.email, org=user.organisation.name)
        )
    if user.is_platform_admin and [a.id for a in _platform_admins(session)] == [user.id]:
        raise GdprError(
            _(
                "Das Konto {email} ist die letzte Plattform-Verwaltung dieser Werkbank und kann "
                "nicht gelöscht werden. Bitte zuerst ein anderes Konto zur Plattform-Verwaltung "
                "machen (kikultur user add --role platform_admin)."
            ).format(email=user.email)
        )


def delete_user(session: Session, user_id: int) -> DeletionSummary:
    """Deletes the user, their sessions and everything that belongs to them; rows they
    created for their organisation stay, with the author reference set to NULL."""
    user = get_user(session, user_id)
    check_user_deletable(session, user)
    summary = DeletionSummary("user", user.email)
    session.expunge(user)  # the ORM must not try to flush the row it no longer knows
    _delete_owned(session, owned_rows(table("users"), user_id), summary)
    # Failed logins carry the address as text, not as a key.
    attempts = session.execute(delete(LoginAttempt).where(LoginAttempt.email == summary.subject))
    if count := int(getattr(attempts, "rowcount", 0) or 0):
        summary.deleted["login_attempts"] = count
    session.commit()
    return summary


def check_organisation_deletable(session: Session, org: Organisation) -> None:
    platform = _platform_admins(session)
    if platform and all(admin.organisation_id == org.id for admin in platform):
        raise GdprError(
            _(
                "Die Einrichtung „{org}“ enthält die letzte Plattform-Verwaltung dieser Werkbank "
                "und kann darum nicht gelöscht werden. Bitte zuerst ein Konto einer anderen "
                "Einrichtung zur Plattform-Verwaltung machen."
            ).format(org=org.name)
        )


def delete_organisation(
    session: Session, settings: Settings, organisation_id: int
) -> DeletionSummary:
    """Deletes the organisation, every row that belongs to it and its files."""
    org = get_organisation(session, organisation_id)
    check_organisation_deletable(session, org)
    summary = DeletionSummary("organisation", org.name)
    session.expunge_all()
    _delete_owned(session, owned_rows(table("organisations"), organisation_id), summary)
    session.commit()
    folder = organisation_files_dir(settings, organisation_id)
    if folder.exists():
        shutil.rmtree(folder)
        summary.files_removed = True
    return summary


def delete_own_account(
    session: Session, hasher: PasswordHasher, user_id: int, password: str
) -> DeletionSummary:
    """A user deletes their own account (Art. 17 GDPR); the password confirms it."""
    user = get_user(session, user_id)
    valid: bool
    try:
        valid = bool(hasher.verify(user.password_hash, password))
    except (VerificationError, InvalidHashError):
        valid = False
    if not valid:
        raise GdprError(_("Das Passwort stimmt nicht; das Konto wurde nicht gelöscht."), "password")
    return delete_user(session, user_id)
