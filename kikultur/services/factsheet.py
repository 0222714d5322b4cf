"""The fact sheet (Steckbrief): read the current version, save a new one, parse the form."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from kikultur.checks.findings import CheckContext
from kikultur.i18n import _
from kikultur.schemas.factsheet import FactSheetData, FactSheetPublic, FactSheetUpdate
from kikultur.services.accounts import AccountError
from kikultur.store.models import FactSheetVersion, User
from kikultur.store.repository import InstanceRepository, OrgRepository

# Form rows: "team-0-name", "figures-2-year", "social-1-platform".
ROW_FIELD = re.compile(r"^(team|figures|social)-(\d{1,3})-([a-z_]+)$")
ROW_GROUPS = {"team": "team", "figures": "key_figures", "social": "social_media"}
# Form rows that are blank are dropped; these are the columns that count.
ROW_COLUMNS = {
    "team": ("name", "role", "contact"),
    "figures": ("year", "visitors", "events", "members", "volunteers"),
    "social": ("platform", "account"),
}
EXTRA_BLANK_ROWS = {"team": 2, "figures": 1, "social": 2}


class StaleFactSheet(AccountError):
    pass


@dataclass(frozen=True)
class CurrentFactSheet:
    version: int
    data: FactSheetData
    created_at: datetime | None
    created_by: str | None


def current(repo: OrgRepository) -> CurrentFactSheet:
    """The newest version, or version 0 with the organisation's name if none was saved."""
    row = repo.factsheet_current()
    if row is None:
        return CurrentFactSheet(0, FactSheetData(name=repo.organisation().name), None, None)
    return CurrentFactSheet(
        row.version,
        FactSheetData.model_validate(row.data),
        row.created_at,
        row.created_by.display_name if row.created_by else None,
    )


def public(repo: OrgRepository) -> FactSheetPublic:
    sheet = current(repo)
    return FactSheetPublic(
        organisation_id=repo.organisation_id,
        version=sheet.version,
        created_at=sheet.created_at,
        data=sheet.data,
    )


def save(repo: OrgRepository, user: User, update: FactSheetUpdate) -> FactSheetVersion:
    """Stores a new version; refuses a form based on an older version (nothing is saved)."""
    latest = current(repo)
    if update.base_version != latest.version:
        raise StaleFactSheet(
            "form",
            _(
                "Der Steckbrief wurde inzwischen geändert (jetzt Version {version}). Ihre "
                "Eingaben wurden nicht gespeichert; bitte prüfen Sie sie und speichern Sie "
                "erneut."
            ).format(version=latest.version),
        )
    data = FactSheetData.model_validate(update.model_dump(exclude={"base_version"}))
    org = repo.organisation()
    if data.name != org.name:
        other = InstanceRepository(repo.session).organisation_by_name(data.name)
        if other is not None and other.id != org.id:
            raise AccountError("name", _("Eine andere Einrichtung trägt schon diesen Namen."))
        org.name = data.name
    row = FactSheetVersion(
        version=latest.version + 1, data=data.model_dump(mode="json"), created_by_id=user.id
    )
    repo.add(row)
    try:
        repo.session.commit()
    except IntegrityError as exc:  # a parallel save took this version number
        repo.session.rollback()
        raise StaleFactSheet(
            "form",
            _("Der Steckbrief wurde gerade von jemand anderem gespeichert. Bitte erneut laden."),
        ) from exc
    return row


def facts(data: FactSheetData) -> dict[str, str]:
    """The fact sheet as named facts ("Besucher*innen 2024" -> "12500") for the fact check."""
    named: dict[str, str] = {}
    plain = {
        _("Name"): data.name,
        _("Rechtsform"): data.legal_form,
        _("Anschrift"): data.address,
        _("Bezirk"): data.district,
    }
    named.update({key: value for key, value in plain.items() if value})
    labels = {
        "visitors": _("Besucher*innen"),
        "events": _("Veranstaltungen"),
        "members": _("Mitglieder"),
        "volunteers": _("Ehrenamtliche"),
    }
    for figures in data.key_figures:
        for attribute, label in labels.items():
            value = getattr(figures, attribute)
            if value is not None:
                named[f"{label} {figures.year}"] = str(value)
    for index, funder in enumerate(data.funders, start=1):
        named[_("Förderer {n}").format(n=index)] = funder
    return named


def check_context(data: FactSheetData, **extra: Any) -> CheckContext:
    """A CheckContext filled from the fact sheet (facts, people, writing preferences)."""
    return CheckContext(
        facts=facts(data),
        factsheet=data.model_dump(mode="json"),
        people=[member.name for member in data.team],
        gender_style=data.writing.gender_style,
        form_of_address="Du" if data.writing.address_form == "du" else "Sie",
        **extra,
    )


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def form_to_payload(form: Mapping[str, Any]) -> dict[str, Any]:
    """Turns the flat HTML form into the nested payload of `FactSheetUpdate`."""
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    payload: dict[str, Any] = {
        key: fields.get(key, "")
        for key in ("name", "legal_form", "address", "district", "mission", "about_us")
    }
    payload["base_version"] = fields.get("base_version", "")
    payload["target_groups"] = _lines(fields.get("target_groups", ""))
    payload["funders"] = _lines(fields.get("funders", ""))
    payload["writing"] = {
        "address_form": fields.get("address_form", "sie"),
        "gender_style": fields.get("gender_style", "stern"),
        "tone": fields.get("tone", ""),
    }
    rows: dict[str, dict[int, dict[str, str]]] = {group: {} for group in ROW_GROUPS}
    for key, value in fields.items():
        match = ROW_FIELD.match(key)
        if match and match.group(3) in ROW_COLUMNS[match.group(1)]:
            rows[match.group(1)].setdefault(int(match.group(2)), {})[match.group(3)] = value
    for group, target in ROW_GROUPS.items():
        kept = []
        for index in sorted(rows[group]):
            row = {k: v.strip() for k, v in rows[group][index].items()}
            if not any(row.values()):
                continue
            if group == "figures":
                row = {k: v for k, v in row.items() if v != ""}  # empty number: unknown
            kept.append(row)
        payload[target] = kept
    return payload


def errors_to_form(errors: dict[str, str]) -> dict[str, str]:
    """Maps payload error keys ("key_figures-0-year") back to form field names."""
    mapped: dict[str, str] = {}
    for key, message in errors.items():
        for group, target in ROW_GROUPS.items():
            if key.startswith(target + "-"):
                key = group + key[len(target) :]
            elif key == target:
                key = group
        key = key.removeprefix("writing-")
        mapped.setdefault(key, message)
    return mapped
