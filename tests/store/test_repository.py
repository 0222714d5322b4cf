"""The organisation-scoped repository cannot read, add or delete another organisation's rows."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from kikultur.schemas.factsheet import FactSheetUpdate
from kikultur.services import factsheet
from kikultur.store.models import FactSheetVersion, Invitation, LoginAttempt, utcnow
from kikultur.store.repository import OrgRepository
from tests.conftest import OrgFixture


def test_repository_only_returns_rows_of_its_organisation(
    db: Session, org_a: OrgFixture, org_b: OrgFixture
) -> None:
    repo_b = OrgRepository(db, org_b.org.id)
    factsheet.save(repo_b, org_b.admin, FactSheetUpdate(name=org_b.org.name, base_version=0))
    repo_a = OrgRepository(db, org_a.org.id)
    b_version = repo_b.factsheet_current()
    assert b_version is not None
    assert repo_a.factsheet_version(b_version.id) is None
    assert repo_a.get(FactSheetVersion, b_version.id) is None
    assert repo_a.member(org_b.member.id) is None
    assert {m.id for m in repo_a.members()} == {org_a.admin.id, org_a.member.id}
    assert repo_a.factsheet_current() is None


def test_repository_refuses_foreign_rows_and_unscoped_models(
    db: Session, org_a: OrgFixture, org_b: OrgFixture
) -> None:
    repo_a = OrgRepository(db, org_a.org.id)
    foreign = Invitation(
        organisation_id=org_b.org.id,
        email="x@b.example.org",
        token_hash="0" * 64,
        expires_at=utcnow(),
    )
    with pytest.raises(PermissionError):
        repo_a.add(foreign)
    with pytest.raises(PermissionError):
        repo_a.delete(org_b.member)
    with pytest.raises(TypeError):
        repo_a.select(LoginAttempt)


def test_expired_sessions_and_old_failed_logins_are_purged(db: Session, org_a: OrgFixture) -> None:
    from datetime import timedelta

    from sqlalchemy import select

    from kikultur.store.models import UserSession
    from kikultur.store.repository import InstanceRepository

    now = utcnow()
    db.add(UserSession(user_id=org_a.member.id, token_hash="a" * 64, expires_at=now))
    db.add(
        UserSession(
            user_id=org_a.member.id, token_hash="b" * 64, expires_at=now + timedelta(hours=1)
        )
    )
    db.add(
        LoginAttempt(email="x@example.org", client="1.2.3.4", created_at=now - timedelta(days=2))
    )
    db.add(LoginAttempt(email="y@example.org", client="1.2.3.4", created_at=now))
    db.commit()
    InstanceRepository(db).purge_expired(now)
    db.commit()
    assert [s.token_hash for s in db.scalars(select(UserSession))] == ["b" * 64]
    assert [a.email for a in db.scalars(select(LoginAttempt))] == ["y@example.org"]
