"""Parsing model answers into sections: tolerant headings, limits, repair of a flat answer."""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kikultur.tools.inputs import normalize_inputs
from kikultur.tools.registry import Tool, load_builtin
from kikultur.tools.sections import count_units, parse_answer, render_markdown
from kikultur.tools.spec import sections_for
from tests.tools.samples import PRESS_RELEASE_ANSWER, examples


@cache
def _press_tool() -> Tool:
    return load_builtin("pressemitteilung")


def _press(answer: str, drop: tuple[str, ...] = ()) -> Any:
    tool = _press_tool()
    values = normalize_inputs(tool.spec, {k: v for k, v in examples(tool).items() if k not in drop})
    return parse_answer(tool.spec, values, answer)


def _kinds(parsed: Any) -> list[str]:
    return [f.kind for f in parsed.findings]


def test_a_well_formed_answer_splits_into_all_sections_without_findings() -> None:
    parsed = _press(PRESS_RELEASE_ANSWER)
    assert parsed.findings == []
    assert not parsed.repaired
    assert parsed.text("ueberschrift") == "Sommerfest im Stadtteilgarten lädt alle ein"
    assert parsed.text("pressekontakt") == "[[pressekontakt]]"
    assert count_units(parsed.text("haupttext"), "paragraphs") == 3
    section = parsed.sections["vorspann"]
    assert PRESS_RELEASE_ANSWER[section.start : section.end] == section.text


def test_headings_in_other_shapes_are_recognised() -> None:
    answer = (
        PRESS_RELEASE_ANSWER.replace("## Überschrift", "# ÜBERSCHRIFT:")
        .replace("## Unterzeile", "**Unterzeile**")
        .replace("## Vorspann\n", "Vorspann: ")
        .replace("## Haupttext", "### 1. Haupttext")
        .replace("## Service", "## Service (4 bis 8 Listenpunkte)")
        .replace("## Über uns", "__Ueber uns:__")
        .replace("## Pressekontakt\n", "**Pressekontakt:** ")
    )
    parsed = _press(answer)
    assert parsed.findings == []
    assert parsed.text("vorspann").startswith("Das Bürgerhaus Beispiel feiert")
    assert parsed.text("pressekontakt") == "[[pressekontakt]]"
    assert parsed.text("ueber_uns").startswith("Das Bürgerhaus")


def test_an_answer_that_ignores_the_structure_is_repaired_and_reported() -> None:
    answer = "Liebe Nachbarschaft, am Samstag feiern wir im Garten. Kommen Sie vorbei!"
    parsed = _press(answer)
    assert parsed.repaired
    assert parsed.text("haupttext") == answer
    kinds = _kinds(parsed)
    assert kinds[0] == "UNSTRUCTURED_ANSWER"
    assert parsed.findings[0].severity == "error"
    assert "Haupttext" in parsed.findings[0].message
    missing = {f.details["section"] for f in parsed.findings if f.kind == "MISSING_SECTION"}
    assert missing == {
        "ueberschrift",
        "unterzeile",
        "vorspann",
        "zitat",
        "service",
        "ueber_uns",
        "pressekontakt",
    }
    assert "SECTION_COUNT_TOO_LOW" in kinds  # one paragraph where 3-5 are required
    low = next(f for f in parsed.findings if f.kind == "SECTION_COUNT_TOO_LOW")
    assert low.message == "„Haupttext“ hat 1 Absatz, verlangt sind mindestens 3."


def test_an_empty_answer_is_reported_not_accepted() -> None:
    parsed = _press("   \n")
    assert parsed.repaired and parsed.sections == {}
    assert _kinds(parsed).count("MISSING_SECTION") == 8
    assert "UNSTRUCTURED_ANSWER" in _kinds(parsed)


def test_an_over_long_headline_is_reported_with_its_span_and_limit() -> None:
    headline = "Großes Sommerfest im Stadtteilgarten mit Musik, Kuchen, Spielen und vielem mehr"
    answer = PRESS_RELEASE_ANSWER.replace("Sommerfest im Stadtteilgarten lädt alle ein", headline)
    parsed = _press(answer)
    (finding,) = parsed.findings
    assert finding.kind == "SECTION_TOO_LONG"
    assert answer[finding.start : finding.end] == headline
    assert finding.details == {"section": "ueberschrift", "length": len(headline), "limit": 70}
    assert (
        finding.message == f"„Überschrift“ hat {len(headline)} Zeichen, erlaubt sind höchstens 70."
    )


