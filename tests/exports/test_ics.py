"""The event as an iCalendar file: exact form values, Europe/Berlin time zone."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from kikultur.exports.document import ExportError
from kikultur.exports.ics import event_ics

VALUES = {
    "titel": "Erzählcafé",
    "datum": "14.03.2026",
    "uhrzeit": "16:00",
    "ende": "18:00",
    "ort_name": "Bürgerhaus Beispiel",
    "strasse": "Beispielstraße 1",
    "plz": "22000",
    "stadt": "Hamburg",
    "link": "https://example.org/erzaehlcafe",
}
NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _event(values: dict[str, object], **kwargs: object) -> tuple[Calendar, object]:
    data = event_ics(values, title="Erzählcafé", now=NOW, **kwargs)  # type: ignore[arg-type]
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_the_event_carries_the_exact_form_values_in_berlin_time() -> None:
    calendar, event = _event(
        VALUES, steckbrief={"name": "Bürgerhaus Beispiel"}, description="Nachbarinnen erzählen."
    )
    start = event["DTSTART"].dt  # type: ignore[index]
    assert start == dt.datetime(2026, 3, 14, 16, 0, tzinfo=start.tzinfo)
    assert start.utcoffset() == dt.timedelta(hours=1)  # winter time
    assert event["DTEND"].dt.hour == 18  # type: ignore[index]
    assert str(event["SUMMARY"]) == "Erzählcafé"  # type: ignore[index]
    assert str(event["LOCATION"]) == "Bürgerhaus Beispiel, Beispielstraße 1, 22000 Hamburg"  # type: ignore[index]
    assert "Nachbarinnen erzählen." in str(event["DESCRIPTION"])  # type: ignore[index]
    assert "Veranstalter: Bürgerhaus Beispiel" in str(event["DESCRIPTION"])  # type: ignore[index]
    assert str(event["URL"]) == "https://example.org/erzaehlcafe"  # type: ignore[index]
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"


def test_summer_time_and_an_end_after_midnight() -> None:
    _calendar, event = _event(
        {**VALUES, "datum": "2026-07-11", "uhrzeit": "22:00", "ende": "01:00"}
    )
    start, end = event["DTSTART"].dt, event["DTEND"].dt  # type: ignore[index]
    assert start.utcoffset() == dt.timedelta(hours=2)
    assert end - start == dt.timedelta(hours=3)


def test_without_an_end_the_entry_lasts_two_hours_and_the_same_event_keeps_its_uid() -> None:
    values = {k: v for k, v in VALUES.items() if k != "ende"}
    _c, first = _event(values)
    _c, second = _event(values)
    assert first["DTEND"].dt - first["DTSTART"].dt == dt.timedelta(hours=2)  # type: ignore[index]
    assert first["UID"] == second["UID"]  # type: ignore[index]


def test_the_press_release_place_is_one_field() -> None:
    values = {"datum": "14.03.2026", "uhrzeit": "15:00", "ort": "Stadtteilgarten, Weg 5"}
    _c, event = _event(values)
    assert str(event["LOCATION"]) == "Stadtteilgarten, Weg 5"  # type: ignore[index]


def test_a_missing_date_is_a_german_error() -> None:
    with pytest.raises(ExportError, match="Kalendereintrag fehlen Datum oder Beginn"):
        event_ics({"titel": "Fest"}, title="Fest")
