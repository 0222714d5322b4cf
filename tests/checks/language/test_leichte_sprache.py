"""Tests for the Leichte-Sprache rules and the "nicht geprüft" status."""

from __future__ import annotations

from kikultur.checks.findings import CheckContext
from kikultur.checks.language.readability import check_readability

LS = CheckContext(leichte_sprache=True)


def kinds(text: str) -> list[str]:
    return [f.kind for f in check_readability(text, LS).findings if f.check == "leichte_sprache"]


def test_simple_text_keeps_the_rules_quiet() -> None:
    assert kinds("Wir feiern ein Fest. Das Fest ist am Samstag. Alle können kommen.") == []


def test_long_sentence_and_two_statements_are_flagged() -> None:
    text = (
        "Wir feiern am Samstag ein großes Fest im Park, weil der Sommer endlich da ist "
        "und alle Zeit haben."
    )
    found = kinds(text)
    assert "LS_LONG_SENTENCE" in found
    assert "LS_MULTIPLE_STATEMENTS" in found


def test_genitive_is_flagged() -> None:
    assert "LS_GENITIVE" in kinds("Das Haus des Vereins ist offen.")


def test_subjunctive_is_flagged() -> None:
    assert "LS_SUBJUNCTIVE" in kinds("Wir würden uns freuen.")


def test_abbreviations_are_flagged() -> None:
    found = check_readability("Es gibt z. B. Kaffee beim DRK.", LS).findings
    texts = [f.text for f in found if f.kind == "LS_ABBREVIATION"]
    assert texts == ["z. B.", "DRK"]


def test_long_compound_gets_a_middle_dot_suggestion() -> None:
    found = check_readability("Die Mitgliederversammlung ist heute.", LS).findings
    long_words = [f for f in found if f.kind == "LS_LONG_WORD"]
    assert long_words[0].suggestions == ("Mitglieder·versammlung",)


def test_hard_word_is_flagged_unless_it_is_explained() -> None:
    assert "LS_HARD_WORD" in kinds("Wir machen eine Vernissage.")
    explained = "Wir machen eine Vernissage. Vernissage bedeutet: Eine Ausstellung beginnt."
    assert "LS_HARD_WORD" not in kinds(explained)


def test_status_is_nicht_geprueft_until_a_reader_check_is_recorded() -> None:
    text = "Wir feiern ein Fest."
    assert check_readability(text, LS).metrics["leichte_sprache"]["status"] == "nicht geprüft"
    checked = check_readability(text, LS, reader_checked=True)
    assert checked.metrics["leichte_sprache"]["status"] == "geprüft"


def test_without_leichte_sprache_mode_no_ls_rules_run() -> None:
    result = check_readability("Das Haus des Vereins.", CheckContext())
    assert "leichte_sprache" not in result.metrics
    assert not [f for f in result.findings if f.kind.startswith("LS_")]
