"""One Settings class: every setting declared once, with a default and a German help text."""

from __future__ import annotations

import os
import secrets
import tomllib
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

SECRET_KEY_FILE = "secret_key"
MIN_SECRET_KEY_LENGTH = 32
PLACEHOLDER_SECRETS = frozenset(
    {"changeme", "change-me", "change_me", "secret", "geheim", "password", "passwort", "xxx"}
)


class ConfigError(Exception):
    """A setting is wrong; the message is German and says how to fix it."""


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("kikultur", appauthor=False))


def _toml_file() -> Path | None:
    explicit = os.environ.get("KIKULTUR_CONFIG_FILE")
    if explicit:
        return Path(explicit)
    data_dir = Path(os.environ.get("KIKULTUR_DATA_DIR") or default_data_dir())
    candidate = data_dir / "kikultur.toml"
    return candidate if candidate.is_file() else None


class Settings(BaseSettings):
    """Settings from `KIKULTUR_*` environment variables and an optional TOML file."""

    model_config = SettingsConfigDict(env_prefix="KIKULTUR_", extra="ignore")

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Datenordner: Datenbank, Schlüssel, Modelle, Sicherungen.",
    )
    database_url: str | None = Field(
        default=None,
        description="Datenbank-URL (z. B. postgresql+psycopg://...). Leer: SQLite im Datenordner.",
    )
    secret_key: str | None = Field(
        default=None,
        description="Geheimer Schlüssel für Sitzungen. Leer: wird beim ersten Start erzeugt.",
    )
    host: str = Field(default="127.0.0.1", description="Adresse, an der der Server lauscht.")
    port: int = Field(default=8000, description="Port des Servers.")
    https: bool = Field(
        default=False,
        description="Läuft hinter HTTPS: Cookies werden nur verschlüsselt übertragen.",
    )
    session_hours: int = Field(default=12, description="Wie lange eine Anmeldung gilt (Stunden).")
    login_max_failures: int = Field(
        default=5, description="Fehlversuche, nach denen die Anmeldung gesperrt wird."
    )
    login_lockout_minutes: int = Field(
        default=15, description="Wie lange die Anmeldung nach zu vielen Fehlversuchen ruht."
    )
    argon2_time_cost: int = Field(
        default=3, description="Argon2: Rechenrunden beim Passwort-Hashing (Tests: 1)."
    )
    argon2_memory_kib: int = Field(
        default=65536, description="Argon2: Speicher beim Passwort-Hashing in KiB (Tests: 8)."
    )
    invitation_days: int = Field(default=7, description="Gültigkeit von Einladungslinks (Tage).")
    upload_max_bytes: int = Field(
        default=10 * 1024 * 1024, description="Größte erlaubte Datei beim Hochladen (Bytes)."
    )
    model_path: Path | None = Field(
        default=None,
        description="GGUF-Datei des lokalen Modells. Leer: das kleine Demo-Modell SmolLM2.",
    )
    llm_threads: int = Field(default=2, description="CPU-Threads für das lokale Modell.")
    llm_context: int = Field(default=4096, description="Kontextgröße des lokalen Modells (Tokens).")
    retention_drafts_days: int = Field(
        default=730,
        ge=1,
        description="Löschfrist für Entwürfe (Tage seit der letzten Änderung); jede Einrichtung "
        "kann eine eigene Frist einstellen.",
    )
    retention_audit_days: int = Field(
        default=365,
        ge=1,
        description="Löschfrist für Protokolle der Modellaufrufe (Tage); jede Einrichtung kann "
        "eine eigene Frist einstellen.",
    )
    retention_autopurge: bool = Field(
        default=True,
        description="Abgelaufene Daten beim Serverstart und dann täglich automatisch löschen.",
    )
    ollama_url: str = Field(
        default="http://127.0.0.1:11434",
        description="Adresse eines lokalen Ollama, dessen Modelle angeboten werden. "
        "Leer: nicht suchen.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        toml_file = _toml_file()
        if toml_file is not None:
            if not toml_file.is_file():
                raise ConfigError(f"Die Einstellungsdatei {toml_file} wurde nicht gefunden.")
            try:
                tomllib.loads(toml_file.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(
                    f"Die Einstellungsdatei {toml_file} ist kein gültiges TOML: {exc}"
                ) from exc
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_file))
        return tuple(sources)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'kikultur.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")

    def ensure_data_dir(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self.data_dir

    def resolve_secret_key(self) -> str:
        """The configured key, or one generated on first start into the data directory."""
        if self.secret_key is not None:
            validate_secret_key(self.secret_key, source="KIKULTUR_SECRET_KEY")
            return self.secret_key
        key_file = self.ensure_data_dir() / SECRET_KEY_FILE
        if key_file.exists():
            key = key_file.read_text(encoding="utf-8").strip()
            validate_secret_key(key, source=str(key_file))
            return key
        key = secrets.token_urlsafe(48)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(key + "\n")
        return key


def validate_secret_key(key: str, *, source: str) -> None:
    """Refuses placeholders and short keys with a German message that says how to fix it."""
    fix = (
        "So beheben Sie das: Entfernen Sie KIKULTUR_SECRET_KEY, dann erzeugt die Werkbank "
        "beim Start selbst einen Schlüssel, oder setzen Sie einen zufälligen Wert, z. B. "
        'mit: python3 -c "import secrets; print(secrets.token_urlsafe(48))"'
    )
    if key.strip().lower() in PLACEHOLDER_SECRETS:
        raise ConfigError(f"Der geheime Schlüssel aus {source} ist ein Platzhalter. {fix}")
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(
            f"Der geheime Schlüssel aus {source} ist zu kurz ({len(key)} Zeichen, "
            f"mindestens {MIN_SECRET_KEY_LENGTH}). {fix}"
        )


def describe_settings() -> list[dict[str, Any]]:
    """Every setting with its environment variable, default and help text (for docs and CLI)."""
    rows = []
    for name, field in Settings.model_fields.items():
        default = field.default if field.default_factory is None else "(berechnet)"
        rows.append(
            {
                "name": name,
                "env": f"KIKULTUR_{name.upper()}",
                "default": default,
                "help": field.description or "",
            }
        )
    return rows
