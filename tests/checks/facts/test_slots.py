from kikultur.checks.facts import check_facts, fill_slots, slot_instructions
from kikultur.checks.findings import CheckContext

FACTS = {"Datum": "Samstag, 14. März 2026", "Beginn": "19 Uhr", "Ort": "Bürgerhaus Wilhelmsburg"}


def test_instructions_name_every_slot_in_german() -> None:
    text = slot_instructions(FACTS)
    assert "{{Datum}}: Samstag, 14. März 2026" in text
    assert "{{Ort}}: Bürgerhaus Wilhelmsburg" in text
    assert "Platzhalter" in text
    assert slot_instructions({}) == ""


def test_slots_are_filled_with_the_exact_values() -> None:
    result = fill_slots("Am {{Datum}} um {{ Beginn }} im {{Ort}}.", FACTS)
    assert result.text == "Am Samstag, 14. März 2026 um 19 Uhr im Bürgerhaus Wilhelmsburg."
    assert result.findings == []
    assert result.used == ["Datum", "Beginn", "Ort"]


def test_value_written_out_instead_of_the_slot_is_fine() -> None:
    result = fill_slots("Am 14.03.2026 um {{Beginn}} im Bürgerhaus Wilhelmsburg.", FACTS)
    assert result.findings == []


def test_dropped_slot_is_reported_with_its_value() -> None:
    result = fill_slots("Am {{Datum}} im {{Ort}}.", FACTS)
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.kind == "TIME"
    assert finding.status == "contradicted"
    assert finding.details == {"slot": "Beginn", "source_value": "19 Uhr", "missing": True}
    assert "Beginn" in finding.message and "19 Uhr" in finding.message


def test_changed_value_is_reported_where_it_stands() -> None:
    result = fill_slots("Am {{Datum}} um 20 Uhr im {{Ort}}.", FACTS)
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.kind == "TIME"
    assert finding.status == "contradicted"
    assert result.text[finding.start : finding.end] == "20 Uhr"
    assert finding.suggestions == ("19 Uhr",)


def test_changed_date_is_reported() -> None:
    result = fill_slots("Am 15. März 2026 um {{Beginn}} im {{Ort}}.", FACTS)
    assert [(f.kind, f.text, f.status) for f in result.findings] == [
        ("DATE", "15. März 2026", "contradicted")
    ]


def test_invented_slot_names_are_reported_and_left_visible() -> None:
    result = fill_slots("Am {{Datum}} um {{Beginn}} im {{Ort}}, Preis {{Eintritt}}.", FACTS)
    assert "{{Eintritt}}" in result.text
    finding = result.findings[0]
    assert finding.kind == "SLOT"
    assert finding.details == {"slot": "Eintritt"}
    assert result.text[finding.start : finding.end] == "{{Eintritt}}"


def test_offsets_refer_to_the_filled_text() -> None:
    result = fill_slots("{{Ort}}: {{Datum}}, Beginn 21 Uhr. {{Unbekannt}}", FACTS)
    for finding in result.findings:
        assert result.text[finding.start : finding.end] == finding.text


def test_dropped_slot_without_a_typed_value_is_a_slot_finding() -> None:
    result = fill_slots("Am {{Datum}}.", {"Datum": "14. März 2026", "Eintritt": "frei"})
    assert [(f.kind, f.details["slot"]) for f in result.findings] == [("SLOT", "Eintritt")]


def test_filled_draft_passes_the_fact_check() -> None:
    draft = "Wir laden ein: am {{Datum}} um {{Beginn}} im {{Ort}}. Der Eintritt ist frei."
    result = fill_slots(draft, FACTS)
    findings = check_facts(result.text, CheckContext(facts=FACTS))
    assert findings
    assert {f.status for f in findings} == {"verified"}
