"""`kikultur tools list` and `kikultur tools show`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kikultur.cli import app
from kikultur.tools.registry import copy_tool, load_builtin
from tests.tools.samples import save_tool_dir

runner = CliRunner()


def test_list_shows_all_tools_as_text_and_json() -> None:
    result = runner.invoke(app, ["tools", "list"])
    assert result.exit_code == 0
    assert "pressemitteilung" in result.output and "Pressemitteilung" in result.output
    data = json.loads(runner.invoke(app, ["tools", "list", "--format", "json"]).output)
    assert len(data["tools"]) == 12
    entry = next(t for t in data["tools"] if t["id"] == "newsletter")
    assert entry["prompt_version"] == load_builtin("newsletter").prompt_version


def test_show_prints_inputs_sections_limits_checks_and_exports() -> None:
    result = runner.invoke(app, ["tools", "show", "pressemitteilung"])
    assert result.exit_code == 0
    out = result.output
    assert "datum                Datum (date, Pflicht, Fakt [[datum]])" in out
    assert "ueberschrift         Überschrift (0–70 Zeichen)" in out
    assert "haupttext            Haupttext (0–2500 Zeichen, 3–5 Absätze)" in out
    assert "Prüfungen: privacy, facts, language, readability" in out
    assert "Exporte: docx, md, txt" in out
    assert "Prompt-Version: " + load_builtin("pressemitteilung").prompt_version in out


def test_show_as_json_has_the_spec() -> None:
    result = runner.invoke(app, ["tools", "show", "social-media", "--format", "json"])
    data = json.loads(result.output)
    assert data["id"] == "social-media"
    channels = next(i for i in data["inputs"] if i["name"] == "kanaele")
    assert {"value": "x", "label": "X", "max_chars": 280} in channels["choices"]
    assert data["exports"] == ["docx", "md", "txt"]
    assert "platform" in data["checks"]


def test_unknown_tool_fails_with_a_german_message() -> None:
    result = runner.invoke(app, ["tools", "show", "gibtsnicht"])
    assert result.exit_code == 1
    assert "Fehler: Unbekanntes Werkzeug „gibtsnicht“" in result.output


def test_organisation_tools_from_a_folder_are_listed_with_based_on(tmp_path: Path) -> None:
    save_tool_dir(copy_tool(load_builtin("ideen"), "ideen-kurz"), tmp_path / "ideen-kurz")
    data = json.loads(
        runner.invoke(
            app, ["tools", "list", "--format", "json", "--tools-dir", str(tmp_path)]
        ).output
    )
    copy = next(t for t in data["tools"] if t["id"] == "ideen-kurz")
    assert copy["based_on"] == "ideen" and copy["source"] == "organisation"
    missing = runner.invoke(app, ["tools", "list", "--tools-dir", str(tmp_path / "nein")])
    assert missing.exit_code == 1 and "wurde nicht gefunden" in missing.output
