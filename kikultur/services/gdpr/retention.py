"""An organisation's retention periods: what applies now, and saving its own choices."""

from __future__ import annotations

from dataclasses import dataclass

from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.schemas.common import GermanNumberError, parse_german_int
from kikultur.services.gdpr import GdprError
from kikultur.store.models import RetentionSetting, utcnow
from kikultur.store.repository import OrgRepository
from kikultur.store.retention import MAX_DAYS, MIN_DAYS, organisation_days, rules


@dataclass(frozen=True)
class RetentionRow:
    key: str
    label: str
    instance_days: int
    own_days: int | None  # None: the instance default applies

    @property
    def days(self) -> int:
        return self.own_days if self.own_days is not None else self.instance_days


def organisation_retention(repo: OrgRepository, settings: Settings) -> list[RetentionRow]:
    """Every per-organisation kind of data with the period that applies to this one."""
    own = organisation_days(repo.session, repo.organisation_id)
    return [
        RetentionRow(rule.key, _(rule.label), rule.instance_days(settings), own.get(rule.key))
        for rule in rules()
        if rule.per_organisation
    ]


def parse_days(key: str, raw: str) -> int | None:
    """'' means the instance default; otherwise whole days within the allowed range."""
    text = raw.strip()
    if not text:
        return None
    try:
        days = parse_german_int(text)  # "1.095" is three years, as Germans write it
    except GermanNumberError:
        raise GdprError(
            _(
                "Bitte die Frist als Anzahl von Tagen eingeben, zum Beispiel 365 "
                "(oder leer lassen)."
            ),
            key,
        ) from None
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise GdprError(
            _("Die Frist muss zwischen {low} und {high} Tagen liegen.").format(
                low=MIN_DAYS, high=MAX_DAYS
            ),
            key,
        )
    return days


def save_organisation_retention(
    repo: OrgRepository, settings: Settings, values: dict[str, str]
) -> dict[str, str]:
    """Saves the form (field per key); returns German errors per field, saves nothing then."""
    parsed: dict[str, int | None] = {}
    errors: dict[str, str] = {}
    for row in organisation_retention(repo, settings):
        try:
            parsed[row.key] = parse_days(row.key, values.get(row.key, ""))
        except GdprError as exc:
            errors[exc.field] = exc.message
    if errors:
        return errors
    existing = {r.key: r for r in repo.session.scalars(repo.select(RetentionSetting))}
    for key, days in parsed.items():
        current = existing.get(key)
        if days is None:
            if current is not None:
                repo.delete(current)
        elif current is None:
            repo.add(RetentionSetting(key=key, days=days, updated_at=utcnow()))
        else:
            current.days = days
            current.updated_at = utcnow()
    repo.session.commit()
    return {}


__all__ = [
    "RetentionRow",
    "organisation_retention",
    "parse_days",
    "save_organisation_retention",
]
