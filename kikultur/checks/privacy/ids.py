"""German ID numbers: tax ID, tax number, pension insurance number, ID card and passport."""

from __future__ import annotations

import re

from stdnum.de import idnr, stnr

from kikultur.checks.privacy.spans import Span

# Each pattern starts with its first character class and checks what stands before it only
# then ("[1-9](?<![...][1-9])" = "(?<![...])[1-9]"): a pattern that opens with a character class
# lets the regex engine skip ahead to candidates instead of trying every position.
TAX_ID = re.compile(r"[1-9](?<![\d/.,-][1-9])\d ?\d{3} ?\d{3} ?\d{3}(?![\d/-]|\.\d)")
TAX_NUMBER = re.compile(
    r"\d(?:(?<![\d/]\d)\d{1,4}/\d{3,5}/?\d{0,5}(?![\d/])|(?<!\d\d)\d{12}(?!\d))"
)
TAX_NUMBER_CUE = re.compile(r"(?i)(steuer\s?-?\s?nummer|steuernr|st\.?\s?-?\s?nr)\.?\s*:?\s*$")
SOCIAL_SECURITY = re.compile(r"(\d(?<!\w\d)\d) ?(\d{6}) ?([A-Z]) ?(\d{2}) ?(\d)(?![\w])")
# New German ID cards and passports use these letters only (no vowels, no B, D, Q, S).
ID_CARD = re.compile(
    r"([CFGHJKLMNPRTVWXYZ](?<!\w[CFGHJKLMNPRTVWXYZ])[CFGHJKLMNPRTVWXYZ0-9]{8})(\d)?(?![\w])"
)
ID_CARD_CUE = re.compile(
    r"(?i)(ausweis|personalausweis|reisepass|passnummer|pass-nr|ausweisnummer|ausweis-nr)"
    r"[^\n]{0,25}$"
)

_SV_WEIGHTS = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
_ICAO_WEIGHTS = (7, 3, 1)


def social_security_valid(area: str, birth: str, letter: str, serial: str, check: str) -> bool:
    """Checksum of the German pension insurance number (Rentenversicherungsnummer)."""
    day, month = int(birth[:2]), int(birth[2:4])
    if not (1 <= day <= 31 + 50 and 1 <= month <= 12):  # day + 50 marks a reissued number
        return False
    digits = area + birth + f"{ord(letter) - ord('A') + 1:02d}" + serial
    total = 0
    for digit, weight in zip(digits, _SV_WEIGHTS, strict=True):
        product = int(digit) * weight
        total += product // 10 + product % 10
    return total % 10 == int(check)


def icao_check_digit(value: str) -> int:
    """ICAO 9303 check digit (weights 7, 3, 1; A=10 ... Z=35)."""
    total = 0
    for index, char in enumerate(value):
        number = int(char) if char.isdigit() else ord(char) - ord("A") + 10
        total += number * _ICAO_WEIGHTS[index % 3]
    return total % 10


_DIGIT = re.compile(r"\d")


def find_ids(text: str) -> list[Span]:
    spans: list[Span] = []
    if not _DIGIT.search(text):
        return spans  # every ID number has digits
    for match in TAX_ID.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if idnr.is_valid(digits):
            spans.append(
                Span("ID_NUMBER", match.start(), match.end(), details={"id_type": "tax_id"})
            )
    for match in TAX_NUMBER.finditer(text):
        before = text[max(0, match.start() - 30) : match.start()]
        if TAX_NUMBER_CUE.search(before) and stnr.is_valid(match.group()):
            spans.append(
                Span("ID_NUMBER", match.start(), match.end(), details={"id_type": "tax_number"})
            )
    for match in SOCIAL_SECURITY.finditer(text):
        if social_security_valid(*match.groups()):
            spans.append(
                Span(
                    "ID_NUMBER",
                    match.start(),
                    match.end(),
                    details={"id_type": "social_security"},
                )
            )
    for match in ID_CARD.finditer(text):
        serial, check = match.group(1), match.group(2)
        if not any(c.isdigit() for c in serial) or not any(c.isalpha() for c in serial):
            continue
        before = text[max(0, match.start() - 40) : match.start()]
        has_cue = bool(ID_CARD_CUE.search(before))
        if check is not None and icao_check_digit(serial) == int(check):
            spans.append(
                Span("ID_NUMBER", match.start(), match.end(), details={"id_type": "id_card"})
            )
        elif has_cue and check is None:
            # Without the check digit only the context tells it is an ID card number.
            spans.append(
                Span(
                    "ID_NUMBER",
                    match.start(),
                    match.end(),
                    score=0.8,
                    details={"id_type": "id_card"},
                )
            )
    return spans
