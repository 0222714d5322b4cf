"""The finance plan as an XLSX workbook: real formulas plus their computed values, German format.

openpyxl writes a formula without a result, so a reader that does not recalculate (a viewer, or
openpyxl with `data_only=True`) would see empty totals. After saving, the results computed by
`FinancePlan` (exact decimals) are written into the formula cells as cached values; Excel and
LibreOffice recalculate on open (`fullCalcOnLoad`) and arrive at the same figures.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from kikultur.checks.findings import Finding
from kikultur.finance.categories import IncomeCategory
from kikultur.finance.plan import ZERO, Column, FinancePlan, exact, exact_sum
from kikultur.finance.rules import severity_label
from kikultur.i18n import _

EUR_FORMAT = '#,##0.00 "€"'
PERCENT_FORMAT = "0.00%"
SHEET_TITLE = "Finanzplan"
COLUMNS: dict[Column, str] = {"planned": "C", "actual": "D"}
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")


@dataclass
class _Sheet:
    """Tracks the value behind every formula cell so it can be cached in the file."""

    ws: Worksheet
    row: int = 1
    cached: dict[str, Decimal | Fraction] = field(default_factory=dict)

    def formula(self, ref: str, formula: str, value: Decimal | Fraction, fmt: str) -> None:
        self.ws[ref] = formula
        self.ws[ref].number_format = fmt
        self.cached[ref] = value

    def amount(self, ref: str, value: Decimal) -> None:
        self.ws[ref] = value
        self.ws[ref].number_format = EUR_FORMAT


def build_workbook(
    plan: FinancePlan,
    *,
    funder_name: str = "",
    draft: bool = False,
    findings: list[Finding] | None = None,
) -> tuple[Workbook, dict[str, Decimal | Fraction]]:
    """The workbook and the values of its formula cells (sheet "Finanzplan")."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook always has one sheet
    ws.title = SHEET_TITLE
    sheet = _Sheet(ws)
    with_actual = plan.has_actuals()
    title = _("Kosten- und Finanzierungsplan")
    if draft:
        title += " – " + _("ENTWURF (nicht ausgeglichen, nicht zur Einreichung)")
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"], ws["B2"] = _("Projekt"), plan.title
    ws["A3"], ws["B3"] = _("Förderer"), funder_name or (plan.funder or "")
    headers = [_("Kategorie"), _("Position"), _("Plan (€)"), _("Ist (€)"), _("Abweichung (€)")]
    for col, text in zip("ABCDE", headers, strict=True):
        ws[f"{col}5"] = text
        ws[f"{col}5"].font = BOLD
        ws[f"{col}5"].fill = HEADER_FILL
    sheet.row = 6

    costs_total, _cost_subtotals = _section(
        sheet,
        _("Ausgaben"),
        [
            (category.value, category.label, [(x.label, x.planned, x.actual) for _i, x in lines])
            for category, lines in plan.costs_by_category()
        ],
        _("Summe Ausgaben"),
        plan.total_costs("planned"),
        plan.total_costs("actual") if with_actual else None,
        with_actual,
    )
    income_total, income_subtotals = _section(
        sheet,
        _("Einnahmen"),
        [
            (category.value, category.label, [(x.label, x.planned, x.actual) for _i, x in lines])
            for category, lines in plan.income_by_category()
        ],
        _("Summe Einnahmen"),
        plan.total_income("planned"),
        plan.total_income("actual") if with_actual else None,
        with_actual,
    )
    grant_row = income_subtotals.get(IncomeCategory.beantragte_foerderung.value)

    balance_row = sheet.row
    ws[f"A{balance_row}"] = _("Differenz (Einnahmen − Ausgaben)")
    ws[f"A{balance_row}"].font = BOLD
    columns: list[Column] = ["planned", "actual"] if with_actual else ["planned"]
    for column in columns:
        col = COLUMNS[column]
        sheet.formula(
            f"{col}{balance_row}",
            f"={col}{income_total}-{col}{costs_total}",
            plan.balance(column),
            EUR_FORMAT,
        )
    rate_row = balance_row + 1
    ws[f"A{rate_row}"] = _("Förderquote (beantragte Förderung / Gesamtkosten)")
    for column in columns:
        col = COLUMNS[column]
        rate = plan.funding_rate(column)
        if rate is None:
            ws[f"{col}{rate_row}"] = "–"
        elif grant_row is None:
            sheet.formula(f"{col}{rate_row}", f"=0/{col}{costs_total}", rate, PERCENT_FORMAT)
        else:
            sheet.formula(
                f"{col}{rate_row}", f"={col}{grant_row}/{col}{costs_total}", rate, PERCENT_FORMAT
            )
    status_row = rate_row + 1
    ws[f"A{status_row}"] = _("Status")
    ws[f"B{status_row}"] = _("ausgeglichen") if plan.is_balanced() else _("nicht ausgeglichen")
    ws.column_dimensions["A"].width = 42
    ws.column_dimensions["B"].width = 36
    for col in "CDE":
        ws.column_dimensions[col].width = 16
    ws.freeze_panes = "A6"
    if findings:
        notes = wb.create_sheet(_("Prüfung"))
        notes["A1"], notes["B1"] = _("Art"), _("Hinweis")
        for i, finding in enumerate(findings, start=2):
            notes[f"A{i}"] = severity_label(finding.severity)
            notes[f"B{i}"] = finding.message
        notes.column_dimensions["B"].width = 100
    wb.calculation.fullCalcOnLoad = True
    return wb, sheet.cached


