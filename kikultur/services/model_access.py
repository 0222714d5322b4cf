"""The one seam between the app and the model layer: which provider an organisation's call
goes to, and where each call is recorded.

Callers (draft pipeline, web, CLI) use only these functions; the storage behind them is the
database (`kikultur.store.providers`): provider configs, per-organisation choices, audit log.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.llm.base import Provider, ProviderConfigError
from kikultur.llm.calls import Recorder
from kikultur.llm.default import MODEL_SETTINGS_PATH, DemoModelMissing, is_demo_model
from kikultur.llm.providers import (
    DEFAULT_PROVIDER_NAME,
    ProviderConfig,
    ProviderKind,
    build_provider,
)
from kikultur.llm.providers import default_config as embedded_default
from kikultur.store.db import engine_for, make_session_factory
from kikultur.store.providers import DbAuditLog, DbProviderStore

__all__ = [
    "MODEL_SETTINGS_PATH",
    "active_is_demo",
    "available_providers",
    "call_recorder",
    "choose_provider_config",
    "open_provider",
    "provider_store",
]


def _session(settings: Settings, session: Session | None) -> Session:
    # Without a session (one-off scripts) the store opens its own; web and CLI pass theirs.
    return session if session is not None else make_session_factory(engine_for(settings))()


def provider_store(settings: Settings, session: Session | None = None) -> DbProviderStore:
    """The instance's provider configurations and each organisation's enabled providers."""
    return DbProviderStore(_session(settings, session), settings.resolve_secret_key())


def embedded_config(settings: Settings) -> ProviderConfig | None:
    """The built-in model (KIKULTUR_MODEL_PATH or the SmolLM2 demo); None if not installed."""
    try:
        return embedded_default(settings)
    except DemoModelMissing:
        return None


def available_providers(
    settings: Settings, session: Session | None, organisation_id: int
) -> list[ProviderConfig]:
    """Providers this organisation may use: the embedded default plus the enabled ones."""
    builtin = embedded_config(settings)
    configs = [builtin] if builtin is not None else []
    store = provider_store(settings, session)
    enabled = store.enabled_for(int(organisation_id))
    configs += [c for c in enabled if c.name != DEFAULT_PROVIDER_NAME]
    return configs


def choose_provider_config(
    settings: Settings, session: Session | None, organisation_id: int, name: str | None = None
) -> ProviderConfig:
    """The named provider if the organisation may use it; without a name the organisation's
    default, else the instance default, else the embedded model."""
    configs = {c.name: c for c in available_providers(settings, session, organisation_id)}
    if name is None:
        store = provider_store(settings, session)
        for candidate in (store.default_for(int(organisation_id)), store.active_name()):
            if candidate in configs:
                name = candidate
                break
        else:
            name = DEFAULT_PROVIDER_NAME
    config = configs.get(name)
    if config is None:
        if name == DEFAULT_PROVIDER_NAME:
            raise ProviderConfigError(
                _(
                    "Es ist kein Modell eingerichtet und das Demo-Modell ist nicht installiert. "
                    "Bitte in den Modell-Einstellungen ein Modell wählen."
                )
            )
        raise ProviderConfigError(
            _("Der Anbieter „{name}“ ist für diese Einrichtung nicht freigegeben.").format(
                name=name
            )
        )
    return config


def is_demo_config(config: ProviderConfig) -> bool:
    return config.kind is ProviderKind.embedded and is_demo_model(Path(config.model))


def active_is_demo(settings: Settings, session: Session | None, organisation_id: int) -> bool:
    """True when the organisation's calls go to the SmolLM2 demo (the UI then says so)."""
    try:
        config = choose_provider_config(settings, session, organisation_id)
    except ProviderConfigError:
        return False
    return is_demo_config(config)


def open_provider(config: ProviderConfig, settings: Settings) -> Provider:
    return build_provider(config, settings)


def call_recorder(settings: Settings, session: Session | None = None) -> Recorder:
    """Where every model call's audit record goes: the `model_calls` table, each record in
    its own short transaction (on the session's engine, not in the session's transaction)."""
    if session is not None:
        return DbAuditLog(session.get_bind(), session)
    return DbAuditLog(engine_for(settings))
