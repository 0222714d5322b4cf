"""Finds every checkable claim in a German text, each span claimed by one extractor only."""

from __future__ import annotations

from kikultur.checks.facts.claims import Claim, Mask
from kikultur.checks.facts.contacts import extract_contacts
from kikultur.checks.facts.dates import extract_dates, extract_times, extract_years
from kikultur.checks.facts.foreign_dates import extract_foreign_dates
from kikultur.checks.facts.names import extract_names
from kikultur.checks.facts.numbers import extract_numbers
from kikultur.checks.facts.quotes import extract_quotes


def extract_claims(text: str, known_names: frozenset[str] | None = None) -> list[Claim]:
    """Claims sorted by offset. The order matters: the most specific pattern takes a span first
    (a phone number is not a count, "14.3." is not a decimal, "19 Uhr" is not a number).
    `known_names`: name keys of the sources; None when the sources themselves are read."""
    mask = Mask(len(text))
    claims: list[Claim] = []
    claims += extract_contacts(text, mask)
    claims += extract_quotes(text, mask)
    claims += extract_dates(text, mask)
    # A translation names the month in its own language ("12 Haziran 2027").
    claims += extract_foreign_dates(text, mask)
    claims += extract_times(text, mask)
    claims += extract_years(text, mask)
    claims += extract_numbers(text, mask)
    claims += extract_names(text, mask, known_names)
    claims.sort(key=lambda c: (c.start, c.end))
    return claims
