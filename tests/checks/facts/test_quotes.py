from kikultur.checks.facts.claims import Mask
from kikultur.checks.facts.quotes import extract_quotes

from .conftest import finding_at, findings_for

SOURCE = "Zitat Leyla Demir (Projektleitung): „Hier feiert der ganze Stadtteil zusammen.“"


def speakers(text: str) -> list[tuple[str, str]]:
    return [(c.kind, c.speaker) for c in extract_quotes(text, Mask(len(text)))]


def test_attribution_after_and_before_the_quote() -> None:
    assert speakers("„Wir freuen uns sehr“, sagt Projektleiterin Leyla Demir.") == [
        ("QUOTE", "Leyla Demir")
    ]
    assert speakers("Anna Schmidt, Leiterin des Hauses, sagt: „Kommen Sie vorbei!“") == [
        ("QUOTE", "Anna Schmidt")
    ]
    assert speakers('"Ein schöner Abend", so Peter Müller.') == [("QUOTE", "Peter Müller")]


def test_quote_of_that_person_is_verified() -> None:
    found = findings_for(
        "„Hier feiert der ganze Stadtteil zusammen“, sagt Leyla Demir.", sources=[SOURCE]
    )
    quote = finding_at(found, "„Hier feiert der ganze Stadtteil zusammen“")
    assert quote.kind == "QUOTE"
    assert quote.status == "verified"
    assert quote.details["source"] == "Quelle 1"


def test_a_named_source_is_named_in_the_finding() -> None:
    found = findings_for(
        "„Hier feiert der ganze Stadtteil zusammen“, sagt Leyla Demir.",
        sources=[SOURCE],
        source_labels=["Ihre Notizen zum Anlass"],
    )
    quote = finding_at(found, "„Hier feiert der ganze Stadtteil zusammen“")
    assert quote.details["source"] == "Ihre Notizen zum Anlass"
    assert quote.message == "Belegt durch Ihre Notizen zum Anlass."


def test_changed_wording_is_contradicted() -> None:
    found = findings_for(
        "„Hier feiert der ganze Stadtteil gemeinsam“, sagt Leyla Demir.", sources=[SOURCE]
    )
    quote = finding_at(found, "„Hier feiert der ganze Stadtteil gemeinsam“")
    assert quote.status == "contradicted"
    assert "zusammen" in quote.message


def test_quote_put_in_another_persons_mouth_is_contradicted() -> None:
    found = findings_for(
        "„Hier feiert der ganze Stadtteil zusammen“, sagt Anna Schmidt.",
        sources=[SOURCE, "Grußwort: Anna Schmidt"],
    )
    quote = finding_at(found, "„Hier feiert der ganze Stadtteil zusammen“")
    assert quote.status == "contradicted"
    assert "Leyla Demir" in quote.message


def test_shortened_quote_with_omission_mark_is_verified() -> None:
    found = findings_for(
        "„Hier feiert […] Stadtteil zusammen“, sagt Leyla Demir.", sources=[SOURCE]
    )
    assert finding_at(found, "„Hier feiert […] Stadtteil zusammen“").status == "verified"


def test_quote_nobody_gave_is_unsupported() -> None:
    found = findings_for("„Kultur ist für alle da“, sagt Leyla Demir.", sources=[SOURCE])
    assert finding_at(found, "„Kultur ist für alle da“").status in ("unsupported", "contradicted")
    found = findings_for("„Kultur ist für alle da“, sagt Leyla Demir.")
    assert finding_at(found, "„Kultur ist für alle da“").status == "unsupported"


def test_quote_given_as_a_labelled_fact() -> None:
    found = findings_for(
        "„Kultur gehört allen“, sagt Anna Schmidt.",
        facts={"Zitat Anna Schmidt": "Kultur gehört allen."},
    )
    assert finding_at(found, "„Kultur gehört allen“").status == "verified"


def test_quote_from_notes_without_quotation_marks_is_verified() -> None:
    found = findings_for(
        "„Holz verzeiht viel“, sagt Horst Wiegand.",
        sources=["Notizen Gespräch Horst Wiegand: Holz verzeiht viel, sagt er gern.", SOURCE],
    )
    assert finding_at(found, "„Holz verzeiht viel“").status == "verified"
