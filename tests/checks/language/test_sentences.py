"""Tests for the German sentence splitter."""

from __future__ import annotations

from kikultur.checks.language.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_abbreviations_do_not_end_a_sentence() -> None:
    text = "Wir bieten z. B. Töpfern an. Dr. Müller leitet den Kurs, bzw. Prof. Kaya."
    assert texts(text) == [
        "Wir bieten z. B. Töpfern an.",
        "Dr. Müller leitet den Kurs, bzw. Prof. Kaya.",
    ]


def test_ordinals_in_dates_do_not_end_a_sentence() -> None:
    text = "Am 3. Mai beginnt das Fest. Im 19. Jahrhundert war hier ein Hafen."
    assert texts(text) == ["Am 3. Mai beginnt das Fest.", "Im 19. Jahrhundert war hier ein Hafen."]


def test_question_and_exclamation_marks_end_sentences() -> None:
    assert texts("Kommen Sie? Wir freuen uns! Bis bald.") == [
        "Kommen Sie?",
        "Wir freuen uns!",
        "Bis bald.",
    ]


def test_blank_lines_and_list_items_separate_sentences() -> None:
    text = "Herbstprogramm\n\nLesung am Montag\n- Kaffee\n- Kuchen"
    assert texts(text) == ["Herbstprogramm", "Lesung am Montag", "- Kaffee", "- Kuchen"]


def test_offsets_point_into_the_original_text() -> None:
    text = "  Erster Satz.   Zweiter Satz.  "
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_initials_do_not_end_a_sentence() -> None:
    assert texts("Es liest A. Schmidt aus ihrem Buch.") == ["Es liest A. Schmidt aus ihrem Buch."]


def test_empty_text_has_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []
