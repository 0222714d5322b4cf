from kikultur.checks.facts.claims import Mask
from kikultur.checks.facts.dates import extract_dates, extract_times

from .conftest import finding_at, findings_for


def dates(text: str) -> list[tuple[str, object]]:
    return [(c.kind, c.value) for c in extract_dates(text, Mask(len(text)))]


def times(text: str) -> list[int]:
    return [c.value for c in extract_times(text, Mask(len(text)))]


def test_date_formats() -> None:
    assert dates("am 14. März 2026") == [("DATE", (2026, 3, 14))]
    assert dates("am 14.03.2026") == [("DATE", (2026, 3, 14))]
    assert dates("am 14.3. geht es los") == [("DATE", (None, 3, 14))]
    assert dates("am 14. Mär. 2026") == [("DATE", (2026, 3, 14))]


def test_weekday_in_front_of_a_date_is_bound_to_it() -> None:
    claims = extract_dates("am Samstag, den 14. März", Mask(24))
    weekday = next(c for c in claims if c.kind == "WEEKDAY")
    assert weekday.text == "Samstag"
    assert weekday.extra["date"].value == (None, 3, 14)


def test_date_ranges_and_lists_share_month_and_year() -> None:
    assert sorted(v for k, v in dates("vom 14.–16. März 2026") if k == "DATE") == [
        (2026, 3, 14),
        (2026, 3, 16),
    ]
    listed = sorted(v for k, v in dates("am 3., 10. und 17. November 2026") if k == "DATE")
    assert listed == [(2026, 11, 3), (2026, 11, 10), (2026, 11, 17)]


def test_time_formats() -> None:
    assert times("um 19 Uhr") == [19 * 60]
    assert times("um 19:30 Uhr") == [19 * 60 + 30]
    assert times("um 19.30 Uhr") == [19 * 60 + 30]
    assert times("Einlass 18:30") == [18 * 60 + 30]
    assert times("von 15 bis 18 Uhr") == [15 * 60, 18 * 60]
    assert times("um halb acht") == [7 * 60 + 30]
    assert times("Viertel nach sieben") == [7 * 60 + 15]
    assert times("Viertel vor acht") == [7 * 60 + 45]


def test_same_date_in_other_format_is_verified() -> None:
    found = findings_for("Wir feiern am 14.03.2026.", facts={"Datum": "Samstag, 14. März 2026"})
    finding = finding_at(found, "14.03.2026")
    assert finding.status == "verified"
    assert finding.details["source"] == "Eingabe „Datum“"


def test_other_event_date_is_contradicted_and_names_the_source_value() -> None:
    found = findings_for("Wir feiern am 15. März 2026.", facts={"Datum": "Samstag, 14. März 2026"})
    finding = finding_at(found, "15. März 2026")
    assert finding.status == "contradicted"
    assert finding.message.endswith("Laut Eingabe „Datum“: Samstag, 14. März 2026")
    assert finding.details["source_value"] == "Samstag, 14. März 2026"


def test_date_without_year_takes_the_year_from_the_sources() -> None:
    # 14 March 2026 is a Saturday, 14 March 2027 a Sunday.
    found = findings_for("Am Sonntag, 14.3., ist es so weit.", facts={"Datum": "14. März 2026"})
    weekday = finding_at(found, "Sonntag")
    assert weekday.status == "contradicted"
    assert "Samstag" in weekday.message


def test_weekday_that_does_not_match_its_date_is_always_an_error() -> None:
    found = findings_for("Am Sonntag, 14. März 2026 feiern wir.")
    weekday = finding_at(found, "Sonntag")
    assert weekday.status == "contradicted"
    assert weekday.severity == "error"
    assert weekday.message == "Wochentag passt nicht zum Datum: Der 14. März 2026 ist ein Samstag."


def test_matching_weekday_is_verified_by_the_calendar() -> None:
    found = findings_for("Am Samstag, 14. März 2026 feiern wir.")
    assert finding_at(found, "Samstag").status == "verified"
    assert finding_at(found, "Samstag").details["source"] == "Kalender"


def test_weekday_forms_and_opening_hours_abbreviations() -> None:
    found = findings_for(
        "Geöffnet dienstags und sonntags, Treffen am Montagabend.",
        sources=["Öffnungszeiten Di–Fr 15–18 Uhr, So 11–16 Uhr"],
    )
    assert finding_at(found, "dienstags").status == "verified"
    assert finding_at(found, "sonntags").status == "verified"
    assert finding_at(found, "Montagabend").status == "unsupported"


def test_time_normalisation_19_uhr_equals_19_00() -> None:
    found = findings_for("Beginn um 19 Uhr.", facts={"Beginn": "19:00"})
    assert finding_at(found, "19 Uhr").status == "verified"


def test_time_in_words_matches_digits() -> None:
    found = findings_for("Einlass ist um halb acht.", facts={"Einlass": "19:30 Uhr"})
    assert finding_at(found, "halb acht").status == "verified"


def test_other_event_time_is_contradicted() -> None:
    found = findings_for("Beginn um 20 Uhr.", facts={"Uhrzeit": "19 Uhr"})
    finding = finding_at(found, "20 Uhr")
    assert finding.status == "contradicted"
    assert "19 Uhr" in finding.message


def test_year_alone_is_a_date_claim() -> None:
    found = findings_for("Das Haus gibt es seit 1988.", sources=["Eröffnung 1988"])
    assert finding_at(found, "1988").kind == "DATE"
    assert finding_at(found, "1988").status == "verified"
    assert finding_at(findings_for("seit 1984 dabei"), "1984").status == "unsupported"


def test_swapped_doors_and_start_times_are_contradicted() -> None:
    facts = {"Einlass": "18:30 Uhr", "Beginn": "19 Uhr"}
    found = findings_for("Einlass 19 Uhr, Beginn 18:30 Uhr.", facts=facts)
    assert finding_at(found, "19 Uhr").status == "contradicted"
    assert finding_at(found, "19 Uhr").details["source"] == "Eingabe „Einlass“"
    assert finding_at(found, "18:30 Uhr").status == "contradicted"
    found = findings_for("Beginn um 19 Uhr, Einlass ab halb sieben.", facts=facts)
    assert {f.status for f in found} == {"verified"}


def test_time_for_a_role_the_sources_do_not_give_is_unsupported_not_a_rival_role() -> None:
    facts = {"Beginn": "19:30 Uhr", "Ende": "22:00 Uhr"}
    found = findings_for("Einlass ist um 19:00 Uhr, Ende um 22:00 Uhr.", facts=facts)
    doors = finding_at(found, "19:00 Uhr")
    assert doors.status == "unsupported"
    assert "22:00" not in doors.message
    assert finding_at(found, "22:00 Uhr").status == "verified"
    # Without a role the start time still stands against another time of day.
    assert finding_at(findings_for("Um 20 Uhr geht es los.", facts=facts), "20 Uhr").status == (
        "contradicted"
    )


def test_end_time_after_an_abbreviation_keeps_its_role() -> None:
    sources = ["Im Anschluss Filmgespräch, Ende ca. 22 Uhr."]
    found = findings_for(
        "Beginn 19 Uhr. Ende gegen 21 Uhr.", facts={"Beginn": "19 Uhr"}, sources=sources
    )
    end = finding_at(found, "21 Uhr")
    assert end.status == "contradicted"
    assert "22 Uhr" in end.message
