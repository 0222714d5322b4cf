"""`kikultur draft sachbericht --input FILE.yaml` with a funder profile and a finance plan."""

from __future__ import annotations

import io
import json
from pathlib import Path

import yaml
from docx import Document
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kikultur.cli import app
from kikultur.config import Settings
from kikultur.store.repository import OrgRepository
from kikultur.tools.registry import load_builtin
from tests.conftest import OrgFixture
from tests.services.drafts.conftest import add_loopback_provider
from tests.services.drafts.test_grant_tools_pipeline import store_plan
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import ANSWERS, examples

runner = CliRunner()


def test_sachbericht_from_a_yaml_file_names_profile_and_plan_and_exports_the_table(
    env: dict[str, str], settings: Settings, db: Session, org_a: OrgFixture, tmp_path: Path
) -> None:
    plan_id = store_plan(OrgRepository(db, org_a.org.id), org_a)
    values = examples(load_builtin("sachbericht"))
    values.update({"foerderer": "fonds_soziokultur", "finanzplan": plan_id})
    inputs = tmp_path / "sachbericht.yaml"
    inputs.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    with OpenAITestServer() as server:
        provider = add_loopback_provider(settings, org_a.org.id, server)
        server.enqueue(Reply.ok(ANSWERS["sachbericht"]))
        result = runner.invoke(
            app,
            ["draft", "sachbericht", "--input", str(inputs), "--provider", provider,
             "--format", "json"],
            env=env,
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "## Kurzfassung" in data["text"] and "[[" not in data["text"]

    out = tmp_path / "sachbericht.docx"
    exported = runner.invoke(
        app, ["export", str(data["id"]), "--format", "docx", "--out", str(out)], env=env
    )
    assert exported.exit_code == 0, exported.output
    document = Document(io.BytesIO(out.read_bytes()))
    assert "Ziele und Ergebnisse" in [p.text for p in document.paragraphs]
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Summe Einnahmen", "", "6.000,00 €", "6.400,00 €", ""] in rows


def test_an_unknown_funder_profile_is_named_and_nothing_is_sent(
    env: dict[str, str], settings: Settings, org_a: OrgFixture, tmp_path: Path
) -> None:
    values = examples(load_builtin("foerderantrag"))
    values["foerderer"] = "gibt_es_nicht"
    inputs = tmp_path / "antrag.yaml"
    inputs.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    with OpenAITestServer() as server:
        provider = add_loopback_provider(settings, org_a.org.id, server)
        result = runner.invoke(
            app, ["draft", "foerderantrag", "--input", str(inputs), "--provider", provider], env=env
        )
        assert server.chat_requests == []
    assert result.exit_code == 1
    assert "Das Förderprofil „gibt_es_nicht“ ist nicht bekannt." in result.output
