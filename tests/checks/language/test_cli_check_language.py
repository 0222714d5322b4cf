"""Tests for `kikultur check language|readability|platform|all`, including bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from kikultur.cli import app

runner = CliRunner()


def write(tmp_path: Path, text: str, name: str = "text.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_language_json_follows_the_findings_contract(tmp_path: Path) -> None:
    file = write(tmp_path, "Jeder Teilnehmer bekommt eine Mappe. Ein Fräulein kam.")
    result = runner.invoke(
        app, ["check", "language", file, "--style", "neutral", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    kinds = [f["kind"] for f in data["findings"]]
    assert kinds == ["GENERIC_MASCULINE", "SENSITIVE_TERM"]
    first = data["findings"][0]
    assert first["suggestions"][0] == "Alle Teilnehmenden"
    assert set(first) >= {"check", "kind", "start", "end", "text", "message", "suggestions",
                          "status", "severity"}  # fmt: skip


def test_language_text_output_shows_position_and_suggestion(tmp_path: Path) -> None:
    file = write(tmp_path, "Wir danken\nden Besuchern.")
    result = runner.invoke(app, ["check", "language", file])
    assert result.exit_code == 0
    assert "2:1  GENERIC_MASCULINE" in result.output
    assert "Vorschlag: den Besucher*innen" in result.output


def test_readability_json_adds_metrics(tmp_path: Path) -> None:
    file = write(tmp_path, "Wir feiern ein Fest. Alle sind eingeladen.")
    result = runner.invoke(
        app, ["check", "readability", file, "--leichte-sprache", "--format", "json"]
    )
    data = json.loads(result.output)
    assert data["metrics"]["traffic_light"] == "grün"
    assert data["metrics"]["leichte_sprache"]["status"] == "nicht geprüft"


def test_platform_with_alt_options_and_server_limit(tmp_path: Path) -> None:
    file = write(tmp_path, "a" * 600)
    args = ["check", "platform", file, "--channel", "mastodon", "--alt", "", "--format", "json"]
    data = json.loads(runner.invoke(app, args).output)
    assert [f["details"]["rule"] for f in data["findings"]] == ["alt_text_missing", "length"]
    data = json.loads(runner.invoke(app, [*args, "--limit", "1000"]).output)
    assert [f["details"]["rule"] for f in data["findings"]] == ["alt_text_missing"]


def test_platform_reads_a_yaml_post_file(tmp_path: Path) -> None:
    post = (
        "text: 'Fest #Kultur #Hamburg'\nchannel: threads\nimages:\n  - file: a.jpg\n    alt: Bild\n"
    )
    file = write(tmp_path, post, "post.yaml")
    data = json.loads(runner.invoke(app, ["check", "platform", file, "--format", "json"]).output)
    assert [f["details"]["rule"] for f in data["findings"]] == ["alt_text_missing", "hashtags"]


def test_all_runs_language_readability_and_platform(tmp_path: Path) -> None:
    file = write(tmp_path, "Liebe Besucher, wir feiern! #offenebühne")
    args = ["check", "all", file, "--channel", "bluesky", "--format", "json"]
    data = json.loads(runner.invoke(app, args).output)
    checks = {f["check"] for f in data["findings"]}
    assert {"gender", "platform"} <= checks
    assert "score" in data["metrics"]["readability"]


def test_docx_input_is_read(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("Wir danken allen Helfern.")
    path = tmp_path / "brief.docx"
    document.save(str(path))
    data = json.loads(
        runner.invoke(app, ["check", "language", str(path), "--format", "json"]).output
    )
    assert data["findings"][0]["text"] == "allen Helfern"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "leer.txt", "leer"),
        (b"  \n ", "leer2.txt", "leer"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "bild.txt", "keine Textdatei"),
        ("Grüße".encode("latin-1"), "latin.txt", "nicht UTF-8"),
        (b"kein docx", "kaputt.docx", "keine gültige DOCX-Datei"),
    ],
)
def test_bad_input_gets_a_german_message(
    tmp_path: Path, content: bytes, name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, ["check", "language", str(path)])
    assert result.exit_code == 1
    assert message in result.output
    assert path.read_bytes() == content  # the input file is left as it was


def test_huge_input_is_refused_in_german(tmp_path: Path) -> None:
    path = tmp_path / "gross.txt"
    path.write_bytes(b"a" * (20 * 1024 * 1024 + 1))
    result = runner.invoke(app, ["check", "readability", str(path)])
    assert result.exit_code == 1
    assert "größer als 20 MB" in result.output


def test_missing_file_unknown_style_and_channel_are_refused(tmp_path: Path) -> None:
    assert "nicht gefunden" in runner.invoke(app, ["check", "language", "fehlt.txt"]).output
    file = write(tmp_path, "Text.")
    out = runner.invoke(app, ["check", "language", file, "--style", "binnen-i"]).output
    assert "Unbekannter Stil" in out
    out = runner.invoke(app, ["check", "platform", file, "--channel", "myspace"]).output
    assert "Unbekannter Kanal" in out
    out = runner.invoke(app, ["check", "platform", file]).output
    assert "--channel" in out


def test_broken_yaml_post_file_is_refused(tmp_path: Path) -> None:
    file = write(tmp_path, "text: [kaputt", "post.yml")
    result = runner.invoke(app, ["check", "platform", file, "--channel", "x"])
    assert result.exit_code == 1
    assert "kein gültiges YAML" in result.output


def test_standard_input_is_read_with_a_dash() -> None:
    result = runner.invoke(
        app, ["check", "language", "-", "--format", "json"], input="Wir danken den Helfern."
    )
    assert result.exit_code == 0
    assert json.loads(result.output)["findings"][0]["text"] == "den Helfern"


def test_all_with_leichte_sprache_reports_the_reader_check_status(tmp_path: Path) -> None:
    file = write(tmp_path, "Das Haus des Vereins ist offen.")
    args = ["check", "all", file, "--leichte-sprache", "--style", "paarform", "--format", "json"]
    data = json.loads(runner.invoke(app, args).output)
    assert data["metrics"]["readability"]["leichte_sprache"]["status"] == "nicht geprüft"
    assert "LS_GENITIVE" in {f["kind"] for f in data["findings"]}
