from kikultur.checks.facts import Sources, check_facts
from kikultur.checks.facts.sources import flatten_factsheet
from kikultur.checks.findings import CheckContext

from .conftest import finding_at, findings_for

PRESS = (
    "Am Samstag, 14. März 2026, lädt das Bürgerhaus Wilhelmsburg um 19 Uhr zum Fest. "
    "Eintritt 8 €, ermäßigt 5 €. Infos: www.buewi.de"
)
FACTS = {
    "Datum": "Samstag, 14. März 2026",
    "Beginn": "19 Uhr",
    "Ort": "Bürgerhaus Wilhelmsburg",
    "Eintritt": "8 €, ermäßigt 5 €",
    "Web": "www.buewi.de",
}


def test_every_claim_of_a_supported_text_is_verified() -> None:
    found = findings_for(PRESS, facts=FACTS)
    assert {f.kind for f in found} >= {"WEEKDAY", "DATE", "NAME", "TIME", "MONEY", "CONTACT"}
    assert all(f.status == "verified" for f in found), [(f.text, f.status) for f in found]
    assert all(f.severity == "info" and f.check == "facts" for f in found)


def test_findings_are_sorted_and_their_offsets_point_into_the_text() -> None:
    found = findings_for(PRESS, facts=FACTS)
    assert [f.start for f in found] == sorted(f.start for f in found)
    assert all(PRESS[f.start : f.end] == f.text for f in found)


def test_without_sources_every_claim_is_unsupported() -> None:
    found = findings_for("Eintritt 8 €, Beginn 19 Uhr, 300 Plätze, Anna Schmidt spricht.")
    assert found
    assert all(f.status == "unsupported" for f in found)


def test_empty_or_blank_text_has_no_findings() -> None:
    assert check_facts("", CheckContext(facts=FACTS)) == []
    assert check_facts("  \n ", CheckContext(facts=FACTS)) == []


def test_text_without_claims_has_no_findings() -> None:
    assert findings_for("wir freuen uns auf euch und auf einen schönen abend.", facts=FACTS) == []


def test_factsheet_values_point_to_their_path() -> None:
    factsheet = {"Kennzahlen": {"Besucher 2025": "1.200"}}
    found = findings_for("2025 kamen 1.200 Besucherinnen und Besucher.", factsheet=factsheet)
    finding = finding_at(found, "1.200")
    assert finding.status == "verified"
    assert finding.details["source"] == "Steckbrief › Kennzahlen › Besucher 2025"


def test_contradiction_from_the_factsheet_names_path_and_value() -> None:
    factsheet = {"Kennzahlen": {"Besucher 2025": "1.200"}}
    found = findings_for("2025 kamen 1.500 Besucher.", factsheet=factsheet)
    finding = finding_at(found, "1.500")
    assert finding.status == "contradicted"
    assert finding.message.endswith("Laut Steckbrief › Kennzahlen › Besucher 2025: 1.200")
    assert finding.suggestions == ("1.200",)


def test_flatten_factsheet_handles_lists_and_nesting() -> None:
    items = flatten_factsheet({"Team": [{"Name": "Anna"}, {"Name": "Jan"}], "Orte": ["A", "B"]})
    assert [(i.pointer, i.text) for i in items] == [
        ("Steckbrief › Team › 1. Eintrag › Name", "Anna"),
        ("Steckbrief › Team › 2. Eintrag › Name", "Jan"),
        ("Steckbrief › Orte", "A; B"),
    ]


def test_factsheet_pointers_name_the_fields_in_german_words() -> None:
    data = {
        "name": "Kulturhaus Nord",
        "team": [{"name": "Anna Muster", "role": "Leitung"}, {"name": "Jan Beispiel"}],
        "key_figures": [{"year": 2025, "visitors": 1200}],
        "social_media": [{"platform": "Instagram", "account": "@kulturhaus"}],
    }
    pointers = {i.text: i.pointer for i in flatten_factsheet(data)}
    assert pointers["Kulturhaus Nord"] == "Steckbrief › Name der Einrichtung"
    assert pointers["Jan Beispiel"] == "Steckbrief › Team › 2. Person › Name"
    assert pointers["Leitung"] == "Steckbrief › Team › 1. Person › Rolle"
    assert pointers["1200"] == "Steckbrief › Kennzahlen › Jahr 2025 › Besucher*innen"
    assert pointers["@kulturhaus"] == "Steckbrief › Social Media › 1. Konto › Konto oder Adresse"


def test_people_from_the_context_count_as_sources() -> None:
    found = findings_for("Es spricht Anna Schmidt.", people=["Anna Schmidt"])
    assert finding_at(found, "Anna Schmidt").status == "verified"


def test_sources_can_be_built_once_and_reused() -> None:
    context = CheckContext(facts=FACTS)
    sources = Sources.from_context(context)
    assert check_facts(PRESS, context, sources) == check_facts(PRESS, context)


def test_long_text_is_checked_completely() -> None:
    text = (PRESS + "\n") * 300
    found = check_facts(text, CheckContext(facts=FACTS))
    assert len(found) == 300 * len(check_facts(PRESS, CheckContext(facts=FACTS)))
    assert found[-1].end <= len(text)


def test_details_carry_a_readable_normalised_value() -> None:
    found = findings_for("Am Samstag, 14. März 2026 um halb acht kamen 1.200 Gäste.")
    values = {f.text: f.details["value"] for f in found}
    assert values == {
        "Samstag": "Samstag",
        "14. März 2026": "14.03.2026",
        "halb acht": "07:30",
        "1.200": 1200,
    }
