"""Facts section: fixed facts the model dropped are added by code, word for word, as a list."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from kikultur.checks.facts.slots import MISSING, fill_slots
from kikultur.tools.facts_section import (
    FactsResult,
    added_notice,
    complete_facts,
    fact_items,
    facts_section,
    provenance_entries,
)
from kikultur.tools.prompts import prepare_values, slot_values
from kikultur.tools.registry import Tool, load_builtin
from kikultur.tools.sections import parse_answer
from kikultur.tools.spec import ToolSpec
from tests.tools.samples import ANSWERS, PRESS_RELEASE_ANSWER, STECKBRIEF, examples

FLAT_ANSWER = "Das Sommerfest im Garten wird schön.\n\nAlle sind herzlich willkommen!\n"


def _complete(tool: Tool, answer: str, values: dict[str, Any] | None = None) -> FactsResult:
    inputs = examples(tool) if values is None else values
    slots = slot_values(tool.spec, inputs, STECKBRIEF)
    labels = {name: tool.spec.input(name).label for name in slots}
    prepared = prepare_values(tool.spec, inputs, STECKBRIEF)
    return complete_facts(tool.spec, prepared, answer, slots, labels)


def _missing(result: FactsResult) -> list[str]:
    return [f.details["slot"] for f in result.slots.findings if f.status == MISSING]


def _structure_kinds(tool: Tool, text: str) -> set[str]:
    prepared = prepare_values(tool.spec, examples(tool), STECKBRIEF)
    return {f.kind for f in parse_answer(tool.spec, prepared, text).findings}


def test_missing_facts_are_appended_to_the_existing_facts_section() -> None:
    tool = load_builtin("pressemitteilung")
    # The scripted answer leaves out the end time and the registration.
    result = _complete(tool, PRESS_RELEASE_ANSWER)
    assert result.added == ("ende", "anmeldung")
    text = result.slots.text
    service = text.split("## Service\n", 1)[1].split("\n## ", 1)[0]
    assert service.strip().splitlines()[-2:] == ["- Ende: 21:00 Uhr", "- Anmeldung: nicht nötig"]
    assert text.count("## Service") == 1
    assert _missing(result) == []
    # The sections after Service keep their text, and the list stays one list.
    assert text.endswith("## Pressekontakt\nPresse: Kim Muster, presse@example.org, 040 000000\n")
    assert "Barrierefreiheit: Der Garten ist stufenlos erreichbar, eine rollstuhlgerechte " in text
    prepared = prepare_values(tool.spec, examples(tool), STECKBRIEF)
    parsed = parse_answer(tool.spec, prepared, text)
    assert parsed.text("service").count("\n- ") == 6  # 7 items, one list
    assert parsed.findings == []


def test_a_facts_section_after_prose_starts_its_list_after_a_blank_line() -> None:
    tool = load_builtin("veranstaltungstext")
    answer = ANSWERS["veranstaltungstext"].replace(
        "- Wann: [[datum]], [[uhrzeit]] bis [[ende]]\n", "Kommen Sie am [[datum]] vorbei.\n"
    )
    answer = answer.split("- Wo:")[0]  # the place, address and access are gone too
    result = _complete(tool, answer)
    assert result.added == (
        "uhrzeit",
        "ende",
        "ort_name",
        "strasse",
        "plz",
        "stadt",
        "anmeldung",
        "barrierefreiheit",
    )
    assert "Kommen Sie am Samstag, 14. März 2026 vorbei.\n\n- Beginn: 16:00 Uhr\n" in (
        result.slots.text
    )
    assert _missing(result) == []


def test_an_empty_facts_section_gets_the_items_under_its_heading() -> None:
    tool = load_builtin("pressemitteilung")
    answer = PRESS_RELEASE_ANSWER.split("## Service")[0] + "## Service\n\n## Über uns\nWir.\n"
    result = _complete(tool, answer)
    text = result.slots.text
    assert "## Service\n\n- Ende: 21:00 Uhr\n- Barrierefreiheit: " in text
    assert (
        "- Pressekontakt: Presse: Kim Muster, presse@example.org, 040 000000\n\n## Über uns\n"
        in text
    )
    assert _missing(result) == []


def test_the_section_is_created_with_its_heading_when_the_answer_lacks_it() -> None:
    tool = load_builtin("pressemitteilung")
    answer = PRESS_RELEASE_ANSWER.split("## Service")[0].rstrip() + "\n"
    before = _structure_kinds(tool, answer)
    result = _complete(tool, answer)
    text = result.slots.text
    # The model's sections come first, unchanged; the new section is the last one.
    assert text.startswith("## Überschrift\nSommerfest im Stadtteilgarten lädt alle ein\n")
    assert text.index("„Der Garten gehört allen") < text.index("\n## Service\n")
    # Only what the text lacks: date, time, place and entry stand in the Vorspann already.
    assert result.added == ("ende", "barrierefreiheit", "anmeldung", "pressekontakt")
    assert "\n\n## Service\n\n- Ende: 21:00 Uhr\n- Barrierefreiheit: Der Garten" in text
    assert _missing(result) == []
    # Our heading is a known section: only the sections the model left out stay reported.
    after = _structure_kinds(tool, text)
    assert "MISSING_SECTION" in before
    assert "UNKNOWN_HEADING" not in after and "TEXT_BEFORE_FIRST_SECTION" not in after
    prepared = prepare_values(tool.spec, examples(tool), STECKBRIEF)
    parsed = parse_answer(tool.spec, prepared, text)
    missing_sections = {f.details["section"] for f in parsed.findings}
    assert missing_sections == {"ueber_uns", "pressekontakt"}


def test_an_unstructured_answer_keeps_its_text_in_the_main_section_and_gains_every_fact() -> None:
    tool = load_builtin("pressemitteilung")
    result = _complete(tool, FLAT_ANSWER)
    text = result.slots.text
    assert text.startswith("## Haupttext\n\nDas Sommerfest im Garten wird schön.")
    for value in slot_values(tool.spec, examples(tool), STECKBRIEF).values():
        assert value in text
    assert _missing(result) == []
    assert result.added == tool.spec.fact_slots
    prepared = prepare_values(tool.spec, examples(tool), STECKBRIEF)
    parsed = parse_answer(tool.spec, prepared, text)
    assert "Alle sind herzlich willkommen!" in parsed.text("haupttext")
    kinds = {f.kind for f in parsed.findings}
    # What the model left out is still reported; nothing arises from the workbench's addition.
    assert kinds == {"MISSING_SECTION", "SECTION_COUNT_TOO_LOW"}
    assert {f.details["section"] for f in parsed.findings if f.kind == "MISSING_SECTION"} == {
        "ueberschrift",
        "unterzeile",
        "vorspann",
        "zitat",
        "ueber_uns",
        "pressekontakt",
    }
    assert {f.details["section"] for f in parsed.findings if f.kind != "MISSING_SECTION"} == {
        "haupttext"
    }
    # The model ignored the structure: that stays reported, and its one-click repair (every
    # heading in order) keeps the added facts.
    (unstructured,) = result.structure
    assert unstructured.kind == "UNSTRUCTURED_ANSWER" and unstructured.severity == "error"
    assert text[unstructured.start : unstructured.end] == unstructured.text == text.strip()
    repair = unstructured.suggestions[0]
    assert repair.startswith("## Überschrift\n\n## Unterzeile")
    assert "## Haupttext\n\nDas Sommerfest im Garten wird schön." in repair
    assert "## Service\n\n- Datum: Samstag, 11. Juli 2026\n" in repair
    assert result.findings == [*result.slots.findings, unstructured]


def test_nothing_is_added_when_every_fact_is_in_the_text() -> None:
    tool = load_builtin("veranstaltungstext")
    values = {**examples(tool), "anmeldung": ""}  # the one fact the scripted answer lacks
    answer = ANSWERS["veranstaltungstext"]
    result = _complete(tool, answer, values)
    assert result.added == ()
    assert _missing(result) == []
    assert "[[" not in result.slots.text
    assert result.slots.text.count("\n- ") == answer.count("\n- ")
    assert provenance_entries(result) == {"facts_added": [], "facts_section": None}
    assert added_notice(tool.spec, provenance_entries(result)) == ""


def test_a_stopped_run_keeps_exactly_what_arrived() -> None:
    tool = load_builtin("pressemitteilung")
    slots = slot_values(tool.spec, examples(tool), STECKBRIEF)
    prepared = prepare_values(tool.spec, examples(tool), STECKBRIEF)
    result = complete_facts(tool.spec, prepared, FLAT_ANSWER, slots, add=False)
    assert result.slots.text == FLAT_ANSWER and result.added == () and result.structure == ()
    assert set(_missing(result)) == set(slots)
    assert provenance_entries(result) == {}


def test_a_fact_written_out_by_the_model_is_not_added_twice() -> None:
    tool = load_builtin("pressemitteilung")
    answer = PRESS_RELEASE_ANSWER.replace("- Eintritt: [[eintritt]]", "- Eintritt: frei")
    result = _complete(tool, answer)
    assert "eintritt" not in result.added
    assert result.slots.text.count("Eintritt: frei") == 1


def test_a_fact_only_hinted_at_in_another_form_gets_its_exact_value() -> None:
    tool = load_builtin("pressemitteilung")
    # "Am Samstag" passes the slot check as the date in another form; "frei" stands only
    # inside "Freitag"; the contact person is named, but not the phone number.
    answer = (
        "Am Samstag feiern wir, und am Freitag bauen wir auf. "
        "Fragen an Kim Muster, presse@example.org.\n"
    )
    before = fill_slots(
        answer, slot_values(tool.spec, examples(tool), STECKBRIEF)
    )  # what fill_slots alone reports
    assert "datum" not in {f.details.get("slot") for f in before.findings}
    result = _complete(tool, answer)
    assert {"datum", "eintritt", "pressekontakt"} <= set(result.added)
    text = result.slots.text
    assert "- Datum: Samstag, 11. Juli 2026\n" in text
    assert "- Eintritt: frei\n" in text
    assert "- Pressekontakt: Presse: Kim Muster, presse@example.org, 040 000000" in text


def test_a_changed_fact_stays_a_contradiction_and_is_not_added() -> None:
    tool = load_builtin("pressemitteilung")
    # The model wrote its own start time instead of [[uhrzeit]] (15:00 Uhr).
    answer = PRESS_RELEASE_ANSWER.replace("ab [[uhrzeit]]", "ab 16:00 Uhr").replace(
        "- Beginn: [[uhrzeit]]\n", ""
    )
    result = _complete(tool, answer)
    assert "uhrzeit" not in result.added and "15:00 Uhr" not in result.slots.text
    changed = [f for f in result.slots.findings if f.details.get("changed")]
    # 16:00 Uhr contradicts the start (and, matching no slot, the end time as well).
    slots = {f.details["slot"] for f in changed}
    assert "uhrzeit" in slots and not slots & set(result.added)
    for finding in changed:
        assert finding.status == "contradicted"
        assert result.slots.text[finding.start : finding.end] == "16:00 Uhr"


def test_labels_lose_their_parenthetical_part_or_use_the_short_fact_label() -> None:
    tool = load_builtin("pressemitteilung")
    spec = tool.spec
    assert spec.input("ort").label == "Ort (Name und Adresse)"
    assert spec.input("ort").short_label == "Ort"
    assert spec.input("zitat_person").short_label == "Zitat von"
    values = slot_values(spec, examples(tool), STECKBRIEF)
    assert fact_items(spec, values, ["ort", "eintritt"]) == [
        "- Ort: Stadtteilgarten, Beispielweg 5, 22000 Hamburg",
        "- Eintritt: frei",
    ]
    event = load_builtin("veranstaltungstext").spec
    # Two form fields are called "Ort"; the facts list tells them apart.
    assert event.input("stadt").label == "Ort" and event.input("stadt").short_label == "Stadt"
    assert event.input("ort_name").short_label == "Ort"


def test_a_quote_reads_with_its_speaker_as_one_item() -> None:
    tool = load_builtin("pressemitteilung")
    spec = tool.spec
    values = slot_values(spec, examples(tool), STECKBRIEF)
    quote = (
        "- Zitat: „Der Garten gehört allen, die hier wohnen.“ "
        "(Alex Beispiel, Leitung des Gartenprojekts)"
    )
    assert fact_items(spec, values, ["zitat", "zitat_person"]) == [quote]
    # The quote alone still names who said it; the speaker alone gets the short label.
    assert fact_items(spec, values, ["zitat"]) == [quote]
    assert fact_items(spec, values, ["zitat_person"]) == [
        "- Zitat von: Alex Beispiel, Leitung des Gartenprojekts"
    ]
    # A quote typed with its own quotation marks is not quoted twice.
    typed = {**values, "zitat": "„Kommt alle!“"}
    assert fact_items(spec, typed, ["zitat"]) == [
        "- Zitat: „Kommt alle!“ (Alex Beispiel, Leitung des Gartenprojekts)"
    ]


def test_a_quote_dropped_from_the_text_is_added_with_its_speaker() -> None:
    tool = load_builtin("pressemitteilung")
    answer = PRESS_RELEASE_ANSWER.replace("„[[zitat]]“, sagt [[zitat_person]].", "Ein Satz.")
    result = _complete(tool, answer)
    assert {"zitat", "zitat_person"} <= set(result.added)
    assert "- Zitat: „Der Garten gehört allen, die hier wohnen.“ (Alex Beispiel, Leitung" in (
        result.slots.text
    )
    assert _missing(result) == []


@pytest.mark.parametrize("tool_id", ["social-media", "konfliktbrief", "newsletter"])
def test_tools_without_a_facts_section_are_left_as_the_model_wrote_them(tool_id: str) -> None:
    tool = load_builtin(tool_id)
    assert facts_section(tool.spec) is None
    slots = slot_values(tool.spec, examples(tool), STECKBRIEF)
    assert slots  # these tools have fact slots the flat answer drops
    result = _complete(tool, FLAT_ANSWER)
    assert result.slots.text == FLAT_ANSWER
    assert result.added == ()
    assert set(_missing(result)) == set(slots)
    assert provenance_entries(result) == {}


def test_the_notice_names_count_labels_and_section_in_german() -> None:
    spec = load_builtin("pressemitteilung").spec
    provenance = {"facts_added": ["datum", "ort", "eintritt"], "facts_section": "Service"}
    assert added_notice(spec, provenance) == (
        "Die Werkbank hat 3 feste Angaben, die im Modelltext fehlten, wörtlich unter „Service“ "
        "ergänzt: Datum, Ort, Eintritt."
    )
    assert added_notice(spec, {"facts_added": ["ort"]}) == (
        "Die Werkbank hat 1 feste Angabe, die im Modelltext fehlte, wörtlich unter „Service“ "
        "ergänzt: Ort."
    )
    assert added_notice(spec, {}) == "" and added_notice(spec, None) == ""


def _spec(**changes: Any) -> dict[str, Any]:
    data = load_builtin("pressemitteilung").spec.model_dump(mode="json")
    data.update(changes)
    return data


def _with_service(**changes: Any) -> dict[str, Any]:
    data = _spec()
    data["sections"] = [{**s, **changes} if s["id"] == "service" else s for s in data["sections"]]
    return data


def test_the_builtin_event_and_press_tools_opt_in_and_validate() -> None:
    for tool_id, section_id in (
        ("pressemitteilung", "service"),
        ("veranstaltungstext", "praktisches"),
    ):
        section = facts_section(load_builtin(tool_id).spec)
        assert section is not None and section.id == section_id
    ToolSpec.model_validate(_spec())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_with_service(max_count=5), "max_count 5 ist kleiner als die 9 Angaben"),
        (_with_service(count_unit="paragraphs"), "zählt nur Listenpunkte"),
        (_with_service(only_if="zitat"), "darf nicht main, only_if"),
        (_spec(fact_slots=[]), "facts_section braucht fact_slots"),
    ],
)
def test_a_facts_section_that_cannot_take_the_facts_is_refused(
    data: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        ToolSpec.model_validate(data)


def test_two_facts_sections_and_clashing_fact_labels_are_refused() -> None:
    data = _spec()
    data["sections"] = [
        {**s, "facts_section": True} if s["id"] == "ueber_uns" else s for s in data["sections"]
    ]
    with pytest.raises(ValidationError, match="Nur ein Abschnitt darf facts_section sein"):
        ToolSpec.model_validate(data)
    data = _spec()
    data["inputs"] = [
        {**i, "fact_label": "Ort"} if i["name"] == "eintritt" else i for i in data["inputs"]
    ]
    with pytest.raises(ValidationError, match="doppelte Bezeichnungen"):
        ToolSpec.model_validate(data)
    data = _spec()
    data["inputs"] = [
        {**i, "quote_by": "gibtsnicht"} if i["name"] == "zitat" else i for i in data["inputs"]
    ]
    with pytest.raises(ValidationError, match="quote_by nennt kein anderes Feld"):
        ToolSpec.model_validate(data)
