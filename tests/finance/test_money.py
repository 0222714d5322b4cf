from decimal import Decimal

import pytest
from hypothesis import given

from kikultur.finance.money import AmountError, format_eur, format_number, parse_amount
from tests.finance.strategies import cents, euros, finance_settings


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234,56", "1234.56"),  # German
        ("1234.56", "1234.56"),  # plain
        ("1234,56", "1234.56"),  # decimal comma without grouping
        ("1 234,56 €", "1234.56"),  # blank grouping and euro sign
        ("1\u00a0234,56\u00a0€", "1234.56"),  # non-breaking spaces as a word processor writes
        ("€ 1.234,56", "1234.56"),
        ("1.234,56 EUR", "1234.56"),
        ("1.234,56 Euro", "1234.56"),
        ("1,234.56", "1234.56"),  # English grouping: the last separator is the decimal one
        ("1.234", "1234.00"),  # rule 5: a single point before three digits is a thousands point
        ("12.5", "12.50"),
        ("1234,5", "1234.50"),
        ("1.234.567", "1234567.00"),
        ("1.234.567,89", "1234567.89"),
        ("1'234.56", "1234.56"),
        ("12,-", "12.00"),
        ("1.200,--", "1200.00"),
        ("0", "0.00"),
        ("0,01", "0.01"),
        ("  250  ", "250.00"),
        (250, "250.00"),
        (1234.56, "1234.56"),  # an unquoted YAML float goes through repr()
        (Decimal("12.3"), "12.30"),
    ],
)
def test_parse_amount_reads_german_and_plain_notation(raw: object, expected: str) -> None:
    result = parse_amount(raw)
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "kein Betrag angegeben"),
        ("   €  ", "kein Betrag angegeben"),
        ("-5,00", "negativ"),
        ("−5,00", "negativ"),
        (-3, "negativ"),
        ("zwölf Euro", "kein gültiger Betrag"),
        ("12a", "kein gültiger Betrag"),
        ("1e3", "kein gültiger Betrag"),
        ("NaN", "kein gültiger Betrag"),
        ("12,345", "mehr als zwei Nachkommastellen"),  # ambiguous: refused, not guessed
        ("1.23456", "mehr als zwei Nachkommastellen"),
        ("1,2,3.4,5", "mehrere Dezimaltrennzeichen"),
        ("12 34,56", "kein gültiger Betrag"),  # blanks must group by three
        ("1.23.456", "kein gültiger Betrag"),
        ("1.000.000.000", "unplausibel hoch"),
        (True, "kein Betrag"),
        (None, "kein Betrag"),
        ([1], "kein Betrag"),
        (float("nan"), "kein Betrag"),
        (Decimal("1.005"), "mehr als zwei Nachkommastellen"),
    ],
)
def test_parse_amount_refuses_garbage_with_a_german_message(raw: object, fragment: str) -> None:
    with pytest.raises(AmountError) as info:
        parse_amount(raw)
    assert fragment in str(info.value)


def test_format_eur_uses_german_separators() -> None:
    assert format_eur(Decimal("1234.56")) == "1.234,56 €"
    assert format_eur(Decimal("-1234567.5")) == "-1.234.567,50 €"
    assert format_eur(Decimal("0")) == "0,00 €"
    assert format_number(Decimal("80"), 1) == "80,0"


@finance_settings
@given(cents)
def test_german_format_reads_back_to_the_same_amount(value: int) -> None:
    amount = euros(value)
    assert parse_amount(format_number(amount)) == amount
    assert parse_amount(format_eur(amount)) == amount


@finance_settings
@given(cents)
def test_plain_decimal_string_reads_back_to_the_same_amount(value: int) -> None:
    amount = euros(value)
    assert parse_amount(f"{amount:f}") == amount
