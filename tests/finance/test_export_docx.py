import io
from decimal import Decimal

from docx import Document

from kikultur.exports.finance_docx import add_finance_table
from kikultur.finance.categories import CostCategory, IncomeCategory
from kikultur.finance.plan import CostLine, FinancePlan, IncomeLine

PLAN = FinancePlan(
    costs=(
        CostLine(CostCategory.honorare, "Chorleitung", Decimal("2400.00")),
        CostLine(CostCategory.miete, "Saal", Decimal("1000.00")),
        CostLine(CostCategory.ksk, "KSK 4,9 %", Decimal("117.60")),
    ),
    income=(
        IncomeLine(IncomeCategory.eigenmittel, "Verein", Decimal("717.60")),
        IncomeLine(IncomeCategory.beantragte_foerderung, "Fonds", Decimal("2800.00")),
    ),
)


def reopened_rows(document: Document) -> list[list[str]]:  # type: ignore[valid-type]
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    reopened = Document(io.BytesIO(buffer.getvalue()))
    assert len(reopened.tables) == 1
    return [[cell.text for cell in row.cells] for row in reopened.tables[0].rows]


def test_finance_table_in_docx_shows_lines_subtotals_totals_and_rate() -> None:
    document = Document()
    document.add_paragraph("Antragstext davor")
    add_finance_table(document, PLAN)
    rows = reopened_rows(document)
    assert rows[0] == ["Kategorie", "Position", "Plan"]
    assert ["Honorare", "Chorleitung", "2.400,00 €"] in rows
    assert ["Summe Honorare", "", "2.400,00 €"] in rows
    assert ["Summe Ausgaben", "", "3.517,60 €"] in rows
    assert ["Summe Einnahmen", "", "3.517,60 €"] in rows
    assert ["Differenz (Einnahmen − Ausgaben)", "", "0,00 €"] in rows
    assert ["Förderquote", "", "79,60 %"] in rows  # 2800 / 3517.60 = 79.5997... %
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Kosten- und Finanzierungsplan"]


def test_finance_table_shows_planned_against_actual_for_the_report() -> None:
    with_actual = FinancePlan(
        costs=(CostLine(CostCategory.miete, "Saal", Decimal("1000.00"), Decimal("1100.00")),),
        income=(
            IncomeLine(
                IncomeCategory.beantragte_foerderung, "Fonds", Decimal("1000.00"), Decimal("1000")
            ),
        ),
    )
    document = Document()
    add_finance_table(document, with_actual, heading="Soll-Ist-Vergleich")
    rows = reopened_rows(document)
    assert rows[0] == ["Kategorie", "Position", "Plan", "Ist", "Abweichung"]
    assert ["Miete und Raumkosten", "Saal", "1.000,00 €", "1.100,00 €", "100,00 €"] in rows
    assert ["Differenz (Einnahmen − Ausgaben)", "", "0,00 €", "-100,00 €", ""] in rows
    assert ["Förderquote", "", "100,00 %", "90,91 %", ""] in rows


def test_grant_row_next_to_the_actual_column_is_not_called_only_applied_for() -> None:
    with_actual = FinancePlan(
        income=(
            IncomeLine(
                IncomeCategory.beantragte_foerderung, "Fonds", Decimal("1000.00"), Decimal("900")
            ),
        ),
    )
    document = Document()
    add_finance_table(document, with_actual, with_actual=True)
    labels = [row[0] for row in reopened_rows(document)]
    assert "Förderung (Plan: beantragt, Ist: bewilligt)" in labels
    assert "Beantragte Förderung" not in labels
    plan_only = Document()
    add_finance_table(plan_only, PLAN)
    assert "Beantragte Förderung" in [row[0] for row in reopened_rows(plan_only)]


def test_draft_table_is_marked() -> None:
    document = Document()
    add_finance_table(document, PLAN, draft=True, heading="")
    assert any("ENTWURF" in p.text for p in document.paragraphs)
