import io
import json
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from typer.testing import CliRunner

from kikultur.cli import app
from kikultur.finance.funders import builtin_profiles, copy_profile, profile_to_yaml

runner = CliRunner()

BALANCED = """\
funder: fonds-soziokultur
costs:
  - {category: honorare, label: Chorleitung, amount: "6.000,00"}
  - {category: ksk, label: KSK, amount: "294,00"}
  - {category: miete, label: Saal, amount: "1.206,00"}
income:
  - {category: eigenmittel, label: Verein, amount: "1.500"}
  - {category: beantragte_foerderung, label: Fonds Soziokultur, amount: "6.000"}
"""
UNBALANCED = BALANCED.replace('amount: "1.500"', 'amount: "265,44"')


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_check_json_follows_the_contract_of_the_issue(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["finance", "check", str(write(tmp_path, UNBALANCED)), "--format", "json"]
    )
    assert result.exit_code == 1  # an unbalanced plan is an error finding
    data = json.loads(result.stdout)
    assert list(data) == ["total_costs", "total_income", "balance", "funding_rate", "findings"]
    assert data["total_costs"] == "7500.00"
    assert data["total_income"] == "6265.44"
    assert data["balance"] == "-1234.56"
    assert data["funding_rate"] == "80.00"
    [finding] = data["findings"]
    assert finding["check"] == "finance"
    assert finding["kind"] == "unbalanced"
    assert finding["message"] == "Es fehlen 1.234,56 € an Einnahmen."
    assert {"start", "end", "text", "suggestions", "status", "severity"} <= set(finding)


def test_check_of_a_balanced_plan_exits_zero_with_text_output(tmp_path: Path) -> None:
    result = runner.invoke(app, ["finance", "check", str(write(tmp_path, BALANCED))])
    assert result.exit_code == 0, result.output
    assert "Gesamtkosten:    7.500,00 €" in result.stdout
    assert "Förderquote:     80,00 %" in result.stdout
    assert "Keine Hinweise" in result.stdout


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("costs: [\n", "kein gültiges YAML"),
        ("", "Die Plandatei ist leer."),
        ("costs: []\n", "„income“ fehlt"),
        (
            "costs: [{category: miete, label: Saal, amount: zwölf}]\nincome: []\n",
            "„zwölf“ ist kein gültiger Betrag",
        ),
    ],
)
def test_check_refuses_bad_plans_with_german_messages(
    tmp_path: Path, content: str, fragment: str
) -> None:
    result = runner.invoke(app, ["finance", "check", str(write(tmp_path, content))])
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert result.stderr.startswith("Fehler: ")


def test_check_refuses_binary_wrongly_encoded_and_missing_files(tmp_path: Path) -> None:
    binary = tmp_path / "plan.xlsx"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("costs: []\nincome: []\ntitle: Straßenfest\n".encode("latin-1"))
    cases = [
        (binary, "keine Textdatei"),
        (latin1, "nicht UTF-8-kodiert"),
        (tmp_path / "fehlt.yaml", "wurde nicht gefunden"),
    ]
    for path, fragment in cases:
        result = runner.invoke(app, ["finance", "check", str(path)])
        assert result.exit_code == 2, path
        assert fragment in result.stderr


def test_check_reads_the_plan_from_stdin() -> None:
    result = runner.invoke(app, ["finance", "check", "-", "--format", "json"], input=BALANCED)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["balance"] == "0.00"


