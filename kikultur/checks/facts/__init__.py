"""Fact check: each number, date, time, name, quote and contact of a draft against its sources."""

from __future__ import annotations

from collections import Counter

from kikultur.checks.facts.claims import DATE, KINDS
from kikultur.checks.facts.extract import extract_claims
from kikultur.checks.facts.slots import SlotResult, fill_slots, slot_instructions, slot_marker
from kikultur.checks.facts.sources import Sources
from kikultur.checks.facts.verify import CONTRADICTED, UNSUPPORTED, VERIFIED, verify_claims
from kikultur.checks.findings import CheckContext, Finding
from kikultur.i18n import _


def status_labels() -> dict[str, str]:
    """A fact finding's status as the user reads it (page and command line)."""
    return {
        VERIFIED: _("belegt"),
        UNSUPPORTED: _("nicht belegt"),
        CONTRADICTED: _("Widerspruch"),
    }


def check_facts(text: str, context: CheckContext, sources: Sources | None = None) -> list[Finding]:
    """All claims of `text` with status verified / unsupported / contradicted, sorted by offset.
    `sources` may be passed in when several drafts are checked against the same context."""
    if not text.strip():
        return []
    sources = sources if sources is not None else Sources.from_context(context)
    claims = extract_claims(text, sources.name_keys)
    years = Counter(c.value[0] for c in claims if c.kind == DATE and c.value[0] and c.sub != "year")
    text_year = years.most_common(1)[0][0] if years else None
    findings = verify_claims(claims, sources, text_year)
    findings.sort(key=lambda f: (f.start, f.end))
    return findings


__all__ = [
    "CONTRADICTED",
    "KINDS",
    "UNSUPPORTED",
    "VERIFIED",
    "SlotResult",
    "Sources",
    "check_facts",
    "fill_slots",
    "slot_instructions",
    "slot_marker",
    "status_labels",
]
