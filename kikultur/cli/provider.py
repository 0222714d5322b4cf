"""`kikultur provider add|list|use|test`: configure model providers and try them out."""

from __future__ import annotations

import contextlib
import sys
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from kikultur.cli.common import OutputFormat, app, echo_json, fail
from kikultur.config import ConfigError, Settings
from kikultur.i18n import _
from kikultur.llm.audit import JsonlAuditLog
from kikultur.llm.base import GenerationOptions, ProviderError
from kikultur.llm.calls import CallContext, run_call
from kikultur.llm.config_store import JsonProviderStore, ProviderStoreError
from kikultur.llm.default import DemoModelMissing, demo_notice, is_demo_model
from kikultur.llm.messages import ChatMessage, DataClass, ShieldRequiredError
from kikultur.llm.providers import (
    DEFAULT_PROVIDER_NAME,
    ProviderConfig,
    ProviderKind,
    build_provider,
    default_config,
)

provider_app = typer.Typer(help="Modell-Anbieter einrichten, auswählen und testen.")
app.add_typer(provider_app, name="provider")

AUDIT_FILE = "audit.jsonl"
DEFAULT_TEST_PROMPT = "Schreibe einen Satz über ein Stadtteilfest in Hamburg."


def _settings() -> Settings:
    try:
        return Settings()
    except ConfigError as exc:
        fail(str(exc))


def _store(settings: Settings) -> JsonProviderStore:
    return JsonProviderStore.in_data_dir(settings.data_dir)


def _find(settings: Settings, name: str) -> ProviderConfig:
    try:
        config = _store(settings).get(name)
    except ProviderStoreError as exc:
        fail(str(exc))
    if config is not None:
        return config
    if name == DEFAULT_PROVIDER_NAME:
        try:
            return default_config(settings)
        except DemoModelMissing as exc:
            fail(str(exc))
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
        float | None, typer.Option("--price-in", help="Preis je 1000 Eingabe-Tokens (EUR).")
    ] = None,
    price_out: Annotated[
        float | None, typer.Option("--price-out", help="Preis je 1000 Ausgabe-Tokens (EUR).")
    ] = None,
    context_window: Annotated[
        int | None, typer.Option("--context", help="Kontextgröße des Modells (Tokens).")
    ] = None,
    read_timeout: Annotated[
        float, typer.Option("--timeout", help="Sekunden bis zum ersten/nächsten Textstück.")
    ] = 60.0,
    replace: Annotated[
        bool, typer.Option("--replace", help="Vorhandenen Eintrag ersetzen.")
    ] = False,
) -> None:
    """Einen Anbieter anlegen. Der API-Schlüssel selbst wird nie gespeichert, nur der Name der
    Umgebungsvariablen."""
    settings = _settings()
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
        )
    except ValidationError as exc:
        fail("; ".join(str(e.get("msg", "")).removeprefix("Value error, ") for e in exc.errors()))
    try:
        _store(settings).add(config, replace=replace)
    except ProviderStoreError as exc:
        fail(str(exc))
    typer.echo(
        _("Anbieter „{name}“ gespeichert ({data_class}).").format(
            name=name, data_class=data_class.value
        )
    )


def _row(config: ProviderConfig, active: str | None) -> dict[str, Any]:
    return {
        "name": config.name,
        "active": config.name == active,
        "kind": config.kind.value,
        "base_url": config.base_url,
        "model": config.model,
        "data_class": config.data_class.value,
        "api_key": config.api_key_status(),
        "demo": config.kind is ProviderKind.embedded and is_demo_model(config.model),
    }


