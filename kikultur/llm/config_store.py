"""Where provider configurations live: a Protocol, and a JSON file in the data dir for now."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from kikultur.i18n import _
from kikultur.llm.messages import DataClass
from kikultur.llm.providers import ProviderConfig

PROVIDERS_FILE = "providers.json"


class ProviderStoreError(Exception):
    """The store cannot do what was asked; the message is German."""


class ProviderStore(Protocol):
    """Instance-wide provider configs plus the active one (the DB can implement this later,
    adding per-organisation enablement)."""

    def all(self) -> list[ProviderConfig]: ...

    def get(self, name: str) -> ProviderConfig | None: ...

    def add(self, config: ProviderConfig, *, replace: bool = False) -> None: ...

    def remove(self, name: str) -> None: ...

    def active_name(self) -> str | None: ...

    def set_active(self, name: str) -> None: ...

    def set_enabled(self, organisation_id: str, name: str, enabled: bool) -> None: ...

    def enabled_for(self, organisation_id: str) -> list[ProviderConfig]: ...


class JsonProviderStore:
    """`providers.json` (mode 600) in the data directory; holds no secrets by construction."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> JsonProviderStore:
        return cls(data_dir / PROVIDERS_FILE)

    def _read(self) -> dict[str, Any]:
        if not self.path.is_file():
            return {"providers": [], "active": None}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ProviderStoreError(
                _("Die Datei {path} ist beschädigt (kein gültiges JSON).").format(path=self.path)
            ) from exc
        if not isinstance(data, dict) or not isinstance(data.get("providers"), list):
            raise ProviderStoreError(
                _("Die Datei {path} hat ein unbekanntes Format.").format(path=self.path)
            )
        return data

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        # Created with mode 600 from the start: never readable by others, not even briefly.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    def all(self) -> list[ProviderConfig]:
        configs = []
        for item in self._read()["providers"]:
            try:
                configs.append(ProviderConfig.model_validate(item))
            except ValidationError as exc:
                raise ProviderStoreError(
                    _("Ein Eintrag in {path} ist ungültig: {error}").format(
                        path=self.path, error=exc.errors()[0].get("msg", "")
                    )
                ) from exc
        return configs

    def get(self, name: str) -> ProviderConfig | None:
        return next((c for c in self.all() if c.name == name), None)

    def add(self, config: ProviderConfig, *, replace: bool = False) -> None:
        data = self._read()
        existing = [p for p in data["providers"] if p.get("name") == config.name]
        if existing and not replace:
            raise ProviderStoreError(
                _("Einen Anbieter „{name}“ gibt es schon.").format(name=config.name)
            )
        data["providers"] = [p for p in data["providers"] if p.get("name") != config.name]
        data["providers"].append(config.model_dump(mode="json"))
        self._write(data)

    def remove(self, name: str) -> None:
        data = self._read()
        before = len(data["providers"])
        data["providers"] = [p for p in data["providers"] if p.get("name") != name]
        if len(data["providers"]) == before:
            raise ProviderStoreError(_("Einen Anbieter „{name}“ gibt es nicht.").format(name=name))
        if data.get("active") == name:
            data["active"] = None
        self._write(data)

    def active_name(self) -> str | None:
        active = self._read().get("active")
        return active if isinstance(active, str) else None

    def set_active(self, name: str) -> None:
        data = self._read()
        if not any(p.get("name") == name for p in data["providers"]):
            raise ProviderStoreError(_("Einen Anbieter „{name}“ gibt es nicht.").format(name=name))
        data["active"] = name
        self._write(data)

    def set_enabled(self, organisation_id: str, name: str, enabled: bool) -> None:
        """The organisation admin switches an instance provider on or off for the organisation."""
        data = self._read()
        if not any(p.get("name") == name for p in data["providers"]):
            raise ProviderStoreError(_("Einen Anbieter „{name}“ gibt es nicht.").format(name=name))
        organisations = data.setdefault("organisations", {})
        current = organisations.get(organisation_id)
        if current is None:
            current = [c.name for c in self._defaults_for_new_org()]
        names = [n for n in current if n != name] + ([name] if enabled else [])
        organisations[organisation_id] = names
        self._write(data)

    def enabled_for(self, organisation_id: str) -> list[ProviderConfig]:
        """Providers an organisation may use. Until its admin decides, only `local` ones: no
        organisation sends data off the machine without having chosen to."""
        names = self._read().get("organisations", {}).get(organisation_id)
        if names is None:
            return self._defaults_for_new_org()
        return [c for c in self.all() if c.name in names]

    def _defaults_for_new_org(self) -> list[ProviderConfig]:
        return [c for c in self.all() if c.data_class is DataClass.local]
