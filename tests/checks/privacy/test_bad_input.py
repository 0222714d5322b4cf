"""Bad input for the detector itself: empty, huge, binary-looking text."""

from __future__ import annotations

import itertools

import pytest

from kikultur.checks.findings import CheckContext
from kikultur.checks.privacy import check_privacy, detect


def test_empty_text_gives_no_findings() -> None:
    assert check_privacy("", CheckContext()) == []


def test_whitespace_and_control_characters_give_no_findings() -> None:
    assert detect(" \n\t\r\x0b\x0c \u00a0", CheckContext()) == []


@pytest.mark.timeout(300)
def test_ten_megabytes_of_text_are_checked_and_nothing_is_lost_at_slice_borders() -> None:
    line = "Frau Ayşe Yılmaz, Veringstraße 12, 21107 Hamburg, Tel. 040 1234567.\n"
    text = (line * (10 * 1024 * 1024 // len(line) + 1))[: 10 * 1024 * 1024]
    findings = detect(text, CheckContext())
    complete_lines = text.count("\n")
    assert sum(f.kind == "PHONE" for f in findings) == complete_lines
    assert sum(f.kind == "ADDRESS" for f in findings) >= complete_lines
    # Findings are sorted and never overlap.
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))


def test_findings_are_sorted_by_offset_and_offsets_match_the_text() -> None:
    text = "Mail an a@example.org, dann Frau Demir anrufen: 040 1234567."
    findings = check_privacy(text, CheckContext())
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert all(text[f.start : f.end] == f.text for f in findings)
