"""Curated catalogue of local models that write German (read from data/models/catalogue.yaml)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, field_validator

from kikultur.i18n import _

CATALOGUE_RESOURCE = ("kikultur", "data/models/catalogue.yaml")


class CatalogueEntry(BaseModel):
    """One model file: where it comes from, how big it is, what it needs, how to verify it."""

    name: str
    title: str
    description: str = ""
    hub_repo: str
    filename: str
    quantisation: str
    size_gb: float
    ram_gb: float
    licence: str
    url: str | None = None
    sha256: str | None = Field(default=None, description="Hex SHA-256; None if not recorded.")
    german: str = ""
    bundled: bool = False

    @field_validator("sha256")
    @classmethod
    def _hex_sha256(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().lower()
        if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
            raise ValueError("sha256 muss aus 64 Hex-Zeichen bestehen")
        return value

    def local_path(self, models_dir: Path) -> Path:
        return models_dir / self.filename


class UnknownModel(LookupError):
    """The name is not in the catalogue."""


def load_catalogue(path: Path | None = None) -> list[CatalogueEntry]:
    if path is None:
        package, name = CATALOGUE_RESOURCE
        raw = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    else:
        raw = path.read_text(encoding="utf-8")
    data = yaml.safe_load(raw) or {}
    return [CatalogueEntry.model_validate(item) for item in data.get("models", [])]


def find_model(name: str, entries: list[CatalogueEntry] | None = None) -> CatalogueEntry:
    entries = entries if entries is not None else load_catalogue()
    wanted = name.strip().lower()
    for entry in entries:
        if wanted in (entry.name.lower(), entry.title.lower(), entry.filename.lower()):
            return entry
    known = ", ".join(e.name for e in entries)
    raise UnknownModel(
        _("Das Modell „{name}“ steht nicht im Katalog. Bekannt sind: {known}.").format(
            name=name, known=known
        )
    )


def models_dir(data_dir: Path) -> Path:
    return data_dir / "models"
