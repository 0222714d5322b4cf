"""Shared helpers for the fact-check tests."""

from __future__ import annotations

from kikultur.checks.facts import check_facts
from kikultur.checks.findings import CheckContext, Finding


def findings_for(text: str, **context: object) -> list[Finding]:
    return check_facts(text, CheckContext(**context))  # type: ignore[arg-type]


def finding_at(findings: list[Finding], fragment: str) -> Finding:
    """The finding whose text is exactly `fragment` (fails the test if there is none)."""
    matches = [f for f in findings if f.text == fragment]
    assert matches, f"no finding for {fragment!r}: {[(f.kind, f.text) for f in findings]}"
    return matches[0]
