"""The operating commands: init, user add, db upgrade, settings, backup/restore, serve."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from kikultur.cli import app
from kikultur.store.migrate import head_revision

runner = CliRunner()


def _invoke(env: dict[str, str], *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env, input=input)


def test_init_creates_organisation_and_platform_admin(env: dict[str, str]) -> None:
    result = _invoke(
        {**env, "KIKULTUR_ADMIN_PASSWORD": "sehr-geheimes-pw"},
        "init", "--org", "Kulturhaus Eppendorf", "--admin-email", "Chefin@Example.org",
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "organisation": "Kulturhaus Eppendorf",
        "email": "chefin@example.org",
        "role": "platform_admin",
    }


def test_user_add_uses_the_only_organisation_and_refuses_duplicates(env: dict[str, str]) -> None:
    env = {**env, "KIKULTUR_ADMIN_PASSWORD": "sehr-geheimes-pw"}
    assert _invoke(env, "init", "--org", "Haus A", "--admin-email", "a@example.org").exit_code == 0
    added = _invoke(
        {**env, "KIKULTUR_USER_PASSWORD": "noch-ein-passwort"},
        "user", "add", "--email", "b@example.org", "--name", "Bea", "--format", "json",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert json.loads(added.output)["organisation"] == "Haus A"
    again = _invoke(
        {**env, "KIKULTUR_USER_PASSWORD": "noch-ein-passwort"},
        "user", "add", "--email", "B@example.org", "--name", "Bea",
    )  # fmt: skip
    assert again.exit_code == 1
    assert "Es gibt schon ein Konto mit dieser E-Mail-Adresse." in again.output


def test_user_add_needs_org_when_there_are_several(env: dict[str, str]) -> None:
    env = {**env, "KIKULTUR_ADMIN_PASSWORD": "sehr-geheimes-pw"}
    _invoke(env, "init", "--org", "Haus A", "--admin-email", "a@example.org")
    _invoke(env, "init", "--org", "Haus B", "--admin-email", "b@example.org")
    result = _invoke(
        {**env, "KIKULTUR_USER_PASSWORD": "noch-ein-passwort"},
        "user", "add", "--email", "c@example.org", "--name", "Cem",
    )  # fmt: skip
    assert result.exit_code == 1 and "bitte --org angeben" in result.output
    ok = _invoke(
        {**env, "KIKULTUR_USER_PASSWORD": "noch-ein-passwort"},
        "user", "add", "--email", "c@example.org", "--name", "Cem", "--org", "Haus B",
    )  # fmt: skip
    assert ok.exit_code == 0, ok.output


def test_user_add_rejects_invalid_email_and_short_password_in_german(env: dict[str, str]) -> None:
    env = {**env, "KIKULTUR_ADMIN_PASSWORD": "sehr-geheimes-pw"}
    _invoke(env, "init", "--org", "Haus A", "--admin-email", "a@example.org")
    bad_email = _invoke(
        {**env, "KIKULTUR_USER_PASSWORD": "noch-ein-passwort"},
        "user", "add", "--email", "kein-at", "--name", "X",
    )  # fmt: skip
    assert bad_email.exit_code == 1 and "gültige E-Mail-Adresse" in bad_email.output
    short = _invoke(
        {**env, "KIKULTUR_USER_PASSWORD": "kurz"},
        "user", "add", "--email", "x@example.org", "--name", "X",
    )  # fmt: skip
    assert short.exit_code == 1 and "mindestens 10 Zeichen" in short.output


def test_db_upgrade_reports_the_revision(env: dict[str, str]) -> None:
    result = _invoke(env, "db", "upgrade", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["revision"] == head_revision()


def test_settings_lists_every_setting(env: dict[str, str]) -> None:
    result = _invoke(env, "settings", "--format", "json")
    names = {row["env"] for row in json.loads(result.output)}
    assert {"KIKULTUR_DATA_DIR", "KIKULTUR_DATABASE_URL", "KIKULTUR_SECRET_KEY"} <= names


def test_placeholder_or_short_secret_key_is_refused_in_german(env: dict[str, str]) -> None:
    for key, expected in (("changeme", "Platzhalter"), ("kurz-und-schlecht", "zu kurz")):
        result = _invoke({**env, "KIKULTUR_SECRET_KEY": key}, "serve")
        assert result.exit_code == 1
        assert expected in result.output and "So beheben Sie das" in result.output
        assert "Traceback" not in result.output


def test_invalid_setting_value_is_reported_in_german(env: dict[str, str]) -> None:
    result = _invoke({**env, "KIKULTUR_PORT": "achtzig"}, "serve")
    assert result.exit_code == 1
    assert "KIKULTUR_PORT" in result.output and "ganze Zahl" in result.output


def test_generated_secret_key_file_is_private(env: dict[str, str], tmp_path: Path) -> None:
    del env["KIKULTUR_SECRET_KEY"]
    data_dir = Path(env["KIKULTUR_DATA_DIR"])
    assert _invoke(env, "db", "upgrade").exit_code == 0
    key_file = data_dir / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(key_file.read_text().strip()) >= 32


def test_backup_and_restore_commands(env: dict[str, str], tmp_path: Path) -> None:
    env = {**env, "KIKULTUR_ADMIN_PASSWORD": "sehr-geheimes-pw"}
    _invoke(env, "init", "--org", "Haus A", "--admin-email", "a@example.org")
    target = tmp_path / "sicherung.bak"
    saved = _invoke(env, "backup", str(target))
    assert saved.exit_code == 0, saved.output
    _invoke(env, "init", "--org", "Haus B", "--admin-email", "b@example.org")
    refused = _invoke(env, "restore", str(target), input="n\n")
    assert refused.exit_code == 1 and "nichts wurde verändert" in refused.output
    restored = _invoke(env, "restore", str(target), "--yes")
    assert restored.exit_code == 0, restored.output
    # Haus B came after the backup, so only one organisation is left: --org is optional again.
    added = _invoke(
        {**env, "KIKULTUR_USER_PASSWORD": "noch-ein-passwort"},
        "user", "add", "--email", "c@example.org", "--name", "Cem", "--format", "json",
    )  # fmt: skip
    assert json.loads(added.output)["organisation"] == "Haus A"


def test_backup_command_writes_a_private_archive_and_says_it_holds_the_key(
    env: dict[str, str], tmp_path: Path
) -> None:
    del env["KIKULTUR_SECRET_KEY"]  # the key lives in <data_dir>/secret_key
    env = {**env, "KIKULTUR_ADMIN_PASSWORD": "sehr-geheimes-pw"}
    _invoke(env, "init", "--org", "Haus A", "--admin-email", "a@example.org")
    target = tmp_path / "sicherung.tar.gz"
    saved = _invoke(env, "backup", str(target))
    assert saved.exit_code == 0, saved.output
    assert "geheimen Schlüssel" in saved.output and "vertraulich" in saved.output
    assert target.stat().st_mode & 0o777 == 0o600
    restored = _invoke(env, "restore", str(target), "--yes")
    assert restored.exit_code == 0, restored.output
    assert "Hinweis" not in restored.output  # same key, nothing to warn about


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_serve_first_run_prints_login_and_serves(env: dict[str, str]) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kikultur", "serve", "--first-run", "--port", str(port)],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(5)]
        output = "".join(lines)
        assert f"http://127.0.0.1:{port}/anmelden" in output
        assert "E-Mail-Adresse: admin@example.org" in output
        password = output.split("Einmal-Passwort: ")[1].split()[0]
        deadline = time.monotonic() + 20
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/anmelden", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert page.status_code == 200 and "Anmelden" in page.text
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        login = httpx.post(
            f"http://127.0.0.1:{port}/anmelden",
            data={"csrf_token": csrf, "email": "admin@example.org", "password": password},
            cookies=page.cookies,
        )
        assert login.status_code == 303
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_init_asks_for_the_password_when_not_in_environment(env: dict[str, str]) -> None:
    result = _invoke(
        env,
        "init", "--org", "Haus A", "--admin-email", "a@example.org",
        input="ein-gutes-passwort\nein-gutes-passwort\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Einrichtung „Haus A“ angelegt" in result.output


def test_reset_password_gives_a_new_one_time_password(env: dict[str, str]) -> None:
    env = {**env, "KIKULTUR_ADMIN_PASSWORD": "sehr-geheimes-pw"}
    _invoke(env, "init", "--org", "Haus A", "--admin-email", "a@example.org")
    result = _invoke(env, "user", "reset-password", "--email", "A@example.org", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["email"] == "a@example.org" and len(data["one_time_password"]) >= 10
    unknown = _invoke(env, "user", "reset-password", "--email", "niemand@example.org")
    assert unknown.exit_code == 1 and "kein Konto" in unknown.output
