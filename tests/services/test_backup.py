"""Backup and restore round trip on the database in use (SQLite copy or pg_dump)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.llm.keys import decrypt_api_key, encrypt_api_key
from kikultur.schemas.factsheet import FactSheetUpdate
from kikultur.services import backup, factsheet
from kikultur.store.db import engine_for, make_session_factory
from kikultur.store.files import organisation_files_dir
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
    target = backup.backup(settings, tmp_path / "sicherung.bak").path
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


def _file_key_settings(settings: Settings) -> Settings:
    """The instance keeps its secret key in `<data_dir>/secret_key` (no KIKULTUR_SECRET_KEY)."""
    return settings.model_copy(update={"secret_key": None})


def test_backup_archive_is_private_even_with_a_lax_umask(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "sicherungen"
    folder.mkdir()
    old_umask = os.umask(0o022)
    try:
        summary = backup.backup(settings, folder / "sicherung.tar.gz")
    finally:
        os.umask(old_umask)
    assert summary.path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in folder.iterdir()] == ["sicherung.tar.gz"]  # no work files left


def test_backup_holds_the_organisations_files_and_restore_brings_them_back(
    db: Session, settings: Settings, org_a: OrgFixture, org_b: OrgFixture, tmp_path: Path
) -> None:
    db.close()
    template = organisation_files_dir(settings, org_a.org.id) / "vorlagen" / "brief.docx"
    template.parent.mkdir(parents=True)
    template.write_bytes(b"PK\x03\x04 Word-Vorlage von Haus A")
    knowledge = organisation_files_dir(settings, org_b.org.id) / "wissen.txt"
    knowledge.parent.mkdir(parents=True)
    knowledge.write_text("Öffnungszeiten: Di–So", encoding="utf-8")
    summary = backup.backup(settings, tmp_path / "sicherung.tar.gz")
    assert summary.files == 2
    with tarfile.open(summary.path) as tar:
        names = set(tar.getnames())
    assert f"organisations/{org_a.org.id}/vorlagen/brief.docx" in names
    assert f"organisations/{org_b.org.id}/wissen.txt" in names

    # After the backup: the template is lost and a file appears that the backup never saw.
    shutil.rmtree(organisation_files_dir(settings, org_a.org.id))
    later = organisation_files_dir(settings, org_b.org.id) / "spaeter.txt"
    later.write_text("neu", encoding="utf-8")
    restored = backup.restore(settings, summary.path)
    assert restored.files == 2
    assert template.read_bytes() == b"PK\x03\x04 Word-Vorlage von Haus A"
    assert knowledge.read_text(encoding="utf-8") == "Öffnungszeiten: Di–So"
    assert not later.exists()
    assert not [p for p in settings.data_dir.iterdir() if p.name.startswith(".wiederherstellen")]


def test_backup_holds_the_secret_key_file_so_api_keys_stay_readable(
    db: Session, settings: Settings, tmp_path: Path
) -> None:
    db.close()
    settings = _file_key_settings(settings)
    key = settings.resolve_secret_key()
    token = encrypt_api_key(key, "sk-geheim-123")
    summary = backup.backup(settings, tmp_path / "sicherung.tar.gz")
    assert summary.secret_key and summary.warnings == []
    with tarfile.open(summary.path) as tar:
        member = tar.extractfile("secret_key")
        assert member is not None and member.read().decode().strip() == key

    # A new machine: a different key was generated before the restore.
    key_file = settings.data_dir / "secret_key"
    key_file.unlink()
    assert settings.resolve_secret_key() != key
    restored = backup.restore(settings, summary.path)
    assert restored.secret_key
    assert any("neu starten" in w for w in restored.warnings)
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert decrypt_api_key(settings.resolve_secret_key(), token, provider="x") == "sk-geheim-123"


def test_backup_with_key_from_the_environment_says_the_key_is_not_inside(
    db: Session, settings: Settings, tmp_path: Path
) -> None:
    db.close()
    summary = backup.backup(settings, tmp_path / "sicherung.tar.gz")
    assert not summary.secret_key
    assert any("KIKULTUR_SECRET_KEY" in w for w in summary.warnings)
    with tarfile.open(summary.path) as tar:
        assert "secret_key" not in tar.getnames()
    restored = backup.restore(settings, summary.path)
    assert any("keinen geheimen Schlüssel" in w for w in restored.warnings)


def test_restore_refuses_archives_with_foreign_or_escaping_entries(
    settings: Settings, tmp_path: Path
) -> None:
    files_before = sorted(p.name for p in settings.ensure_data_dir().iterdir())
    for name in ("../ausbruch.txt", "/etc/kikultur.txt", "anderes/datei.txt"):
        archive = tmp_path / f"boese-{len(name)}.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            data = b"x"
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        with pytest.raises(backup.BackupError, match="keine Sicherung der Werkbank"):
            backup.restore(settings, archive)
    broken = tmp_path / "kaputt.tar.gz"
    broken.write_bytes(b"\x1f\x8b" + b"\x00" * 40)
    with pytest.raises(backup.BackupError, match="beschädigt"):
        backup.restore(settings, broken)
    assert sorted(p.name for p in settings.data_dir.iterdir()) == files_before
    assert not (tmp_path / "ausbruch.txt").exists()


class _RecordedRun:
    """Stands in for subprocess.run: keeps argv and environment, writes a pg_dump header."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], dict[str, str]]] = []

    def __call__(self, args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        self.calls.append((list(args), dict(kwargs.get("env") or {})))
        if "--file" in args:
            Path(args[args.index("--file") + 1]).write_bytes(b"PGDMP fake dump")
        return subprocess.CompletedProcess(args, 0, "", "")


def test_pg_dump_and_pg_restore_get_the_password_from_the_environment_not_argv(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    password = "sehr-geheimes-pg-pw"
    pg = settings.model_copy(
        update={"database_url": f"postgresql+psycopg://kikultur:{password}@127.0.0.1:5432/db"}
    )
    recorded = _RecordedRun()
    monkeypatch.setattr(backup.subprocess, "run", recorded)
    monkeypatch.setattr(backup, "_tool", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(backup, "upgrade", lambda engine: None)
    summary = backup.backup(pg, tmp_path / "sicherung.tar.gz")
    backup.restore(pg, summary.path)
    assert [args[0] for args, _env in recorded.calls] == ["/usr/bin/pg_dump", "/usr/bin/pg_restore"]
    for args, env in recorded.calls:
        assert not any(password in arg for arg in args)
        assert "postgresql://kikultur@127.0.0.1:5432/db" in args
        assert env["PGPASSWORD"] == password
