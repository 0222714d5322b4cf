import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kikultur.cli import app, common

runner = CliRunner()
TEXT = "Am Sonntag, 14. März 2026 um 19 Uhr im Bürgerhaus Wilhelmsburg. Eintritt 9 €.\n"
FACTS = {
    "facts": {"Datum": "Samstag, 14. März 2026", "Beginn": "19 Uhr", "Eintritt": "8 €"},
    "sources": ["Ort: Bürgerhaus Wilhelmsburg"],
}


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    text = tmp_path / "text.txt"
    text.write_text(TEXT, encoding="utf-8")
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(FACTS, ensure_ascii=False), encoding="utf-8")
    return text, facts


def test_json_output_follows_the_findings_contract(files: tuple[Path, Path]) -> None:
    text, facts = files
    result = runner.invoke(
        app, ["check", "facts", str(text), "--facts", str(facts), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    statuses = {f["text"]: f["status"] for f in data["findings"]}
    assert statuses["Sonntag"] == "contradicted"
    assert statuses["14. März 2026"] == "verified"
    assert statuses["9 €"] == "contradicted"
    assert all(f["check"] == "facts" for f in data["findings"])
    money = next(f for f in data["findings"] if f["text"] == "9 €")
    assert "8 €" in money["message"]
    assert data["summary"] == {"verified": 3, "unsupported": 0, "contradicted": 2}


def test_text_output_lists_status_line_and_column(files: tuple[Path, Path]) -> None:
    text, facts = files
    result = runner.invoke(app, ["check", "facts", str(text), "--facts", str(facts)])
    assert result.exit_code == 0
    assert "1:4 Widerspruch" in result.output
    assert "5 Angaben: 3 belegt, 0 nicht belegt, 2 im Widerspruch." in result.output


def test_yaml_facts_keep_german_numbers(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text("facts:\n  Besucher 2025: 1.200\n", encoding="utf-8")
    text = tmp_path / "t.txt"
    text.write_text("2025 kamen 1.200 Gäste.", encoding="utf-8")
    result = runner.invoke(
        app, ["check", "facts", str(text), "--facts", str(facts), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert {f["status"] for f in json.loads(result.output)["findings"]} == {"verified"}


def test_stdin_and_no_facts_file_mean_everything_is_unsupported() -> None:
    result = runner.invoke(
        app, ["check", "facts", "-", "--format", "json"], input="Es gibt 300 Plätze."
    )
    assert result.exit_code == 0
    assert [f["status"] for f in json.loads(result.output)["findings"]] == ["unsupported"]


def test_empty_text_reports_no_claims(tmp_path: Path) -> None:
    empty = tmp_path / "leer.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["check", "facts", str(empty)])
    assert result.exit_code == 0
    assert "Keine prüfbaren Angaben gefunden." in result.output


def test_broken_json_facts_file_gets_a_german_error(files: tuple[Path, Path]) -> None:
    text, facts = files
    facts.write_text('{"facts": {"Datum": ', encoding="utf-8")
    result = runner.invoke(app, ["check", "facts", str(text), "--facts", str(facts)])
    assert result.exit_code == 1
    assert "ist kein gültiges JSON" in result.output


def test_broken_yaml_facts_file_gets_a_german_error(
    tmp_path: Path, files: tuple[Path, Path]
) -> None:
    text, _ = files
    facts = tmp_path / "facts.yaml"
    facts.write_text("facts: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "facts", str(text), "--facts", str(facts)])
    assert result.exit_code == 1
    assert "ist kein gültiges YAML" in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('["nur", "eine", "Liste"]', "nicht das erwartete Format"),
        ('{"facts": ["Datum"]}', '"facts" ein Objekt'),
        ('{"sources": {"a": 1}}', '"sources" eine Liste'),
        ("", "ist leer"),
    ],
)
def test_wrong_facts_structure_gets_a_german_error(
    files: tuple[Path, Path], content: str, expected: str
) -> None:
    text, facts = files
    facts.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["check", "facts", str(text), "--facts", str(facts)])
    assert result.exit_code == 1
    assert expected in result.output


def test_missing_facts_file(files: tuple[Path, Path], tmp_path: Path) -> None:
    text, _ = files
    result = runner.invoke(app, ["check", "facts", str(text), "--facts", str(tmp_path / "x.json")])
    assert result.exit_code == 1
    assert "wurde nicht gefunden" in result.output


def test_binary_text_file_is_refused(tmp_path: Path, files: tuple[Path, Path]) -> None:
    _, facts = files
    binary = tmp_path / "bild.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = runner.invoke(app, ["check", "facts", str(binary), "--facts", str(facts)])
    assert result.exit_code == 1
    assert "keine Textdatei" in result.output


def test_binary_facts_file_is_refused(tmp_path: Path, files: tuple[Path, Path]) -> None:
    text, facts = files
    facts.write_bytes(b"\x00\x01\x02")
    result = runner.invoke(app, ["check", "facts", str(text), "--facts", str(facts)])
    assert result.exit_code == 1
    assert "keine Textdatei" in result.output


def test_wrongly_encoded_text_is_refused(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Gäste am 14. März".encode("latin-1"))
    result = runner.invoke(app, ["check", "facts", str(latin)])
    assert result.exit_code == 1
    assert "nicht UTF-8-kodiert" in result.output


def test_huge_input_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "MAX_INPUT_BYTES", 1024)
    big = tmp_path / "gross.txt"
    big.write_text("Es kamen 1.200 Gäste. " * 100, encoding="utf-8")
    result = runner.invoke(app, ["check", "facts", str(big)])
    assert result.exit_code == 1
    assert "ist größer als" in result.output
