"""GDPR export: every row of the organisation (or about the user), nothing of others, no
secrets, the organisation's files, a German README."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.services.gdpr import GdprError
from kikultur.services.gdpr.export import export_organisation, export_user
from kikultur.services.gdpr.ownership import is_secret, tables
from kikultur.store.models import Base, Invitation, LoginAttempt
from tests.services.gdpr.conftest import World


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def _export_org(db: Session, settings: Settings, org_id: int) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    export_organisation(db, settings, org_id, buffer)
    return _zip(buffer.getvalue())


def _table(archive: zipfile.ZipFile, name: str) -> list[dict[str, Any]]:
    try:
        return list(json.loads(archive.read(f"tabellen/{name}.json")))
    except KeyError:
        return []


def test_org_export_holds_every_row_of_every_org_table(
    db: Session, settings: Settings, world: World
) -> None:
    archive = _export_org(db, settings, world.a.org.id)
    org_id = world.a.org.id
    checked = 0
    for table in Base.metadata.sorted_tables:
        if "organisation_id" not in table.c:
            continue
        expected = db.scalar(
            select(func.count()).select_from(table).where(table.c.organisation_id == org_id)
        )
        rows = _table(archive, table.name)
        assert len(rows) == expected, table.name
        assert all(row["organisation_id"] == org_id for row in rows)
        checked += bool(expected)
    # users, factsheet_versions, invitations, retention_settings, processor_checklists
    assert checked >= 5
    assert [row["id"] for row in _table(archive, "organisations")] == [org_id]
    # The members' login sessions come along (they belong to the organisation's users).
    assert len(_table(archive, "user_sessions")) == 2


def test_org_export_contains_no_row_of_another_organisation(
    db: Session, settings: Settings, world: World
) -> None:
    archive = _export_org(db, settings, world.a.org.id)
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "A-MARKE" in everything
    assert "B-MARKE" not in everything and "b-marke" not in everything
    assert world.b.org.name not in everything
    assert world.b.admin.email not in everything
    # The invitation A's admin sent into B is B's row, not A's.
    assert "von-a-eingeladen@b.example.org" not in everything


def test_export_never_contains_secret_columns(
    db: Session, settings: Settings, world: World
) -> None:
    archive = _export_org(db, settings, world.a.org.id)
    secret = {(t.name, c.name) for t in tables() for c in t.c if is_secret(c)}
    assert {("users", "password_hash"), ("user_sessions", "token_hash")} <= secret
    for name in archive.namelist():
        if not name.startswith("tabellen/"):
            continue
        table = name.removeprefix("tabellen/").removesuffix(".json")
        for row in json.loads(archive.read(name)):
            assert not {(table, column) for column in row} & secret
    text = b"".join(archive.read(n) for n in archive.namelist()).decode()
    assert "$argon2" not in text
    hashes = db.scalars(select(Invitation.token_hash)).all()
    assert hashes and not any(h in text for h in hashes)


def test_org_export_holds_the_files_and_a_german_readme(
    db: Session, settings: Settings, world: World
) -> None:
    archive = _export_org(db, settings, world.a.org.id)
    assert archive.read("dateien/vorlagen/brief.txt") == b"A-MARKE-Datei"
    readme = archive.read("README.txt").decode()
    assert "Datenexport der KI@KULTUR Werkbank" in readme
    assert "users.password_hash" in readme  # says what was left out
    manifest = json.loads(archive.read("export.json"))
    assert manifest["files"] == 1
    assert manifest["tables"]["users"] == 2


def test_user_export_has_the_user_without_password_and_the_rows_referring_to_them(
    db: Session, settings: Settings, world: World
) -> None:
    buffer = io.BytesIO()
    summary = export_user(db, settings, world.a.admin.id, buffer)
    archive = _zip(buffer.getvalue())
    users = _table(archive, "users")
    assert [u["email"] for u in users] == [world.a.admin.email]
    assert "password_hash" not in users[0]
    sessions = _table(archive, "user_sessions")
    assert sessions and all(s["user_id"] == world.a.admin.id for s in sessions)
    assert all("token_hash" not in s for s in sessions)
    invitations = _table(archive, "invitations")
    # Both invitations A's admin created, including the one into B.
    assert {i["email"] for i in invitations} == {
        "neu@a-marke.org",
        "von-a-eingeladen@b.example.org",
    }
    assert summary.kind == "user"
    # The member's Steckbrief version is not the admin's.
    assert _table(archive, "factsheet_versions") == []


def test_member_export_holds_their_steckbrief_versions_and_checklist_edits(
    db: Session, settings: Settings, world: World
) -> None:
    buffer = io.BytesIO()
    export_user(db, settings, world.a.member.id, buffer)
    archive = _zip(buffer.getvalue())
    assert len(_table(archive, "factsheet_versions")) == 1
    assert [c["notes"] for c in _table(archive, "processor_checklists")] == ["A-MARKE-AVV-Notiz"]
    text = b"".join(archive.read(n) for n in archive.namelist()).decode()
    assert "B-MARKE" not in text


def test_export_of_an_unknown_organisation_or_user_is_refused_in_german(
    db: Session, settings: Settings
) -> None:
    with pytest.raises(GdprError, match="Die Einrichtung mit der Nummer 999 gibt es nicht"):
        export_organisation(db, settings, 999, io.BytesIO())
    with pytest.raises(GdprError, match="Das Konto mit der Nummer 999 gibt es nicht"):
        export_user(db, settings, 999, io.BytesIO())


def test_user_export_includes_failed_logins_for_the_address_only(
    db: Session, settings: Settings, world: World
) -> None:
    db.add(LoginAttempt(email=world.a.member.email, client="10.0.0.1"))
    db.add(LoginAttempt(email=world.b.member.email, client="10.0.0.2"))
    db.commit()
    buffer = io.BytesIO()
    export_user(db, settings, world.a.member.id, buffer)
    attempts = _table(_zip(buffer.getvalue()), "login_attempts")
    assert [a["email"] for a in attempts] == [world.a.member.email]
