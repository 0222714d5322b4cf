"""Tests for the gender-inclusive language check (GENERIC_MASCULINE)."""

from __future__ import annotations

import itertools

import pytest

from kikultur.checks.findings import CheckContext, Finding
from kikultur.checks.language.gender import check_gender


def flagged(text: str, style: str = "stern") -> list[Finding]:
    return [f for f in check_gender(text, CheckContext(gender_style=style)) if f.severity != "hint"]


def only(text: str, style: str = "stern") -> Finding:
    found = flagged(text, style)
    assert len(found) == 1, found
    return found[0]


def apply(text: str, finding: Finding, suggestion: int = 0) -> str:
    return text[: finding.start] + finding.suggestions[suggestion] + text[finding.end :]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Jeder Teilnehmer bekommt eine Mappe.", "Jeder Teilnehmer"),
        ("Wir danken den Besuchern herzlich.", "den Besuchern"),
        ("Unsere ehrenamtlichen Helfer sind toll.", "Unsere ehrenamtlichen Helfer"),
        ("Das Buch des Künstlers liegt aus.", "des Künstlers"),
        ("Wir suchen einen neuen Mitarbeiter.", "einen neuen Mitarbeiter"),
        ("Die Liste der Teilnehmer ist lang.", "der Teilnehmer"),
        ("Wir fragen die Kollegen.", "die Kollegen"),
        ("Das gilt für jeden Studenten.", "jeden Studenten"),
        ("Viele Zuschauer kamen.", "Viele Zuschauer"),
        ("Die Theaterbesucher klatschten.", "Die Theaterbesucher"),
        ("Ein Freiwilliger hilft beim Aufbau.", "Ein Freiwilliger"),
        ("Jeder Freiwillige bekommt ein Essen.", "Jeder Freiwillige"),
        ("Die Autoren lesen vor.", "Die Autoren"),
        ("Unsere Ärzte beraten.", "Unsere Ärzte"),
    ],
)
def test_generic_masculine_is_flagged_with_its_agreeing_words(text: str, span: str) -> None:
    finding = only(text)
    assert finding.kind == "GENERIC_MASCULINE"
    assert finding.text == span
    assert text[finding.start : finding.end] == span


@pytest.mark.parametrize(
    "text",
    [
        "Hausmeister Herr Demir schließt um 22 Uhr ab.",
        "Die Sänger des Männerchors proben dienstags.",
        "Gäste und Mitglieder sind willkommen.",
        "Alle Kunstschaffenden und Teilnehmenden treffen sich um 18 Uhr.",
        "Die Künstler*innen stellen aus.",
        "Die Künstler:innen stellen aus.",
        "Die Künstler_innen stellen aus.",
        "Die KünstlerInnen stellen aus.",
        "Besucherinnen und Besucher zahlen nichts.",
        "Alle Fotografinnen und Fotografen machen mit.",
        "Die Fotografinnen stellen aus.",
        "Liebe Schüler und Schülerinnen!",
        "Das Fest findet im Bürgerhaus Wilhelmsburg statt.",
        "Der Computer steht neben dem Teller.",
        "Wir brauchen eine Leiter.",
        "Kursleiter Jonas zeigt die Technik.",
        "Das Hamburger Abendblatt berichtet.",
        "Die Fahrzeuge parken vor den Badehäusern.",
        "Er brach sich den Oberschenkel.",
        "Der Plattenspieler und die Lautsprecher sind neu.",
        "Freundschaft und Nachbarschaft in Griechenland.",
        "Sie reiste nach Schweden und Bayern.",
        "Im Altonaer Museum und am Bremer Dom.",
    ],
)
def test_do_not_flag_cases_named_in_the_issue_stay_unflagged(text: str) -> None:
    assert flagged(text) == []


def test_compound_with_person_noun_first_is_a_hint_of_lower_severity() -> None:
    findings = check_gender("Bitte in die Teilnehmerliste eintragen.", CheckContext())
    assert [(f.text, f.severity) for f in findings] == [("Teilnehmerliste", "hint")]
    assert "Teilnehmer*innenliste" in findings[0].suggestions
    assert "Teilnehmendenliste" in findings[0].suggestions


def test_neutral_style_turns_jeder_teilnehmer_into_alle_teilnehmenden() -> None:
    text = "Jeder Teilnehmer erhält eine Urkunde."
    finding = only(text, "neutral")
    assert finding.suggestions[0] == "Alle Teilnehmenden"
    assert apply(text, finding) == "Alle Teilnehmenden erhält eine Urkunde."
    assert finding.details["plural_suggested"] is True
    assert "Verb" in finding.message


def test_star_style_offers_plural_and_singular_star_forms_with_agreement() -> None:
    finding = only("Jeder Teilnehmer erhält eine Urkunde.", "stern")
    assert finding.suggestions[:2] == ("Alle Teilnehmer*innen", "Jede*r Teilnehmer*in")


