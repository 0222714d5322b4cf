"""Reading a finance plan from YAML or a dict (and writing it back), with German error messages.

The YAML form (amounts as strings; German or plain notation, see `money.py`):

    funder: fonds-soziokultur          # id of a funder profile (optional)
    title: Stadtteilchor 2026          # optional
    year: 2026                         # for the KSK rate; optional (default: project start)
    project_start: 2026-05-01          # optional; ISO or 01.05.2026
    costs:
      - {category: honorare, label: Chorleitung, amount: "2.400,00", units: 60, unit: stunde}
      - {category: honorare, label: Technik, amount: "300", artist: false}
    income:
      - {category: beantragte_foerderung, label: Fonds Soziokultur, amount: "2400"}

`amount` is the planned amount (`planned` is accepted as its synonym), `actual` the amount spent
or received after the project. Fee lines count as artists' fees for the KSK levy unless
`artist: false`. Unquoted numbers are read as written: `amount: 1.000` is one thousand euros,
as a German reader means it (see `_PlanLoader`). Every problem in the file is collected, so
one run names all of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import yaml

from kikultur.finance.categories import CostCategory, FeeUnit, IncomeCategory
from kikultur.finance.dates import DateError, parse_date
from kikultur.finance.money import AmountError, parse_amount
from kikultur.finance.plan import CostLine, FinancePlan, IncomeLine
from kikultur.i18n import _

PLAN_KEYS = {"funder", "title", "year", "project_start", "project_end", "costs", "income"}
COST_KEYS = {"category", "label", "amount", "planned", "actual", "artist", "units", "unit", "note"}
INCOME_KEYS = {"category", "label", "amount", "planned", "actual", "note"}
MAX_LINES = 2000


class _PlanLoader(yaml.SafeLoader):
    """Safe YAML, but an unquoted 1.000 stays the text "1.000" (German: one thousand).

    A plain YAML loader would make it the float 1.0 and lose the user's meaning; as text it
    goes through the amount rules of `money.py` like a quoted amount.
    """


def _float_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


_PlanLoader.add_constructor("tag:yaml.org,2002:float", _float_as_text)


class PlanError(ValueError):
    """The plan cannot be read; `problems` lists every German message (one per problem)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def plan_from_yaml(text: str) -> FinancePlan:
    if not text.strip():
        raise PlanError([_("Die Plandatei ist leer.")])
    try:
        data = yaml.load(text, Loader=_PlanLoader)  # a SafeLoader subclass: safe
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (
            _(" (Zeile {line}, Spalte {column})").format(line=mark.line + 1, column=mark.column + 1)
            if mark is not None
            else ""
        )
        raise PlanError(
            [_("Die Plandatei ist kein gültiges YAML{where}.").format(where=where)]
        ) from exc
    return plan_from_mapping(data)


def plan_from_mapping(data: object) -> FinancePlan:
    if not isinstance(data, Mapping):
        raise PlanError(
            [_("Die Plandatei muss eine Zuordnung mit „costs“ und „income“ enthalten.")]
        )
    problems: list[str] = []
    unknown = sorted(str(key) for key in data if key not in PLAN_KEYS)
    if unknown:
        problems.append(
            _("Unbekannte Angaben im Plan: {keys}. Erlaubt sind: {allowed}.").format(
                keys=", ".join(unknown), allowed=", ".join(sorted(PLAN_KEYS))
            )
        )
    costs = _lines(data.get("costs"), "costs", problems)
    income = _lines(data.get("income"), "income", problems)
    cost_lines = [
        line
        for i, raw in enumerate(costs)
        if (line := _cost_line(raw, i + 1, problems)) is not None
    ]
    income_lines = [
        entry
        for i, raw in enumerate(income)
        if (entry := _income_line(raw, i + 1, problems)) is not None
    ]
    funder = data.get("funder")
    if funder is not None and not isinstance(funder, str):
        problems.append(_("„funder“ muss die Kennung eines Förderprofils sein (Text)."))
    year = data.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        problems.append(_("„year“ muss eine Jahreszahl sein, z. B. 2026."))
        year = None
    start = _date(data.get("project_start"), "project_start", problems)
    end = _date(data.get("project_end"), "project_end", problems)
    if problems:
        raise PlanError(problems)
    return FinancePlan(
        costs=tuple(cost_lines),
        income=tuple(income_lines),
        funder=funder,
        title=str(data.get("title") or ""),
        year=year if year is not None else (start.year if start else None),
        project_start=start,
        project_end=end,
    )


def _lines(raw: object, key: str, problems: list[str]) -> list[object]:
    name = _("Kosten") if key == "costs" else _("Einnahmen")
    if raw is None:
        problems.append(
            _("„{key}“ fehlt: Der Plan braucht eine Liste der {name}.").format(key=key, name=name)
        )
        return []
    if not isinstance(raw, list):
        problems.append(_("„{key}“ muss eine Liste sein.").format(key=key))
        return []
    if len(raw) > MAX_LINES:
        problems.append(_("„{key}“ hat mehr als {max} Zeilen.").format(key=key, max=MAX_LINES))
        return []
    return raw


def _where(section: str, number: int) -> str:
    name = _("Kostenzeile") if section == "costs" else _("Einnahmezeile")
    return f"{name} {number}"