def test_export_of_an_unbalanced_plan_as_final_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = runner.invoke(
        app,
        [
            "finance",
            "export",
            str(write(tmp_path, UNBALANCED)),
            "--format",
            "xlsx",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 1
    assert "nicht als Endfassung exportiert" in result.stderr
    assert "Es fehlen 1.234,56 € an Einnahmen." in result.stderr
    assert not out.exists()


def test_export_with_entwurf_writes_a_marked_draft(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = runner.invoke(
        app, ["finance", "export", str(write(tmp_path, UNBALANCED)), "--out", str(out), "--entwurf"]
    )
    assert result.exit_code == 0, result.output
    assert "Entwurf geschrieben" in result.stdout
    ws = openpyxl.load_workbook(out)["Finanzplan"]
    assert "ENTWURF" in ws["A1"].value


def test_export_of_a_balanced_plan_writes_xlsx_with_the_same_totals(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = runner.invoke(
        app,
        [
            "finance",
            "export",
            str(write(tmp_path, BALANCED)),
            "--format",
            "xlsx",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Endfassung geschrieben" in result.stdout
    ws = openpyxl.load_workbook(out, data_only=True)["Finanzplan"]
    totals = {ws[f"A{r}"].value: ws[f"C{r}"].value for r in range(1, ws.max_row + 1)}
    assert totals["Summe Ausgaben"] == 7500
    assert totals["Summe Einnahmen"] == 7500
    assert totals["Differenz (Einnahmen − Ausgaben)"] == 0
    assert "ENTWURF" not in ws["A1"].value


def test_export_as_docx_contains_the_finance_table(tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    result = runner.invoke(
        app,
        [
            "finance",
            "export",
            str(write(tmp_path, BALANCED)),
            "--format",
            "docx",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    document = Document(io.BytesIO(out.read_bytes()))
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert "7.500,00 €" in cells and "Förderquote" in cells


def test_export_to_an_unwritable_place_fails_in_german(tmp_path: Path) -> None:
    out = tmp_path / "fehlt" / "plan.xlsx"
    result = runner.invoke(
        app, ["finance", "export", str(write(tmp_path, BALANCED)), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "kann nicht geschrieben werden" in result.stderr


def test_funders_json_lists_profiles_with_next_deadline() -> None:
    result = runner.invoke(app, ["finance", "funders", "--format", "json", "--heute", "2026-11-27"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    by_id = {row["id"]: row for row in data["funders"]}
    assert len(by_id) == 6
    assert by_id["fonds-soziokultur"]["max_funding_rate"] == "80.00"
    assert by_id["fonds-soziokultur"]["next_deadline"]["date"] == "2027-05-02"
    assert by_id["quartiersfonds"]["next_deadline"]["kind"] == "laufend"


def test_funders_text_and_bad_date() -> None:
    result = runner.invoke(app, ["finance", "funders", "--heute", "2026-11-27"])
    assert result.exit_code == 0
    assert "Nächste Frist: 02.05.2027 (in 156 Tagen)" in result.stdout
    bad = runner.invoke(app, ["finance", "funders", "--heute", "morgen"])
    assert bad.exit_code == 2 and "kein Datum" in bad.stderr


def test_funders_takes_a_german_date_too() -> None:
    result = runner.invoke(app, ["finance", "funders", "--heute", "27.11.2026"])
    assert result.exit_code == 0, result.output
    assert "Nächste Frist: 02.05.2027 (in 156 Tagen)" in result.stdout
    bad = runner.invoke(app, ["finance", "funders", "--heute", "31.11.2026"])
    assert bad.exit_code == 2 and "gibt es im Kalender nicht" in bad.stderr


def test_organisation_profile_dir_adds_an_adapted_profile(tmp_path: Path) -> None:
    profiles = tmp_path / "profile"
    profiles.mkdir()
    mine = copy_profile(
        builtin_profiles()["fonds-soziokultur"], "mein-fonds", {"max_funding_rate": "70"}
    )
    (profiles / "mein-fonds.yaml").write_text(profile_to_yaml(mine), encoding="utf-8")
    plan = write(tmp_path, BALANCED.replace("fonds-soziokultur", "mein-fonds"))
    result = runner.invoke(
        app, ["finance", "check", str(plan), "--format", "json", "--profile-dir", str(profiles)]
    )
    assert result.exit_code == 1
    kinds = [f["kind"] for f in json.loads(result.stdout)["findings"]]
    assert kinds == ["funding_rate_above_max"]
    (profiles / "kaputt.yaml").write_text("id: [", encoding="utf-8")
    broken = runner.invoke(app, ["finance", "check", str(plan), "--profile-dir", str(profiles)])
    assert broken.exit_code == 2 and "Förderprofile fehlerhaft" in broken.stderr


def test_huge_inputs_are_refused_in_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    many_lines = "costs:\n" + "  - {category: miete, label: Saal, amount: '1'}\n" * 2001
    result = runner.invoke(
        app, ["finance", "check", str(write(tmp_path, many_lines + "income: []\n"))]
    )
    assert result.exit_code == 2
    assert "„costs“ hat mehr als 2000 Zeilen." in result.stderr
    from kikultur.cli import common

    monkeypatch.setattr(common, "MAX_INPUT_BYTES", 64)
    result = runner.invoke(app, ["finance", "check", str(write(tmp_path, BALANCED, "gross.yaml"))])
    assert result.exit_code == 2
    assert "ist größer als" in result.stderr


def test_check_ist_checks_the_actual_column_for_the_verwendungsnachweis(tmp_path: Path) -> None:
    plan = (
        "costs:\n"
        "  - {category: miete, label: Saal, amount: '1000', actual: '1300'}\n"
        "income:\n"
        "  - {category: beantragte_foerderung, label: Fonds, amount: '1000', actual: '1000'}\n"
    )
    result = runner.invoke(
        app, ["finance", "check", str(write(tmp_path, plan)), "--ist", "--format", "json"]
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["total_costs"] == "1300.00"
    assert data["balance"] == "-300.00"
    kinds = [f["kind"] for f in data["findings"]]
    assert kinds == ["unbalanced", "deviation_needs_reason"]
