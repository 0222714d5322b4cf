"""Retention: registered kinds of data expire exactly at their period, per organisation;
the purge runs from the app's lifespan when asked."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.store.models import (
    FactSheetVersion,
    Invitation,
    RetentionSetting,
    UserSession,
    utcnow,
)
from kikultur.store.retention import RULES, purge, register
from kikultur.web.app import create_app
from tests.conftest import OrgFixture

NOW = datetime(2026, 11, 27, 12, 0, 0, tzinfo=utcnow().tzinfo)


def _invitation(db: Session, org: OrgFixture, email: str, used_at: datetime) -> None:
    db.add(
        Invitation(
            organisation_id=org.org.id,
            email=email,
            token_hash=email.ljust(64, "x")[:64],
            created_at=used_at - timedelta(days=1),
            expires_at=used_at + timedelta(days=7),
            used_at=used_at,
        )
    )


def _emails(db: Session) -> set[str]:
    db.expire_all()
    return set(db.scalars(select(Invitation.email)))


def test_invitations_expire_exactly_at_the_organisations_own_period(
    db: Session, settings: Settings, org_a: OrgFixture, org_b: OrgFixture
) -> None:
    db.add(RetentionSetting(organisation_id=org_a.org.id, key="invitations", days=10))
    _invitation(db, org_a, "grenze@a.org", NOW - timedelta(days=10))
    _invitation(db, org_a, "knapp@a.org", NOW - timedelta(days=10) + timedelta(seconds=1))
    # B has no own period: the default (30 days) applies, 10 days are not enough.
    _invitation(db, org_b, "grenze@b.org", NOW - timedelta(days=10))
    _invitation(db, org_b, "alt@b.org", NOW - timedelta(days=30))
    db.commit()
    results = purge(db, NOW, settings)
    assert _emails(db) == {"knapp@a.org", "grenze@b.org"}
    counts = {(r.key, r.organisation_id): (r.days, r.count) for r in results}
    assert counts[("invitations", org_a.org.id)] == (10, 1)
    assert counts[("invitations", org_b.org.id)] == (30, 1)


def test_open_invitations_never_expire_by_age(
    db: Session, settings: Settings, org_a: OrgFixture
) -> None:
    db.add(
        Invitation(
            organisation_id=org_a.org.id,
            email="offen@a.org",
            token_hash="o" * 64,
            created_at=NOW - timedelta(days=400),
            expires_at=NOW + timedelta(days=1),
        )
    )
    db.commit()
    purge(db, NOW, settings)
    assert _emails(db) == {"offen@a.org"}


def test_sessions_go_when_they_end_and_dry_run_deletes_nothing(
    db: Session, settings: Settings, org_a: OrgFixture
) -> None:
    for name, ends in (("ended", NOW), ("running", NOW + timedelta(seconds=1))):
        db.add(
            UserSession(user_id=org_a.member.id, token_hash=name.ljust(64, "0"), expires_at=ends)
        )
    db.commit()
    dry = purge(db, NOW, settings, dry_run=True)
    assert [r.count for r in dry if r.key == "sessions"] == [1]
    assert len(db.scalars(select(UserSession)).all()) == 2
    purge(db, NOW, settings)
    db.expire_all()
    assert [s.token_hash[:7] for s in db.scalars(select(UserSession))] == ["running"]


@pytest.fixture
def drafts_rule() -> Iterator[None]:
    """Swaps the real drafts rule for a stand-in table, to test the one-line registration."""
    real = RULES.pop("drafts")
    register(FactSheetVersion, FactSheetVersion.created_at, "drafts", 5, "Entwürfe")
    yield
    RULES["drafts"] = real


def test_one_registration_line_adds_a_kind_with_the_instance_default_from_settings(
    drafts_rule: None, db: Session, settings: Settings, org_a: OrgFixture
) -> None:
    # The instance default comes from Settings.retention_drafts_days, not the fallback 5.
    assert RULES["drafts"].instance_days(settings) == settings.retention_drafts_days == 730
    for version, age in ((1, 730), (2, 729)):
        db.add(
            FactSheetVersion(
                organisation_id=org_a.org.id,
                version=version,
                data={},
                created_at=NOW - timedelta(days=age),
            )
        )
    db.commit()
    purge(db, NOW, settings)
    db.expire_all()
    assert [v.version for v in db.scalars(select(FactSheetVersion))] == [2]


def test_a_key_can_be_registered_only_once(drafts_rule: None) -> None:
    with pytest.raises(ValueError, match="schon"):
        register(Invitation, Invitation.created_at, "drafts", 1)


def test_the_app_purges_on_start_when_autopurge_is_on(
    settings: Settings, org_a: OrgFixture, db: Session
) -> None:
    db.add(
        UserSession(
            user_id=org_a.member.id, token_hash="e" * 64, expires_at=utcnow() - timedelta(days=1)
        )
    )
    db.commit()
    app = create_app(settings.model_copy(update={"retention_autopurge": True}))
    try:
        with TestClient(app):
            scheduler = app.state.purge_scheduler
            deadline = time.monotonic() + 10
            while scheduler.runs == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert scheduler.runs >= 1
        db.expire_all()
        assert db.scalars(select(UserSession).where(UserSession.token_hash == "e" * 64)).all() == []
    finally:
        app.state.engine.dispose()


def test_tests_run_without_the_purge_thread(app: object) -> None:
    with TestClient(app) as _client:  # type: ignore[arg-type]
        assert _client.app.state.purge_scheduler is None  # type: ignore[attr-defined]