def test_markdown_bold_does_not_count_towards_the_limit() -> None:
    bold = "**" + "x" * 70 + "**"
    parsed = _press(
        PRESS_RELEASE_ANSWER.replace("Sommerfest im Stadtteilgarten lädt alle ein", bold)
    )
    assert parsed.findings == []


def test_too_many_paragraphs_and_missing_sections_are_reported() -> None:
    body = "\n\n".join(f"Absatz {n}." for n in range(6))
    answer = PRESS_RELEASE_ANSWER.replace(
        "Im Garten gibt es Musik von Gruppen aus dem Stadtteil.", body
    ).replace(
        "## Über uns\nDas Bürgerhaus Beispiel ist seit 1980 der Treffpunkt für Kultur im Quartier."
        "\n",
        "",
    )
    parsed = _press(answer)
    assert _kinds(parsed) == ["SECTION_COUNT_TOO_HIGH", "MISSING_SECTION"]
    assert parsed.findings[0].details["count"] == 8
    assert parsed.findings[1].details["section"] == "ueber_uns"


def test_text_before_the_first_section_is_reported_with_a_delete_suggestion() -> None:
    answer = "Gern! Hier ist Ihre Pressemitteilung:\n\n" + PRESS_RELEASE_ANSWER
    parsed = _press(answer)
    (finding,) = parsed.findings
    assert finding.kind == "TEXT_BEFORE_FIRST_SECTION"
    assert finding.text == "Gern! Hier ist Ihre Pressemitteilung:"
    assert finding.suggestions == ("",)
    assert parsed.preamble == "Gern! Hier ist Ihre Pressemitteilung:"


def test_an_invented_quote_is_an_error_when_no_quote_was_given() -> None:
    answer = PRESS_RELEASE_ANSWER.replace(
        "„[[zitat]]“, sagt [[zitat_person]].", "„Wir freuen uns“, sagt die Leitung."
    )
    parsed = _press(answer, drop=("zitat", "zitat_person"))
    (finding,) = parsed.findings
    assert finding.kind == "UNEXPECTED_SECTION" and finding.severity == "error"
    assert "Wir freuen uns" in finding.text
    assert "zitat" not in parsed.sections


def test_unknown_headings_inside_the_answer_are_hinted_and_kept() -> None:
    answer = PRESS_RELEASE_ANSWER.replace("Für Kinder gibt es", "## Für Kinder\nFür Kinder gibt es")
    parsed = _press(answer)
    assert _kinds(parsed) == ["UNKNOWN_HEADING"]
    assert "## Für Kinder" in parsed.text("haupttext")


def test_a_repeated_section_is_merged_and_reported() -> None:
    answer = PRESS_RELEASE_ANSWER + "\n## Über uns\nMehr über uns.\n"
    parsed = _press(answer)
    assert _kinds(parsed) == ["DUPLICATE_SECTION"]
    assert parsed.text("ueber_uns").endswith("Mehr über uns.")


def test_social_media_posts_are_checked_against_each_channel_limit() -> None:
    tool = load_builtin("social-media")
    values = normalize_inputs(
        tool.spec,
        {"thema": "Fest", "kanaele": ["x", "mastodon"], "bilder": [{"beschreibung": "Tische"}]},
    )
    answer = (
        "## X\n" + "Sommerfest! " * 30 + "\n\n## Mastodon\nSommerfest im Garten #Hamburg\n\n"
        "## Instagram\nNicht bestellt\n\n## Alternativtexte\n- Lange Tische unter Apfelbäumen.\n"
    )
    parsed = parse_answer(tool.spec, values, answer)
    kinds = {f.kind: f for f in parsed.findings}
    assert set(kinds) == {"SECTION_TOO_LONG", "UNEXPECTED_SECTION"}
    assert kinds["SECTION_TOO_LONG"].details["limit"] == 280
    assert kinds["UNEXPECTED_SECTION"].details["section"] == "beitrag_instagram"


