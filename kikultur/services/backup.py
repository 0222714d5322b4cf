"""Backup and restore: one archive with the database, the secret key file and every
organisation's files folder.

The archive is a gzip-compressed tar file, created with mode 0600 because it holds the
instance's secret key (which decrypts the stored API keys of model providers):

    kikultur-sicherung.json      what is inside (format, database kind, key included, files)
    datenbank.sqlite             SQLite through its online backup API (safe while serving), or
    datenbank.pgdump             PostgreSQL through pg_dump --format=custom
    secret_key                   `<data_dir>/secret_key`, when the instance uses that file
    organisations/<id>/...       `store.files.organisation_files_dir` of every organisation

Restore checks the whole archive before it changes anything, then replaces the database, the
organisations' files and the key file. Older backups that hold only the database (a bare
SQLite file or pg_dump file) are still restored, with a warning.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sqlalchemy.engine import URL, make_url

from kikultur.config import SECRET_KEY_FILE, Settings
from kikultur.i18n import _
from kikultur.store.db import engine_for
from kikultur.store.files import ORGANISATIONS_DIR
from kikultur.store.migrate import upgrade
from kikultur.store.models.base import utcnow

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
GZIP_HEADER = b"\x1f\x8b"
ARCHIVE_FORMAT = 1
MANIFEST = "kikultur-sicherung.json"
SQLITE_MEMBER = "datenbank.sqlite"
PG_MEMBER = "datenbank.pgdump"
KEY_MEMBER = "secret_key"


class BackupError(Exception):
    """A German message saying what went wrong and what to do."""


@dataclass
class BackupSummary:
    """What went into the archive; `warnings` are German notes for the operator."""

    path: Path
    files: int
    secret_key: bool
    warnings: list[str] = field(default_factory=list)


@dataclass
class RestoreSummary:
    """What came back; `warnings` are German notes for the operator."""

    files: int
    secret_key: bool
    warnings: list[str] = field(default_factory=list)


def _sqlite_path(settings: Settings) -> Path:
    database = make_url(settings.effective_database_url).database
    if not database:
        raise BackupError(_("Die SQLite-Datenbank hat keinen Dateipfad."))
    return Path(database)


def _libpq(settings: Settings) -> tuple[str, dict[str, str]]:
    """The libpq URL without password, and the environment that carries the password.

    A password in argv is visible to every local user in `ps`; PGPASSWORD in the child's
    environment is not.
    """
    url: URL = make_url(settings.effective_database_url)
    password = url.password
    query = dict(url.query)
    if password is None and isinstance(query.get("password"), str):
        password = str(query["password"])
    query.pop("password", None)
    # pg_dump speaks libpq: drop the "+psycopg" driver part of the SQLAlchemy URL.
    plain = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=query,
    )
    env = dict(os.environ)
    env.pop("PGPASSWORD", None)
    if password is not None:
        env["PGPASSWORD"] = str(password)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _(
                "Das Programm {name} fehlt. Bitte installieren: apt-get install postgresql-client"
            ).format(name=name)
        )
    return found


def _key_file(settings: Settings) -> Path:
    return settings.data_dir / SECRET_KEY_FILE


def _files_root(settings: Settings) -> Path:
    return settings.data_dir / ORGANISATIONS_DIR


def _dump_database(settings: Settings, work: Path) -> Path:
    """A consistent copy of the database inside `work`."""
    if settings.is_sqlite:
        source = _sqlite_path(settings)
        if not source.is_file():
            raise BackupError(_("Es gibt noch keine Datenbank unter {path}.").format(path=source))
        copy = work / SQLITE_MEMBER
        _copy_sqlite(sqlite3.connect(source), copy)
        return copy
    copy = work / PG_MEMBER
    url, env = _libpq(settings)
    result = subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(copy), url],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(_("pg_dump ist fehlgeschlagen: {error}").format(error=result.stderr))
    return copy


def _organisation_files(settings: Settings) -> list[Path]:
    root = _files_root(settings)
    if not root.is_dir():
        return []
    # Symbolic links are left out: they could point anywhere on the machine.
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _private_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(utcnow().timestamp())
    return info


def backup(settings: Settings, target: Path) -> BackupSummary:
    """Writes the archive to `target` (mode 0600; refuses to overwrite)."""
    if target.exists():
        raise BackupError(
            _("{path} gibt es schon; bitte einen neuen Dateinamen wählen.").format(path=target)
        )
    if not target.parent.is_dir():
        raise BackupError(_("Den Ordner {path} gibt es nicht.").format(path=target.parent))
    warnings: list[str] = []
    key_file = _key_file(settings)
    include_key = settings.secret_key is None and key_file.is_file()
    if settings.secret_key is not None:
        warnings.append(
            _(
                "Der geheime Schlüssel kommt aus KIKULTUR_SECRET_KEY und ist nicht in der "
                "Sicherung. Bewahren Sie ihn getrennt auf: ohne ihn lassen sich gespeicherte "
                "API-Schlüssel nach dem Zurückspielen nicht mehr lesen."
            )
        )
    files = _organisation_files(settings)
    root = _files_root(settings)
    partial = target.with_name(target.name + ".teil")
    partial.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".kikultur-sicherung-") as tmp:
        dump = _dump_database(settings, Path(tmp))
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created_at": utcnow().isoformat(),
            "database": "sqlite" if settings.is_sqlite else "postgresql",
            "secret_key": include_key,
            "files": len(files),
        }
        # O_EXCL and mode 0600 from the first byte: the archive holds the secret key.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as tar:
                data = json.dumps(manifest, indent=2).encode("utf-8")
                tar.addfile(_private_info(MANIFEST, len(data)), io.BytesIO(data))
                tar.add(dump, arcname=dump.name, recursive=False)
                if include_key:
                    tar.add(key_file, arcname=KEY_MEMBER, recursive=False)
                for path in files:
                    relative = path.relative_to(root).as_posix()
                    tar.add(path, arcname=f"{ORGANISATIONS_DIR}/{relative}", recursive=False)
            os.chmod(partial, 0o600)
            partial.rename(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupSummary(path=target, files=len(files), secret_key=include_key, warnings=warnings)


def _check_sqlite_backup(path: Path, shown: Path) -> None:
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(
                _("{path} ist keine SQLite-Sicherung der Werkbank.").format(path=shown)
            )
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        ok = connection.execute("PRAGMA quick_check").fetchone()
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}  # fmt: skip
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            _("{path} ist beschädigt: {error}").format(path=shown, error=exc)
        ) from exc
    finally:
        connection.close()
    if not ok or ok[0] != "ok":
        raise BackupError(_("{path} ist beschädigt.").format(path=shown))
    if "alembic_version" not in tables or "organisations" not in tables:
        raise BackupError(_("{path} ist keine Sicherung der Werkbank.").format(path=shown))


def _check_pg_dump(path: Path, shown: Path) -> None:
    with path.open("rb") as handle:
        if handle.read(len(PG_DUMP_HEADER)) != PG_DUMP_HEADER:
            raise BackupError(
                _("{path} ist keine pg_dump-Sicherung (Format custom).").format(path=shown)
            )


def _wrong_database(kind: str, shown: Path) -> BackupError:
    if kind == "sqlite":
        return BackupError(
            _(
                "{path} ist eine Sicherung einer SQLite-Datenbank; diese Werkbank nutzt "
                "PostgreSQL. Bitte mit derselben Datenbankart zurückspielen."
            ).format(path=shown)
        )
    return BackupError(
        _(
            "{path} ist eine Sicherung einer PostgreSQL-Datenbank; diese Werkbank nutzt "
            "SQLite. Bitte mit derselben Datenbankart zurückspielen."
        ).format(path=shown)
    )


def _copy_sqlite(src: sqlite3.Connection, target: Path) -> None:
    """Copies the database behind `src` into the file `target`, then closes both.

    SQLite's backup API copies a consistent snapshot even while the server writes, and copies
    page by page into a live file, which keeps its WAL and open connections sane.
    """
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _restore_database(settings: Settings, dump: Path) -> None:
    """Replaces the database's content with the checked dump."""
    if settings.is_sqlite:
        _copy_sqlite(sqlite3.connect(f"file:{dump}?mode=ro", uri=True), _sqlite_path(settings))
        return
    url, env = _libpq(settings)
    result = subprocess.run(
        [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
         "--dbname", url, str(dump)],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(_("pg_restore ist fehlgeschlagen: {error}").format(error=result.stderr))


def _allowed_member(member: tarfile.TarInfo) -> bool:
    path = PurePosixPath(member.name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return False
    if member.name in (MANIFEST, SQLITE_MEMBER, PG_MEMBER, KEY_MEMBER):
        return member.isfile()
    if path.parts[0] != ORGANISATIONS_DIR:
        return False
    return member.isfile() or member.isdir()


def _unpack(source: Path, work: Path) -> dict[str, object]:
    """Extracts the archive into `work` after checking every entry; returns the manifest."""
    broken = _("{path} ist beschädigt oder keine Sicherung der Werkbank.").format(path=source)
    try:
        with tarfile.open(source, mode="r:gz") as tar:
            members = tar.getmembers()
            if not all(_allowed_member(m) for m in members):
                raise BackupError(
                    _("{path} enthält Einträge, die in keine Sicherung der Werkbank gehören.")
                    .format(path=source)
                )  # fmt: skip
            tar.extractall(work, members=members, filter="data")
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise BackupError(broken) from exc
    manifest_path = work / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(broken) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(
            _("{path} hat ein unbekanntes Sicherungsformat (neuere Werkbank?).").format(path=source)
        )
    return manifest


def _replace_files(settings: Settings, unpacked: Path, work: Path) -> int:
    """Swaps the organisations' folder for the one from the archive (by renaming)."""
    current = _files_root(settings)
    incoming = unpacked / ORGANISATIONS_DIR
    if not incoming.is_dir():
        incoming.mkdir()
    count = sum(1 for p in incoming.rglob("*") if p.is_file())
    previous = work / "vorher"
    if current.exists():
        current.rename(previous)
    try:
        incoming.rename(current)
    except OSError:
        if previous.exists():
            previous.rename(current)
        raise
    return count


def _write_key(settings: Settings, key: str) -> None:
    """Writes the key file with mode 0600, replacing the old one in one step."""
    key_file = _key_file(settings)
    fd, name = tempfile.mkstemp(dir=settings.data_dir, prefix=".secret_key-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(key + "\n")
        os.replace(name, key_file)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _restore_key(settings: Settings, unpacked: Path) -> tuple[bool, list[str]]:
    archived = unpacked / KEY_MEMBER
    if not archived.is_file():
        return False, [
            _(
                "Die Sicherung enthält keinen geheimen Schlüssel (er kam aus "
                "KIKULTUR_SECRET_KEY). Gespeicherte API-Schlüssel lassen sich nur mit demselben "
                "Schlüssel lesen."
            )
        ]
    key = archived.read_text(encoding="utf-8").strip()
    if settings.secret_key is not None:
        if settings.secret_key == key:
            return False, []
        return False, [
            _(
                "KIKULTUR_SECRET_KEY ist gesetzt und weicht vom geheimen Schlüssel der Sicherung "
                "ab. Gespeicherte API-Schlüssel lassen sich erst lesen, wenn KIKULTUR_SECRET_KEY "
                "den Wert aus der Datei secret_key der Sicherung hat."
            )
        ]
    key_file = _key_file(settings)
    old = key_file.read_text(encoding="utf-8").strip() if key_file.is_file() else None
    _write_key(settings, key)
    if old is not None and old != key:
        return True, [
            _("Der geheime Schlüssel wurde ersetzt; bitte einen laufenden Server neu starten.")
        ]
    return True, []


def restore(settings: Settings, source: Path) -> RestoreSummary:
    """Replaces database, organisations' files and key file with the backup's, then migrates."""
    if not source.is_file():
        raise BackupError(_("Die Sicherung {path} wurde nicht gefunden.").format(path=source))
    with source.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    settings.ensure_data_dir()
    if head.startswith(GZIP_HEADER):
        summary = _restore_archive(settings, source)
    elif head.startswith(SQLITE_HEADER) or head.startswith(PG_DUMP_HEADER):
        summary = _restore_bare_dump(settings, source, head)
    else:
        raise BackupError(_("{path} ist keine Sicherung der Werkbank.").format(path=source))
    engine = engine_for(settings)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return summary


def _restore_archive(settings: Settings, source: Path) -> RestoreSummary:
    # Unpacked inside the data dir, so the files folder is swapped by a rename.
    with tempfile.TemporaryDirectory(dir=settings.data_dir, prefix=".wiederherstellen-") as tmp:
        work = Path(tmp)
        unpacked = work / "sicherung"
        unpacked.mkdir()
        manifest = _unpack(source, unpacked)
        kind = manifest.get("database")
        if kind not in ("sqlite", "postgresql"):
            raise BackupError(_("{path} ist keine Sicherung der Werkbank.").format(path=source))
        if (kind == "sqlite") != settings.is_sqlite:
            raise _wrong_database(str(kind), source)
        dump = unpacked / (SQLITE_MEMBER if kind == "sqlite" else PG_MEMBER)
        if not dump.is_file():
            raise BackupError(_("{path} enthält keine Datenbank.").format(path=source))
        # Check everything before the first change.
        if settings.is_sqlite:
            _check_sqlite_backup(dump, source)
        else:
            _check_pg_dump(dump, source)
        _restore_database(settings, dump)
        files = _replace_files(settings, unpacked, work)
        restored_key, warnings = _restore_key(settings, unpacked)
    return RestoreSummary(files=files, secret_key=restored_key, warnings=warnings)


def _restore_bare_dump(settings: Settings, source: Path, head: bytes) -> RestoreSummary:
    """A backup of older versions: only the database, no files and no key."""
    kind = "sqlite" if head.startswith(SQLITE_HEADER) else "postgresql"
    if (kind == "sqlite") != settings.is_sqlite:
        raise _wrong_database(kind, source)
    if settings.is_sqlite:
        _check_sqlite_backup(source, source)
    _restore_database(settings, source)
    warning = _(
        "Diese Sicherung einer älteren Version enthält nur die Datenbank: Dateien der "
        "Einrichtungen und der geheime Schlüssel wurden nicht verändert."
    )
    return RestoreSummary(files=0, secret_key=False, warnings=[warning])
