"""The one fact-slot mechanism: `[[name]]` markers filled, dropped/changed/unknown reported."""

from kikultur.checks.facts import check_facts, fill_slots, slot_instructions
from kikultur.checks.findings import CheckContext

VALUES = {"datum": "Samstag, 14. März 2026", "beginn": "19 Uhr", "ort": "Bürgerhaus Wilhelmsburg"}
LABELS = {"datum": "Datum", "beginn": "Beginn", "ort": "Ort"}


def test_instructions_name_every_slot_in_german() -> None:
    text = slot_instructions(VALUES, LABELS)
    assert "[[datum]] = Datum: Samstag, 14. März 2026" in text
    assert "[[ort]] = Ort: Bürgerhaus Wilhelmsburg" in text
    assert "Platzhalter" in text
    assert slot_instructions({}) == ""


def test_slots_are_filled_with_the_exact_values() -> None:
    result = fill_slots("Am [[datum]] um [[ beginn ]] im [[ort]].", VALUES, LABELS)
    assert result.text == "Am Samstag, 14. März 2026 um 19 Uhr im Bürgerhaus Wilhelmsburg."
    assert result.findings == []
    assert result.filled == ["datum", "beginn", "ort"]


def test_jinja_braces_are_not_slot_markers() -> None:
    result = fill_slots("Am {{datum}} um [[beginn]] im [[ort]].", VALUES, LABELS)
    assert "{{datum}}" in result.text
    assert [f.details["slot"] for f in result.findings] == ["datum"]


def test_value_written_out_instead_of_the_slot_is_fine() -> None:
    result = fill_slots("Am 14.03.2026 um [[beginn]] im Bürgerhaus Wilhelmsburg.", VALUES, LABELS)
    assert result.findings == []


def test_dropped_slot_is_reported_with_its_label_and_value() -> None:
    result = fill_slots("Am [[datum]] im [[ort]].", VALUES, LABELS)
    (finding,) = result.findings
    assert finding.kind == "TIME"
    assert finding.status == "missing"
    assert finding.details == {"slot": "beginn", "source_value": "19 Uhr", "missing": True}
    assert "Beginn" in finding.message and "19 Uhr" in finding.message
    assert finding.suggestions == ("19 Uhr",)


def test_changed_value_is_reported_where_it_stands() -> None:
    result = fill_slots("Am [[datum]] um 20 Uhr im [[ort]].", VALUES, LABELS)
    (finding,) = result.findings
    assert finding.kind == "TIME"
    assert finding.status == "contradicted"
    assert finding.details["changed"] is True
    assert result.text[finding.start : finding.end] == "20 Uhr"
    assert finding.suggestions == ("19 Uhr",)


def test_a_changed_value_is_reported_once_even_when_two_slots_could_own_it() -> None:
    values = {"beginn": "15:00 Uhr", "ende": "21:00 Uhr"}
    labels = {"beginn": "Beginn", "ende": "Ende"}
    result = fill_slots("Das Fest im Garten: 16:00 Uhr.", values, labels)
    changed = [f for f in result.findings if f.status == "contradicted"]
    assert [(f.text, f.details["slot"]) for f in changed] == [("16:00 Uhr", "beginn")]
    # The end time is not in the text at all: it is reported as missing, not as changed.
    missing = [f for f in result.findings if f.status == "missing"]
    assert [f.details["slot"] for f in missing] == ["ende"]


def test_changed_date_is_reported() -> None:
    result = fill_slots("Am 15. März 2026 um [[beginn]] im [[ort]].", VALUES, LABELS)
    assert [(f.kind, f.text, f.status) for f in result.findings] == [
        ("DATE", "15. März 2026", "contradicted")
    ]


def test_invented_slot_names_are_reported_and_left_visible() -> None:
    result = fill_slots("Am [[datum]] um [[beginn]] im [[ort]], Preis [[eintritt]].", VALUES)
    assert "[[eintritt]]" in result.text
    (finding,) = result.findings
    assert finding.kind == "UNKNOWN_SLOT"
    assert finding.details == {"slot": "eintritt"}
    assert result.text[finding.start : finding.end] == "[[eintritt]]"


def test_offsets_refer_to_the_filled_text() -> None:
    result = fill_slots("[[ort]]: [[datum]], Beginn 21 Uhr. [[unbekannt]]", VALUES, LABELS)
    assert len(result.findings) == 2
    for finding in result.findings:
        assert result.text[finding.start : finding.end] == finding.text


def test_dropped_slot_without_a_typed_value_is_a_slot_finding() -> None:
    result = fill_slots("Am [[datum]].", {"datum": "14. März 2026", "eintritt": "frei"})
    assert [(f.kind, f.details["slot"]) for f in result.findings] == [("SLOT", "eintritt")]


def test_filled_draft_passes_the_fact_check() -> None:
    draft = "Wir laden ein: am [[datum]] um [[beginn]] im [[ort]]. Der Eintritt ist frei."
    result = fill_slots(draft, VALUES, LABELS)
    facts = {LABELS[k]: v for k, v in VALUES.items()}
    findings = check_facts(result.text, CheckContext(facts=facts))
    assert findings
    assert {f.status for f in findings} == {"verified"}
