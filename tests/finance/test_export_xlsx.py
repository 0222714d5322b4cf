import ast
import io
import operator
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
from hypothesis import given, settings
from openpyxl.worksheet.worksheet import Worksheet

from kikultur.exports.xlsx import EUR_FORMAT, PERCENT_FORMAT, plan_to_xlsx_bytes, write_plan_xlsx
from kikultur.finance.categories import CostCategory, IncomeCategory
from kikultur.finance.plan import CostLine, FinancePlan, IncomeLine
from kikultur.finance.rules import check_plan
from tests.finance.strategies import finance_settings, plans, small_cents

PLAN = FinancePlan(
    costs=(
        CostLine(CostCategory.honorare, "Chorleitung", Decimal("2400.00"), Decimal("2400.00")),
        CostLine(CostCategory.honorare, "Technik", Decimal("300.00"), Decimal("350.50")),
        CostLine(CostCategory.miete, "Saal", Decimal("1000.00"), Decimal("900.00")),
        CostLine(CostCategory.ksk, "KSK 4,9 %", Decimal("117.60"), Decimal("117.60")),
    ),
    income=(
        IncomeLine(IncomeCategory.eigenmittel, "Verein", Decimal("817.60"), Decimal("768.10")),
        IncomeLine(
            IncomeCategory.beantragte_foerderung, "Fonds", Decimal("3000.00"), Decimal("3000.00")
        ),
    ),
    title="Stadtteilchor",
)

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Div: operator.truediv}


def evaluate(ws: Worksheet, ref: str) -> Fraction:
    """A tiny spreadsheet evaluator for the formulas the exporter writes (SUM, + - /)."""
    value = ws[ref].value
    if value is None:
        return Fraction(0)
    if isinstance(value, int | float):
        return Fraction(Decimal(repr(value)))
    assert isinstance(value, str) and value.startswith("="), (ref, value)
    expression = value[1:]

    def expand(match: re.Match[str]) -> str:
        col, first, last = match.group(1), int(match.group(2)), int(match.group(4))
        assert match.group(3) == col
        return "(" + "+".join(f"{col}{row}" for row in range(first, last + 1)) + ")"

    expression = re.sub(r"SUM\(([A-Z])(\d+):([A-Z])(\d+)\)", expand, expression)

    def walk(node: ast.AST) -> Fraction:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.BinOp):
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.Name):
            return evaluate(ws, node.id)
        if isinstance(node, ast.Constant):
            return Fraction(node.value)
        raise AssertionError(f"unexpected formula part in {ref}: {value}")

    return walk(ast.parse(expression, mode="eval"))


def row_of(ws: Worksheet, label: str) -> int:
    for row in range(1, ws.max_row + 1):
        if ws[f"A{row}"].value == label:
            return row
    raise AssertionError(f"no row {label!r}")


def reopen(data: bytes) -> tuple[Worksheet, Worksheet]:
    formulas = openpyxl.load_workbook(io.BytesIO(data))["Finanzplan"]
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)["Finanzplan"]
    return formulas, values


def test_xlsx_reopened_shows_the_same_totals_as_formulas_and_as_values(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan_xlsx(PLAN, out, funder_name="Fonds Soziokultur")
    formulas, values = reopen(out.read_bytes())
    expected = {
        "Summe Ausgaben": (PLAN.total_costs(), PLAN.total_costs("actual")),
        "Summe Einnahmen": (PLAN.total_income(), PLAN.total_income("actual")),
        "Differenz (Einnahmen − Ausgaben)": (PLAN.balance(), PLAN.balance("actual")),
        "Summe Honorare": (Decimal("2700.00"), Decimal("2750.50")),
    }
    for label, (planned, actual) in expected.items():
        row = row_of(formulas, label)
        for col, amount in (("C", planned), ("D", actual)):
            assert str(formulas[f"{col}{row}"].value).startswith("="), label
            assert evaluate(formulas, f"{col}{row}") == Fraction(amount), label
            assert Decimal(repr(values[f"{col}{row}"].value)) == amount, label
            assert formulas[f"{col}{row}"].number_format == EUR_FORMAT
    rate_row = row_of(formulas, "Förderquote (beantragte Förderung / Gesamtkosten)")
    assert evaluate(formulas, f"C{rate_row}") == PLAN.funding_rate()
    assert values[f"C{rate_row}"].value == float(PLAN.funding_rate() or 0)
    assert formulas[f"C{rate_row}"].number_format == PERCENT_FORMAT
    technik = row_of(formulas, "Summe Honorare") - 1
    assert formulas[f"B{technik}"].value == "Technik"
    assert formulas[f"E{technik}"].value == f"=D{technik}-C{technik}"
    assert evaluate(formulas, f"E{technik}") == Fraction("50.50")
    assert values[f"E{technik}"].value == 50.5
    assert formulas["B3"].value == "Fonds Soziokultur"
    assert formulas[f"B{row_of(formulas, 'Status')}"].value == "ausgeglichen"


def test_xlsx_of_a_draft_is_marked_as_such() -> None:
    unbalanced = FinancePlan(
        costs=(CostLine(CostCategory.miete, "Saal", Decimal("100.00")),),
        income=(IncomeLine(IncomeCategory.eigenmittel, "Verein", Decimal("50.00")),),
    )
    formulas, values = reopen(plan_to_xlsx_bytes(unbalanced, draft=True))
    assert "ENTWURF" in formulas["A1"].value
    assert formulas[f"B{row_of(formulas, 'Status')}"].value == "nicht ausgeglichen"
    row = row_of(formulas, "Differenz (Einnahmen − Ausgaben)")
    assert values[f"C{row}"].value == -50
    # Without a grant line the funding rate is 0 % (formula, not a blank).
    rate_row = row + 1
    assert evaluate(formulas, f"C{rate_row}") == 0


def test_xlsx_check_sheet_names_the_severity_in_german() -> None:
    unbalanced = FinancePlan(
        costs=(CostLine(CostCategory.miete, "Saal", Decimal("100.00")),),
        income=(IncomeLine(IncomeCategory.eigenmittel, "Verein", Decimal("50.00")),),
    )
    findings = check_plan(unbalanced)
    assert findings and findings[0].severity == "error"
    data = plan_to_xlsx_bytes(unbalanced, draft=True, findings=findings)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Prüfung"]
    labels = [sheet[f"A{i}"].value for i in range(2, len(findings) + 2)]
    assert labels[0] == "wichtig"
    assert set(labels) <= {"wichtig", "Warnung", "Hinweis", "Information"}


def test_xlsx_of_an_empty_plan_has_no_division_by_zero() -> None:
    formulas, values = reopen(plan_to_xlsx_bytes(FinancePlan()))
    rate_row = row_of(formulas, "Förderquote (beantragte Förderung / Gesamtkosten)")
    assert formulas[f"C{rate_row}"].value == "–"
    assert values[f"C{row_of(formulas, 'Summe Ausgaben')}"].value == 0


@settings(finance_settings, max_examples=25)
@given(plans(max_lines=8, amounts=small_cents))
def test_xlsx_formulas_compute_the_plan_totals_for_any_plan(plan: FinancePlan) -> None:
    formulas, values = reopen(plan_to_xlsx_bytes(plan))
    for label, total in (
        ("Summe Ausgaben", plan.total_costs()),
        ("Summe Einnahmen", plan.total_income()),
        ("Differenz (Einnahmen − Ausgaben)", plan.balance()),
    ):
        row = row_of(formulas, label)
        assert evaluate(formulas, f"C{row}") == Fraction(total)
        assert Decimal(repr(values[f"C{row}"].value)) == total
