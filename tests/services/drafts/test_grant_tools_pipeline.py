"""Förderantrag and Sachbericht through the pipeline: funder profile, finance plan, DOCX."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from docx import Document
from sqlalchemy import select
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.finance.categories import CostCategory, IncomeCategory
from kikultur.finance.funders import builtin_profiles
from kikultur.finance.plan import CostLine, FinancePlan, IncomeLine
from kikultur.services import drafts, finance
from kikultur.services.drafts import grants
from kikultur.store.models import FinancePlanLine, FinancePlanRecord
from kikultur.store.repository import OrgRepository
from kikultur.tools.funder import as_name
from kikultur.tools.inputs import InvalidInputsError, display_value, parse_money
from kikultur.tools.registry import load_builtin
from tests.conftest import OrgFixture
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import ANSWERS, examples

PROFILE = "hamburg-stadtteilkultur"
OWN_PROFILE = "unser-bezirk"


def store_plan(
    repo: OrgRepository, org: OrgFixture, title: str = "Geschichten vom Hof", actuals: bool = True
) -> int:
    """A balanced plan (6.000 € costs and income); actual amounts (after the project) optional."""
    record = FinancePlanRecord(title=title, funder_id=PROFILE, created_by_id=org.admin.id)
    repo.add(record)
    repo.session.flush()
    lines = [
        ("cost", "honorare", "Moderation der Erzählabende", "4000.00", "4300.00"),
        ("cost", "sachkosten", "Druck der Ausstellung", "2000.00", "2100.00"),
        ("income", "beantragte_foerderung", "Stadtteilkultur Altona", "4800.00", "4800.00"),
        ("income", "eigenmittel", "Eigenanteil des Vereins", "1200.00", "1600.00"),
    ]
    for position, (kind, category, label, planned, actual) in enumerate(lines):
        repo.add(
            FinancePlanLine(
                plan_id=record.id,
                kind=kind,
                position=position,
                category=category,
                label=label,
                planned=Decimal(planned),
                actual=Decimal(actual) if actuals else None,
                note="",
            )
        )
    repo.session.commit()
    return record.id


def table_texts(document: Document) -> list[list[str]]:
    rows: list[list[str]] = []
    for table in document.tables:
        rows += [[cell.text for cell in row.cells] for row in table.rows]
    return rows


def run(
    repo: OrgRepository,
    settings: Settings,
    org: OrgFixture,
    server: OpenAITestServer,
    provider: str,
    tool_id: str,
    values: dict[str, object],
) -> drafts.GenerationResult:
    server.enqueue(Reply.ok(ANSWERS[tool_id].replace("Bürgerhaus Beispiel", org.org.name)))
    prepared = drafts.prepare(repo, settings, tool_id, values, "", provider_name=provider)
    generation = drafts.generate(repo, settings, prepared, org.member)
    list(generation)
    result = generation.result
    assert result is not None and result.ok, result.user_message
    return result


def test_foerderantrag_uses_the_own_profile_copy_and_exports_the_finance_plan(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    finance.copy_builtin(repo, org_a.admin, PROFILE, OWN_PROFILE, "Unser Bezirksamt")
    plan_id = store_plan(repo, org_a, actuals=False)  # an application: no actual amounts yet
    values = examples(load_builtin("foerderantrag"))
    # Left empty: the plan brings the amounts.
    for name in ("beantragte_summe", "gesamtkosten", "eigenmittel"):
        values.pop(name, None)
    values["foerderer"] = as_name(OWN_PROFILE)
    values[grants.FINANCE_INPUT] = str(plan_id)

    result = run(repo, settings, org_a, openai_server, loopback, "foerderantrag", values)

    version = result.version
    assert version is not None
    provenance = version.provenance
    assert provenance["funder_profile"] == OWN_PROFILE
    assert provenance["finance_plan"] == plan_id
    assert provenance["inputs"]["beantragte_summe"] == "4.800,00 €"
    assert provenance["inputs"]["gesamtkosten"] == "6.000,00 €"
    assert provenance["inputs"]["eigenmittel"] == "1.200,00 €"
    # The prompt version is the resolved tool's (profile sections included), not the bare spec's.
    assert provenance["prompt_version"] != load_builtin("foerderantrag").prompt_version
    titles = [s.title for s in builtin_profiles()[PROFILE].sections]
    assert len(version.sections) == len(titles)
    assert "[[" not in result.text and "4.800" in result.text
    structure_errors = [
        f for f in version.findings if f["check"] == "structure" and f["severity"] == "error"
    ]
    assert structure_errors == []

    draft = drafts.get_draft(repo, result.draft.id)
    assert draft.inputs[grants.FINANCE_INPUT] == str(plan_id)
    exported = drafts.export(repo, settings, draft, "docx")
    document = Document(io.BytesIO(exported.file.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for title in titles:
        assert title in headings, title
    assert "Kosten- und Finanzierungsplan" in headings
    rows = table_texts(document)
    assert rows[0] == ["Kategorie", "Position", "Plan"]
    assert ["Summe Ausgaben", "", "6.000,00 €"] in rows
    assert ["Summe Einnahmen", "", "6.000,00 €"] in rows
    assert any(row[1] == "Moderation der Erzählabende" for row in rows)


def test_sachbericht_exports_planned_against_actual(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    plan_id = store_plan(repo, org_a)
    values = examples(load_builtin("sachbericht"))
    values[grants.FINANCE_INPUT] = plan_id  # YAML gives a number

    result = run(repo, settings, org_a, openai_server, loopback, "sachbericht", values)

    assert result.version is not None
    assert result.version.provenance["finance_plan"] == plan_id
    assert result.version.provenance["funder_profile"] is None  # fixed sections, no profile
    draft = drafts.get_draft(repo, result.draft.id)
    exported = drafts.export(repo, settings, draft, "docx")
    document = Document(io.BytesIO(exported.file.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for title in ("Kurzfassung", "Ziele und Ergebnisse", "Abweichungen und Begründungen"):
        assert title in headings
    rows = table_texts(document)
    assert rows[0] == ["Kategorie", "Position", "Plan", "Ist", "Abweichung"]
    assert ["Summe Ausgaben", "", "6.000,00 €", "6.400,00 €", ""] in rows
    assert ["Summe Einnahmen", "", "6.000,00 €", "6.400,00 €", ""] in rows
    moderation = next(row for row in rows if row[1] == "Moderation der Erzählabende")
    assert moderation[2:] == ["4.000,00 €", "4.300,00 €", "300,00 €"]
    # Markdown has no finance table: only the DOCX carries it.
    markdown = drafts.export(repo, settings, draft, "md").file.content.decode("utf-8")
    assert "Moderation der Erzählabende" not in markdown


def test_a_sachbericht_over_plan_without_reasons_asks_for_them_before_any_model_call(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture, loopback: str
) -> None:
    plan_id = store_plan(repo, org_a)
    # Sachkosten 2.000 € planned, 2.700 € spent: 35 % over plan, more than the 20 % allowed.
    line = repo.session.scalars(
        select(FinancePlanLine).where(FinancePlanLine.category == "sachkosten")
    ).one()
    line.actual = Decimal("2700.00")
    repo.session.commit()
    values = examples(load_builtin("sachbericht"))
    values[grants.FINANCE_INPUT] = plan_id
    values["abweichungen"] = ""
    with pytest.raises(InvalidInputsError) as refused:
        drafts.prepare(repo, settings, "sachbericht", values, "", provider_name=loopback)
    message = refused.value.errors["abweichungen"]
    assert "Sachkosten 700,00 € über Plan" in message and "Gründe" in message
    # With the reasons given, the report is prepared.
    values["abweichungen"] = "Die Ausstellung wurde größer, der Druck teurer."
    assert drafts.prepare(repo, settings, "sachbericht", values, "", provider_name=loopback)


def test_a_finance_plan_of_another_organisation_is_refused_before_any_model_call(
    db: Session,
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    org_b: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    foreign = store_plan(OrgRepository(db, org_b.org.id), org_b, "Plan von B")
    values = examples(load_builtin("foerderantrag"))
    for raw in (str(foreign), "abc", "999999"):
        values[grants.FINANCE_INPUT] = raw
        with pytest.raises(InvalidInputsError) as caught:
            drafts.prepare(repo, settings, "foerderantrag", values, "", provider_name=loopback)
        assert caught.value.errors == {
            grants.FINANCE_INPUT: "Diesen Finanzplan gibt es in Ihrer Einrichtung nicht."
        }
    assert openai_server.chat_requests == []


def test_typed_amounts_win_over_the_plan_and_a_missing_profile_is_reported_with_the_rest(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture, loopback: str
) -> None:
    plan_id = store_plan(repo, org_a)
    values = examples(load_builtin("foerderantrag"))
    values["beantragte_summe"] = "4500"
    values[grants.FINANCE_INPUT] = str(plan_id)
    prepared = drafts.prepare(repo, settings, "foerderantrag", values, "", provider_name=loopback)
    assert prepared.values["beantragte_summe"] == "4500"
    assert prepared.finance_plan_id == plan_id

    values.pop("foerderer")
    values.pop("projekttitel")
    with pytest.raises(InvalidInputsError) as caught:
        drafts.prepare(repo, settings, "foerderantrag", values, "", provider_name=loopback)
    assert set(caught.value.errors) == {"foerderer", "projekttitel"}


def test_plan_figures_are_german_amounts_that_the_money_field_reads_back() -> None:
    plan = FinancePlan(
        costs=(CostLine(CostCategory.honorare, "Moderation", Decimal("12345.5")),),
        income=(
            IncomeLine(IncomeCategory.beantragte_foerderung, "Bezirk", Decimal("10000.00")),
            IncomeLine(IncomeCategory.eigenmittel, "Verein", Decimal("2345.50")),
        ),
    )
    figures = grants.plan_figures(plan)
    assert figures == {
        "beantragte_summe": "10.000,00 €",
        "gesamtkosten": "12.345,50 €",
        "eigenmittel": "2.345,50 €",
    }
    spec = load_builtin("foerderantrag").spec
    assert parse_money(figures["gesamtkosten"]) == Decimal("12345.50")
    for name, text in figures.items():
        assert display_value(spec.input(name), parse_money(text)) == text
