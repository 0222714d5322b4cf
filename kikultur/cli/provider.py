"""`kikultur provider add|list|use|enable|disable|remove|test`: model providers in the database."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from sqlalchemy.orm import Session

from kikultur.cli.admin import OrgOption, load_settings, open_database, resolve_org
from kikultur.cli.common import FormatOption, OutputFormat, app, echo_json, fail
from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.llm.config_store import ProviderStoreError
from kikultur.llm.default import demo_notice
from kikultur.llm.messages import DataClass
from kikultur.llm.providers import DEFAULT_PROVIDER_NAME, ProviderConfig, ProviderKind
from kikultur.schemas.common import german_message
from kikultur.services.model_access import (
    available_providers,
    embedded_config,
    is_demo_config,
    provider_store,
)
from kikultur.services.provider_trial import DEFAULT_TEST_PROMPT, try_provider
from kikultur.store.providers import DbProviderStore

provider_app = typer.Typer(help="Modell-Anbieter einrichten, auswählen und testen.")
app.add_typer(provider_app, name="provider")


def _open() -> tuple[Settings, Session, DbProviderStore]:
    settings = load_settings()
    session = open_database(settings)
    return settings, session, provider_store(settings, session)


def _find(settings: Settings, store: DbProviderStore, name: str) -> ProviderConfig:
    config = store.get(name)
    if config is not None:
        return config
    if name == DEFAULT_PROVIDER_NAME:
        builtin = embedded_config(settings)
        if builtin is not None:
            return builtin
    fail(
        _("Einen Anbieter „{name}“ gibt es nicht. `kikultur provider list` zeigt alle.").format(
            name=name
        )
    )


@provider_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Kurzer Name, z. B. mistral oder ollama.")],
    model: Annotated[
        str, typer.Option("--model", help="Modellname beim Anbieter oder GGUF-Datei.")
    ],
    data_class: Annotated[
        DataClass,
        typer.Option("--data-class", help="Datenschutzklasse: local, eu oder third-country."),
    ],
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="Adresse der OpenAI-kompatiblen API.")
    ] = None,
    api_key_env: Annotated[
        str | None,
        typer.Option("--api-key-env", help="Name der Umgebungsvariablen mit dem API-Schlüssel."),
    ] = None,
    kind: Annotated[
        ProviderKind | None,
        typer.Option(
            "--kind",
            help="openai (HTTP) oder embedded (GGUF lokal). Vorgabe: openai "
            "mit --base-url, sonst embedded.",
        ),
    ] = None,
    price_in: Annotated[
        float | None, typer.Option("--price-in", help="Preis je 1000 gesendete Tokens (EUR).")
    ] = None,
    price_out: Annotated[
        float | None, typer.Option("--price-out", help="Preis je 1000 erhaltene Tokens (EUR).")
    ] = None,
    context_window: Annotated[
        int | None, typer.Option("--context", help="Kontextgröße des Modells (Tokens).")
    ] = None,
    read_timeout: Annotated[
        float, typer.Option("--timeout", help="Sekunden bis zum ersten/nächsten Textstück.")
    ] = 60.0,
    max_retries: Annotated[
        int, typer.Option("--retries", help="Neue Versuche bei vorübergehenden Fehlern.")
    ] = 2,
    replace: Annotated[
        bool, typer.Option("--replace", help="Vorhandenen Eintrag ersetzen.")
    ] = False,
) -> None:
    """Einen Anbieter für die ganze Instanz anlegen (Plattform-Verwaltung). Über die Kommandozeile
    wird nur der Name der Umgebungsvariablen mit dem API-Schlüssel gespeichert; einen Schlüssel
    selbst trägt man in der Weboberfläche ein (dort verschlüsselt gespeichert)."""
    _settings, _session, store = _open()
    try:
        config = ProviderConfig(
            name=name,
            kind=kind or (ProviderKind.openai if base_url else ProviderKind.embedded),
            base_url=base_url,
            model=model,
            data_class=data_class,
            api_key_env=api_key_env,
            price_input_per_1k=price_in,
            price_output_per_1k=price_out,
            context_window=context_window,
            read_timeout=read_timeout,
            max_retries=max_retries,
        )
    except ValidationError as exc:
        fail("; ".join(dict.fromkeys(german_message(e) for e in exc.errors())))
    if name == DEFAULT_PROVIDER_NAME:
        fail(_("Der Name „{name}“ ist für das eingebaute Modell reserviert.").format(name=name))
    try:
        store.add(config, replace=replace)
    except ProviderStoreError as exc:
        fail(str(exc))
    typer.echo(
        _("Anbieter „{name}“ gespeichert ({data_class}).").format(
            name=name, data_class=data_class.value
        )
    )
    if data_class is not DataClass.local:
        typer.echo(
            _(
                "Hinweis: Einrichtungen müssen diesen Anbieter erst freigeben "
                "(`kikultur provider enable {name} --org NAME` oder in den Modell-Einstellungen)."
            ).format(name=name)
        )


def _row(config: ProviderConfig, active: str | None, enabled: bool | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": config.name,
        "active": config.name == active,
        "kind": config.kind.value,
        "base_url": config.base_url,
        "model": config.model,
        "data_class": config.data_class.value,
        "api_key": config.api_key_status(),
        "demo": is_demo_config(config),
    }
    if enabled is not None:
        row["enabled"] = enabled
    return row


@provider_app.command("list")
def list_providers(
    org_name: OrgOption = None,
    output: FormatOption = OutputFormat.text,
    detect: Annotated[
        bool, typer.Option("--detect/--no-detect", help="Nach einem laufenden Ollama suchen.")
    ] = True,
) -> None:
    """Alle Anbieter zeigen (ohne API-Schlüssel), dazu gefundene Ollama-Modelle. Mit --org:
    welche für die Einrichtung freigegeben sind und welcher ihr Standard ist."""
    settings, session, store = _open()
    configs = store.all()
    active = store.active_name() or DEFAULT_PROVIDER_NAME
    enabled_names: set[str] | None = None
    if org_name is not None:
        org = resolve_org(session, org_name)
        enabled_names = {c.name for c in available_providers(settings, session, org.id)}
        active = store.default_for(org.id) or active
        if active not in enabled_names:
            active = DEFAULT_PROVIDER_NAME
    builtin = embedded_config(settings)
    if builtin is not None:
        configs.insert(0, builtin)
    rows = [
        _row(c, active, None if enabled_names is None else c.name in enabled_names) for c in configs
    ]
    suggestions: list[dict[str, Any]] = []
    if detect and settings.ollama_url:
        from kikultur.llm.ollama import ollama_suggestions

        known = {c.name for c in configs}
        suggestions = [
            _row(c, None, None)
            for c in ollama_suggestions(settings.ollama_url)
            if c.name not in known
        ]
    if output is OutputFormat.json:
        echo_json({"providers": rows, "ollama_suggestions": suggestions})
        return
    for row in rows:
        marker = "*" if row["active"] else " "
        where = row["base_url"] or _("eingebettet")
        state = ""
        if "enabled" in row:
            state = ", " + (_("freigegeben") if row["enabled"] else _("nicht freigegeben"))
        typer.echo(
            f"{marker} {row['name']}: {row['model']} [{row['data_class']}] {where}, "
            f"{row['api_key']}{state}"
        )
        if row["demo"]:
            typer.echo("    " + demo_notice())
    if suggestions:
        typer.echo(_("Gefunden: Ollama auf diesem Rechner. Hinzufügen mit:"))
        for s in suggestions:
            typer.echo(
                f"  kikultur provider add {s['name']} --base-url {s['base_url']} "
                f"--model {s['model']} --data-class local"
            )


@provider_app.command("use")
def use(
    name: Annotated[str, typer.Argument(help="Name des Anbieters (lokal: eingebautes Modell).")],
    org_name: OrgOption = None,
) -> None:
    """Standard-Anbieter wählen: mit --org für eine Einrichtung (gibt ihn dort frei), ohne
    --org für die ganze Instanz."""
    _settings, session, store = _open()
    target = None if name == DEFAULT_PROVIDER_NAME else name
    try:
        if org_name is not None:
            org = resolve_org(session, org_name)
            store.set_default(org.id, target)
            typer.echo(_("Standard-Anbieter von „{org}“: {name}").format(org=org.name, name=name))
        else:
            store.set_active(target)
            typer.echo(_("Standard-Anbieter der Instanz: {name}").format(name=name))
    except ProviderStoreError as exc:
        fail(str(exc))


def _set_enabled(name: str, org_name: str | None, enabled: bool) -> None:
    _settings, session, store = _open()
    org = resolve_org(session, org_name)
    try:
        store.set_enabled(org.id, name, enabled)
    except ProviderStoreError as exc:
        fail(str(exc))
    message = (
        _("„{name}“ ist für „{org}“ freigegeben.")
        if enabled
        else _("„{name}“ ist für „{org}“ gesperrt.")
    )
    typer.echo(message.format(name=name, org=org.name))


@provider_app.command("enable")
def enable(
    name: Annotated[str, typer.Argument(help="Name des Anbieters.")], org_name: OrgOption = None
) -> None:
    """Einen Anbieter für eine Einrichtung freigeben."""
    _set_enabled(name, org_name, True)


@provider_app.command("disable")
def disable(
    name: Annotated[str, typer.Argument(help="Name des Anbieters.")], org_name: OrgOption = None
) -> None:
    """Einen Anbieter für eine Einrichtung sperren."""
    _set_enabled(name, org_name, False)


@provider_app.command("remove")
def remove(name: Annotated[str, typer.Argument(help="Name des Anbieters.")]) -> None:
    """Einen Anbieter der Instanz löschen (die Protokolleinträge seiner Aufrufe bleiben)."""
    _settings, _session, store = _open()
    try:
        store.remove(name)
    except ProviderStoreError as exc:
        fail(str(exc))
    typer.echo(_("Anbieter „{name}“ gelöscht.").format(name=name))


@provider_app.command("test")
def test(
    name: Annotated[str, typer.Argument(help="Name des Anbieters.")],
    prompt: Annotated[str, typer.Option("--prompt", help="Text, der gesendet wird.")] = (
        DEFAULT_TEST_PROMPT
    ),
    max_tokens: Annotated[int, typer.Option("--max-tokens", help="Höchstens so viele Tokens.")] = (
        128
    ),
    org_name: Annotated[
        str | None,
        typer.Option("--org", help="Einrichtung, der der Aufruf im Protokoll zugerechnet wird."),
    ] = None,
    output: FormatOption = OutputFormat.text,
) -> None:
    """Eine Anfrage an den Anbieter senden, wie jeder Modellaufruf (mit Protokolleintrag), und
    Antwort, Zeit bis zum ersten Token und Tokens pro Sekunde zeigen. Anbieter außerhalb
    dieses Rechners bekommen den Text pseudonymisiert."""
    if not prompt.strip():
        fail(_("Der Prompt ist leer."))
    settings, session, store = _open()
    config = _find(settings, store, name)
    organisation_id = resolve_org(session, org_name).id if org_name is not None else None
    stream_text = output is OutputFormat.text

    def echo_chunk(chunk: str) -> None:
        sys.stdout.write(chunk)
        sys.stdout.flush()

    try:
        outcome = try_provider(
            settings,
            session,
            config,
            prompt=prompt,
            organisation_id=organisation_id,
            max_tokens=max_tokens,
            on_chunk=echo_chunk if stream_text else None,
        )
    except KeyboardInterrupt:
        fail(_("Abgebrochen."), code=130)
    if output is OutputFormat.json:
        data: dict[str, Any] = {
            "reply": outcome.reply,
            "ttft_ms": round(outcome.ttft_ms, 1) if outcome.ttft_ms is not None else None,
            "tokens_per_s": (
                round(outcome.tokens_per_s, 2) if outcome.tokens_per_s is not None else None
            ),
        }
        if outcome.error is not None:
            data["error"] = outcome.error
        echo_json(data)
    elif outcome.reply or outcome.ttft_ms is not None:
        typer.echo("")
        ttft_text = f"{outcome.ttft_ms:.0f} ms" if outcome.ttft_ms is not None else "–"
        rate = outcome.tokens_per_s
        rate_text = f"{rate:.1f}" if rate is not None else "–"
        estimated = _(" (geschätzt)") if outcome.tokens_estimated else ""
        typer.echo(
            _("Zeit bis zum ersten Token: {ttft}; {rate} Tokens/s{estimated}").format(
                ttft=ttft_text, rate=rate_text, estimated=estimated
            )
        )
        if is_demo_config(config):
            typer.echo(demo_notice())
    if outcome.error is not None:
        fail(outcome.error)
