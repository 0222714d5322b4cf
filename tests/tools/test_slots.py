"""Fact slots: markers are filled with the user's exact values; invented markers are reported."""

from __future__ import annotations

from kikultur.tools.prompts import slot_values
from kikultur.tools.registry import load_builtin
from kikultur.tools.slots import fill_slots
from tests.tools.samples import STECKBRIEF, examples


def test_known_markers_are_filled_with_the_exact_user_values() -> None:
    tool = load_builtin("pressemitteilung")
    values = slot_values(tool.spec, examples(tool), STECKBRIEF)
    result = fill_slots("Am [[datum]] um [[ uhrzeit ]]: „[[zitat]]“", values)
    assert result.text == (
        "Am Samstag, 11. Juli 2026 um 15:00 Uhr: „Der Garten gehört allen, die hier wohnen.“"
    )
    assert result.filled == ["datum", "uhrzeit", "zitat"]
    # The other example slots (ort, eintritt ...) are missing from this short text: reported.
    missing = {f.details["slot"] for f in result.findings if f.details.get("missing")}
    assert missing == set(values) - {"datum", "uhrzeit", "zitat"}


def test_an_invented_marker_stays_and_is_reported_at_its_place() -> None:
    result = fill_slots("Am [[datum]] mit [[stargast]].", {"datum": "Freitag, 1. Mai 2026"})
    assert result.text == "Am Freitag, 1. Mai 2026 mit [[stargast]]."
    (finding,) = result.findings
    assert finding.kind == "UNKNOWN_SLOT" and finding.check == "facts"
    assert result.text[finding.start : finding.end] == "[[stargast]]"
    assert finding.severity == "error"
