"""The one organisation-scoped data layer: every query for an organisation's data goes here.

`OrgRepository` is built for exactly one organisation (the caller's) and adds the
`organisation_id` filter itself, so a route cannot forget it. New models with an
`organisation_id` column get scoped access for free through `get`, `select` and `add`.
`InstanceRepository` holds the few instance-wide queries (login, sessions, invitation tokens,
the platform admin's list of organisations); it never returns an organisation's content.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from kikultur.store.models import (
    FactSheetVersion,
    Invitation,
    LoginAttempt,
    Organisation,
    User,
    UserSession,
)

T = TypeVar("T")


class OrgRepository:
    """Data access for one organisation; it cannot see or change another's rows."""

    def __init__(self, session: Session, organisation_id: int) -> None:
        self.session = session
        self.organisation_id = organisation_id

    # Generic scoped access, for every model with an `organisation_id` column.
    def select(self, model: type[T]) -> Select[Any]:
        column = getattr(model, "organisation_id", None)
        if column is None:
            raise TypeError(f"{model.__name__} hat keine Spalte organisation_id")
        return select(model).where(column == self.organisation_id)

    def get(self, model: type[T], object_id: int) -> T | None:
        stmt = self.select(model).where(model.id == object_id)  # type: ignore[attr-defined]
        return cast(T | None, self.session.scalars(stmt).first())

    def all(self, model: type[T], *order_by: Any) -> list[T]:
        return list(self.session.scalars(self.select(model).order_by(*order_by)))

    def add(self, obj: Any) -> None:
        """Adds a new row, stamped with this organisation (a foreign stamp is an error)."""
        current = getattr(obj, "organisation_id", None)
        if current is not None and current != self.organisation_id:
            raise PermissionError("Zeile gehört zu einer anderen Einrichtung")
        obj.organisation_id = self.organisation_id
        self.session.add(obj)

    def delete(self, obj: Any) -> None:
        if getattr(obj, "organisation_id", None) != self.organisation_id:
            raise PermissionError("Zeile gehört zu einer anderen Einrichtung")
        self.session.delete(obj)

    # The organisation itself and its people.
    def organisation(self) -> Organisation:
        org = self.session.get(Organisation, self.organisation_id)
        if org is None:
            raise LookupError("Einrichtung nicht gefunden")
        return org

    def members(self) -> list[User]:
        return self.all(User, User.display_name, User.id)

    def member(self, user_id: int) -> User | None:
        return self.get(User, user_id)

    def open_invitations(self, now: datetime) -> list[Invitation]:
        stmt = (
            self.select(Invitation)
            .where(
                Invitation.used_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > now,
            )
            .order_by(Invitation.created_at)
        )
        return list(self.session.scalars(stmt))

    # Fact sheet versions.
    def factsheet_current(self) -> FactSheetVersion | None:
        stmt = self.select(FactSheetVersion).order_by(FactSheetVersion.version.desc()).limit(1)
        return cast(FactSheetVersion | None, self.session.scalars(stmt).first())

    def factsheet_versions(self) -> list[FactSheetVersion]:
        return self.all(FactSheetVersion, FactSheetVersion.version.desc())

    def factsheet_version(self, version_id: int) -> FactSheetVersion | None:
        return self.get(FactSheetVersion, version_id)


class InstanceRepository:
    """Instance-wide queries needed before an organisation is known (login) or by the
    platform admin; no organisation content is read here."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def user_by_email(self, email: str) -> User | None:
        return self.session.scalars(select(User).where(User.email == email)).first()

    def user_count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(User)) or 0

    def organisations(self) -> list[Organisation]:
        return list(self.session.scalars(select(Organisation).order_by(Organisation.name)))

    def organisation_by_name(self, name: str) -> Organisation | None:
        stmt = select(Organisation).where(Organisation.name == name)
        return self.session.scalars(stmt).first()

    def member_count(self, organisation_id: int) -> int:
        stmt = select(func.count()).select_from(User).where(User.organisation_id == organisation_id)
        return self.session.scalar(stmt) or 0

    def session_by_token_hash(self, token_hash: str, now: datetime) -> UserSession | None:
        stmt = select(UserSession).where(
            UserSession.token_hash == token_hash, UserSession.expires_at > now
        )
        return self.session.scalars(stmt).first()

    def delete_sessions(self, user_id: int, keep_id: int | None = None) -> None:
        stmt = delete(UserSession).where(UserSession.user_id == user_id)
        if keep_id is not None:
            stmt = stmt.where(UserSession.id != keep_id)
        self.session.execute(stmt)

    def invitation_by_token_hash(self, token_hash: str) -> Invitation | None:
        stmt = select(Invitation).where(Invitation.token_hash == token_hash)
        return self.session.scalars(stmt).first()

    def recent_failures(self, *, email: str | None, client: str | None, since: datetime) -> int:
        stmt = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.created_at > since)
        if email is not None:
            stmt = stmt.where(LoginAttempt.email == email)
        if client is not None:
            stmt = stmt.where(LoginAttempt.client == client)
        return self.session.scalar(stmt) or 0

    def purge_expired(self, now: datetime, keep_failures: timedelta = timedelta(days=1)) -> None:
        """Drops ended sessions and old failed logins, so the tables do not grow forever."""
        self.session.execute(delete(UserSession).where(UserSession.expires_at <= now))
        self.session.execute(
            delete(LoginAttempt).where(LoginAttempt.created_at <= now - keep_failures)
        )

    def clear_failures(self, email: str) -> None:
        self.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
