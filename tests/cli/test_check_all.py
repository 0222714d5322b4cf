"""`kikultur check all` runs privacy and facts too; the facts file is optional."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kikultur.cli import app

runner = CliRunner()
TEXT = "Jeder Teilnehmer kommt am Samstag, 14. März 2026 um 16 Uhr. Mail: anna@example.org\n"


def _run(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["check", "all", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def test_check_all_includes_privacy_and_facts_without_a_facts_file(tmp_path: Path) -> None:
    text = tmp_path / "text.txt"
    text.write_text(TEXT, encoding="utf-8")
    findings = _run(str(text))["findings"]
    assert isinstance(findings, list)
    checks = {f["check"] for f in findings}
    assert {"gender", "privacy", "facts"} <= checks
    email = next(f for f in findings if f["kind"] == "EMAIL")
    assert email["text"] == "anna@example.org"
    times = [f for f in findings if f["check"] == "facts" and f["kind"] == "TIME"]
    assert [f["status"] for f in times] == ["unsupported"]


def test_check_all_checks_facts_against_the_facts_file(tmp_path: Path) -> None:
    text = tmp_path / "text.txt"
    text.write_text(TEXT, encoding="utf-8")
    facts = tmp_path / "fakten.yaml"
    facts.write_text("facts:\n  Datum: Samstag, 14. März 2026\n  Beginn: 15 Uhr\n", "utf-8")
    findings = _run(str(text), "--facts", str(facts))["findings"]
    assert isinstance(findings, list)
    by_kind = {f["kind"]: f for f in findings if f["check"] == "facts"}
    assert by_kind["DATE"]["status"] == "verified"
    assert by_kind["TIME"]["status"] == "contradicted"
    assert by_kind["TIME"]["suggestions"] == ["15 Uhr"]


def test_check_all_with_a_broken_facts_file_fails_in_german(tmp_path: Path) -> None:
    text = tmp_path / "text.txt"
    text.write_text(TEXT, encoding="utf-8")
    facts = tmp_path / "fakten.json"
    facts.write_text("{kaputt", "utf-8")
    result = runner.invoke(app, ["check", "all", str(text), "--facts", str(facts)])
    assert result.exit_code == 1
    assert "kein gültiges JSON" in result.output
    assert "Zeile 1" in result.output
