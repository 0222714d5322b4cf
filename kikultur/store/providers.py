"""Database storage of the model layer: provider configs, per-organisation choice, audit log.

Provider configurations are instance-wide (no organisation column); an organisation's
decisions and its audit records are organisation-owned and read through `OrgRepository`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Engine, case, delete, event, func, select
from sqlalchemy.orm import Session

from kikultur.i18n import _
from kikultur.llm.calls import CallRecord
from kikultur.llm.config_store import ProviderStoreError
from kikultur.llm.keys import encrypt_api_key
from kikultur.llm.messages import DataClass
from kikultur.llm.providers import ProviderConfig, ProviderKind
from kikultur.store.models import (
    ModelCallRecord,
    Organisation,
    OrganisationProvider,
    ProviderRecord,
    utcnow,
)
from kikultur.store.repository import OrgRepository

log = logging.getLogger(__name__)

# Fields copied one to one between ProviderConfig and ProviderRecord.
_PLAIN_FIELDS = (
    "name", "base_url", "model", "api_key_env", "price_input_per_1k", "price_output_per_1k",
    "currency", "connect_timeout", "read_timeout", "max_retries", "context_window",
    "stream_usage",
)  # fmt: skip


def config_from_record(record: ProviderRecord) -> ProviderConfig:
    values: dict[str, Any] = {name: getattr(record, name) for name in _PLAIN_FIELDS}
    return ProviderConfig(
        kind=ProviderKind(record.kind),
        data_class=DataClass(record.data_class),
        api_key_encrypted=record.api_key_encrypted,
        **values,
    )


def _unknown(name: str) -> ProviderStoreError:
    return ProviderStoreError(_("Einen Anbieter „{name}“ gibt es nicht.").format(name=name))


class DbProviderStore:
    """The ProviderStore on the database. Each change is committed as its own transaction."""

    def __init__(self, session: Session, secret_key: str) -> None:
        self.session = session
        self._secret_key = secret_key

    # Instance-wide configurations (platform admin).
    def _record(self, name: str) -> ProviderRecord | None:
        stmt = select(ProviderRecord).where(ProviderRecord.name == name)
        return self.session.scalars(stmt).first()

    def _require(self, name: str) -> ProviderRecord:
        record = self._record(name)
        if record is None:
            raise _unknown(name)
        return record

    def records(self) -> list[ProviderRecord]:
        return list(self.session.scalars(select(ProviderRecord).order_by(ProviderRecord.name)))

    def record_by_id(self, provider_id: int) -> ProviderRecord | None:
        return self.session.get(ProviderRecord, provider_id)

    def all(self) -> list[ProviderConfig]:
        return [config_from_record(r) for r in self.records()]

    def get(self, name: str) -> ProviderConfig | None:
        record = self._record(name)
        return config_from_record(record) if record is not None else None

    def add(self, config: ProviderConfig, *, replace: bool = False) -> None:
        """Adds or (with replace) updates a provider; an existing stored key is kept unless
        the new config brings its own."""
        record = self._record(config.name)
        if record is not None and not replace:
            raise ProviderStoreError(
                _("Einen Anbieter „{name}“ gibt es schon.").format(name=config.name)
            )
        if record is None:
            record = ProviderRecord()
            self.session.add(record)
        elif record.data_class != config.data_class.value:
            # Another data class means another decision: every organisation decides anew.
            self.session.execute(
                delete(OrganisationProvider).where(OrganisationProvider.provider_id == record.id)
            )
        for name in _PLAIN_FIELDS:
            setattr(record, name, getattr(config, name))
        record.kind = config.kind.value
        record.data_class = config.data_class.value
        if config.api_key_encrypted:
            record.api_key_encrypted = config.api_key_encrypted
        elif config.api_key_env:
            # One source of the key: naming a variable drops a stored key.
            record.api_key_encrypted = None
        record.updated_at = utcnow()
        self.session.commit()

    def remove(self, name: str) -> None:
        self.session.delete(self._require(name))
        self.session.commit()

    def set_api_key(self, name: str, api_key: str | None) -> None:
        """Stores the key encrypted (None removes it); it is never read back for display."""
        record = self._require(name)
        if api_key:
            record.api_key_encrypted = encrypt_api_key(self._secret_key, api_key.strip())
            record.api_key_env = None
        else:
            record.api_key_encrypted = None
        record.updated_at = utcnow()
        self.session.commit()

    def active_name(self) -> str | None:
        stmt = select(ProviderRecord.name).where(ProviderRecord.is_default.is_(True))
        return self.session.scalars(stmt).first()

    def set_active(self, name: str | None) -> None:
        """The instance default; None goes back to the embedded model."""
        target = self._require(name) if name is not None else None
        for record in self.records():
            record.is_default = record is target
        self.session.commit()

    # Per organisation (organisation admin).
    def _choices(self, organisation_id: int) -> dict[int, OrganisationProvider]:
        repo = OrgRepository(self.session, int(organisation_id))
        return {row.provider_id: row for row in repo.all(OrganisationProvider)}

    @staticmethod
    def _is_enabled(record: ProviderRecord, choice: OrganisationProvider | None) -> bool:
        if choice is None:
            return record.data_class == DataClass.local.value
        return choice.enabled

    def enabled_map(self, organisation_id: int) -> list[tuple[ProviderRecord, bool, bool]]:
        """Every provider with (enabled, is this organisation's default) for the settings page."""
        choices = self._choices(organisation_id)
        rows = []
        for record in self.records():
            choice = choices.get(record.id)
            enabled = self._is_enabled(record, choice)
            rows.append((record, enabled, bool(choice and choice.is_default and enabled)))
        return rows

    def enabled_for(self, organisation_id: int) -> list[ProviderConfig]:
        return [
            config_from_record(r)
            for r, enabled, _default in self.enabled_map(organisation_id)
            if enabled
        ]

    def _choice(self, organisation_id: int, record: ProviderRecord) -> OrganisationProvider:
        choice = self._choices(organisation_id).get(record.id)
        if choice is None:
            choice = OrganisationProvider(
                provider_id=record.id, enabled=self._is_enabled(record, None), is_default=False
            )
            OrgRepository(self.session, int(organisation_id)).add(choice)
        return choice

    def set_enabled(self, organisation_id: int, name: str, enabled: bool) -> None:
        choice = self._choice(organisation_id, self._require(name))
        choice.enabled = enabled
        if not enabled:
            choice.is_default = False
        choice.updated_at = utcnow()
        self.session.commit()

    def default_for(self, organisation_id: int) -> str | None:
        for record, _enabled, is_default in self.enabled_map(organisation_id):
            if is_default:
                return record.name
        return None

    def set_default(self, organisation_id: int, name: str | None) -> None:
        """The organisation's default (enabling it); None follows the instance default."""
        target = self._require(name) if name is not None else None
        for choice in self._choices(organisation_id).values():
            choice.is_default = False
        if target is not None:
            choice = self._choice(organisation_id, target)
            choice.enabled = True
            choice.is_default = True
            choice.updated_at = utcnow()
        self.session.commit()


def _int_or_none(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def record_to_row(record: CallRecord) -> ModelCallRecord:
    return ModelCallRecord(
        call_id=record.call_id,
        organisation_id=_int_or_none(record.organisation_id),
        user_id=_int_or_none(record.user_id),
        started_at=record.started_at,
        tool=record.tool,
        provider=record.provider,
        model=record.model,
        data_class=record.data_class.value,
        pseudonymised=record.pseudonymised,
        replaced_total=record.replaced_total,
        # Counts per kind only: the audit log never holds a replaced value.
        replaced_counts={str(k): int(v) for k, v in record.replaced_counts.items()},
        prompt_tokens=record.prompt_tokens,
        completion_tokens=record.completion_tokens,
        tokens_estimated=record.tokens_estimated,
        ttft_ms=record.ttft_ms,
        duration_ms=record.duration_ms,
        outcome=record.outcome,
        error_kind=record.error_kind,
        error_message=record.error_message,
        cost=record.cost,
        currency=record.currency,
    )


def row_to_record(row: ModelCallRecord) -> CallRecord:
    return CallRecord(
        call_id=row.call_id,
        started_at=row.started_at,
        user_id=str(row.user_id) if row.user_id is not None else None,
        organisation_id=str(row.organisation_id) if row.organisation_id is not None else None,
        tool=row.tool,
        provider=row.provider,
        model=row.model,
        data_class=DataClass(row.data_class),
        pseudonymised=row.pseudonymised,
        replaced_total=row.replaced_total,
        replaced_counts=dict(row.replaced_counts or {}),
        prompt_tokens=row.prompt_tokens,
        completion_tokens=row.completion_tokens,
        tokens_estimated=row.tokens_estimated,
        ttft_ms=row.ttft_ms,
        duration_ms=row.duration_ms,
        outcome=row.outcome,  # type: ignore[arg-type]
        error_kind=row.error_kind,
        error_message=row.error_message,
        cost=row.cost,
        currency=row.currency,
    )


class DbAuditLog:
    """The recorder for `run_call`: one row per call, written in its own short transaction,
    so a draft that fails (and rolls back) never takes its audit record with it.

    SQLite allows one writer: if the caller's session holds an open write transaction, a
    second connection would wait for it (and time out). Then the record waits for that
    transaction to end (commit or rollback) and is written right after it, still on its own.
    """

    _PENDING = "kikultur_audit_pending"
    _LISTENING = "kikultur_audit_listening"

    def __init__(self, bind: Engine | Connection, session: Session | None = None) -> None:
        self.engine = bind.engine if isinstance(bind, Connection) else bind
        self.session = session

    def __call__(self, record: CallRecord) -> None:
        if self.session is not None and self._caller_holds_sqlite_write_lock(self.session):
            self._defer(self.session, record)
            return
        self._write([record])

    def _write(self, records: list[CallRecord]) -> None:
        with Session(self.engine) as session:
            session.add_all(record_to_row(r) for r in records)
            session.commit()

    @staticmethod
    def _caller_holds_sqlite_write_lock(session: Session) -> bool:
        if session.get_bind().dialect.name != "sqlite" or not session.in_transaction():
            return False
        # Python's sqlite3 opens a transaction only for writes: this is True only then.
        raw = session.connection().connection.dbapi_connection
        return bool(getattr(raw, "in_transaction", False))

    def _defer(self, session: Session, record: CallRecord) -> None:
        session.info.setdefault(self._PENDING, []).append(record)
        if session.info.get(self._LISTENING):
            return
        session.info[self._LISTENING] = True

        def write_pending(_session: Session, transaction: Any) -> None:
            if transaction.parent is not None:
                return  # a savepoint ended; the outer transaction still holds the lock
            records = session.info.pop(self._PENDING, [])
            if records:
                try:
                    self._write(records)
                except Exception:
                    log.exception("Audit-Einträge konnten nicht gespeichert werden")

        # Stays registered for the session's life (removing it inside the event is not
        # allowed); with nothing pending it does nothing.
        event.listen(session, "after_transaction_end", write_pending)


def _organisation_names(session: Session) -> dict[int, str]:
    stmt = select(Organisation.id, Organisation.name)
    return {row[0]: row[1] for row in session.execute(stmt)}


def month_expression(session: Session) -> Any:
    """'YYYY-MM' of started_at (UTC) in the database's own dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(ModelCallRecord.started_at, "YYYY-MM")
    return func.strftime("%Y-%m", ModelCallRecord.started_at)


def usage_rows(session: Session, organisation_id: int | None) -> list[dict[str, Any]]:
    """Calls, errors, tokens and cost per organisation and month; one organisation, or all
    of them (None, for the platform admin only)."""
    month = month_expression(session).label("month")
    stmt = select(
        ModelCallRecord.organisation_id,
        month,
        func.count().label("calls"),
        func.sum(case((ModelCallRecord.outcome != "ok", 1), else_=0)).label("errors"),
        func.sum(ModelCallRecord.prompt_tokens).label("prompt_tokens"),
        func.sum(ModelCallRecord.completion_tokens).label("completion_tokens"),
        func.sum(ModelCallRecord.cost).label("cost"),
        func.max(ModelCallRecord.currency).label("currency"),
    ).group_by(ModelCallRecord.organisation_id, month)
    if organisation_id is not None:
        stmt = stmt.where(ModelCallRecord.organisation_id == organisation_id)
    names = _organisation_names(session)
    rows = [
        {
            "organisation_id": row.organisation_id,
            "organisation": names.get(row.organisation_id) if row.organisation_id else None,
            "month": row.month,
            "calls": row.calls,
            "errors": int(row.errors or 0),
            "prompt_tokens": int(row.prompt_tokens or 0),
            "completion_tokens": int(row.completion_tokens or 0),
            "cost": row.cost,
            "currency": row.currency,
        }
        for row in session.execute(stmt)
    ]
    return sorted(rows, key=lambda r: (str(r["organisation"] or ""), r["month"]), reverse=False)


def audit_rows(
    session: Session, organisation_id: int | None, month: str | None = None
) -> Iterable[tuple[ModelCallRecord, str | None]]:
    """Audit rows, oldest first, with the organisation's name; scoped like `usage_rows`."""
    if organisation_id is not None:
        stmt = OrgRepository(session, organisation_id).select(ModelCallRecord)
    else:
        stmt = select(ModelCallRecord)
    if month:
        stmt = stmt.where(month_expression(session) == month)
    names = _organisation_names(session)
    for row in session.scalars(stmt.order_by(ModelCallRecord.started_at, ModelCallRecord.id)):
        yield row, names.get(row.organisation_id) if row.organisation_id else None
