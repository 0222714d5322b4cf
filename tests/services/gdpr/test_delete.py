"""Hard deletion: after deleting an organisation or a user, no row anywhere refers to it
(generic walk over `Base.metadata`); other organisations keep everything."""

from __future__ import annotations

from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.services import accounts
from kikultur.services.gdpr import GdprError
from kikultur.services.gdpr.delete import delete_organisation, delete_own_account, delete_user
from kikultur.store.files import organisation_files_dir
from kikultur.store.models import (
    Base,
    FactSheetVersion,
    Invitation,
    LoginAttempt,
    Organisation,
    Role,
    User,
)
from tests.conftest import PASSWORD, make_org
from tests.services.gdpr.conftest import World


def _referencing(session: Session, target: str, ids: set[int]) -> list[str]:
    """Every (table.column) in the app that still holds one of `ids` of table `target`."""
    session.expire_all()
    found = []
    for table in Base.metadata.sorted_tables:
        columns = [fk.parent for fk in table.foreign_keys if fk.column.table.name == target]
        if target == "organisations" and "organisation_id" in table.c:
            columns.append(table.c.organisation_id)
        if table.name == target:
            columns.append(table.c.id)
        for column in set(columns):
            count = session.scalar(select(func.count()).select_from(table).where(column.in_(ids)))
            if count:
                found.append(f"{table.name}.{column.name}")
    return found


def _counts(session: Session) -> dict[str, int]:
    return {
        t.name: session.scalar(select(func.count()).select_from(t)) or 0
        for t in Base.metadata.sorted_tables
    }


def _rows_of(session: Session, org_id: int) -> dict[str, list[Any]]:
    return {
        t.name: sorted(map(tuple, session.execute(select(t).where(t.c.organisation_id == org_id))))
        for t in Base.metadata.sorted_tables
        if "organisation_id" in t.c
    }


def test_deleting_an_organisation_leaves_nothing_that_refers_to_it(
    db: Session, settings: Settings, world: World
) -> None:
    org_id = world.a.org.id
    user_ids = {world.a.admin.id, world.a.member.id}
    b_before = _rows_of(db, world.b.org.id)
    summary = delete_organisation(db, settings, org_id)
    assert _referencing(db, "organisations", {org_id}) == []
    assert _referencing(db, "users", user_ids) == []
    assert summary.deleted["users"] == 2 and summary.deleted["organisations"] == 1
    assert not organisation_files_dir(settings, org_id).exists()
    assert summary.files_removed
    # B keeps all its rows; only the reference to A's deleted admin was cleared.
    b_after = _rows_of(db, world.b.org.id)
    assert {k: len(v) for k, v in b_after.items()} == {k: len(v) for k, v in b_before.items()}
    invitation = db.scalars(
        select(Invitation).where(Invitation.email == "von-a-eingeladen@b.example.org")
    ).one()
    assert invitation.created_by_id is None
    assert summary.cleared == {"invitations.created_by_id": 1}
    assert organisation_files_dir(settings, world.b.org.id).exists()


def test_deleting_a_user_removes_sessions_and_keeps_what_they_created(
    db: Session, settings: Settings, world: World
) -> None:
    member_id = world.a.member.id
    before = _counts(db)
    summary = delete_user(db, member_id)
    assert _referencing(db, "users", {member_id}) == []
    after = _counts(db)
    assert after["users"] == before["users"] - 1
    assert after["user_sessions"] == before["user_sessions"] - 1
    # Their Steckbrief version stays with the organisation, without the author.
    assert after["factsheet_versions"] == before["factsheet_versions"]
    version = db.scalars(
        select(FactSheetVersion).where(FactSheetVersion.organisation_id == world.a.org.id)
    ).one()
    assert version.created_by_id is None
    assert summary.cleared == {
        "factsheet_versions.created_by_id": 1,
        "processor_checklists.updated_by_id": 1,
    }


def test_the_last_admin_of_an_organisation_cannot_be_deleted(
    db: Session, settings: Settings, world: World
) -> None:
    with pytest.raises(GdprError, match="letzte Verwaltung der Einrichtung"):
        delete_user(db, world.a.admin.id)
    db.rollback()
    assert db.get(User, world.a.admin.id) is not None
    # With a second admin, the first one can go.
    db.get(User, world.a.member.id).role = Role.org_admin.value  # type: ignore[union-attr]
    db.commit()
    delete_user(db, world.a.admin.id)
    assert _referencing(db, "users", {world.a.admin.id}) == []


def test_the_last_platform_admin_and_their_organisation_cannot_be_deleted(
    db: Session, settings: Settings
) -> None:
    home = make_org(db, settings, "Dachverband", "dach")
    home.admin.role = Role.platform_admin.value
    home.member.role = Role.org_admin.value
    db.commit()
    with pytest.raises(GdprError, match="letzte Plattform-Verwaltung"):
        delete_user(db, home.admin.id)
    db.rollback()
    with pytest.raises(GdprError, match="letzte Plattform-Verwaltung"):
        delete_organisation(db, settings, home.org.id)
    db.rollback()
    assert db.get(Organisation, home.org.id) is not None


def test_own_account_deletion_needs_the_right_password(
    db: Session, settings: Settings, world: World
) -> None:
    hasher: PasswordHasher = accounts.make_hasher(settings)
    with pytest.raises(GdprError, match="Passwort stimmt nicht") as caught:
        delete_own_account(db, hasher, world.a.member.id, "falsch")
    assert caught.value.field == "password"
    db.rollback()
    assert db.get(User, world.a.member.id) is not None
    delete_own_account(db, hasher, world.a.member.id, PASSWORD)
    assert _referencing(db, "users", {world.a.member.id}) == []


def test_deleting_unknown_organisation_or_user_is_refused_in_german(
    db: Session, settings: Settings
) -> None:
    with pytest.raises(GdprError, match="Die Einrichtung mit der Nummer 4711 gibt es nicht"):
        delete_organisation(db, settings, 4711)
    with pytest.raises(GdprError, match="Das Konto mit der Nummer 4711 gibt es nicht"):
        delete_user(db, 4711)


def test_deleting_a_user_removes_their_failed_logins(
    db: Session, settings: Settings, world: World
) -> None:
    db.add(LoginAttempt(email=world.a.member.email, client="10.0.0.1"))
    db.add(LoginAttempt(email=world.b.member.email, client="10.0.0.2"))
    db.commit()
    summary = delete_user(db, world.a.member.id)
    assert summary.deleted["login_attempts"] == 1
    assert db.scalars(select(LoginAttempt.email)).all() == [world.b.member.email]
