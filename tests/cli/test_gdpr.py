"""`kikultur gdpr`: export, delete, purge, records from the command line, German errors."""

from __future__ import annotations

import json
import zipfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kikultur.cli import app
from kikultur.store.models import Organisation, User, UserSession, utcnow
from tests.conftest import OrgFixture

runner = CliRunner()


def _invoke(env: dict[str, str], *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env, input=input)


def test_export_an_organisation_to_a_zip(
    env: dict[str, str], org_a: OrgFixture, org_b: OrgFixture, tmp_path: Path
) -> None:
    out = tmp_path / "a.zip"
    result = _invoke(env, "gdpr", "export", "--org", org_a.org.name, "--out", str(out),
                     "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["tables"]["users"] == 2
    assert "users.password_hash" in summary["omitted_columns"]
    with zipfile.ZipFile(out) as archive:
        users = json.loads(archive.read("tabellen/users.json"))
    assert {u["email"] for u in users} == {org_a.admin.email, org_a.member.email}
    assert out.stat().st_mode & 0o777 == 0o600


def test_export_a_user_in_text_format(
    env: dict[str, str], org_a: OrgFixture, tmp_path: Path
) -> None:
    out = tmp_path / "u.zip"
    result = _invoke(env, "gdpr", "export", "--user", org_a.member.email.upper(), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Export geschrieben" in result.output
    assert zipfile.ZipFile(out).read("README.txt").decode().startswith("Datenexport")


def test_export_bad_input_gets_german_errors_and_writes_nothing(
    env: dict[str, str], org_a: OrgFixture, tmp_path: Path
) -> None:
    out = tmp_path / "x.zip"
    unknown = _invoke(env, "gdpr", "export", "--org", "Gibt es nicht", "--out", str(out))
    assert unknown.exit_code == 1
    assert "Die Einrichtung „Gibt es nicht“ gibt es nicht." in unknown.output
    nobody = _invoke(env, "gdpr", "export", "--user", "nie@da.org", "--out", str(out))
    assert "Ein Konto mit der E-Mail-Adresse nie@da.org gibt es nicht." in nobody.output
    both = _invoke(env, "gdpr", "export", "--org", "x", "--user", "y", "--out", str(out))
    assert "genau eines" in both.output
    assert not out.exists()
    out.write_bytes(b"alt")
    taken = _invoke(env, "gdpr", "export", "--org", org_a.org.name, "--out", str(out))
    assert taken.exit_code == 1 and "gibt es schon" in taken.output
    assert out.read_bytes() == b"alt"
    missing_dir = _invoke(env, "gdpr", "export", "--org", org_a.org.name,
                          "--out", str(tmp_path / "fehlt" / "x.zip"))  # fmt: skip
    assert "Den Ordner" in missing_dir.output


def test_delete_asks_and_can_be_cancelled(
    env: dict[str, str], db: Session, org_a: OrgFixture, org_b: OrgFixture
) -> None:
    result = _invoke(env, "gdpr", "delete", "--org", org_b.org.name, input="n\n")
    assert result.exit_code == 1 and "Abgebrochen" in result.output
    db.expunge_all()
    assert db.get(Organisation, org_b.org.id) is not None
    done = _invoke(env, "gdpr", "delete", "--org", org_b.org.name, "--yes", "--format", "json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["deleted"]["users"] == 2
    db.expunge_all()
    assert db.get(Organisation, org_b.org.id) is None
    assert db.get(Organisation, org_a.org.id) is not None


def test_delete_user_and_the_last_admin_rule(
    env: dict[str, str], db: Session, org_a: OrgFixture
) -> None:
    refused = _invoke(env, "gdpr", "delete", "--user", org_a.admin.email, "--yes")
    assert refused.exit_code == 1 and "letzte Verwaltung" in refused.output
    done = _invoke(env, "gdpr", "delete", "--user", org_a.member.email, "--yes")
    assert done.exit_code == 0 and "Gelöscht" in done.output
    db.expunge_all()
    assert db.scalars(select(User.email)).all() == [org_a.admin.email]


def test_purge_dry_run_and_json(env: dict[str, str], db: Session, org_a: OrgFixture) -> None:
    db.add(UserSession(user_id=org_a.member.id, token_hash="p" * 64,
                       expires_at=utcnow() - timedelta(hours=1)))  # fmt: skip
    db.commit()
    dry = _invoke(env, "gdpr", "purge", "--dry-run")
    assert dry.exit_code == 0 and "Probelauf: 1 Zeilen würden gelöscht." in dry.output
    assert len(db.scalars(select(UserSession)).all()) == 1
    done = _invoke(env, "gdpr", "purge", "--format", "json")
    data = json.loads(done.output)
    assert data["dry_run"] is False
    assert {r["key"]: r["count"] for r in data["results"] if r["count"]} == {"sessions": 1}
    db.expunge_all()
    assert db.scalars(select(UserSession)).all() == []


def test_records_print_markdown_and_json(env: dict[str, str], org_a: OrgFixture) -> None:
    text = _invoke(env, "gdpr", "records", "--org", org_a.org.name)
    assert text.exit_code == 0, text.output
    assert "# Verzeichnis von Verarbeitungstätigkeiten" in text.output
    data = json.loads(_invoke(env, "gdpr", "records", "--org", org_a.org.name,
                              "--format", "json").output)  # fmt: skip
    assert [r["provider"] for r in data] == ["lokal"]
    unknown = _invoke(env, "gdpr", "records", "--org", "Nirgendwo")
    assert unknown.exit_code == 1 and "gibt es nicht" in unknown.output