def _common(
    raw: object, section: str, number: int, allowed: set[str], problems: list[str]
) -> dict[str, Any] | None:
    where = _where(section, number)
    if not isinstance(raw, Mapping):
        problems.append(
            _("{where}: erwartet werden „category“, „label“ und „amount“.").format(where=where)
        )
        return None
    unknown = sorted(str(key) for key in raw if key not in allowed)
    if unknown:
        problems.append(
            _("{where}: unbekannte Angabe {keys}. Erlaubt sind: {allowed}.").format(
                where=where, keys=", ".join(unknown), allowed=", ".join(sorted(allowed))
            )
        )
    for key in ("category", "label"):
        if raw.get(key) in (None, ""):
            problems.append(_("{where}: „{key}“ fehlt.").format(where=where, key=key))
    if "amount" in raw and "planned" in raw:
        problems.append(
            _("{where}: bitte nur „amount“ oder „planned“ angeben, nicht beides.").format(
                where=where
            )
        )
    result: dict[str, Any] = {"label": str(raw.get("label") or "").strip()}
    planned_raw = raw.get("amount", raw.get("planned"))
    if planned_raw is None:
        problems.append(_("{where}: „amount“ (Betrag) fehlt.").format(where=where))
    else:
        result["planned"] = _amount(planned_raw, where, problems)
    actual_raw = raw.get("actual")
    result["actual"] = (
        None if actual_raw in (None, "") else _amount(actual_raw, where + " (Ist)", problems)
    )
    result["note"] = str(raw.get("note") or "")
    return result


def _amount(raw: object, where: str, problems: list[str]) -> Decimal | None:
    try:
        return parse_amount(raw)
    except AmountError as exc:
        problems.append(f"{where}: {exc}")
        return None


def _category(raw: object, enum_type: type[Any], where: str, problems: list[str]) -> Any:
    try:
        return enum_type(str(raw).strip().lower())
    except ValueError:
        allowed = ", ".join(member.value for member in enum_type)
        problems.append(
            _("{where}: unbekannte Kategorie „{value}“. Erlaubt sind: {allowed}.").format(
                where=where, value=raw, allowed=allowed
            )
        )
        return None


def _cost_line(raw: object, number: int, problems: list[str]) -> CostLine | None:
    before = len(problems)
    common = _common(raw, "costs", number, COST_KEYS, problems)
    if common is None or not isinstance(raw, Mapping):
        return None
    where = _where("costs", number)
    category = (
        _category(raw["category"], CostCategory, where, problems) if raw.get("category") else None
    )
    artist = raw.get("artist", category is CostCategory.honorare)
    if not isinstance(artist, bool):
        problems.append(_("{where}: „artist“ muss true oder false sein.").format(where=where))
    units = None
    if raw.get("units") is not None:
        units = _units(raw["units"], where, problems)
    unit = None
    if raw.get("unit") is not None:
        unit = _category(raw["unit"], FeeUnit, where, problems)
    if (units is None) != (unit is None) and len(problems) == before:
        problems.append(
            _("{where}: „units“ und „unit“ (stunde oder tag) gehören zusammen.").format(where=where)
        )
    if len(problems) > before or category is None:
        return None
    return CostLine(
        category=category,
        artist=bool(artist) and category is CostCategory.honorare,
        units=units,
        unit=unit,
        **common,
    )


def _units(raw: object, where: str, problems: list[str]) -> Decimal | None:
    text = str(raw).strip().replace(",", ".")
    if isinstance(raw, bool) or not re.fullmatch(r"\d{1,6}(\.\d{1,2})?", text) or not float(text):
        problems.append(
            _("{where}: „units“ muss eine positive Zahl sein, z. B. 12 oder 2,5.").format(
                where=where
            )
        )
        return None
    return Decimal(text)


def _income_line(raw: object, number: int, problems: list[str]) -> IncomeLine | None:
    before = len(problems)
    common = _common(raw, "income", number, INCOME_KEYS, problems)
    if common is None or not isinstance(raw, Mapping):
        return None
    where = _where("income", number)
    category = (
        _category(raw["category"], IncomeCategory, where, problems) if raw.get("category") else None
    )
    if len(problems) > before or category is None:
        return None
    return IncomeLine(category=category, **common)


def _date(raw: object, key: str, problems: list[str]) -> date | None:
    if raw is None or raw == "":
        return None
    try:
        return parse_date(raw)
    except DateError:
        problems.append(
            _("„{key}“ ist kein Datum. Bitte so schreiben: 2026-05-01 oder 01.05.2026.").format(
                key=key
            )
        )
        return None


def plan_to_mapping(plan: FinancePlan) -> dict[str, Any]:
    """The YAML form of a plan (amounts as plain strings), readable by `plan_from_mapping`."""

    def amount(value: Decimal | None) -> str | None:
        return None if value is None else f"{value:f}"

    data: dict[str, Any] = {}
    if plan.funder:
        data["funder"] = plan.funder
    if plan.title:
        data["title"] = plan.title
    if plan.year is not None:
        data["year"] = plan.year
    if plan.project_start:
        data["project_start"] = plan.project_start.isoformat()
    if plan.project_end:
        data["project_end"] = plan.project_end.isoformat()
    data["costs"] = []
    for line in plan.costs:
        entry: dict[str, Any] = {
            "category": line.category.value,
            "label": line.label,
            "amount": amount(line.planned),
        }
        if line.actual is not None:
            entry["actual"] = amount(line.actual)
        if line.category is CostCategory.honorare and not line.artist:
            entry["artist"] = False
        if line.units is not None and line.unit is not None:
            entry["units"] = f"{line.units.normalize():f}"
            entry["unit"] = line.unit.value
        if line.note:
            entry["note"] = line.note
        data["costs"].append(entry)
    data["income"] = []
    for income in plan.income:
        item: dict[str, Any] = {
            "category": income.category.value,
            "label": income.label,
            "amount": amount(income.planned),
        }
        if income.actual is not None:
            item["actual"] = amount(income.actual)
        if income.note:
            item["note"] = income.note
        data["income"].append(item)
    return data
