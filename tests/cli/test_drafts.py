"""`kikultur draft` and `kikultur export` against the loopback OpenAI server."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from docx import Document
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kikultur.cli import app
from kikultur.config import Settings
from kikultur.store.models import Draft
from kikultur.tools.registry import load_builtin
from tests.conftest import OrgFixture
from tests.services.drafts.conftest import add_loopback_provider
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import PRESS_RELEASE_ANSWER, examples

runner = CliRunner()


@pytest.fixture
def server() -> Iterator[OpenAITestServer]:
    with OpenAITestServer() as test_server:
        yield test_server


@pytest.fixture
def provider(settings: Settings, org_a: OrgFixture, server: OpenAITestServer) -> str:
    return add_loopback_provider(settings, org_a.org.id, server)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    path = tmp_path / "sommerfest.yaml"
    path.write_text(
        yaml.safe_dump(examples(load_builtin("pressemitteilung")), allow_unicode=True),
        encoding="utf-8",
    )
    return path


def test_draft_as_json_stores_a_version_and_export_writes_a_docx(
    env: dict[str, str], provider: str, server: OpenAITestServer, inputs: Path, tmp_path: Path
) -> None:
    server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
    result = runner.invoke(
        app,
        ["draft", "pressemitteilung", "--brief", "Bitte kurz.", "--input", str(inputs),
         "--provider", provider, "--format", "json"],
        env=env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"id", "text", "findings"}
    assert "Samstag, 11. Juli 2026" in data["text"] and data["version"] == 1
    assert all({"check", "start", "end", "message"} <= set(f) for f in data["findings"])
    out = tmp_path / "pm.docx"
    exported = runner.invoke(
        app, ["export", str(data["id"]), "--format", "docx", "--out", str(out)], env=env
    )
    assert exported.exit_code == 0, exported.output
    paragraphs = [p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs]
    assert "Vorspann" in paragraphs and "Pressekontakt" in paragraphs
    md = tmp_path / "pm.md"
    assert (
        runner.invoke(
            app, ["export", str(data["id"]), "--format", "md", "--out", str(md)], env=env
        ).exit_code
        == 0
    )
    assert md.read_text(encoding="utf-8").count("## ") >= 8
    ics = tmp_path / "termin.ics"
    exported = runner.invoke(
        app, ["export", str(data["id"]), "--format", "ics", "--out", str(ics)], env=env
    )
    assert exported.exit_code == 0, exported.output
    assert "DTSTART;TZID=Europe/Berlin:20260711T150000" in ics.read_text(encoding="utf-8")


def test_draft_as_text_prints_the_draft(
    env: dict[str, str], provider: str, server: OpenAITestServer, inputs: Path
) -> None:
    server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
    result = runner.invoke(
        app, ["draft", "pressemitteilung", "--input", str(inputs), "--provider", provider], env=env
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("## Überschrift")
    assert "Entwurf 1, Version 1 gespeichert." in result.stderr


def test_missing_inputs_are_listed_per_field_and_nothing_is_sent(
    env: dict[str, str], provider: str, server: OpenAITestServer, db: Session
) -> None:
    result = runner.invoke(
        app, ["draft", "pressemitteilung", "--brief", "x", "--provider", provider], env=env
    )
    assert result.exit_code == 1
    assert "unvollständig" in result.stderr
    assert "  datum: Bitte „Datum“ angeben" in result.stderr
    assert "Es wurde nichts an ein Modell gesendet." in result.stderr
    assert server.requests == []
    assert db.scalar(select(func.count()).select_from(Draft)) == 0


def test_unknown_tool_and_bad_input_files_get_german_errors(
    env: dict[str, str], provider: str, tmp_path: Path, org_a: OrgFixture
) -> None:
    unknown = runner.invoke(app, ["draft", "gibtsnicht"], env=env)
    assert unknown.exit_code == 1 and "Unbekanntes Werkzeug „gibtsnicht“" in unknown.stderr
    binary = tmp_path / "bild.yaml"
    binary.write_bytes(b"\x89PNG\x00\x00")
    result = runner.invoke(app, ["draft", "pressemitteilung", "--input", str(binary)], env=env)
    assert result.exit_code == 1 and "Binärdaten" in result.stderr
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("anlass: Straßenfest".encode("latin-1"))
    result = runner.invoke(app, ["draft", "pressemitteilung", "--input", str(latin)], env=env)
    assert result.exit_code == 1 and "UTF-8" in result.stderr
    listing = tmp_path / "liste.yaml"
    listing.write_text("- a\n- b\n", encoding="utf-8")
    result = runner.invoke(app, ["draft", "pressemitteilung", "--input", str(listing)], env=env)
    assert result.exit_code == 1 and "YAML-Objekt" in result.stderr
    broken = tmp_path / "kaputt.yaml"
    broken.write_text("anlass: [offen\n", encoding="utf-8")
    result = runner.invoke(app, ["draft", "pressemitteilung", "--input", str(broken)], env=env)
    assert result.exit_code == 1 and "kein gültiges YAML" in result.stderr


def test_a_broken_stream_keeps_the_partial_text_and_says_so(
    env: dict[str, str], provider: str, server: OpenAITestServer, inputs: Path
) -> None:
    server.enqueue(Reply.broken_after(PRESS_RELEASE_ANSWER, 10))
    result = runner.invoke(
        app,
        ["draft", "pressemitteilung", "--input", str(inputs), "--provider", provider,
         "--format", "json"],
        env=env,
    )  # fmt: skip
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["version"] == 1 and data["text"].startswith("## ")
    assert "mittendrin abgebrochen" in result.stderr
    assert "als Version 1 gespeichert" in result.stderr
    assert "anderen Anbieter" in result.stderr


def test_export_errors_are_german(env: dict[str, str], org_a: OrgFixture, tmp_path: Path) -> None:
    missing = runner.invoke(
        app, ["export", "99", "--format", "md", "--out", str(tmp_path / "x.md")], env=env
    )
    assert missing.exit_code == 1 and "Den Entwurf 99 gibt es nicht." in missing.stderr
    bad = runner.invoke(
        app, ["export", "1", "--format", "pdf", "--out", str(tmp_path / "x.pdf")], env=env
    )
    assert bad.exit_code == 1 and "Unbekanntes Format „pdf“" in bad.stderr


def test_yaml_times_and_dates_written_without_quotes_are_understood(
    env: dict[str, str], provider: str, server: OpenAITestServer, tmp_path: Path
) -> None:
    values = examples(load_builtin("pressemitteilung"))
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    lines = [line for line in lines if not line.startswith(("datum:", "uhrzeit:", "ende:"))]
    lines += ["datum: 2026-07-11", "uhrzeit: 15:00", "ende: 21:00"]
    path = tmp_path / "ohne-anfuehrungszeichen.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
    result = runner.invoke(
        app,
        ["draft", "pressemitteilung", "--input", str(path), "--provider", provider,
         "--format", "json"],
        env=env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = json.loads(result.stdout)["text"]
    assert "Samstag, 11. Juli 2026" in text and "15:00 Uhr" in text
