"""The one seam between the app and the model layer: which provider an organisation's call
goes to, and where each call is recorded.

Callers (draft pipeline, web, CLI) use only these functions, so the storage behind them
(JSON file in the data directory today, database tables later) can change in one place.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.llm.audit import JsonlAuditLog
from kikultur.llm.base import Provider, ProviderConfigError
from kikultur.llm.calls import Recorder
from kikultur.llm.config_store import JsonProviderStore, ProviderStore
from kikultur.llm.providers import DEFAULT_PROVIDER_NAME, ProviderConfig, build_provider
from kikultur.llm.providers import default_config as embedded_default

AUDIT_FILE = "audit.jsonl"


def provider_store(settings: Settings, session: Session | None = None) -> ProviderStore:
    """The instance's provider configurations and each organisation's enabled providers."""
    return JsonProviderStore.in_data_dir(settings.ensure_data_dir())


def available_providers(
    settings: Settings, session: Session | None, organisation_id: int
) -> list[ProviderConfig]:
    """Providers this organisation may use: the embedded default plus the enabled ones."""
    configs = [embedded_default(settings)]
    store = provider_store(settings, session)
    configs += [c for c in store.enabled_for(str(organisation_id)) if c.name != configs[0].name]
    return configs


def choose_provider_config(
    settings: Settings, session: Session | None, organisation_id: int, name: str | None = None
) -> ProviderConfig:
    """The named provider if the organisation may use it, else the instance's active one."""
    configs = {c.name: c for c in available_providers(settings, session, organisation_id)}
    if name is None:
        active = provider_store(settings, session).active_name()
        name = active if active in configs else DEFAULT_PROVIDER_NAME
    config = configs.get(name)
    if config is None:
        raise ProviderConfigError(
            _("Der Anbieter „{name}“ ist für diese Einrichtung nicht freigegeben.").format(
                name=name
            )
        )
    return config


def open_provider(config: ProviderConfig, settings: Settings) -> Provider:
    return build_provider(config, settings)


def call_recorder(settings: Settings, session: Session | None = None) -> Recorder:
    """Where every model call's audit record goes."""
    return JsonlAuditLog(settings.ensure_data_dir() / AUDIT_FILE)
