"""The privacy check: runs every recognizer, resolves overlaps, returns German findings.

Decisions (each shown by a test in tests/checks/privacy/):
- One span per stretch of text; on overlap the more specific kind wins (EMAIL > IBAN >
  ID_NUMBER > DATE_OF_BIRTH > PHONE > ADDRESS > PERSON > SPECIAL_CATEGORY), then the longer span.
- Titles and roles ("Frau", "Dr.", "Ansprechpartnerin") stay outside a PERSON span.
- A street without a house number is a public place, not an address; postcode + town alone is
  an address. The organisation's own address (Steckbrief key `address`) is not flagged.
- A date is a DATE_OF_BIRTH only by its context ("geb.", "geboren am", "*", a column headed
  "Geburtsdatum"); IBANs and ID numbers only with a valid checksum (tax number: with its label).
- SPECIAL_CATEGORY needs a person in the sentence or the one before (name or pronoun).
- Texts longer than CHUNK characters are checked in overlapping slices: bounded memory and time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kikultur.checks.findings import CheckContext, Finding
from kikultur.checks.privacy.address import find_addresses
from kikultur.checks.privacy.banking import find_ibans
from kikultur.checks.privacy.birthdate import find_birthdates
from kikultur.checks.privacy.contact import find_emails, find_phones
from kikultur.checks.privacy.ids import find_ids
from kikultur.checks.privacy.names import find_names
from kikultur.checks.privacy.spans import Span, resolve_overlaps
from kikultur.checks.privacy.special import category_label, find_special
from kikultur.i18n import _

CHECK = "privacy"
_DIGIT = re.compile(r"\d")
KINDS = (
    "PERSON",
    "EMAIL",
    "PHONE",
    "IBAN",
    "ADDRESS",
    "DATE_OF_BIRTH",
    "ID_NUMBER",
    "SPECIAL_CATEGORY",
)
# Beyond this size a text is checked in slices, so no regex ever sees more than one slice;
# slices overlap so that nothing at a border is lost.
CHUNK = 200_000
OVERLAP = 2_000


def _message(span: Span) -> str:
    if span.kind == "SPECIAL_CATEGORY":
        label = category_label(span.details.get("category", "health"))
        return _("Besondere Kategorie personenbezogener Daten (Art. 9 DSGVO): {category}").format(
            category=label
        )
    if span.kind == "PERSON":
        return _("Name einer Person")
    if span.kind == "EMAIL":
        return _("E-Mail-Adresse")
    if span.kind == "PHONE":
        return _("Telefonnummer")
    if span.kind == "IBAN":
        return _("Bankverbindung (IBAN)")
    if span.kind == "ADDRESS":
        return _("Anschrift")
    if span.kind == "DATE_OF_BIRTH":
        return _("Geburtsdatum")
    return _("Ausweis- oder Steuernummer")


def _cached_message(span: Span, cache: dict[str, str]) -> str:
    key = span.kind + ":" + str(span.details.get("category", ""))
    if key not in cache:
        cache[key] = _message(span)
    return cache[key]


def _suggestion() -> tuple[str, ...]:
    return (_("Vor dem Senden an ein externes Modell durch einen Platzhalter ersetzen."),)


def _own_people(context: CheckContext, known_people: Iterable[str]) -> list[str]:
    people = list(context.people) + list(known_people)
    for key in ("team", "contacts", "people", "ansprechpartner"):
        value = context.factsheet.get(key)
        if isinstance(value, str):
            people.append(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    people.append(item)
                elif isinstance(item, dict) and isinstance(item.get("name"), str):
                    people.append(item["name"])
    return people


def _org_address_spans(text: str, context: CheckContext) -> list[tuple[int, int]]:
    """The organisation's own address is public: it is not flagged."""
    ranges: list[tuple[int, int]] = []
    for key in ("address", "adresse", "anschrift"):
        value = context.factsheet.get(key)
        if isinstance(value, str):
            for part in re.split(r"\s*[,\n]\s*", value):
                if len(part) > 4:
                    ranges.extend((m.start(), m.end()) for m in re.finditer(re.escape(part), text))
    return ranges


def find_spans(
    text: str,
    known_people: Iterable[str] = (),
    extra_terms: Iterable[str] = (),
) -> list[Span]:
    """All recognizers on one slice of text, before overlaps are resolved."""
    people = list(known_people)
    names = find_names(text, people)
    spans: list[Span] = []
    # Cheap pre-checks: most sentences have no "@" and many no digit at all.
    if "@" in text:
        spans += find_emails(text)
    if _DIGIT.search(text):
        spans += find_ibans(text)
        spans += find_ids(text)
        spans += find_birthdates(text)
        spans += find_phones(text)
        spans += find_addresses(text)
    spans += names
    spans += find_special(text, names)
    for term in extra_terms:
        term = term.strip()
        if term:
            for match in re.finditer(re.escape(term), text):
                spans.append(Span("PERSON", match.start(), match.end(), 2.0, {"rule": "user"}))
    return spans


def detect(
    text: str,
    context: CheckContext | None = None,
    *,
    known_people: Iterable[str] = (),
    extra_terms: Iterable[str] = (),
    ignored_terms: Iterable[str] = (),
) -> list[Finding]:
    """Finds personal data; `extra_terms` are added by the user, `ignored_terms` un-marked."""
    context = context or CheckContext()
    people = _own_people(context, known_people)
    extras = list(extra_terms)
    spans: list[Span] = []
    if len(text) <= CHUNK:
        spans = find_spans(text, people, extras)
    else:
        for offset in range(0, len(text), CHUNK):
            piece = text[offset : offset + CHUNK + OVERLAP]
            for span in find_spans(piece, people, extras):
                spans.append(
                    Span(
                        span.kind, span.start + offset, span.end + offset, span.score, span.details
                    )
                )
    ignored = {t.strip().casefold() for t in ignored_terms if t.strip()}
    org_ranges = _org_address_spans(text, context)
    findings: list[Finding] = []
    messages: dict[str, str] = {}  # one translation per kind and call, not per finding
    suggestions: tuple[str, ...] = ()
    for span in resolve_overlaps(spans):
        suggestions = suggestions or _suggestion()
        value = text[span.start : span.end]
        if value.casefold() in ignored:
            continue
        if span.kind == "ADDRESS" and any(a <= span.start < b for a, b in org_ranges):
            continue
        findings.append(
            Finding(
                check=CHECK,
                kind=span.kind,
                start=span.start,
                end=span.end,
                text=value,
                message=_cached_message(span, messages),
                suggestions=suggestions,
                status="open",
                severity="error" if span.kind == "SPECIAL_CATEGORY" else "warning",
                details=dict(span.details),
            )
        )
    return findings


def check_privacy(text: str, context: CheckContext) -> list[Finding]:
    """The privacy check in the shape every check has: text and context in, findings out."""
    return detect(text, context)
