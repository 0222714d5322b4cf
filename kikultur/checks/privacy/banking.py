"""IBANs, validated by checksum with `schwifty`."""

from __future__ import annotations

import re

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from kikultur.checks.privacy.spans import Span

# Country code, check digits, then 11-30 alphanumerics in groups of up to four (spaces allowed).
IBAN_CANDIDATE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")


def find_ibans(text: str) -> list[Span]:
    spans: list[Span] = []
    for match in IBAN_CANDIDATE.finditer(text):
        raw = match.group()
        # Trim trailing groups until the checksum holds: "DE89 ... 00 Verwendungszweck" must not
        # swallow the next capitalised word; the regex only allows A-Z0-9, so try shortening.
        for end in range(len(raw), 14, -1):
            piece = raw[:end].rstrip()
            try:
                iban = IBAN(piece)
            except (SchwiftyException, ValueError):
                continue
            spans.append(
                Span(
                    "IBAN",
                    match.start(),
                    match.start() + len(piece),
                    details={"country": iban.country_code},
                )
            )
            break
    return spans
