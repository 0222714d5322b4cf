"""Retention periods: a registry of kinds of data that expire, and `purge()` that deletes them.

Registering a kind of data is ONE line (put it in the REGISTRATIONS block at the end of this
module, next to the others):

    register(Draft, Draft.updated_at, "drafts", 730, N_("Entwürfe"))
    register(AuditRecord, AuditRecord.created_at, "audit", 365, N_("Protokolle der Modellaufrufe"))

Arguments: the model, the timestamp (column or SQL expression) the period counts from, the key
(the instance default is read from `Settings.retention_<key>_days` if that setting exists,
else `default_days` is used), the default in days, and a German label for the settings page.
A row expires when `timestamp <= now - days` (a row exactly `days` old is deleted). Rows whose
timestamp is NULL never expire. A model with an `organisation_id` column gets a per-
organisation period (table `retention_settings`); other models use the instance default.
Child rows go with their parent through ON DELETE CASCADE.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.store.models.accounts import Invitation, LoginAttempt, Organisation, UserSession
from kikultur.store.models.drafts import Draft, DraftFormToken
from kikultur.store.models.gdpr import RetentionSetting
from kikultur.store.models.models_llm import ModelCallRecord

MIN_DAYS = 1
MAX_DAYS = 36500


def N_(text: str) -> str:
    """Marks a label for translation; it is translated where it is shown (lazy)."""
    return text


@dataclass(frozen=True)
class RetentionRule:
    key: str
    model: type[Any]
    timestamp: ColumnElement[Any]
    default_days: int
    label: str

    @property
    def per_organisation(self) -> bool:
        return hasattr(self.model, "organisation_id")

    def instance_days(self, settings: Settings | None) -> int:
        name = f"retention_{self.key}_days"
        if settings is not None and hasattr(settings, name):
            return int(getattr(settings, name))
        field = Settings.model_fields.get(name)
        if field is not None and isinstance(field.default, int):
            return field.default
        return self.default_days


RULES: dict[str, RetentionRule] = {}


def register(
    model: type[Any],
    timestamp: Any,
    key: str,
    default_days: int,
    label: str = "",
) -> RetentionRule:
    """Registers a kind of data with a retention period (one call per kind)."""
    if key in RULES and RULES[key].model is not model:
        raise ValueError(f"Löschfrist {key!r} ist schon für {RULES[key].model.__name__} vergeben")
    rule = RetentionRule(key, model, timestamp, default_days, label or key)
    RULES[key] = rule
    return rule


def rules() -> list[RetentionRule]:
    return list(RULES.values())


def organisation_days(session: Session, organisation_id: int) -> dict[str, int]:
    """The organisation's own periods (keys without a row use the instance default)."""
    stmt = select(RetentionSetting).where(RetentionSetting.organisation_id == organisation_id)
    return {row.key: row.days for row in session.scalars(stmt)}


@dataclass(frozen=True)
class PurgeResult:
    key: str
    label: str
    organisation_id: int | None  # None: instance-wide kind of data
    organisation: str | None
    days: int
    cutoff: datetime
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "organisation_id": self.organisation_id,
            "organisation": self.organisation,
            "days": self.days,
            "cutoff": self.cutoff.isoformat(),
            "count": self.count,
        }


def _run(
    session: Session, rule: RetentionRule, where: list[ColumnElement[bool]], dry_run: bool
) -> int:
    if dry_run:
        stmt = select(func.count()).select_from(rule.model).where(*where)
        return int(session.scalar(stmt) or 0)
    result = session.execute(
        delete(rule.model).where(*where).execution_options(synchronize_session=False)
    )
    # rowcount: how many rows the DELETE hit (a CursorResult; typed as plain Result).
    return int(getattr(result, "rowcount", 0) or 0)


def purge(
    session: Session,
    now: datetime,
    settings: Settings | None = None,
    *,
    dry_run: bool = False,
    organisation_id: int | None = None,
) -> list[PurgeResult]:
    """Deletes (or with `dry_run` only counts) every expired row; commits unless dry run."""
    results: list[PurgeResult] = []
    orgs = list(
        session.execute(select(Organisation.id, Organisation.name).order_by(Organisation.id))
    )
    if organisation_id is not None:
        orgs = [row for row in orgs if row.id == organisation_id]
    overrides = {org.id: organisation_days(session, org.id) for org in orgs}
    for rule in rules():
        default = rule.instance_days(settings)
        if not rule.per_organisation:
            if organisation_id is not None:
                continue
            cutoff = now - timedelta(days=default)
            count = _run(session, rule, [rule.timestamp <= cutoff], dry_run)
            results.append(PurgeResult(rule.key, rule.label, None, None, default, cutoff, count))
            continue
        for org in orgs:
            days = overrides[org.id].get(rule.key, default)
            cutoff = now - timedelta(days=days)
            where = [rule.model.organisation_id == org.id, rule.timestamp <= cutoff]
            count = _run(session, rule, where, dry_run)
            results.append(PurgeResult(rule.key, rule.label, org.id, org.name, days, cutoff, count))
    if dry_run:
        session.rollback()
    else:
        session.commit()
    return results


# REGISTRATIONS: one line per kind of data that expires.
# Ended logins: deleted as soon as they expire (nothing to keep).
register(UserSession, UserSession.expires_at, "sessions", 0, N_("Abgelaufene Anmeldungen"))
# Failed logins: only needed for throttling (minutes); login also clears them after a day.
register(
    LoginAttempt,
    LoginAttempt.created_at,
    "login_attempts",
    1,
    N_("Fehlgeschlagene Anmeldeversuche"),
)
# Invitations count from their use, revocation or expiry; open ones never match.
register(
    Invitation,
    func.coalesce(Invitation.used_at, Invitation.revoked_at, Invitation.expires_at),
    "invitations",
    30,
    N_("Benutzte, widerrufene und abgelaufene Einladungen"),
)
# Audit records of model calls (counts and timings only, never texts).
register(
    ModelCallRecord,
    ModelCallRecord.started_at,
    "audit",
    365,
    N_("Protokolle der Modellaufrufe"),
)
# Drafts (with their versions and pseudonym vaults) count from their last change.
register(Draft, Draft.updated_at, "drafts", 730, N_("Entwürfe"))
# One-time tokens of tool forms (against double submits): needed for minutes only.
register(
    DraftFormToken,
    DraftFormToken.created_at,
    "form_tokens",
    1,
    N_("Einmal-Marken der Werkzeug-Formulare"),
)
