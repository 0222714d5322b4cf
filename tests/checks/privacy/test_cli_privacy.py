"""`kikultur check privacy`, `pseudonymize` and `restore --vault` on files, stdin and bad input."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from typer.testing import CliRunner

from kikultur.cli import app

runner = CliRunner()
TEXT = (
    "Liebe Frau Ayşe Yılmaz,\nbitte an ayse@example.org antworten.\n\nViele Grüße\nKwame Mensah\n"
)


def _write(tmp_path: Path, data: bytes, name: str = "brief.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_json_output_follows_the_findings_contract_with_character_offsets(tmp_path: Path) -> None:
    path = _write(tmp_path, TEXT.encode("utf-8"))
    result = runner.invoke(app, ["check", "privacy", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    assert [f["kind"] for f in findings] == ["PERSON", "EMAIL", "PERSON"]
    for finding in findings:
        assert {"check", "kind", "start", "end", "text", "message", "suggestions", "status"} <= set(
            finding
        )
        assert finding["check"] == "privacy"
        assert TEXT[finding["start"] : finding["end"]] == finding["text"]


def test_text_output_and_stdin_dash() -> None:
    result = runner.invoke(app, ["check", "privacy", "-"], input=TEXT)
    assert result.exit_code == 0
    assert "Ayşe Yılmaz" in result.stdout
    assert "3 Fundstellen." in result.stdout


def test_empty_file_gives_no_findings(tmp_path: Path) -> None:
    path = _write(tmp_path, b"")
    result = runner.invoke(app, ["check", "privacy", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"findings": []}


def test_binary_file_gets_a_german_error(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bild.png")
    result = runner.invoke(app, ["check", "privacy", str(path)])
    assert result.exit_code != 0
    assert "keine Textdatei" in result.stderr


def test_wrongly_encoded_file_gets_a_german_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "Frau Müller".encode("latin-1"))
    result = runner.invoke(app, ["check", "privacy", str(path)])
    assert result.exit_code != 0
    assert "nicht UTF-8-kodiert" in result.stderr


def test_pseudonymize_writes_a_private_vault_and_restore_brings_the_text_back(
    tmp_path: Path,
) -> None:
    source = _write(tmp_path, TEXT.encode("utf-8"))
    vault = tmp_path / "vault.json"
    masked = runner.invoke(app, ["pseudonymize", str(source), "--vault", str(vault)])
    assert masked.exit_code == 0, masked.output
    assert "Ayşe" not in masked.stdout and "[NAME_1]" in masked.stdout
    assert stat.S_IMODE(vault.stat().st_mode) == 0o600
    reply = _write(tmp_path, masked.stdout.encode("utf-8"), "antwort.txt")
    restored = runner.invoke(app, ["restore", str(reply), "--vault", str(vault)])
    assert restored.exit_code == 0
    assert restored.stdout == TEXT


def test_second_pseudonymize_extends_the_same_vault(tmp_path: Path) -> None:
    vault = tmp_path / "vault.json"
    first = _write(tmp_path, "Frau Ayşe Yılmaz kommt.".encode(), "a.txt")
    second = _write(tmp_path, "Ayşe Yılmaz und Kwame Mensah.".encode(), "b.txt")
    runner.invoke(app, ["pseudonymize", str(first), "--vault", str(vault)])
    result = runner.invoke(app, ["pseudonymize", str(second), "--vault", str(vault)])
    assert result.stdout == "[NAME_1] und [NAME_2]."


def test_restore_with_a_missing_or_broken_vault_fails_in_german(tmp_path: Path) -> None:
    text = _write(tmp_path, b"[NAME_1] kommt.")
    missing = runner.invoke(app, ["restore", str(text), "--vault", str(tmp_path / "x.json")])
    assert missing.exit_code != 0 and "nicht gefunden" in missing.stderr
    broken = _write(tmp_path, b"{kaputt", "vault.json")
    result = runner.invoke(app, ["restore", str(text), "--vault", str(broken)])
    assert result.exit_code != 0 and "beschädigt" in result.stderr


def test_pseudonymize_json_gives_text_and_counts_without_values(tmp_path: Path) -> None:
    source = _write(tmp_path, TEXT.encode("utf-8"))
    vault = tmp_path / "vault.json"
    result = runner.invoke(
        app, ["pseudonymize", str(source), "--vault", str(vault), "--format", "json"]
    )
    data = json.loads(result.stdout)
    assert data["replaced_counts"] == {"PERSON": 2, "EMAIL": 1}
    assert "Ayşe" not in result.stdout
    restored = runner.invoke(
        app,
        ["restore", "-", "--vault", str(vault), "--format", "json"],
        input=data["text"],
    )
    assert json.loads(restored.stdout) == {"text": TEXT}
