"""Backup and restore: SQLite through its online backup API (safe while the server runs),
PostgreSQL through pg_dump / pg_restore."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.store.db import engine_for
from kikultur.store.migrate import upgrade

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(Exception):
    """A German message saying what went wrong and what to do."""


def _sqlite_path(settings: Settings) -> Path:
    database = make_url(settings.effective_database_url).database
    if not database:
        raise BackupError(_("Die SQLite-Datenbank hat keinen Dateipfad."))
    return Path(database)


def _libpq_url(settings: Settings) -> str:
    # pg_dump speaks libpq: drop the "+psycopg" driver part of the SQLAlchemy URL.
    url = make_url(settings.effective_database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _(
                "Das Programm {name} fehlt. Bitte installieren: apt-get install postgresql-client"
            ).format(name=name)
        )
    return found


def backup(settings: Settings, target: Path) -> Path:
    """Writes a consistent copy of the database to `target` (refuses to overwrite)."""
    if target.exists():
        raise BackupError(
            _("{path} gibt es schon; bitte einen neuen Dateinamen wählen.").format(path=target)
        )
    if not target.parent.is_dir():
        raise BackupError(_("Den Ordner {path} gibt es nicht.").format(path=target.parent))
    if settings.is_sqlite:
        source = _sqlite_path(settings)
        if not source.is_file():
            raise BackupError(_("Es gibt noch keine Datenbank unter {path}.").format(path=source))
        partial = target.with_name(target.name + ".teil")
        src = sqlite3.connect(source)
        dst = sqlite3.connect(partial)
        try:
            # The backup API copies a consistent snapshot even while the server writes.
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        partial.rename(target)
        return target
    result = subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target),
         _libpq_url(settings)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(_("pg_dump ist fehlgeschlagen: {error}").format(error=result.stderr))
    return target


def _check_sqlite_backup(path: Path) -> None:
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(
                _("{path} ist keine SQLite-Sicherung der Werkbank.").format(path=path)
            )
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        ok = connection.execute("PRAGMA quick_check").fetchone()
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}  # fmt: skip
    except sqlite3.DatabaseError as exc:
        raise BackupError(_("{path} ist beschädigt: {error}").format(path=path, error=exc)) from exc
    finally:
        connection.close()
    if not ok or ok[0] != "ok":
        raise BackupError(_("{path} ist beschädigt.").format(path=path))
    if "alembic_version" not in tables or "organisations" not in tables:
        raise BackupError(_("{path} ist keine Sicherung der Werkbank.").format(path=path))


def restore(settings: Settings, source: Path) -> None:
    """Replaces the database's content with the backup, then applies newer migrations."""
    if not source.is_file():
        raise BackupError(_("Die Sicherung {path} wurde nicht gefunden.").format(path=source))
    if settings.is_sqlite:
        _check_sqlite_backup(source)
        target = _sqlite_path(settings)
        settings.ensure_data_dir()
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(target)
        try:
            # Copying page by page into the live file keeps WAL and open connections sane.
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    else:
        with source.open("rb") as handle:
            if handle.read(5) != b"PGDMP":
                raise BackupError(
                    _("{path} ist keine pg_dump-Sicherung (Format custom).").format(path=source)
                )
        result = subprocess.run(
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--dbname", _libpq_url(settings), str(source)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise BackupError(
                _("pg_restore ist fehlgeschlagen: {error}").format(error=result.stderr)
            )
    engine = engine_for(settings)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
