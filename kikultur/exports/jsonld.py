"""schema.org Event as JSON-LD (for websites and calendars) from the inputs of an event tool."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from kikultur.exports.document import ExportError
from kikultur.i18n import _
from kikultur.tools.inputs import parse_date, parse_money, parse_time
from kikultur.tools.spec import is_filled

# The system time-zone database, or the `tzdata` package where there is none (Windows, slim images).
BERLIN = ZoneInfo("Europe/Berlin")
_MODES = {
    "vor_ort": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def _local_iso(day: dt.date, time: dt.time) -> str:
    # The offset follows the date: +01:00 in winter, +02:00 in summer (Europe/Berlin rules).
    return dt.datetime.combine(day, time, tzinfo=BERLIN).isoformat()


def input_text(values: Mapping[str, Any], key: str) -> str:
    """The trimmed text of one form value, "" when it is empty."""
    value = values.get(key)
    return str(value).strip() if is_filled(value) else ""


def event_jsonld(
    values: Mapping[str, Any],
    steckbrief: Mapping[str, Any] | None = None,
    *,
    description: str | None = None,
    name: str | None = None,
) -> dict[str, Any]:
    """The schema.org Event for `veranstaltungstext` inputs (raw or normalized values)."""
    try:
        day = parse_date(values["datum"])
        start = parse_time(values["uhrzeit"])
    except (KeyError, ValueError, TypeError) as exc:
        raise ExportError(
            _("Für die schema.org-Daten fehlen Datum oder Beginn der Veranstaltung.")
        ) from exc
    event: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": name or input_text(values, "titel"),
        "startDate": _local_iso(day, start),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": _MODES.get(
            input_text(values, "format") or "vor_ort", _MODES["vor_ort"]
        ),
        "inLanguage": "de",
    }
    if is_filled(values.get("ende")):
        end = parse_time(values["ende"])
        end_day = day + dt.timedelta(days=1) if end <= start else day  # ends after midnight
        event["endDate"] = _local_iso(end_day, end)
    if description:
        event["description"] = description.strip()
    address = {
        "@type": "PostalAddress",
        "streetAddress": input_text(values, "strasse"),
        "postalCode": input_text(values, "plz"),
        "addressLocality": input_text(values, "stadt") or "Hamburg",
        "addressCountry": "DE",
    }
    place = {
        "@type": "Place",
        "name": input_text(values, "ort_name"),
        "address": {k: v for k, v in address.items() if v},
    }
    link = input_text(values, "link")
    if event["eventAttendanceMode"] == _MODES["online"] and link:
        event["location"] = {"@type": "VirtualLocation", "url": link}
    elif event["eventAttendanceMode"] == _MODES["hybrid"] and link:
        event["location"] = [place, {"@type": "VirtualLocation", "url": link}]
    else:
        event["location"] = place
    free = values.get("eintritt_frei") is True
    price = parse_money(values["preis"]) if is_filled(values.get("preis")) else None
    if free or price == Decimal(0):
        event["isAccessibleForFree"] = True
        price = Decimal(0)
    elif price is not None:
        event["isAccessibleForFree"] = False
    if price is not None:
        offer: dict[str, Any] = {
            "@type": "Offer",
            "price": f"{price:.2f}",
            "priceCurrency": "EUR",
            "availability": "https://schema.org/InStock",
        }
        if link:
            offer["url"] = link
        event["offers"] = offer
    facts = steckbrief or {}
    if is_filled(facts.get("name")):
        organizer: dict[str, Any] = {"@type": "Organization", "name": str(facts["name"])}
        if is_filled(facts.get("website")):
            organizer["url"] = str(facts["website"])
        event["organizer"] = organizer
    if link:
        event["url"] = link
    return event


def to_jsonld(data: Mapping[str, Any]) -> str:
    """Pretty JSON text of the JSON-LD object."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def jsonld_script_tag(data: Mapping[str, Any]) -> str:
    """The `<script type="application/ld+json">` block to paste into a web page."""
    # `</` would end the script element early; JSON allows the escaped form.
    body = json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{body}\n</script>\n'
