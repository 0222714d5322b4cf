"""An event as an iCalendar file (.ics, RFC 5545) for calendars, from the event tool's inputs.

Date, times and place come from the form, never from the model's text: a calendar entry must
be exact. The description is the draft's short text. Written with the `icalendar` library; the
time zone (Europe/Berlin) is included, so calendars abroad show the right hour.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from icalendar import Calendar, Event

from kikultur.exports.document import ExportError
from kikultur.exports.jsonld import BERLIN, input_text
from kikultur.i18n import _
from kikultur.tools.inputs import parse_date, parse_time
from kikultur.tools.spec import is_filled

PRODUCT_ID = "-//KI@KULTUR Werkbank//DE"
DEFAULT_HOURS = 2  # an event without an end time lasts this long in the calendar


def _location(values: Mapping[str, Any]) -> str:
    """ "Bürgerhaus, Beispielweg 5, 22000 Hamburg" from the event text's place fields, or the
    press release's single "Ort" field."""
    town = " ".join(p for p in (input_text(values, "plz"), input_text(values, "stadt")) if p)
    parts = [
        input_text(values, "ort_name"),
        input_text(values, "strasse"),
        town,
        input_text(values, "ort"),
    ]
    return ", ".join(p for p in parts if p)


def event_ics(
    values: Mapping[str, Any],
    steckbrief: Mapping[str, Any] | None = None,
    *,
    title: str,
    description: str | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The .ics file of one event; `title` is its name in the calendar."""
    try:
        day = parse_date(values["datum"])
        start_time = parse_time(values["uhrzeit"])
    except (KeyError, ValueError, TypeError) as exc:
        raise ExportError(
            _("Für den Kalendereintrag fehlen Datum oder Beginn der Veranstaltung.")
        ) from exc
    start = dt.datetime.combine(day, start_time, tzinfo=BERLIN)
    if is_filled(values.get("ende")):
        end_time = parse_time(values["ende"])
        end = dt.datetime.combine(day, end_time, tzinfo=BERLIN)
        if end <= start:  # ends after midnight
            end += dt.timedelta(days=1)
    else:
        end = start + dt.timedelta(hours=DEFAULT_HOURS)
    event = Event()
    # The same event exported twice replaces itself in a calendar instead of doubling.
    uid_source = f"{title}|{start.isoformat()}|{_location(values)}"
    event.add("uid", hashlib.sha256(uid_source.encode()).hexdigest()[:32] + "@kikultur")
    event.add("dtstamp", now or dt.datetime.now(dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", title)
    location = _location(values)
    if location:
        event.add("location", location)
    # ORGANIZER needs an e-mail address the Steckbrief does not hold: the name goes here.
    organiser = input_text(steckbrief or {}, "name")
    text = (description or "").strip()
    if organiser:
        text = (text + "\n\n" if text else "") + _("Veranstalter: {name}").format(name=organiser)
    if text:
        event.add("description", text)
    link = input_text(values, "link")
    if link:
        event.add("url", link)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
