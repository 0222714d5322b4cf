"""Two organisations with data in every foundation and GDPR table, and files on disk."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.schemas.accounts import InvitationCreate
from kikultur.schemas.factsheet import FactSheetUpdate
from kikultur.services import accounts, factsheet
from kikultur.store.files import organisation_files_dir
from kikultur.store.models import ProcessorChecklist, RetentionSetting, utcnow
from kikultur.store.repository import OrgRepository
from tests.conftest import OrgFixture


@dataclass
class World:
    a: OrgFixture
    b: OrgFixture


def populate(session: Session, settings: Settings, fx: OrgFixture, marker: str) -> None:
    repo = OrgRepository(session, fx.org.id)
    factsheet.save(
        repo,
        fx.member,
        FactSheetUpdate(name=fx.org.name, mission=f"{marker}-Auftrag", base_version=0),
    )
    accounts.create_invitation(
        repo, settings, fx.admin, InvitationCreate(email=f"neu@{marker}.org")
    )
    repo.add(RetentionSetting(key="invitations", days=10, updated_at=utcnow()))
    repo.add(
        ProcessorChecklist(
            provider="mistral", notes=f"{marker}-AVV-Notiz", updated_by_id=fx.member.id
        )
    )
    session.commit()
    accounts.start_session(session, settings, fx.member)
    accounts.start_session(session, settings, fx.admin)
    folder = organisation_files_dir(settings, fx.org.id)
    (folder / "vorlagen").mkdir(parents=True)
    (folder / "vorlagen" / "brief.txt").write_text(f"{marker}-Datei", encoding="utf-8")


@pytest.fixture
def world(db: Session, settings: Settings, org_a: OrgFixture, org_b: OrgFixture) -> World:
    populate(db, settings, org_a, "A-MARKE")
    populate(db, settings, org_b, "B-MARKE")
    # A cross-organisation reference: A's admin invited someone into B (like the platform
    # admin does when creating an organisation). The row is B's, the reference points at A.
    accounts.create_invitation(
        OrgRepository(db, org_b.org.id),
        settings,
        org_a.admin,
        InvitationCreate(email="von-a-eingeladen@b.example.org"),
    )
    db.commit()
    return World(org_a, org_b)
