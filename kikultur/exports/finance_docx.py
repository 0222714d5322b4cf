"""The finance plan as a table inside a python-docx Document (for the application and report)."""

from __future__ import annotations

import contextlib
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table

from kikultur.finance.categories import IncomeCategory
from kikultur.finance.money import format_eur, format_number
from kikultur.finance.plan import Column, FinancePlan
from kikultur.i18n import _


def add_finance_table(
    document: Any,
    plan: FinancePlan,
    *,
    with_actual: bool | None = None,
    heading: str | None = None,
    draft: bool = False,
) -> Table:
    """Appends the plan (by category, with subtotals, totals, balance, funding rate).

    `with_actual=None` shows the actual column when the plan has actual amounts (the
    Verwendungsnachweis); the Sachbericht passes True for its planned-vs-actual table.
    """
    show_actual = plan.has_actuals() if with_actual is None else with_actual
    if heading is None:
        heading = _("Kosten- und Finanzierungsplan")
    if heading:
        document.add_heading(heading, level=2)
    if draft:
        document.add_paragraph(_("ENTWURF: Der Plan ist nicht ausgeglichen."))
    columns: list[Column] = ["planned", "actual"] if show_actual else ["planned"]
    header = [_("Kategorie"), _("Position"), _("Plan")]
    if show_actual:
        header += [_("Ist"), _("Abweichung")]
    table = document.add_table(rows=1, cols=len(header))
    # A custom template without that style keeps its default table style.
    with contextlib.suppress(KeyError, ValueError):
        table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _write(cell, text, bold=True)

    def row(values: list[str], *, bold: bool = False) -> None:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
            _write(cell, text, bold=bold, right=i >= 2)

    def amounts(planned: Any, actual: Any, *, deviation: bool = True) -> list[str]:
        values = [format_eur(planned)]
        if show_actual:
            values.append("" if actual is None else format_eur(actual))
            values.append("" if actual is None or not deviation else format_eur(actual - planned))
        return values

    blank = [""] * (len(header) - 2)
    row([_("Ausgaben"), "", *blank], bold=True)
    for category, lines in plan.costs_by_category():
        for _index, line in lines:
            row([category.label, line.label, *amounts(line.planned, line.actual)])
        row(
            [
                _("Summe {category}").format(category=category.label),
                "",
                *_subtotals(plan.cost_subtotals, category, columns, show_actual),
            ],
            bold=True,
        )
    row([_("Summe Ausgaben"), "", *_totals(plan.total_costs, columns, show_actual)], bold=True)
    row([_("Einnahmen"), "", *blank], bold=True)
    for income_category, income_lines in plan.income_by_category():
        label = _income_label(income_category, show_actual)
        for _index, income in income_lines:
            row([label, income.label, *amounts(income.planned, income.actual)])
        row(
            [
                _("Summe {category}").format(category=label),
                "",
                *_subtotals(plan.income_subtotals, income_category, columns, show_actual),
            ],
            bold=True,
        )
    row([_("Summe Einnahmen"), "", *_totals(plan.total_income, columns, show_actual)], bold=True)
    row(
        [_("Differenz (Einnahmen − Ausgaben)"), "", *_totals(plan.balance, columns, show_actual)],
        bold=True,
    )
    rates = []
    for column in columns:
        rate = plan.funding_rate_percent(column)
        rates.append("–" if rate is None else f"{format_number(rate)} %")
    if show_actual:
        rates.append("")
    row([_("Förderquote"), "", *rates])
    return table


def _income_label(category: IncomeCategory, show_actual: bool) -> str:
    """Next to the actual column (Sachbericht, Verwendungsnachweis) the grant line holds the
    money granted and received, not only the amount applied for: „Beantragte" would mislead."""
    if show_actual and category is IncomeCategory.beantragte_foerderung:
        return _("Förderung (Plan: beantragt, Ist: bewilligt)")
    return category.label


def _subtotals(method: Any, category: Any, columns: list[Column], show_actual: bool) -> list[str]:
    values = [format_eur(method(column)[category]) for column in columns]
    return [*values, ""] if show_actual else values


def _totals(method: Any, columns: list[Column], show_actual: bool) -> list[str]:
    values = [format_eur(method(column)) for column in columns]
    return [*values, ""] if show_actual else values


def _write(cell: Any, text: str, *, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
