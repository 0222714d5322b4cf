"""Euro amounts: parse what people type (German or plain), format in German, never use floats.

Parsing rules (each one has a test in tests/finance/test_money.py):

1. Surrounding blanks and a currency mark ("€", "EUR", "Euro") are ignored: "1 234,56 €".
2. Blanks (also non-breaking and thin spaces) and apostrophes inside the number are thousands
   separators and must split the digits into groups of three: "1 234,56", "1'234.56".
3. With both "." and "," the one that comes last is the decimal separator and the other one the
   thousands separator: "1.234,56" and "1,234.56" are both 1234.56.
4. A single "," is the decimal comma: "1234,56" is 1234.56. "1234,5" is 1234.50.
5. A single "." followed by exactly three digits is a German thousands point: "1.234" is 1234
   (euro amounts never have three decimal places, and German writers mean a thousand here).
   With one or two digits it is a decimal point: "1234.56", "12.5".
6. Several equal separators are thousands separators: "1.234.567" is 1234567; "1,234,567" too.
7. "12,-" and "12,--" mean whole euros (German price notation).
8. At most two decimal places; "12,345" (comma followed by three digits) is refused as ambiguous
   with a message that says how to write it.
9. Negative amounts, exponents, NaN/Infinity and anything else are refused with a German
   message; amounts of one billion euros or more are refused as implausible.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kikultur.i18n import _

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1000000000")  # one billion euros: no neighbourhood project is that big

_BLANKS = "\u0020\u00a0\u202f\u2009\u2007'’"
_CURRENCY = re.compile(r"^(?:€|eur|euro)\s*|\s*(?:€|eur|euro)$", re.IGNORECASE)
_MINUS = ("-", "−", "–")
_WHOLE_EUROS = re.compile(r"^(\d[\d.]*),-{1,2}$")
_GROUPED = re.compile(r"^\d{1,3}(?:X\d{3})+$")


class AmountError(ValueError):
    """An amount could not be read; the message is German and says how to write it."""


def parse_amount(raw: object) -> Decimal:
    """Reads an amount in euros and returns it with exactly two decimal places."""
    if isinstance(raw, bool):
        raise AmountError(_("„{value}“ ist kein Betrag.").format(value=raw))
    if isinstance(raw, Decimal):
        return _finish(raw, str(raw))
    if isinstance(raw, int):
        return _finish(Decimal(raw), str(raw))
    if isinstance(raw, float):
        # YAML turns an unquoted 1234.56 into a float; repr() gives back the shortest literal
        # that round-trips, which is what was typed. It then goes through the string rules.
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise AmountError(_("„{value}“ ist kein Betrag.").format(value=raw))
        return parse_amount(repr(raw))
    if not isinstance(raw, str):
        raise AmountError(_("„{value}“ ist kein Betrag.").format(value=raw))
    text = raw.strip(_BLANKS + "\t\n\r")
    text = _CURRENCY.sub("", text).strip(_BLANKS)
    if not text:
        raise AmountError(_("Es wurde kein Betrag angegeben."))
    if text.startswith(_MINUS):
        raise AmountError(
            _("„{value}“ ist negativ. Beträge werden ohne Minus eingetragen.").format(value=raw)
        )
    if text.startswith("+"):
        text = text[1:]
    whole = _WHOLE_EUROS.match(text)
    if whole:
        text = whole.group(1)
    number = _normalise(text, raw)
    return _finish(number, raw)


def _normalise(text: str, raw: str) -> Decimal:
    garbage = AmountError(
        _("„{value}“ ist kein gültiger Betrag. Bitte so schreiben: 1.234,56 oder 1234,56.").format(
            value=raw
        )
    )
    if not re.fullmatch(r"[\d.,\u0020\u00a0\u202f\u2009\u2007'’]+", text):
        raise garbage
    text = re.sub(r"[\u0020\u00a0\u202f\u2009\u2007'’]", "X", text)
    integer, decimals = _split_decimal(text, raw)
    if "X" in integer and not _GROUPED.match(integer):
        raise garbage
    digits = integer.replace("X", "")
    if not digits or not digits.isdigit() or (decimals and not decimals.isdigit()):
        raise garbage
    if len(decimals) > 2:
        raise AmountError(
            _(
                "„{value}“ hat mehr als zwei Nachkommastellen. Bitte Cent-genau schreiben, "
                "z. B. 12.345,00 für zwölftausend Euro oder 12,35 für zwölf Euro."
            ).format(value=raw)
        )
    try:
        return Decimal(f"{digits}.{decimals or '0'}")
    except InvalidOperation as exc:  # pragma: no cover - the pattern above already guards
        raise garbage from exc


def _split_decimal(text: str, raw: str) -> tuple[str, str]:
    """Returns (integer part with X as thousands mark, decimal digits) by rules 3 to 6."""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        thousands = "," if decimal_mark == "." else "."
        if text.count(decimal_mark) > 1:
            raise AmountError(_("„{value}“ enthält mehrere Dezimaltrennzeichen.").format(value=raw))
        integer, decimals = text.split(decimal_mark)
        return integer.replace(thousands, "X"), decimals
    mark = "." if dots else "," if commas else ""
    if not mark:
        return text, ""
    if text.count(mark) > 1:
        return text.replace(mark, "X"), ""
    integer, decimals = text.split(mark)
    if mark == "." and len(decimals) == 3:
        return f"{integer}X{decimals}", ""
    return integer, decimals


def _finish(number: Decimal, raw: object) -> Decimal:
    if not number.is_finite():
        raise AmountError(_("„{value}“ ist kein Betrag.").format(value=raw))
    if number < 0:
        raise AmountError(
            _("„{value}“ ist negativ. Beträge werden ohne Minus eingetragen.").format(value=raw)
        )
    if number >= MAX_AMOUNT:
        raise AmountError(
            _("„{value}“ ist unplausibel hoch (eine Milliarde Euro oder mehr).").format(value=raw)
        )
    if number != number.quantize(CENT, rounding=ROUND_HALF_UP):
        raise AmountError(
            _("„{value}“ hat mehr als zwei Nachkommastellen. Bitte Cent-genau schreiben.").format(
                value=raw
            )
        )
    return number.quantize(CENT)


def format_number(value: Decimal, places: int = 2) -> str:
    """German number format with thousands points: Decimal('-1234.5') -> '-1.234,50'."""
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    integer, _dot, decimals = f"{abs(rounded):f}".partition(".")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    body = ".".join(groups)
    return f"{sign}{body},{decimals}" if places > 0 else f"{sign}{body}"


def format_eur(value: Decimal) -> str:
    """German euro amount: Decimal('1234.56') -> '1.234,56 €'."""
    return f"{format_number(value)} €"


def format_percent(value: Decimal, places: int = 2) -> str:
    """German percentage from a percent value: Decimal('80') -> '80,00 %'."""
    return f"{format_number(value, places)} %"
