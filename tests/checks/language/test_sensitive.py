"""Tests for the sensitive-terms check (SENSITIVE_TERM)."""

from __future__ import annotations

import pytest

from kikultur.checks.findings import CheckContext
from kikultur.checks.language.sensitive import CATEGORY_LABELS, check_sensitive, load_terms


@pytest.mark.parametrize(
    ("text", "term", "category", "alternative"),
    [
        ("Sie ist an den Rollstuhl gefesselt.", "an den Rollstuhl gefesselt", "behinderung",
         "nutzt einen Rollstuhl"),
        ("Er leidet an Autismus.", "leidet an Autismus", "behinderung", "lebt mit Autismus"),
        ("Ein Angebot für Behinderte.", "Behinderte", "behinderung", "Menschen mit Behinderung"),
        ("Das Lied über Zigeuner.", "Zigeuner", "herkunft", "Sinti und Roma"),
        ("Die Flüchtlingswelle von 2015.", "Flüchtlingswelle", "herkunft",
         "Zuzug von Geflüchteten"),
        ("Die Mohammedaner feiern.", "Mohammedaner", "religion", "Musliminnen und Muslime"),
        ("Ein Fräulein am Schalter.", "Fräulein", "geschlecht", "Frau"),
        ("Die Überalterung im Stadtteil.", "Überalterung", "alter", "älter werdende Bevölkerung"),
        ("Die Homo-Ehe ist erlaubt.", "Homo-Ehe", "sexualitaet", "Ehe für alle"),
    ],
)  # fmt: skip
def test_listed_terms_are_found_with_explanation_alternatives_and_source(
    text: str, term: str, category: str, alternative: str
) -> None:
    findings = check_sensitive(text, CheckContext())
    assert len(findings) == 1
    finding = findings[0]
    assert finding.kind == "SENSITIVE_TERM"
    assert finding.text == term
    assert text[finding.start : finding.end] == term
    assert finding.details["category"] == category
    assert alternative in finding.suggestions
    assert finding.details["source_url"].startswith("https://")
    assert finding.details["explanation"] in finding.message


def test_every_entry_has_a_known_category_an_explanation_alternatives_and_a_source() -> None:
    for term in load_terms():
        assert term.category in CATEGORY_LABELS
        assert len(term.explanation) > 20
        assert term.alternatives or term.advice
        assert not any("…" in a or " / " in a for a in term.alternatives)
        assert term.source_name and term.source_url.startswith("https://")


def test_neutral_text_gives_no_findings() -> None:
    text = "Menschen mit Behinderung, Sinti und Roma und ältere Menschen sind willkommen."
    assert check_sensitive(text, CheckContext()) == []


def test_suggestions_replace_the_exact_span() -> None:
    text = "Sie leidet an Epilepsie und kommt für Behinderte."
    findings = check_sensitive(text, CheckContext())
    fixed = text
    for finding in reversed(findings):
        fixed = fixed[: finding.start] + finding.suggestions[0] + fixed[finding.end :]
    assert fixed == "Sie hat Epilepsie und kommt für Menschen mit Behinderung."
