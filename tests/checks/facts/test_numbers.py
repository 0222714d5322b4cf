from kikultur.checks.facts.claims import Mask
from kikultur.checks.facts.extract import extract_claims
from kikultur.checks.facts.numbers import extract_numbers, parse_number_word, parse_ordinal_word

from .conftest import finding_at, findings_for


def values(text: str) -> list[tuple[str, str, float]]:
    return [(c.kind, c.sub, c.value) for c in extract_numbers(text, Mask(len(text)))]


def test_german_digit_formats_are_normalised() -> None:
    assert values("1.200 Gäste") == [("NUMBER", "", 1200.0)]
    assert values("1200 Gäste") == [("NUMBER", "", 1200.0)]
    assert values("1,5 Tage") == [("NUMBER", "", 1.5)]
    assert values("rund 1,5 Mio. Besuche") == [("NUMBER", "", 1_500_000.0)]
    assert values("2 Millionen Menschen") == [("NUMBER", "", 2_000_000.0)]


def test_number_words_up_to_the_millions() -> None:
    assert parse_number_word("zwölf") == 12
    assert parse_number_word("dreiundzwanzig") == 23
    assert parse_number_word("zweihundertfünfzig") == 250
    assert parse_number_word("eintausendzweihundert") == 1200
    assert parse_number_word("dreihunderttausend") == 300_000
    assert values("zwei Millionen Euro") == [("MONEY", "", 2_000_000.0)]
    assert values("eine Million Besuche") == [("NUMBER", "", 1_000_000.0)]


def test_ordinals_in_words_and_digits() -> None:
    assert parse_ordinal_word("zehnten") == 10
    assert parse_ordinal_word("dritte") == 3
    assert parse_ordinal_word("zwanzigste") == 20
    assert values("zum zehnten Mal") == [("NUMBER", "ordinal", 10.0)]
    assert values("das 10. Stadtteilfest") == [("NUMBER", "ordinal", 10.0)]


def test_percentages() -> None:
    assert values("15 % mehr") == [("NUMBER", "percent", 15.0)]
    assert values("15 Prozent mehr") == [("NUMBER", "percent", 15.0)]


def test_money_formats() -> None:
    assert values("Eintritt 7,50 €") == [("MONEY", "", 7.5)]
    assert values("EUR 1.000 Zuschuss") == [("MONEY", "", 1000.0)]
    assert values("4800 Euro Honorar") == [("MONEY", "", 4800.0)]
    assert values("€ 12 Eintritt") == [("MONEY", "", 12.0)]
    assert values("1,2 Mio. Euro jährlich") == [("MONEY", "", 1_200_000.0)]


def test_plain_articles_and_first_are_not_claims() -> None:
    assert values("Ein Fest für eine ganze Straße, zum ersten Mal") == []


def test_phone_and_dates_are_not_counted_as_numbers() -> None:
    kinds = [c.kind for c in extract_claims("Am 14.03.2026 unter Tel. 040 752017-14 um 19 Uhr")]
    assert "NUMBER" not in kinds


def test_equal_values_in_other_formats_are_verified() -> None:
    facts = {"Plätze": "eintausendzweihundert", "Förderung": "1.500.000 €"}
    found = findings_for("Es gibt 1200 Plätze und 1,5 Mio. Euro Förderung.", facts=facts)
    assert finding_at(found, "1200").status == "verified"
    assert finding_at(found, "1,5 Mio. Euro").status == "verified"


def test_different_value_for_the_same_noun_is_contradicted() -> None:
    found = findings_for("Es kamen 1.300 Besucher.", facts={"Besucher 2025": "1.200"})
    finding = finding_at(found, "1.300")
    assert finding.status == "contradicted"
    assert finding.severity == "error"
    assert "1.200" in finding.message
    assert finding.details["source"] == "Eingabe „Besucher 2025“"


def test_number_about_something_else_is_only_unsupported() -> None:
    found = findings_for("Es gibt 300 Plätze.", facts={"Besucher 2025": "1.200"})
    assert finding_at(found, "300").status == "unsupported"
    assert finding_at(found, "300").severity == "warning"


