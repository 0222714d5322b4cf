"""Figures the finance rules read as data: KSK levy rates per year and artists' fee floors."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kikultur.finance.categories import FeeUnit
from kikultur.finance.money import CENT, AmountError, parse_amount
from kikultur.finance.plan import exact
from kikultur.i18n import _


class ParameterError(ValueError):
    """A parameter file is broken; the message is German."""


@dataclass(frozen=True, slots=True)
class KskRate:
    """The levy rate that applies to a plan, and the year it was taken from."""

    percent: Decimal
    year: int
    requested_year: int

    @property
    def is_exact_year(self) -> bool:
        return self.year == self.requested_year


@dataclass(frozen=True, slots=True)
class KskRates:
    rates: dict[int, Decimal]
    source: str

    def for_year(self, year: int) -> KskRate:
        """The rate of `year`; for a year not yet in the table, the nearest earlier (or later)."""
        if year in self.rates:
            return KskRate(self.rates[year], year, year)
        earlier = [y for y in self.rates if y < year]
        chosen = max(earlier) if earlier else min(self.rates)
        return KskRate(self.rates[chosen], chosen, year)


@dataclass(frozen=True, slots=True)
class FeeFloor:
    """A minimum fee per hour or day for artists, with where the figure comes from."""

    id: str
    unit: FeeUnit
    amount: Decimal
    label: str
    source: str
    example: bool


def ksk_amount(artist_fees: Decimal, percent: Decimal) -> Decimal:
    """The levy on `artist_fees`: computed exactly, then rounded half-up to the cent."""
    with exact():
        levy = artist_fees * percent / Decimal(100) if percent else Decimal(0)
    return levy.quantize(CENT, rounding=ROUND_HALF_UP)


def _read_yaml(name: str, path: Path | None) -> Any:
    try:
        if path is None:
            text = (
                resources.files("kikultur")
                .joinpath("data")
                .joinpath("finance")
                .joinpath(name)
                .read_text("utf-8")
            )
        else:
            text = path.read_text(encoding="utf-8")
        return yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ParameterError(
            _("Die Datei {name} kann nicht gelesen werden: {error}").format(
                name=path or name, error=exc
            )
        ) from exc


def load_ksk_rates(path: Path | None = None) -> KskRates:
    data = _read_yaml("ksk.yaml", path)
    if not isinstance(data, dict) or not isinstance(data.get("rates"), dict) or not data["rates"]:
        raise ParameterError(_("Die KSK-Datei braucht eine Tabelle „rates“ (Jahr: Prozent)."))
    rates: dict[int, Decimal] = {}
    for year, raw in data["rates"].items():
        try:
            rates[int(year)] = parse_amount(str(raw))
        except (AmountError, ValueError) as exc:
            raise ParameterError(
                _("KSK-Satz für {year} ist ungültig: {error}").format(year=year, error=exc)
            ) from exc
    return KskRates(rates=rates, source=str(data.get("source", "")))


def load_fee_floors(path: Path | None = None) -> tuple[FeeFloor, ...]:
    data = _read_yaml("fee_floors.yaml", path)
    if not isinstance(data, dict) or not isinstance(data.get("floors"), list):
        raise ParameterError(_("Die Datei der Honoraruntergrenzen braucht eine Liste „floors“."))
    floors = []
    for entry in data["floors"]:
        try:
            floors.append(
                FeeFloor(
                    id=str(entry["id"]),
                    unit=FeeUnit(entry["unit"]),
                    amount=parse_amount(str(entry["amount"])),
                    label=str(entry.get("label", "")),
                    source=str(entry.get("source", "")),
                    example=bool(entry.get("example", False)),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ParameterError(
                _("Eine Honoraruntergrenze ist unvollständig oder ungültig: {error}").format(
                    error=exc
                )
            ) from exc
    return tuple(floors)


@cache
def default_ksk_rates() -> KskRates:
    return load_ksk_rates()


@cache
def default_fee_floors() -> tuple[FeeFloor, ...]:
    return load_fee_floors()