def test_alt_texts_must_match_the_number_of_images() -> None:
    tool = load_builtin("social-media")
    values = normalize_inputs(
        tool.spec,
        {
            "thema": "Fest",
            "kanaele": ["x"],
            "bilder": [{"beschreibung": "a"}, {"beschreibung": "b"}],
        },
    )
    parsed = parse_answer(tool.spec, values, "## X\nFest\n\n## Alternativtexte\n- Tische\n")
    (finding,) = parsed.findings
    assert finding.kind == "SECTION_COUNT_TOO_LOW" and finding.details["limit"] == 2


def test_perspectives_report_verdicts_that_are_not_questions() -> None:
    tool = load_builtin("perspektiven")
    values = normalize_inputs(tool.spec, {"text": "Text", "gruppen": ["aeltere"]})
    answer = "## Ältere Menschen\n- Gibt es einen Aufzug?\n- Der Text ist ausgrenzend.\n"
    parsed = parse_answer(tool.spec, values, answer)
    (finding,) = parsed.findings
    assert finding.kind == "NOT_A_QUESTION"
    assert finding.text == "Der Text ist ausgrenzend."


def test_render_markdown_gives_a_canonical_text_that_parses_cleanly() -> None:
    tool = load_builtin("pressemitteilung")
    values = normalize_inputs(tool.spec, examples(tool))
    messy = PRESS_RELEASE_ANSWER.replace("## Unterzeile", "**Unterzeile:**")
    parsed = parse_answer(tool.spec, values, messy)
    canonical = render_markdown(parsed, sections_for(tool.spec, values))
    assert canonical.startswith("## Überschrift\n\nSommerfest")
    again = parse_answer(tool.spec, values, canonical)
    assert again.findings == []
    assert {k: s.text for k, s in again.sections.items()} == {
        k: s.text for k, s in parsed.sections.items()
    }


def test_findings_are_sorted_by_offset() -> None:
    parsed = _press("Vorweg.\n## Überschrift\n" + "x" * 80 + "\n## Service\n- a\n")
    starts = [f.start for f in parsed.findings]
    assert starts == sorted(starts)


def test_hashtag_lines_are_not_headings() -> None:
    tool = load_builtin("social-media")
    values = normalize_inputs(tool.spec, {"thema": "Fest", "kanaele": ["mastodon", "x"]})
    answer = "##Mastodon\nSommerfest!\n#Hamburg #Stadtteilkultur\n\n## X\nFest\n#X\n"
    parsed = parse_answer(tool.spec, values, answer)
    assert parsed.findings == []
    assert parsed.text("beitrag_mastodon") == "Sommerfest!\n#Hamburg #Stadtteilkultur"


def test_a_list_item_with_a_section_name_stays_content() -> None:
    tool = load_builtin("newsletter")
    values = normalize_inputs(tool.spec, {"kernbotschaft": "Werkstatt", "termine": "14.03. Fest"})
    answer = (
        "## Betreff\nNeue Fahrradwerkstatt: Schraub mit uns!\n\n## Vorschautext\nIm Hof.\n\n"
        "## Einleitung\nWir öffnen.\n- Termine: siehe unten\n\n## Termine\n14.03. Fest\n\n"
        "## Gruß\nBis bald\n"
    )
    parsed = parse_answer(tool.spec, values, answer)
    assert parsed.findings == []
    assert parsed.text("einleitung") == "Wir öffnen.\n- Termine: siehe unten"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["## Überschrift", "**Service**", "Vorspann:", "- a", "#Hamburg", "", "Text", "## X"]
        )
        | st.text(max_size=40),
        max_size=20,
    )
)
def test_any_answer_parses_with_offsets_inside_the_text(lines: list[str]) -> None:
    answer = "\n".join(lines)
    parsed = _press(answer)
    for finding in parsed.findings:
        assert 0 <= finding.start <= finding.end <= len(answer)
        assert finding.text == answer[finding.start : finding.end]
    for section in parsed.sections.values():
        assert 0 <= section.start <= section.end <= len(answer)
    assert parsed.findings or not parsed.repaired


def test_gaps_the_model_left_for_the_user_are_reported() -> None:
    answer = PRESS_RELEASE_ANSWER.replace(
        "Für Kinder gibt es eine Malecke.", "Es spielt [bitte ergänzen: Name der Band]."
    )
    parsed = _press(answer)
    (finding,) = parsed.findings
    assert finding.kind == "TO_COMPLETE"
    assert finding.text == "[bitte ergänzen: Name der Band]"
