"""E-mail addresses and phone numbers (phone numbers validated by `phonenumbers`)."""

from __future__ import annotations

import re

import phonenumbers

from kikultur.checks.privacy.spans import Span

EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+@(?:[A-Za-z0-9äöüÄÖÜß-]+\.)+[A-Za-z]{2,24}(?![\w-])", re.UNICODE
)

# Candidates only; `phonenumbers` decides. A leading + or 0 is required: German numbers are
# written with the trunk 0 or an international prefix, which keeps amounts and years out.
PHONE_CANDIDATE = re.compile(
    r"(?<![\w+/.,-])(?:\+|00)?(?:\(0\)\s?)?[0(+][\d ()/.\-–]{5,22}\d(?![\w])"
)
_DATE_LIKE = re.compile(r"^\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})$")


def find_emails(text: str) -> list[Span]:
    return [Span("EMAIL", m.start(), m.end()) for m in EMAIL.finditer(text)]


def find_phones(text: str, region: str = "DE") -> list[Span]:
    spans: list[Span] = []
    for match in PHONE_CANDIDATE.finditer(text):
        candidate = match.group().rstrip(" -–/.")
        digits = sum(ch.isdigit() for ch in candidate)
        if digits < 6 or digits > 15 or _DATE_LIKE.match(candidate.strip()):
            continue
        try:
            number = phonenumbers.parse(candidate.replace("–", "-"), region)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(number):
            continue
        start = match.start()
        formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        spans.append(Span("PHONE", start, start + len(candidate), details={"e164": formatted}))
    return spans
