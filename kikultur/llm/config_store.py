"""Where provider configurations live: the Protocol the database store implements."""

from __future__ import annotations

from typing import Protocol

from kikultur.llm.providers import ProviderConfig


class ProviderStoreError(Exception):
    """The store cannot do what was asked; the message is German."""


class ProviderStore(Protocol):
    """Instance-wide provider configs, the instance default, and per organisation which
    providers are enabled and which one is its default (see kikultur.store.providers)."""

    def all(self) -> list[ProviderConfig]: ...

    def get(self, name: str) -> ProviderConfig | None: ...

    def add(self, config: ProviderConfig, *, replace: bool = False) -> None: ...

    def remove(self, name: str) -> None: ...

    def set_api_key(self, name: str, api_key: str | None) -> None: ...

    def active_name(self) -> str | None: ...

    def set_active(self, name: str | None) -> None: ...

    def set_enabled(self, organisation_id: int, name: str, enabled: bool) -> None: ...

    def enabled_for(self, organisation_id: int) -> list[ProviderConfig]: ...

    def default_for(self, organisation_id: int) -> str | None: ...

    def set_default(self, organisation_id: int, name: str | None) -> None: ...
