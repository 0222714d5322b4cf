"""schema.org Event JSON-LD with the Europe/Berlin offset."""

from __future__ import annotations

import json

import pytest

from kikultur.exports.document import ExportError
from kikultur.exports.jsonld import event_jsonld, jsonld_script_tag, to_jsonld
from kikultur.tools.inputs import normalize_inputs
from kikultur.tools.registry import load_builtin

VALUES = {
    "titel": "Erzählcafé",
    "datum": "14.03.2026",
    "uhrzeit": "16:00",
    "ende": "18:00",
    "ort_name": "Bürgerhaus Beispiel",
    "strasse": "Beispielstraße 1",
    "plz": "22000",
    "stadt": "Hamburg",
    "eintritt_frei": True,
    "link": "https://example.org/erzaehlcafe",
}
STECKBRIEF = {"name": "Bürgerhaus Beispiel", "website": "https://buergerhaus.example.org"}


def test_event_has_the_schema_org_fields() -> None:
    data = event_jsonld(VALUES, STECKBRIEF, description="Nachbarinnen erzählen.")
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Erzählcafé"
    assert data["startDate"] == "2026-03-14T16:00:00+01:00"
    assert data["endDate"] == "2026-03-14T18:00:00+01:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {
        "@type": "Place",
        "name": "Bürgerhaus Beispiel",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Beispielstraße 1",
            "postalCode": "22000",
            "addressLocality": "Hamburg",
            "addressCountry": "DE",
        },
    }
    assert data["isAccessibleForFree"] is True
    assert data["offers"]["price"] == "0.00" and data["offers"]["priceCurrency"] == "EUR"
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Bürgerhaus Beispiel",
        "url": "https://buergerhaus.example.org",
    }
    assert data["description"] == "Nachbarinnen erzählen."


@pytest.mark.parametrize(
    ("day", "offset"),
    [
        ("2026-01-15", "+01:00"),
        ("2026-03-28", "+01:00"),  # Saturday before the switch to summer time
        ("2026-03-29", "+02:00"),  # summer time from 29 March 2026
        ("2026-07-11", "+02:00"),
        ("2026-10-24", "+02:00"),
        ("2026-10-25", "+01:00"),  # winter time again
    ],
)
def test_start_date_carries_the_berlin_offset_of_its_day(day: str, offset: str) -> None:
    data = event_jsonld({**VALUES, "datum": day})
    assert data["startDate"] == f"{day}T16:00:00{offset}"


def test_paid_event_has_a_price_and_is_not_free() -> None:
    data = event_jsonld({**VALUES, "eintritt_frei": False, "preis": "7,50"})
    assert data["isAccessibleForFree"] is False
    assert data["offers"]["price"] == "7.50"
    assert data["offers"]["url"] == "https://example.org/erzaehlcafe"


def test_event_ending_after_midnight_ends_the_next_day() -> None:
    data = event_jsonld({**VALUES, "uhrzeit": "22:00", "ende": "01:00"})
    assert data["endDate"] == "2026-03-15T01:00:00+01:00"


def test_online_and_hybrid_events_have_virtual_locations() -> None:
    online = event_jsonld({**VALUES, "format": "online"})
    assert online["location"] == {"@type": "VirtualLocation", "url": VALUES["link"]}
    hybrid = event_jsonld({**VALUES, "format": "hybrid"})
    assert hybrid["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in hybrid["location"]] == ["Place", "VirtualLocation"]


def test_normalized_tool_values_work_as_well() -> None:
    spec = load_builtin("veranstaltungstext").spec
    values = normalize_inputs(spec, {**VALUES, "format": "vor_ort"})
    assert event_jsonld(values)["startDate"] == "2026-03-14T16:00:00+01:00"


def test_missing_date_gets_a_german_error() -> None:
    with pytest.raises(ExportError, match="fehlen Datum oder Beginn"):
        event_jsonld({"titel": "X"})


def test_script_tag_is_valid_json_and_cannot_close_the_script_early() -> None:
    data = event_jsonld({**VALUES, "titel": "A </script> B"})
    tag = jsonld_script_tag(data)
    assert tag.startswith('<script type="application/ld+json">\n')
    assert tag.count("</script>") == 1
    body = tag.removeprefix('<script type="application/ld+json">\n').removesuffix("\n</script>\n")
    assert json.loads(body)["name"] == "A </script> B"
    assert json.loads(to_jsonld(data)) == data
