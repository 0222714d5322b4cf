"""Funder profiles as data: sections, limits, rules, criteria, deadlines; load, validate, copy.

A profile is a YAML file (schema: `FunderProfile`); the built-in ones live in
`kikultur/data/funders/`. An organisation adapts a profile by copying it (`copy_profile`) or by
loading its own YAML with the same schema (`profile_from_mapping`, `load_profiles`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from kikultur.finance.money import AmountError, parse_amount
from kikultur.i18n import _
from kikultur.schemas.common import german_problems

SLUG = r"^[a-z0-9][a-z0-9_-]{0,62}$"
# Rule ids the finance check acts on; other ids are carried for the writing tools.
KNOWN_RULES = {
    "project_not_started": "Das Projekt darf vor der Bewilligung noch nicht begonnen haben.",
    "attachments_not_read": "Anlagen werden nicht gelesen: alles muss im Formular stehen.",
    "balanced_plan": "Der Finanzplan muss ausgeglichen sein.",
}


class FunderProfileError(ValueError):
    """A profile is invalid; `problems` lists German messages, one per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _amount(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        return parse_amount(value)
    except AmountError as exc:
        raise ValueError(str(exc)) from exc


Amount = Annotated[Decimal | None, BeforeValidator(_amount)]
Slug = Annotated[str, Field(pattern=SLUG)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Criterion(_Model):
    """A funding criterion the application's goals are mapped to."""

    id: Slug
    title: str = Field(min_length=1)
    description: str = ""


class Section(_Model):
    """A section of the application with its German title, guidance and character limit."""

    id: Slug
    title: str = Field(min_length=1)
    guidance: str = ""
    max_chars: int | None = Field(default=None, gt=0)
    # "foerderer": the limit is the funder's; "annahme": our assumption, to be checked.
    limit_source: Literal["foerderer", "annahme"] = "annahme"
    required: bool = True
    criteria: tuple[str, ...] = ()
    min_items: int | None = Field(default=None, ge=1)
    max_items: int | None = Field(default=None, ge=1)


class Rule(_Model):
    id: Slug
    text: str = Field(min_length=1)


class Deadline(_Model):
    """A recurring date (`jaehrlich`), a fixed date (`datum`), rolling or only known as text."""

    kind: Literal["jaehrlich", "datum", "laufend", "text"]
    label: str = ""
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    on: date | None = None
    note: str = ""

    @model_validator(mode="after")
    def _complete(self) -> Deadline:
        if self.kind == "jaehrlich":
            if self.month is None or self.day is None:
                raise ValueError(_("Eine jährliche Frist braucht „month“ und „day“."))
            if (self.month, self.day) == (2, 29):
                raise ValueError(_("Der 29. Februar ist keine jährliche Frist."))
            try:
                date(2025, self.month, self.day)
            except ValueError as exc:
                raise ValueError(
                    _("{day}.{month}. ist kein gültiges Datum.").format(
                        day=self.day, month=self.month
                    )
                ) from exc
        if self.kind == "datum" and self.on is None:
            raise ValueError(_("Eine Frist mit festem Datum braucht „on“."))
        if self.kind == "text" and not self.note:
            raise ValueError(_("Eine Frist als Text braucht „note“."))
        return self

    def next_date(self, today: date) -> date | None:
        """The next date on or after `today`; None for rolling or text-only deadlines."""
        if self.kind == "datum":
            return self.on if self.on is not None and self.on >= today else None
        if self.kind == "jaehrlich" and self.month is not None and self.day is not None:
            this_year = date(today.year, self.month, self.day)
            return this_year if this_year >= today else date(today.year + 1, self.month, self.day)
        return None


class Attachment(_Model):
    id: Slug
    title: str = Field(min_length=1)
    required: bool = True
    note: str = ""


class FunderProfile(_Model):
    """Everything the finance check and the writing tools need to know about one funder."""

    schema_version: Literal[1] = 1
    id: Slug
    name: str = Field(min_length=1)
    description: str = ""
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    region: str = ""
    based_on: str | None = None
    amount_min: Amount = None
    amount_max: Amount = None
    amount_note: str = ""
    max_funding_rate: Amount = None  # percent of the total costs, e.g. 80.00
    min_total_costs: Amount = None  # a size the funder expects; checked as a hint
    covers_running_costs: bool = False
    rules: tuple[Rule, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    sections: tuple[Section, ...] = Field(min_length=1)
    deadlines: tuple[Deadline, ...] = ()
    required_attachments: tuple[Attachment, ...] = ()
    checked: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> FunderProfile:
        if (
            self.amount_min is not None
            and self.amount_max is not None
            and self.amount_min > self.amount_max
        ):
            raise ValueError(_("„amount_min“ ist größer als „amount_max“."))
        if self.max_funding_rate is not None and not 0 < self.max_funding_rate <= 100:
            raise ValueError(_("„max_funding_rate“ ist ein Prozentsatz über 0 und bis 100."))
        for name, items in (
            ("sections", self.sections),
            ("criteria", self.criteria),
            ("rules", self.rules),
            ("required_attachments", self.required_attachments),
        ):
            ids = [item.id for item in items]
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            if duplicates:
                raise ValueError(
                    _("„{name}“ enthält doppelte Kennungen: {ids}.").format(
                        name=name, ids=", ".join(duplicates)
                    )
                )
        criteria = {criterion.id for criterion in self.criteria}
        for section in self.sections:
            unknown = [c for c in section.criteria if c not in criteria]
            if unknown:
                raise ValueError(
                    _("Abschnitt „{section}“ nennt unbekannte Kriterien: {ids}.").format(
                        section=section.id, ids=", ".join(unknown)
                    )
                )
            if (
                section.min_items is not None
                and section.max_items is not None
                and section.min_items > section.max_items
            ):
                raise ValueError(
                    _("Abschnitt „{section}“: „min_items“ ist größer als „max_items“.").format(
                        section=section.id
                    )
                )
        return self

    def has_rule(self, rule_id: str) -> bool:
        return any(rule.id == rule_id for rule in self.rules)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


def profile_from_mapping(data: object) -> FunderProfile:
    if not isinstance(data, Mapping):
        raise FunderProfileError([_("Ein Förderprofil muss eine Zuordnung (YAML-Objekt) sein.")])
    try:
        return FunderProfile.model_validate(dict(data))
    except ValidationError as exc:
        raise FunderProfileError(german_problems(exc, _("Profil"))) from exc


def profile_from_yaml(text: str, name: str = "") -> FunderProfile:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FunderProfileError(
            [_("Das Förderprofil {name} ist kein gültiges YAML.").format(name=name).strip()]
        ) from exc
    try:
        return profile_from_mapping(data)
    except FunderProfileError as exc:
        if not name:
            raise
        raise FunderProfileError([f"{name}: {p}" for p in exc.problems]) from exc


def profile_to_yaml(profile: FunderProfile) -> str:
    """YAML an organisation admin can edit and load again with `profile_from_yaml`."""
    data = profile.model_dump(mode="json", exclude_defaults=True)
    data = {"schema_version": 1, **data}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def load_profiles(directory: Path) -> dict[str, FunderProfile]:
    """Every `*.yaml` profile in `directory`, by id; all problems are collected."""
    profiles: dict[str, FunderProfile] = {}
    problems: list[str] = []
    for file in sorted(directory.glob("*.yaml")):
        try:
            profile = profile_from_yaml(file.read_text(encoding="utf-8"), file.name)
        except FunderProfileError as exc:
            problems.extend(exc.problems)
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(_("{name}: nicht lesbar ({error}).").format(name=file.name, error=exc))
            continue
        if profile.id in profiles:
            problems.append(
                _("{name}: die Kennung „{id}“ gibt es schon.").format(name=file.name, id=profile.id)
            )
        profiles[profile.id] = profile
    if problems:
        raise FunderProfileError(problems)
    return profiles


@cache
def builtin_profiles() -> dict[str, FunderProfile]:
    """The profiles shipped in kikultur/data/funders/."""
    folder = resources.files("kikultur").joinpath("data").joinpath("funders")
    with resources.as_file(folder) as path:
        return load_profiles(Path(path))


def _merge(base: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """Nested dicts are merged key by key; lists and values are replaced."""
    merged = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def copy_profile(
    profile: FunderProfile,
    new_id: str,
    changes: Mapping[str, Any] | None = None,
    section_changes: Mapping[str, Mapping[str, Any]] | None = None,
) -> FunderProfile:
    """A validated copy under `new_id`, with top-level `changes` and per-section changes.

    `section_changes={"kurzbeschreibung": {"max_chars": 1200}}` changes one section without
    repeating the others; `changes={"sections": [...]}` replaces the whole list.
    """
    data = _merge(profile.model_dump(mode="json"), changes or {})
    unknown = [s for s in (section_changes or {}) if s not in {x["id"] for x in data["sections"]}]
    if unknown:
        raise FunderProfileError(
            [_("Unbekannte Abschnitte: {ids}.").format(ids=", ".join(sorted(unknown)))]
        )
    data["sections"] = [
        _merge(section, (section_changes or {}).get(section["id"], {}))
        for section in data["sections"]
    ]
    data["id"] = new_id
    data["based_on"] = profile.id
    return profile_from_mapping(data)


@dataclass(frozen=True, slots=True)
class UpcomingDeadline:
    """One deadline for the dashboard: dated ones first, rolling/text ones after."""

    profile_id: str
    profile_name: str
    kind: str
    label: str
    note: str
    date: date | None
    days_left: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile_id": self.profile_id,
            "profile_name": self.profile_name,
            "kind": self.kind,
            "label": self.label,
            "note": self.note,
            "date": self.date.isoformat() if self.date else None,
            "days_left": self.days_left,
        }


def upcoming_deadlines(
    profiles: Iterable[FunderProfile], today: date, horizon_days: int = 365
) -> list[UpcomingDeadline]:
    """Deadlines from `today` up to `horizon_days` ahead, soonest first; undated ones last."""
    limit = today + timedelta(days=horizon_days)
    found = []
    for profile in profiles:
        for deadline in profile.deadlines:
            when = deadline.next_date(today)
            if deadline.kind in ("jaehrlich", "datum") and (when is None or when > limit):
                continue
            found.append(
                UpcomingDeadline(
                    profile_id=profile.id,
                    profile_name=profile.name,
                    kind=deadline.kind,
                    label=deadline.label,
                    note=deadline.note,
                    date=when,
                    days_left=(when - today).days if when else None,
                )
            )
    return sorted(found, key=lambda d: (d.date is None, d.date or today, d.profile_name))


def next_deadline(profile: FunderProfile, today: date) -> UpcomingDeadline | None:
    upcoming = upcoming_deadlines([profile], today)
    return upcoming[0] if upcoming else None
