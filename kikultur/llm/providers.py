"""Provider configuration (per instance) and the factory that builds a provider from it."""

from __future__ import annotations

import enum
import os
import re
from pathlib import Path

from pydantic import BaseModel, Field, field_validator, model_validator

from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.llm.base import Provider, ProviderConfigError
from kikultur.llm.calls import Price
from kikultur.llm.messages import DataClass

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_ENV_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
DEFAULT_PROVIDER_NAME = "lokal"


class ProviderKind(enum.StrEnum):
    embedded = "embedded"  # llama.cpp in this process
    openai = "openai"  # any OpenAI-compatible HTTP server


class ProviderConfig(BaseModel):
    """One configured model. The API key comes from an environment variable (`api_key_env`)
    or was entered in the web UI and is held only encrypted (`api_key_encrypted`, never
    dumped, never shown); it is decrypted at the moment the provider is built."""

    name: str
    kind: ProviderKind = ProviderKind.openai
    base_url: str | None = None
    model: str = Field(description="Modellname beim Anbieter, bzw. GGUF-Pfad oder Katalogname.")
    data_class: DataClass = DataClass.local
    api_key_env: str | None = None
    api_key_encrypted: str | None = Field(default=None, exclude=True, repr=False)
    price_input_per_1k: float | None = None
    price_output_per_1k: float | None = None
    currency: str = "EUR"
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    max_retries: int = 2
    context_window: int | None = None
    # Ask for token usage in the stream (OpenAI, vLLM, Ollama do); off for servers that refuse.
    stream_usage: bool = True

    @field_validator("name")
    @classmethod
    def _valid_name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(
                _("Der Name darf nur Buchstaben, Ziffern, Punkt, Binde- und Unterstrich enthalten.")
            )
        return value

    @field_validator("api_key_env")
    @classmethod
    def _valid_env_name(cls, value: str | None) -> str | None:
        if value is not None and not _ENV_VAR.match(value):
            # Catches the classic mistake of pasting the key itself instead of a variable name.
            raise ValueError(
                _(
                    "Bitte den Namen einer Umgebungsvariablen angeben (z. B. MISTRAL_API_KEY), "
                    "nicht den Schlüssel selbst."
                )
            )
        if value is not None and value.upper().startswith("KIKULTUR_"):
            # The workbench's own settings (secret key, database URL) must never leave as a key.
            raise ValueError(
                _(
                    "Umgebungsvariablen der Werkbank selbst (KIKULTUR_…) können kein "
                    "API-Schlüssel sein. Bitte eine eigene Variable wie MISTRAL_API_KEY nehmen."
                )
            )
        return value

    @model_validator(mode="after")
    def _base_url_for_http(self) -> ProviderConfig:
        if self.kind is ProviderKind.openai:
            if not self.base_url:
                raise ValueError(_("Für einen HTTP-Anbieter ist --base-url nötig."))
            if not self.base_url.startswith(("http://", "https://")):
                raise ValueError(_("--base-url muss mit http:// oder https:// beginnen."))
        if self.kind is ProviderKind.embedded and self.data_class is not DataClass.local:
            raise ValueError(_("Ein eingebettetes Modell läuft immer lokal (Datenklasse local)."))
        return self

    @property
    def price(self) -> Price | None:
        if self.price_input_per_1k is None and self.price_output_per_1k is None:
            return None
        return Price(self.price_input_per_1k or 0.0, self.price_output_per_1k or 0.0, self.currency)

    def api_key_status(self) -> str:
        """Whether a key is there, without ever revealing it."""
        if self.api_key_encrypted:
            return _("Schlüssel gesetzt")
        if not self.api_key_env:
            return _("kein Schlüssel nötig")
        if os.environ.get(self.api_key_env):
            return _("${var} gesetzt").format(var=self.api_key_env)
        return _("${var} fehlt").format(var=self.api_key_env)


def default_config(settings: Settings) -> ProviderConfig:
    """The embedded model from settings (KIKULTUR_MODEL_PATH), else the SmolLM2 demo."""
    from kikultur.llm.default import demo_model_path

    path = settings.model_path or demo_model_path()
    return ProviderConfig(
        name=DEFAULT_PROVIDER_NAME,
        kind=ProviderKind.embedded,
        model=str(path),
        data_class=DataClass.local,
    )


def resolve_model_file(model: str, settings: Settings) -> Path:
    """A GGUF path, or a catalogue name downloaded into `<data_dir>/models`."""
    from kikultur.llm.catalogue import UnknownModel, find_model, models_dir

    candidate = Path(model).expanduser()
    if candidate.suffix == ".gguf" or candidate.is_file():
        return candidate
    try:
        entry = find_model(model)
    except UnknownModel as exc:
        raise ProviderConfigError(str(exc)) from exc
    if entry.bundled:
        from kikultur.llm.default import demo_model_path

        return demo_model_path()
    path = entry.local_path(models_dir(settings.data_dir))
    if not path.is_file():
        raise ProviderConfigError(
            _(
                "Das Modell „{name}“ ist noch nicht heruntergeladen. Bitte zuerst "
                "`kikultur models pull {name}` ausführen."
            ).format(name=entry.name)
        )
    return path


def build_provider(config: ProviderConfig, settings: Settings) -> Provider:
    """Builds the provider; reads the API key from its environment variable at this moment."""
    if config.kind is ProviderKind.embedded:
        from kikultur.llm.llama import LlamaProvider

        path = resolve_model_file(config.model, settings)
        return LlamaProvider(
            path,
            n_ctx=config.context_window or settings.llm_context,
            n_threads=settings.llm_threads,
            name=config.name,
            model=path.name,
        )
    from kikultur.llm.openai_compat import OpenAICompatProvider

    api_key = None
    if config.api_key_encrypted:
        from kikultur.llm.keys import decrypt_api_key

        api_key = decrypt_api_key(
            settings.resolve_secret_key(), config.api_key_encrypted, provider=config.name
        )
    elif config.api_key_env:
        api_key = os.environ.get(config.api_key_env)
        if not api_key:
            raise ProviderConfigError(
                _(
                    "Für den Anbieter „{name}“ fehlt der API-Schlüssel: Die Umgebungsvariable "
                    "{var} ist nicht gesetzt."
                ).format(name=config.name, var=config.api_key_env)
            )
    assert config.base_url is not None  # checked by the model validator
    return OpenAICompatProvider(
        name=config.name,
        base_url=config.base_url,
        model=config.model,
        data_class=config.data_class,
        api_key=api_key,
        connect_timeout=config.connect_timeout,
        read_timeout=config.read_timeout,
        max_retries=config.max_retries,
        context_window=config.context_window,
        stream_usage=config.stream_usage,
    )
