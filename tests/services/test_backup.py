"""Backup and restore round trip on the database in use (SQLite copy or pg_dump)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.schemas.factsheet import FactSheetUpdate
from kikultur.services import backup, factsheet
from kikultur.store.db import engine_for, make_session_factory
from kikultur.store.repository import OrgRepository
from tests.conftest import OrgFixture


def _mission(settings: Settings, org_id: int) -> str:
    engine = engine_for(settings)
    try:
        with make_session_factory(engine)() as session:
            return factsheet.current(OrgRepository(session, org_id)).data.mission
    finally:
        engine.dispose()


def test_backup_then_restore_brings_back_the_old_state(
    db: Session, settings: Settings, org_a: OrgFixture, tmp_path: Path
) -> None:
    repo = OrgRepository(db, org_a.org.id)
    factsheet.save(
        repo, org_a.admin, FactSheetUpdate(name=org_a.org.name, mission="vorher", base_version=0)
    )
    target = backup.backup(settings, tmp_path / "sicherung.bak")
    assert target.stat().st_size > 0
    factsheet.save(
        repo, org_a.admin, FactSheetUpdate(name=org_a.org.name, mission="nachher", base_version=1)
    )
    db.close()
    assert _mission(settings, org_a.org.id) == "nachher"
    backup.restore(settings, target)
    assert _mission(settings, org_a.org.id) == "vorher"


def test_backup_refuses_to_overwrite_and_restore_refuses_foreign_files(
    settings: Settings, tmp_path: Path
) -> None:
    existing = tmp_path / "schon-da.bak"
    existing.write_text("alt", encoding="utf-8")
    with pytest.raises(backup.BackupError, match="gibt es schon"):
        backup.backup(settings, existing)
    with pytest.raises(backup.BackupError, match="keine"):
        backup.restore(settings, existing)
    with pytest.raises(backup.BackupError, match="nicht gefunden"):
        backup.restore(settings, tmp_path / "fehlt.bak")