def test_approximate_numbers_allow_rounding() -> None:
    found = findings_for("Es kamen rund 1.200 Gäste.", sources=["Gezählt: 1.187 Gäste"])
    assert finding_at(found, "1.200").status == "verified"


def test_price_is_not_backed_by_a_house_number() -> None:
    found = findings_for("Eintritt 12 €.", facts={"Ort": "Alte Elbgaustraße 12"})
    assert finding_at(found, "12 €").status == "unsupported"


def test_invented_concrete_claims_are_flagged() -> None:
    found = findings_for(
        "Das Fest findet zum zehnten Mal statt, es gibt 300 Plätze.",
        facts={"Datum": "14. März 2026"},
    )
    assert finding_at(found, "zehnten").status == "unsupported"
    assert finding_at(found, "300").status == "unsupported"


def test_heading_numbers_are_not_claims() -> None:
    assert values("3. Sachbericht\n1. Ziele des Projekts") == []


def test_limits_are_exact_not_approximate() -> None:
    found = findings_for(
        "Es können höchstens 30 Kinder mitmachen.", sources=["höchstens 25 Kinder"]
    )
    assert finding_at(found, "30").status == "contradicted"


def test_small_count_of_another_thing_does_not_back_a_claim() -> None:
    sources = ["Darsteller: 14 Laien, 2 Profis"]
    found = findings_for("Zwei Vorstellungen waren ausverkauft.", sources=sources)
    assert finding_at(found, "Zwei").status == "unsupported"
    found = findings_for("Es spielen 2 Profis mit.", sources=sources)
    assert finding_at(found, "2").status == "verified"


def test_guests_and_visitors_are_the_same_count() -> None:
    found = findings_for("Es kamen zwölf Gäste.", sources=["12 Besucherinnen und Besucher"])
    assert finding_at(found, "zwölf").status == "verified"


def test_bare_number_in_prose_does_not_back_a_price() -> None:
    found = findings_for("Ein Tag kostet 4 €.", sources=["Gärtnern (Woche 4)"])
    assert finding_at(found, "4 €").status == "unsupported"
    found = findings_for("Ein Tag kostet 4 €.", facts={"Kosten pro Tag": "4"})
    assert finding_at(found, "4 €").status == "verified"


def test_same_time_unit_alone_does_not_make_a_contradiction() -> None:
    found = findings_for("Zwei Jahre später öffnete das Haus.", facts={"Anlass": "40 Jahre Haus"})
    assert finding_at(found, "Zwei").status == "unsupported"
    found = findings_for("Das Haus feiert 30 Jahre.", facts={"Jubiläum": "40 Jahre Haus"})
    assert finding_at(found, "30").status == "contradicted"


def test_swapped_full_and_reduced_prices_are_contradicted() -> None:
    facts = {"Eintritt": "8 €, ermäßigt 5 €"}
    found = findings_for("Eintritt 5 €, ermäßigt 8 €.", facts=facts)
    assert finding_at(found, "5 €").status == "contradicted"
    assert finding_at(found, "8 €").status == "contradicted"
    found = findings_for("Der Eintritt kostet 8 Euro (ermäßigt 5 Euro).", facts=facts)
    assert {f.status for f in found} == {"verified"}


def test_other_house_number_or_postcode_of_the_given_address_is_contradicted() -> None:
    facts = {"Ort": "Bürgerhaus Wilhelmsburg, Mengestraße 20, 21107 Hamburg"}
    found = findings_for("Wir spielen in der Mengestraße 22, 21109 Hamburg.", facts=facts)
    assert finding_at(found, "22").status == "contradicted"
    assert "Mengestraße 20" in finding_at(found, "22").message
    assert finding_at(found, "21109").status == "contradicted"
    # Another street's house number and a count of the same value are no rivals.
    found = findings_for("Danach in die Veringstraße 7. Es spielen 20 Bands.", facts=facts)
    assert finding_at(found, "7").status == "unsupported"
    assert finding_at(found, "20").status == "unsupported"
