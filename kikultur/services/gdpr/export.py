"""Export of all data of an organisation or a user: a zip with one JSON file per table,
the organisation's files and a German README. Secret columns are never written."""

from __future__ import annotations

import base64
import decimal
import enum
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import ColumnElement, Table, or_, select
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.services.gdpr import get_organisation, get_user
from kikultur.services.gdpr.ownership import is_secret, owned_rows, references, table, tables
from kikultur.store.files import organisation_files_dir
from kikultur.store.models import LoginAttempt, utcnow

__all__ = ["ExportSummary", "export_organisation", "export_user", "organisation_files_dir"]

TABLES_DIR = "tabellen"
FILES_DIR = "dateien"


@dataclass
class ExportSummary:
    kind: str  # "organisation" | "user"
    subject: str  # organisation name or e-mail address
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    omitted_columns: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "tables": self.tables,
            "files": self.files,
            "omitted_columns": self.omitted_columns,
        }


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"nicht exportierbarer Wert: {type(value).__name__}")


def _rows(session: Session, tbl: Table, clause: ColumnElement[bool]) -> list[dict[str, Any]]:
    columns = [c for c in tbl.c if not is_secret(c)]
    stmt = select(*columns).where(clause).order_by(*tbl.primary_key.columns)
    return [dict(row) for row in session.execute(stmt).mappings()]


def _write_tables(
    archive: zipfile.ZipFile,
    session: Session,
    clauses: Mapping[Table, ColumnElement[bool]],
    summary: ExportSummary,
) -> None:
    for tbl in tables():
        clause = clauses.get(tbl)
        if clause is None:
            continue
        rows = _rows(session, tbl, clause)
        if not rows:
            continue
        summary.tables[tbl.name] = len(rows)
        summary.omitted_columns += [f"{tbl.name}.{c.name}" for c in tbl.c if is_secret(c)]
        payload = json.dumps(rows, ensure_ascii=False, indent=2, default=_json_value)
        archive.writestr(f"{TABLES_DIR}/{tbl.name}.json", payload)


def _write_files(archive: zipfile.ZipFile, folder: Path, summary: ExportSummary) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        # Symlinks could point outside the organisation's folder: never follow them.
        if path.is_symlink() or not path.is_file():
            continue
        archive.write(path, f"{FILES_DIR}/{path.relative_to(folder).as_posix()}")
        summary.files += 1


def _readme(summary: ExportSummary) -> str:
    if summary.kind == "organisation":
        intro = _(
            "Dieses Archiv enthält alle Daten der Einrichtung „{name}“ in der KI@KULTUR "
            "Werkbank (Auskunft und Datenübertragbarkeit nach Art. 15 und 20 DSGVO)."
        ).format(name=summary.subject)
    else:
        intro = _(
            "Dieses Archiv enthält alle Daten zum Konto {email} in der KI@KULTUR Werkbank: das "
            "Konto selbst und jede Zeile, die auf das Konto verweist (Auskunft nach Art. 15 "
            "DSGVO)."
        ).format(email=summary.subject)
    lines = [
        _("Datenexport der KI@KULTUR Werkbank"),
        "",
        intro,
        _("Erstellt am {date} (UTC).").format(date=utcnow().strftime("%d.%m.%Y %H:%M")),
        "",
        _("Inhalt:"),
        _(
            "- {dir}/<tabelle>.json: je Datenbanktabelle eine Datei, jede Zeile als JSON-Objekt "
            "(Spaltenname: Wert; Zeitangaben in UTC)."
        ).format(dir=TABLES_DIR),
        _("- {dir}/: die hochgeladenen und gespeicherten Dateien der Einrichtung.").format(
            dir=FILES_DIR
        ),
        _("- export.json: diese Übersicht in maschinenlesbarer Form."),
        "",
        _("Tabellen (Anzahl Zeilen):"),
        *[f"- {name}: {count}" for name, count in sorted(summary.tables.items())],
        "",
        _("Dateien: {count}").format(count=summary.files),
        "",
        _(
            "Nicht enthalten sind Geheimnisse, die nur der Anmeldung dienen (Passwort-Hashes, "
            "Sitzungs- und Einladungs-Token, API-Schlüssel):"
        ),
        *[f"- {name}" for name in sorted(set(summary.omitted_columns))],
    ]
    return "\n".join(lines) + "\n"


def _finish(archive: zipfile.ZipFile, summary: ExportSummary) -> None:
    summary.omitted_columns = sorted(set(summary.omitted_columns))
    archive.writestr("README.txt", _readme(summary))
    archive.writestr(
        "export.json", json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"
    )


def export_organisation(
    session: Session, settings: Settings, organisation_id: int, out: Path | IO[bytes]
) -> ExportSummary:
    """Writes every row of every table that belongs to the organisation, and its files."""
    org = get_organisation(session, organisation_id)
    summary = ExportSummary("organisation", org.name)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _write_tables(archive, session, owned_rows(table("organisations"), org.id), summary)
        _write_files(archive, organisation_files_dir(settings, org.id), summary)
        _finish(archive, summary)
    return summary


def export_user(
    session: Session, settings: Settings, user_id: int, out: Path | IO[bytes]
) -> ExportSummary:
    """Writes the user's row (without secrets), the rows that belong to the user (sessions)
    and every row in any table that refers to the user (created_by, user_id, ...)."""
    user = get_user(session, user_id)
    users = table("users")
    clauses = dict(owned_rows(users, user.id))
    for tbl, clause in references(users, user.id).items():
        clauses[tbl] = or_(clauses[tbl], clause) if tbl in clauses else clause
    # Failed logins name the account by address only (they also exist for unknown addresses).
    clauses[LoginAttempt.__table__] = LoginAttempt.email == user.email  # type: ignore[index]
    summary = ExportSummary("user", user.email)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _write_tables(archive, session, clauses, summary)
        _finish(archive, summary)
    return summary