@provider_app.command("list")
def list_providers(
    output: Annotated[OutputFormat, typer.Option("--format", help="text oder json")] = (
        OutputFormat.text
    ),
    detect: Annotated[
        bool, typer.Option("--detect/--no-detect", help="Nach einem laufenden Ollama suchen.")
    ] = True,
) -> None:
    """Alle Anbieter zeigen (ohne API-Schlüssel), dazu gefundene Ollama-Modelle."""
    settings = _settings()
    store = _store(settings)
    try:
        configs, active = store.all(), store.active_name()
    except ProviderStoreError as exc:
        fail(str(exc))
    if not any(c.name == DEFAULT_PROVIDER_NAME for c in configs):
        with contextlib.suppress(DemoModelMissing):
            configs.insert(0, default_config(settings))
    active = active or DEFAULT_PROVIDER_NAME
    rows = [_row(c, active) for c in configs]
    suggestions: list[dict[str, Any]] = []
    if detect:
        from kikultur.llm.ollama import ollama_suggestions

        suggestions = [_row(c, None) for c in ollama_suggestions()]
    if output is OutputFormat.json:
        echo_json({"providers": rows, "ollama_suggestions": suggestions})
        return
    for row in rows:
        marker = "*" if row["active"] else " "
        where = row["base_url"] or _("eingebettet")
        typer.echo(
            f"{marker} {row['name']}: {row['model']} [{row['data_class']}] {where}, "
            f"{row['api_key']}"
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
def use(name: Annotated[str, typer.Argument(help="Name des Anbieters.")]) -> None:
    """Einen Anbieter als aktiven Anbieter dieser Instanz wählen."""
    settings = _settings()
    try:
        _store(settings).set_active(name)
    except ProviderStoreError as exc:
        fail(str(exc))
    typer.echo(_("Aktiver Anbieter: {name}").format(name=name))


@provider_app.command("test")
def test(
    name: Annotated[str, typer.Argument(help="Name des Anbieters.")],
    prompt: Annotated[str, typer.Option("--prompt", help="Text, der gesendet wird.")] = (
        DEFAULT_TEST_PROMPT
    ),
    max_tokens: Annotated[int, typer.Option("--max-tokens", help="Höchstens so viele Tokens.")] = (
        128
    ),
    output: Annotated[OutputFormat, typer.Option("--format", help="text oder json")] = (
        OutputFormat.text
    ),
) -> None:
    """Eine Anfrage an den Anbieter senden, wie jeder Modellaufruf (mit Protokolleintrag), und
    Antwort, Zeit bis zum ersten Token und Tokens pro Sekunde zeigen."""
    if not prompt.strip():
        fail(_("Der Prompt ist leer."))
    settings = _settings()
    config = _find(settings, name)
    try:
        provider = build_provider(config, settings)
    except ProviderError as exc:
        fail(exc.user_message)
    stream_text = output is OutputFormat.text
    recorder = JsonlAuditLog(settings.ensure_data_dir() / AUDIT_FILE)

    def echo_chunk(chunk: str) -> None:
        sys.stdout.write(chunk)
        sys.stdout.flush()

    try:
        result = run_call(
            provider,
            [ChatMessage("user", prompt)],
            GenerationOptions(max_tokens=max_tokens),
            recorder,
            context=CallContext(tool="provider-test"),
            on_chunk=echo_chunk if stream_text else None,
            price=config.price,
        )
    except ShieldRequiredError as exc:
        fail(
            str(exc)
            + " "
            + _(
                "Dieser Anbieter kann erst getestet werden, wenn der "
                "Datenschutz-Schutzschild eingebaut ist."
            )
        )
    except KeyboardInterrupt:
        fail(_("Abgebrochen."), code=130)
    ttft = result.record.ttft_ms
    rate = result.tokens_per_s
    if output is OutputFormat.json:
        data: dict[str, Any] = {
            "reply": result.text,
            "ttft_ms": round(ttft, 1) if ttft is not None else None,
            "tokens_per_s": round(rate, 2) if rate is not None else None,
        }
        if result.error is not None:
            data["error"] = result.error.user_message
        echo_json(data)
    else:
        typer.echo("")
        ttft_text = f"{ttft:.0f} ms" if ttft is not None else "–"
        rate_text = f"{rate:.1f}" if rate is not None else "–"
        estimated = _(" (geschätzt)") if result.record.tokens_estimated else ""
        typer.echo(
            _("Zeit bis zum ersten Token: {ttft}; {rate} Tokens/s{estimated}").format(
                ttft=ttft_text, rate=rate_text, estimated=estimated
            )
        )
        if config.kind is ProviderKind.embedded and is_demo_model(config.model):
            typer.echo(demo_notice())
    if result.error is not None:
        fail(result.error.user_message)