def test_colon_style_uses_the_colon() -> None:
    finding = only("Wir danken den Besuchern.", "doppelpunkt")
    assert finding.suggestions[0] == "den Besucher:innen"


def test_pair_form_keeps_the_dative_on_both_nouns() -> None:
    finding = only("Wir danken den Besuchern.", "paarform")
    assert finding.suggestions[0] == "den Besucherinnen und Besuchern"


def test_pair_form_in_the_singular_inflects_article_and_adjective_for_the_feminine() -> None:
    finding = only("Wir suchen einen neuen Mitarbeiter.", "paarform")
    assert finding.suggestions[0] == "eine neue Mitarbeiterin und einen neuen Mitarbeiter"


def test_star_singular_joins_article_and_adjective_forms() -> None:
    finding = only("Wir suchen einen neuen Mitarbeiter.", "stern")
    assert "eine*n neue*n Mitarbeiter*in" in finding.suggestions


def test_adjectives_in_the_plural_stay_and_only_the_noun_changes() -> None:
    text = "Unsere ehrenamtlichen Helfer sind toll."
    finding = only(text, "stern")
    assert apply(text, finding) == "Unsere ehrenamtlichen Helfer*innen sind toll."


def test_neutral_collective_nouns_take_the_right_article_for_the_case() -> None:
    finding = only("Wir danken den Mitarbeitern.", "neutral")
    assert finding.suggestions[:2] == ("den Mitarbeitenden", "dem Team")


def test_neutral_form_for_weak_noun_student_is_studierende() -> None:
    finding = only("Das gilt für alle Studenten.", "neutral")
    assert finding.suggestions[0] == "alle Studierenden"


def test_weak_noun_kollege_gets_the_star_on_the_feminine_stem() -> None:
    finding = only("Wir fragen die Kollegen.", "stern")
    assert finding.suggestions[0] == "die Kolleg*innen"


def test_leichte_sprache_context_uses_the_pair_form() -> None:
    findings = flagged("Wir danken den Helfern.")
    ls = check_gender("Wir danken den Helfern.", CheckContext(leichte_sprache=True))
    assert findings[0].suggestions[0] == "den Helfer*innen"
    assert ls[0].suggestions[0] == "den Helferinnen und Helfern"


def test_pronoun_jeder_der_is_flagged_with_alle_die_and_wer() -> None:
    findings = check_gender("Jeder, der mitmachen will, ist willkommen.", CheckContext())
    assert findings[0].text == "Jeder, der"
    assert findings[0].suggestions[:2] == ("Alle, die", "Wer")


def test_findings_are_sorted_by_offset_and_do_not_overlap() -> None:
    text = "Die Künstler sprechen mit den Besuchern und jedem Teilnehmer."
    findings = flagged(text)
    assert [f.text for f in findings] == ["Die Künstler", "den Besuchern", "jedem Teilnehmer"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))


def test_empty_and_whitespace_text_give_no_findings() -> None:
    assert check_gender("", CheckContext()) == []
    assert check_gender("   \n ", CheckContext()) == []


def test_a_man_named_in_the_next_sentence_does_not_hide_a_generic_plural() -> None:
    findings = flagged("Für das Fest werden Sponsoren gesucht. Herr Brandt hilft dabei.")
    assert [f.text for f in findings] == ["Sponsoren"]


def test_a_title_between_noun_and_name_still_names_the_man() -> None:
    assert flagged("Es spricht Historiker Dr. Peter Albers.") == []


def test_pronouns_that_refer_back_to_a_generic_singular_are_named() -> None:
    finding = only("Jeder Teilnehmer bringt seinen Ausweis mit, wenn er kommt.")
    assert [p["text"] for p in finding.details["pronouns"]] == ["seinen", "er"]
    assert "„seinen“" in finding.message


def test_people_named_after_a_place_are_still_flagged() -> None:
    assert [f.text for f in flagged("Die Hamburger lieben ihren Hafen.")] == ["Die Hamburger"]
    finding = only("Hamburger Autoren lesen.")
    assert finding.text == "Hamburger Autoren"
    assert finding.suggestions[0] == "Hamburger Autor*innen"


@pytest.mark.parametrize(
    "text",
    [
        "Frau Müller leitet den Kurs.",
        "Wir danken Herrn Fischer für die Hilfe.",
        "Anna Schneider kommt auch.",
        "Ahmet Schuster hat die Stühle gebracht.",
    ],
)
def test_surname_that_is_also_a_person_noun_is_no_generic_masculine(text: str) -> None:
    assert flagged(text) == []


def test_same_word_as_a_group_of_people_is_still_flagged() -> None:
    finding = only("Alle Schneider im Viertel sind eingeladen.")
    assert finding.text == "Alle Schneider"


def test_region_name_as_first_part_of_a_compound_gets_no_hint() -> None:
    assert check_gender("Der Schwabenverkehrskörper fährt durch Sachsenhausen.") == []
