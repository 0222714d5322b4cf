"""Tests for readability metrics, the understandability score and per-sentence hints."""

from __future__ import annotations

import pytest

from kikultur.checks.findings import CheckContext
from kikultur.checks.language.features import flesch_amstad, sentence_features, zipf
from kikultur.checks.language.readability import (
    check_readability,
    complexity_to_score,
    split_compound,
    traffic_light,
)
from kikultur.checks.language.syllables import count_syllables

EASY = "Wir feiern ein Fest. Alle sind eingeladen. Es gibt Kuchen und Musik."
HARD = (
    "Infolge des gravitationsbedingten Auslaufens der zwischen den Seifenfilmoberflächen "
    "befindlichen Flüssigkeit dünnt eine Seifenblase in ihrem oberen Teil, wie durch "
    "interferometrische Untersuchungen nachgewiesen wurde, zunehmend aus."
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [("Kunst", 1), ("Theater", 3), ("Seifenblase", 4), ("Feuer", 2), ("Aktion", 3),
     ("Teilnehmende", 4), ("eine", 2), ("Ausstellung", 3)],
)  # fmt: skip
def test_german_syllables_are_counted(word: str, syllables: int) -> None:
    assert count_syllables(word) == syllables


def test_flesch_amstad_follows_its_formula() -> None:
    features = sentence_features("Wir feiern ein Fest.")  # 4 words, 5 syllables
    assert features.words == 4 and features.syllables == 5
    assert flesch_amstad(features) == pytest.approx(180 - 4 - 58.5 * 5 / 4)


def test_easy_text_scores_higher_than_hard_text_and_gets_green() -> None:
    easy = check_readability(EASY, CheckContext()).metrics
    hard = check_readability(HARD, CheckContext()).metrics
    assert easy["score"] > hard["score"]
    assert easy["traffic_light"] == "grün"
    assert hard["traffic_light"] in ("gelb", "rot")
    assert 0 <= hard["score"] <= 100


def test_metrics_hold_the_named_measures() -> None:
    metrics = check_readability(EASY, CheckContext()).metrics
    for key in ("flesch_amstad", "wiener_sachtextformel", "words_per_sentence",
                "long_words_share", "passive_sentences", "nominal_style_per_sentence",
                "rare_words_share", "score", "traffic_light"):  # fmt: skip
        assert key in metrics
    assert metrics["sentences"] == 3
    assert metrics["words_per_sentence"] == pytest.approx(12 / 3)


def test_hard_sentence_gets_hints_for_length_passive_and_rare_words() -> None:
    kinds = {f.kind for f in check_readability(HARD, CheckContext()).findings}
    assert {"LONG_SENTENCE", "PASSIVE", "RARE_WORD", "LONG_WORD"} <= kinds


def test_nominal_style_is_hinted_when_a_sentence_piles_up_nominalisations() -> None:
    text = "Die Durchführung der Veranstaltung erfolgt nach Genehmigung durch die Verwaltung."
    findings = check_readability(text, CheckContext()).findings
    nominal = [f for f in findings if f.kind == "NOMINAL_STYLE"]
    assert nominal and "Durchführung" in nominal[0].details["nouns"]


def test_long_word_suggestion_splits_the_compound_with_a_hyphen() -> None:
    assert split_compound("Mitgliederversammlung") == ["Mitglieder", "versammlung"]
    findings = check_readability("Die Mitgliederversammlungsordnung gilt.", CheckContext())
    long_words = [f for f in findings.findings if f.kind == "LONG_WORD"]
    assert long_words and "-" in long_words[0].suggestions[0]


def test_score_and_traffic_light_scale() -> None:
    assert complexity_to_score(1.0) == 100
    assert complexity_to_score(7.0) == 0
    assert complexity_to_score(12.0) == 0
    assert [traffic_light(s) for s in (80, 50, 10)] == ["grün", "gelb", "rot"]


def test_empty_text_gives_no_score_and_no_findings() -> None:
    result = check_readability("", CheckContext())
    assert result.findings == []
    assert result.metrics["score"] is None


def test_names_of_people_are_no_rare_words() -> None:
    text = "Ansprechpartnerin ist Ayşe Yılmaz. Yılmaz freut sich auf Ihren Besuch."
    rare = [f.text for f in check_readability(text, CheckContext()).findings
            if f.kind == "RARE_WORD"]  # fmt: skip
    assert "Ayşe" not in rare and "Yılmaz" not in rare


def test_a_rare_word_is_reported_once_with_its_count() -> None:
    text = (
        "Die Heterotopie ist ein Ort. Wir besuchen die Heterotopie am Sonntag. "
        "Danach sprechen wir über Kontrafaktur. Die heterotopie bleibt offen."
    )
    rare = [f for f in check_readability(text, CheckContext()).findings if f.kind == "RARE_WORD"]
    assert [f.text for f in rare] == ["Heterotopie", "Kontrafaktur"]
    first = rare[0]
    assert first.start == text.index("Heterotopie")
    assert first.details["count"] == 3 and "3-mal" in first.message
    assert rare[1].details["count"] == 1 and "-mal" not in rare[1].message


def test_words_with_sharp_s_are_looked_up_like_wordfreq_stores_them() -> None:
    # wordfreq keys are case-folded ("grüsse"); "Grüße" and "Straße" are common words.
    assert zipf("Grüße") > 4.0 and zipf("Straße") > 4.0
    rare = [
        f.text for f in check_readability("Viele Grüße aus der Straße.", CheckContext()).findings
    ]
    assert "Grüße" not in rare and "Straße" not in rare


def test_section_headings_get_no_word_hints_but_the_same_word_in_the_text_does() -> None:
    text = "## Vorschautext\nDer Vorschautext steht im Postfach."
    found = [
        (f.kind, f.start)
        for f in check_readability(text, CheckContext()).findings
        if f.kind == "RARE_WORD"
    ]
    assert found == [("RARE_WORD", text.index("Vorschautext", 5))]