def _section(
    sheet: _Sheet,
    heading: str,
    groups: list[tuple[str, str, list[tuple[str, Decimal, Decimal | None]]]],
    total_label: str,
    total_planned: Decimal,
    total_actual: Decimal | None,
    with_actual: bool,
) -> tuple[int, dict[str, int]]:
    """Writes lines and subtotals of one side of the plan; returns the total and subtotal rows."""
    ws = sheet.ws
    ws[f"A{sheet.row}"] = heading
    ws[f"A{sheet.row}"].font = Font(bold=True, size=12)
    sheet.row += 1
    subtotal_rows: dict[str, int] = {}
    for key, category_label, lines in groups:
        first = sheet.row
        planned_sum = exact_sum(planned for _label, planned, _actual in lines)
        actual_sum = exact_sum(actual or ZERO for _label, _planned, actual in lines)
        for label, planned, actual in lines:
            r = sheet.row
            ws[f"A{r}"], ws[f"B{r}"] = category_label, label
            sheet.amount(f"C{r}", planned)
            if actual is not None:
                sheet.amount(f"D{r}", actual)
                with exact():
                    deviation = actual - planned
                sheet.formula(f"E{r}", f"=D{r}-C{r}", deviation, EUR_FORMAT)
            sheet.row += 1
        last = sheet.row - 1
        r = sheet.row
        ws[f"A{r}"] = _("Summe {category}").format(category=category_label)
        ws[f"A{r}"].font = BOLD
        sheet.formula(f"C{r}", f"=SUM(C{first}:C{last})", planned_sum, EUR_FORMAT)
        if with_actual:
            sheet.formula(f"D{r}", f"=SUM(D{first}:D{last})", actual_sum, EUR_FORMAT)
        ws[f"C{r}"].font = BOLD
        subtotal_rows[key] = r
        sheet.row += 1
    r = sheet.row
    ws[f"A{r}"] = total_label
    ws[f"A{r}"].font = BOLD
    for col, total in (("C", total_planned), ("D", total_actual)):
        if total is None:
            continue
        refs = [f"{col}{row}" for row in subtotal_rows.values()]
        formula = "=" + "+".join(refs) if refs else "=0"
        sheet.formula(f"{col}{r}", formula, total, EUR_FORMAT)
        ws[f"{col}{r}"].font = BOLD
        ws[f"{col}{r}"].alignment = Alignment(horizontal="right")
    sheet.row += 2
    return r, subtotal_rows


_FORMULA_CELL = re.compile(r'(<c r="([A-Z]+[0-9]+)"[^>]*>)<f>([^<]*)</f><v\s*/?>(?:</v>)?')


def _cache_values(data: bytes, cached: dict[str, Decimal | Fraction]) -> bytes:
    """Writes the computed value of every formula cell into the sheet XML as its result."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = content.decode("utf-8")

                def fill(match: re.Match[str]) -> str:
                    value = cached.get(match.group(2))
                    if value is None:
                        return match.group(0)
                    text = repr(float(value)) if isinstance(value, Fraction) else f"{value:f}"
                    return f"{match.group(1)}<f>{match.group(3)}</f><v>{text}</v>"

                content = _FORMULA_CELL.sub(fill, xml).encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def plan_to_xlsx_bytes(
    plan: FinancePlan,
    *,
    funder_name: str = "",
    draft: bool = False,
    findings: list[Finding] | None = None,
) -> bytes:
    wb, cached = build_workbook(plan, funder_name=funder_name, draft=draft, findings=findings)
    buffer = io.BytesIO()
    wb.save(buffer)
    return _cache_values(buffer.getvalue(), cached)


def write_plan_xlsx(
    plan: FinancePlan,
    path: Path,
    *,
    funder_name: str = "",
    draft: bool = False,
    findings: list[Finding] | None = None,
) -> None:
    path.write_bytes(
        plan_to_xlsx_bytes(plan, funder_name=funder_name, draft=draft, findings=findings)
    )
