"""Finance plans and funder profile copies of an organisation: store, read, form parsing."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from kikultur.finance.categories import CostCategory, FeeUnit, IncomeCategory
from kikultur.finance.dates import DateError, parse_date
from kikultur.finance.funders import (
    SLUG,
    FunderProfile,
    FunderProfileError,
    UpcomingDeadline,
    builtin_profiles,
    copy_profile,
    profile_from_mapping,
    profile_from_yaml,
    upcoming_deadlines,
)
from kikultur.finance.money import AmountError, format_number, parse_amount
from kikultur.finance.plan import CostLine, FinancePlan, IncomeLine
from kikultur.i18n import _
from kikultur.store.models import FinancePlanLine, FinancePlanRecord, FunderProfileCopy, User
from kikultur.store.models.base import utcnow
from kikultur.store.repository import OrgRepository

LINE_FIELD = re.compile(r"^(cost|income)-(\d{1,3})-([a-z]+)$")
MAX_LINES = 200  # per kind: a neighbourhood project never has more; keeps a form bounded
MAX_LABEL = 200


class FinanceError(ValueError):
    """A German message for one form field (`field`), or for the whole form (`form`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class StaleForm(FinanceError):
    pass


# --- profiles -----------------------------------------------------------------------------


def own_profiles(repo: OrgRepository) -> dict[str, FunderProfile]:
    """The organisation's copies; a copy that no longer validates is skipped, not fatal."""
    result = {}
    for row in repo.all(FunderProfileCopy, FunderProfileCopy.profile_id):
        try:
            result[row.profile_id] = profile_from_mapping(row.data)
        except FunderProfileError:
            continue
    return result


def profiles_for(repo: OrgRepository) -> dict[str, FunderProfile]:
    """Built-in profiles plus the organisation's own copies (by id)."""
    return {**builtin_profiles(), **own_profiles(repo)}


def profile_copy(repo: OrgRepository, profile_id: str) -> FunderProfileCopy | None:
    stmt = repo.select(FunderProfileCopy).where(FunderProfileCopy.profile_id == profile_id)
    found: FunderProfileCopy | None = repo.session.scalars(stmt).first()
    return found


def copy_builtin(
    repo: OrgRepository, user: User, source_id: str, new_id: str, name: str
) -> FunderProfileCopy:
    """Copies a built-in or own profile under a new id and name (organisation admins only)."""
    profiles = profiles_for(repo)
    source = profiles.get(source_id)
    if source is None:
        raise FinanceError("form", _("Das Förderprofil gibt es nicht."))
    new_id = new_id.strip()
    if not re.fullmatch(SLUG, new_id):
        raise FinanceError(
            "new_id",
            _("Bitte eine Kennung aus Kleinbuchstaben, Ziffern und Bindestrichen angeben."),
        )
    if new_id in profiles:
        raise FinanceError("new_id", _("Diese Kennung ist schon vergeben."))
    if not name.strip():
        raise FinanceError("name", _("Bitte ausfüllen."))
    try:
        profile = copy_profile(source, new_id, {"name": name.strip()[:200]})
    except FunderProfileError as exc:
        raise FinanceError("form", "; ".join(exc.problems)) from exc
    row = FunderProfileCopy(
        profile_id=profile.id,
        based_on=source.id,
        data=profile.model_dump(mode="json"),
        created_by_id=user.id,
    )
    repo.add(row)
    repo.session.commit()
    return row


def update_copy(repo: OrgRepository, row: FunderProfileCopy, text: str, base_version: str) -> None:
    """Saves an edited copy (YAML); the id stays, the schema is validated, nothing else changes."""
    if str(row.version) != base_version.strip():
        raise StaleForm(
            "form",
            _(
                "Das Förderprofil wurde inzwischen geändert. Ihre Eingaben wurden nicht "
                "gespeichert; sie stehen unten, bitte prüfen und erneut speichern."
            ),
        )
    try:
        profile = profile_from_yaml(text)
    except FunderProfileError as exc:
        raise FinanceError("yaml", "; ".join(exc.problems)) from exc
    if profile.id != row.profile_id:
        raise FinanceError(
            "yaml",
            _("Die Kennung „id“ muss „{id}“ bleiben.").format(id=row.profile_id),
        )
    row.data = profile.model_dump(mode="json")
    row.updated_at = utcnow()
    _commit(repo, "Das Förderprofil")


def deadlines(repo: OrgRepository, today: date) -> list[UpcomingDeadline]:
    """Deadlines of all profiles the organisation sees, for the dashboard."""
    return upcoming_deadlines(profiles_for(repo).values(), today)


# --- plans --------------------------------------------------------------------------------


def to_plan(record: FinancePlanRecord) -> FinancePlan:
    """The stored plan as the pure FinancePlan the rules and exports work on."""
    costs = []
    income = []
    for line in sorted(record.lines, key=lambda x: x.position):
        if line.kind == "cost":
            costs.append(
                CostLine(
                    CostCategory(line.category),
                    line.label,
                    line.planned,
                    line.actual,
                    line.artist,
                    line.units,
                    FeeUnit(line.unit) if line.unit else None,
                    line.note,
                )
            )
        else:
            income.append(
                IncomeLine(
                    IncomeCategory(line.category), line.label, line.planned, line.actual, line.note
                )
            )
    return FinancePlan(
        costs=tuple(costs),
        income=tuple(income),
        funder=record.funder_id,
        title=record.title,
        year=record.project_start.year if record.project_start else None,
        project_start=record.project_start,
        project_end=record.project_end,
    )


def create_plan(
    repo: OrgRepository, user: User, title: str, funder_id: str | None
) -> FinancePlanRecord:
    title = title.strip()
    if not title:
        raise FinanceError("title", _("Bitte ausfüllen."))
    if len(title) > MAX_LABEL:
        raise FinanceError("title", _("Zu lang: höchstens {max} Zeichen erlaubt.").format(max=200))
    if funder_id and funder_id not in profiles_for(repo):
        raise FinanceError("funder_id", _("Bitte einen der angebotenen Werte wählen."))
    record = FinancePlanRecord(title=title, funder_id=funder_id or None, created_by_id=user.id)
    repo.add(record)
    repo.session.commit()
    return record


@dataclass
class PlanForm:
    """The editor's form, parsed: rows keep the raw text so nothing typed is lost."""

    title: str = ""
    funder_id: str = ""
    project_start: str = ""
    project_end: str = ""
    version: str = ""
    costs: list[dict[str, str]] = field(default_factory=list)
    income: list[dict[str, str]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    def rows(self, kind: str) -> list[dict[str, str]]:
        return self.costs if kind == "cost" else self.income


def form_from_record(record: FinancePlanRecord) -> PlanForm:
    form = PlanForm(
        title=record.title,
        funder_id=record.funder_id or "",
        project_start=record.project_start.isoformat() if record.project_start else "",
        project_end=record.project_end.isoformat() if record.project_end else "",
        version=str(record.version),
    )
    for line in sorted(record.lines, key=lambda x: x.position):
        form.rows(line.kind).append(
            {
                "category": line.category,
                "label": line.label,
                "planned": _amount_text(line.planned),
                "actual": "" if line.actual is None else _amount_text(line.actual),
                "artist": "1" if line.artist else "",
                "units": "" if line.units is None else _amount_text(line.units),
                "unit": line.unit or "",
            }
        )
    return form


def _amount_text(value: Decimal) -> str:
    return format_number(value)  # "1.234,56": parse_amount reads it back exactly


def parse_form(values: Mapping[str, str], *, keep_blank: bool = False) -> PlanForm:
    """Reads the posted editor form. Rows that are entirely blank are dropped, unless the user
    is still adding rows (`keep_blank`): three clicks on "hinzufügen" give three rows."""
    form = PlanForm(
        title=values.get("title", "").strip(),
        funder_id=values.get("funder_id", "").strip(),
        project_start=values.get("project_start", "").strip(),
        project_end=values.get("project_end", "").strip(),
        version=values.get("version", "").strip(),
    )
    rows: dict[tuple[str, int], dict[str, str]] = {}
    for key, value in values.items():
        match = LINE_FIELD.match(key)
        if match and int(match.group(2)) < MAX_LINES:
            rows.setdefault((match.group(1), int(match.group(2))), {})[match.group(3)] = value
    for (kind, _index), row in sorted(rows.items()):
        if keep_blank or any(row.get(k, "").strip() for k in ("label", "planned", "actual")):
            form.rows(kind).append({k: v.strip() for k, v in row.items()})
    return form


def _category(kind: str, raw: str) -> CostCategory | IncomeCategory | None:
    enum_type: Any = CostCategory if kind == "cost" else IncomeCategory
    try:
        result: CostCategory | IncomeCategory = enum_type(raw)
        return result
    except ValueError:
        return None


def _date(raw: str, name: str, errors: dict[str, str]) -> date | None:
    if not raw:
        return None
    try:
        # The browser's date field sends ISO; without it people type 01.05.2026.
        return parse_date(raw)
    except DateError:
        errors[name] = _("Bitte ein Datum angeben (TT.MM.JJJJ).")
        return None


def plan_from_form(form: PlanForm, profiles: Mapping[str, FunderProfile]) -> FinancePlan:
    """The FinancePlan of the form; German messages per field go into `form.errors`."""
    errors = form.errors
    if not form.title:
        errors["title"] = _("Bitte ausfüllen.")
    elif len(form.title) > MAX_LABEL:
        errors["title"] = _("Zu lang: höchstens {max} Zeichen erlaubt.").format(max=MAX_LABEL)
    if form.funder_id and form.funder_id not in profiles:
        errors["funder_id"] = _("Bitte einen der angebotenen Werte wählen.")
    start = _date(form.project_start, "project_start", errors)
    end = _date(form.project_end, "project_end", errors)
    costs: list[CostLine] = []
    income: list[IncomeLine] = []
    for kind in ("cost", "income"):
        for index, row in enumerate(form.rows(kind)):
            prefix = f"{kind}-{index}-"
            if not any(row.get(k, "") for k in ("label", "planned", "actual")):
                continue  # a blank row just added with the button
            category = _category(kind, row.get("category", ""))
            if category is None:
                errors[prefix + "category"] = _("Bitte einen der angebotenen Werte wählen.")
            label = row.get("label", "")
            if not label:
                errors[prefix + "label"] = _("Bitte ausfüllen.")
            elif len(label) > MAX_LABEL:
                errors[prefix + "label"] = _("Zu lang: höchstens {max} Zeichen erlaubt.").format(
                    max=MAX_LABEL
                )
            planned = _parse(row.get("planned", ""), prefix + "planned", errors, required=True)
            actual = _parse(row.get("actual", ""), prefix + "actual", errors)
            if category is None or planned is None or prefix + "label" in errors:
                continue
            if kind == "cost":
                units = _parse(row.get("units", ""), prefix + "units", errors)
                unit = FeeUnit(row["unit"]) if row.get("unit") in set(FeeUnit) else None
                costs.append(
                    CostLine(
                        CostCategory(category),
                        label,
                        planned,
                        actual,
                        artist=category is CostCategory.honorare and row.get("artist") == "1",
                        units=units,
                        unit=unit,
                    )
                )
            else:
                income.append(IncomeLine(IncomeCategory(category), label, planned, actual))
    return FinancePlan(
        costs=tuple(costs),
        income=tuple(income),
        funder=form.funder_id or None,
        title=form.title,
        year=start.year if start else None,
        project_start=start,
        project_end=end,
    )


def _parse(raw: str, name: str, errors: dict[str, str], required: bool = False) -> Decimal | None:
    if not raw:
        if required:
            errors[name] = _("Bitte einen Betrag angeben (z. B. 1.234,56).")
        return None
    try:
        return parse_amount(raw)
    except AmountError as exc:
        errors[name] = str(exc)
        return None


def save_plan(
    repo: OrgRepository, record: FinancePlanRecord, form: PlanForm, plan: FinancePlan
) -> None:
    """Stores the form's plan; a form from an older version is refused (nothing is saved)."""
    if form.version != str(record.version):
        raise StaleForm(
            "form",
            _(
                "Der Finanzplan wurde inzwischen in einem anderen Fenster oder von jemand "
                "anderem gespeichert. Ihre Eingaben wurden nicht gespeichert; sie stehen unten. "
                "Bitte prüfen und erneut speichern."
            ),
        )
    record.title = plan.title
    record.funder_id = plan.funder
    record.project_start = plan.project_start
    record.project_end = plan.project_end
    record.updated_at = utcnow()
    record.lines.clear()
    for position, cost in enumerate(plan.costs):
        record.lines.append(
            FinancePlanLine(
                organisation_id=repo.organisation_id,
                kind="cost",
                position=position,
                category=cost.category.value,
                label=cost.label,
                planned=cost.planned,
                actual=cost.actual,
                artist=cost.artist,
                units=cost.units,
                unit=cost.unit.value if cost.unit else None,
                note=cost.note,
            )
        )
    for position, item in enumerate(plan.income):
        record.lines.append(
            FinancePlanLine(
                organisation_id=repo.organisation_id,
                kind="income",
                position=position,
                category=item.category.value,
                label=item.label,
                planned=item.planned,
                actual=item.actual,
                note=item.note,
            )
        )
    _commit(repo, "Der Finanzplan")


def _commit(repo: OrgRepository, what: str) -> None:
    try:
        repo.session.commit()
    except StaleDataError as exc:  # a parallel save changed the version in between
        repo.session.rollback()
        raise StaleForm(
            "form",
            _("{what} wurde gerade von jemand anderem gespeichert. Bitte erneut laden.").format(
                what=what
            ),
        ) from exc
