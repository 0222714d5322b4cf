"""foerderantrag and sachbericht: sections from the funder profile, prompts, parsing, DOCX."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from docx import Document

from kikultur.exports.formats import export_draft
from kikultur.finance.categories import CostCategory, IncomeCategory
from kikultur.finance.funders import builtin_profiles, copy_profile
from kikultur.finance.plan import CostLine, FinancePlan, IncomeLine
from kikultur.tools.funder import as_name, resolve_tool
from kikultur.tools.inputs import InvalidInputsError
from kikultur.tools.prompts import build_messages, prepare_values
from kikultur.tools.registry import load_builtin
from kikultur.tools.sections import parse_answer
from kikultur.tools.spec import sections_for
from tests.tools.samples import STECKBRIEF, examples

PROFILE_IDS = sorted(builtin_profiles())


def _answer(titles: list[str]) -> str:
    body = {
        "Ziele": "- 8 Erzählabende mit [[teilnehmende]] Teilnehmenden (Menschen im Stadtteil "
        "werden selbst aktiv)\n- Eine Hofausstellung (Schwellen zur Kunst senken)",
    }
    return "\n\n".join(f"## {t}\n{body.get(t, 'Text zu ' + t + '.')}" for t in titles) + "\n"


def test_funder_choices_are_exactly_the_builtin_profiles() -> None:
    spec = load_builtin("foerderantrag").spec
    choices = {c.value: c.label for c in spec.input("foerderer").choices}
    assert choices == {as_name(p.id): p.name for p in builtin_profiles().values()}
    assert spec.sections_from == "funder_profile" and spec.sections == ()
    assert "finance_table" in spec.export_hooks


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_application_prompt_has_the_profiles_sections_limits_and_criteria(
    profile_id: str,
) -> None:
    tool = load_builtin("foerderantrag")
    profile = builtin_profiles()[profile_id]
    values = {**examples(tool), "foerderer": as_name(profile_id)}
    system, user = (m.content for m in build_messages(tool, values, "Notiz", STECKBRIEF))
    assert "Erfinde nichts" in system and "Eine Anfrage ist keine Zusage" in system
    assert profile.name in user
    for section in profile.sections:
        assert f"## {section.title}\n" in user
        if section.max_chars:
            assert f"höchstens {section.max_chars} Zeichen" in user
    for criterion in profile.criteria:
        assert criterion.title in user
    for slot in ("[[projektbeginn]]", "[[teilnehmende]]", "[[beantragte_summe]]"):
        assert slot in user
    assert "4.800,00" in user  # the fact slot's value is shown next to its marker


def test_application_without_figures_or_partners_forbids_inventing_them() -> None:
    tool = load_builtin("foerderantrag")
    values = {
        k: v
        for k, v in examples(tool).items()
        if k not in {"teilnehmende", "termine", "partner", "beantragte_summe"}
    }
    user = build_messages(tool, values, "", STECKBRIEF)[1].content
    assert "Erfinde keine" in user
    assert "Es gibt keine zugesagten Partner" in user
    assert "Nenne keine Beträge" in user


def test_unknown_funder_is_a_german_error_at_the_field() -> None:
    tool = load_builtin("foerderantrag")
    with pytest.raises(InvalidInputsError) as error:
        build_messages(tool, {**examples(tool), "foerderer": "gibt_es_nicht"}, "", STECKBRIEF)
    assert "foerderer" in error.value.errors


def test_an_organisation_copy_brings_its_own_limits() -> None:
    tool = load_builtin("foerderantrag")
    own = copy_profile(
        builtin_profiles()["hamburg-stadtteilkultur"],
        "altona-eigen",
        {"name": "Stadtteilkultur Altona"},
        {"kurzbeschreibung": {"max_chars": 900}},
    )
    values = {**examples(tool), "foerderer": "altona-eigen"}
    resolved = resolve_tool(tool, values, {own.id: own})
    limits = {s.id: s.max_chars for s in resolved.spec.sections}
    assert limits["kurzbeschreibung"] == 900
    user = build_messages(resolved, {**values, "foerderer": "altona_eigen"}, "", STECKBRIEF)[1]
    assert "Stadtteilkultur Altona" in user.content
    assert resolved.prompt_version != load_builtin("foerderantrag").prompt_version


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_scripted_application_answer_splits_into_the_profiles_sections(profile_id: str) -> None:
    tool = load_builtin("foerderantrag")
    values = prepare_values(tool.spec, {**examples(tool), "foerderer": as_name(profile_id)})
    expected = sections_for(tool.spec, values)
    answer = _answer([s.title for s in expected])
    parsed = parse_answer(tool.spec, values, answer)
    assert set(parsed.sections) == {s.id for s in expected}
    assert not [f for f in parsed.findings if f.severity == "error"]


def test_goal_count_outside_the_profile_range_is_reported() -> None:
    tool = load_builtin("foerderantrag")
    values = prepare_values(tool.spec, {**examples(tool), "foerderer": "hamburg_stadtteilkultur"})
    titles = [s.title for s in sections_for(tool.spec, values)]
    answer = _answer(titles).replace(
        "- Eine Hofausstellung (Schwellen zur Kunst senken)", "Nur ein Ziel ohne Liste."
    )
    kinds = {f.kind for f in parse_answer(tool.spec, values, answer).findings}
    assert "SECTION_COUNT_TOO_LOW" in kinds


def test_report_prompt_keeps_results_figures_and_deviations_apart() -> None:
    tool = load_builtin("sachbericht")
    values = examples(tool)
    user = build_messages(tool, values, "", STECKBRIEF)[1].content
    for marker in ("[[zeitraum_beginn]]", "[[veranstaltungen]]", "[[teilnehmende]]"):
        assert marker in user
    assert "## Abweichungen und Begründungen" in user
    no_deviation = {k: v for k, v in values.items() if k != "abweichungen"}
    user = build_messages(tool, no_deviation, "", STECKBRIEF)[1].content
    assert "## Abweichungen und Begründungen" not in user
    assert "erfinde keine" in user


def _plan(balanced: bool = True) -> FinancePlan:
    return FinancePlan(
        costs=(
            CostLine(CostCategory.honorare, "Moderation", Decimal("3000.00"), Decimal("2800.00")),
            CostLine(CostCategory.sachkosten, "Druck", Decimal("1234.56"), Decimal("1500.00")),
        ),
        income=(
            IncomeLine(IncomeCategory.eigenmittel, "Eigenmittel", Decimal("234.56")),
            IncomeLine(
                IncomeCategory.beantragte_foerderung,
                "Bezirk",
                Decimal("4000.00") if balanced else Decimal("3000.00"),
            ),
        ),
    )


def _table_text(data: bytes) -> tuple[list[str], list[list[str]]]:
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    return paragraphs, rows


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_application_docx_contains_the_finance_table(profile_id: str) -> None:
    tool = load_builtin("foerderantrag")
    values = prepare_values(tool.spec, {**examples(tool), "foerderer": as_name(profile_id)})
    answer = _answer([s.title for s in sections_for(tool.spec, values)])
    parsed = parse_answer(tool.spec, values, answer)
    exported = export_draft(tool.spec, values, parsed, "docx", finance_plan=_plan())
    paragraphs, rows = _table_text(exported.content)
    assert "Kosten- und Finanzierungsplan" in paragraphs
    firsts = [row[:3] for row in rows]
    assert ["Summe Ausgaben", "", "4.234,56 €"] in firsts
    assert ["Summe Einnahmen", "", "4.234,56 €"] in firsts
    assert not any("ENTWURF" in p for p in paragraphs)
    # The sections stand before the table.
    first_section = builtin_profiles()[profile_id].sections[0].title
    assert paragraphs.index(first_section) < paragraphs.index("Kosten- und Finanzierungsplan")


def test_unbalanced_plan_in_the_docx_is_marked_as_draft() -> None:
    tool = load_builtin("foerderantrag")
    values = prepare_values(tool.spec, examples(tool))
    parsed = parse_answer(
        tool.spec, values, _answer([s.title for s in sections_for(tool.spec, values)])
    )
    exported = export_draft(tool.spec, values, parsed, "docx", finance_plan=_plan(False))
    paragraphs, _rows = _table_text(exported.content)
    assert "ENTWURF: Der Plan ist nicht ausgeglichen." in paragraphs


def test_report_docx_has_the_planned_vs_actual_table() -> None:
    tool = load_builtin("sachbericht")
    values = prepare_values(tool.spec, examples(tool))
    expected = sections_for(tool.spec, values)
    parsed = parse_answer(tool.spec, values, _answer([s.title for s in expected]))
    exported = export_draft(tool.spec, values, parsed, "docx", finance_plan=_plan())
    _paragraphs, rows = _table_text(exported.content)
    assert rows[0] == ["Kategorie", "Position", "Plan", "Ist", "Abweichung"]
    assert ["Sachkosten", "Druck", "1.234,56 €", "1.500,00 €", "265,44 €"] in rows


def test_without_a_plan_the_docx_has_no_table_and_other_tools_ignore_the_plan() -> None:
    tool = load_builtin("pressemitteilung")
    from tests.tools.samples import PRESS_RELEASE_ANSWER

    values = prepare_values(tool.spec, examples(tool))
    parsed = parse_answer(tool.spec, values, PRESS_RELEASE_ANSWER)
    exported = export_draft(tool.spec, values, parsed, "docx", finance_plan=_plan())
    assert _table_text(exported.content)[1] == []
