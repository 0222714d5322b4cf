"""`kikultur models list|pull`: the catalogue of local models and their resumable download."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kikultur.cli.common import FormatOption, OutputFormat, app, echo_json, fail
from kikultur.config import ConfigError, Settings
from kikultur.i18n import _
from kikultur.llm.catalogue import UnknownModel, find_model, load_catalogue, models_dir
from kikultur.llm.download import DownloadError, HashRecord, download_file

models_app = typer.Typer(help="Lokale Modelle: Katalog anzeigen und herunterladen.")
app.add_typer(models_app, name="models")


def _settings() -> Settings:
    try:
        return Settings()
    except ConfigError as exc:
        fail(str(exc))


@models_app.command("list")
def list_models(
    output: FormatOption = OutputFormat.text,
    detect: Annotated[
        bool, typer.Option("--detect/--no-detect", help="Nach einem laufenden Ollama suchen.")
    ] = True,
) -> None:
    """Katalog der lokalen Modelle mit Größe, Lizenz und RAM-Bedarf."""
    settings = _settings()
    folder = models_dir(settings.data_dir)
    rows: list[dict[str, Any]] = []
    for entry in load_catalogue():
        installed = entry.bundled or entry.local_path(folder).is_file()
        rows.append({**entry.model_dump(), "installed": installed})
    ollama: list[str] = []
    if detect:
        from kikultur.llm.ollama import ollama_models

        ollama = ollama_models()
    if output is OutputFormat.json:
        echo_json({"models": rows, "ollama": ollama})
        return
    for row in rows:
        state = _("installiert") if row["installed"] else _("nicht geladen")
        typer.echo(
            _(
                "{name}: {title}, {size} GB, RAM ab {ram} GB, Lizenz {licence}, Deutsch: "
                "{german} ({state})"
            ).format(
                name=row["name"],
                title=row["title"],
                size=row["size_gb"],
                ram=row["ram_gb"],
                licence=row["licence"],
                german=row["german"],
                state=state,
            )
        )
    if ollama:
        typer.echo(_("Ollama auf diesem Rechner bietet: {models}").format(models=", ".join(ollama)))


@models_app.command("pull")
def pull(
    name: Annotated[str, typer.Argument(help="Name aus `kikultur models list`.")],
    output: FormatOption = OutputFormat.text,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="Andere Download-Adresse (Spiegelserver); die Prüfsumme "
            "aus dem Katalog gilt weiter.",
        ),
    ] = None,
) -> None:
    """Ein Modell herunterladen (setzt abgebrochene Downloads fort, prüft die SHA-256)."""
    settings = _settings()
    try:
        entry = find_model(name)
    except UnknownModel as exc:
        fail(str(exc))
    if entry.bundled:
        typer.echo(
            _("{title} ist schon mitgeliefert; kein Download nötig.").format(title=entry.title)
        )
        return
    source_url = url or entry.url
    if not source_url:
        fail(_("Für {title} ist keine Download-Adresse eingetragen.").format(title=entry.title))
    folder = models_dir(settings.data_dir)
    dest = entry.local_path(folder)
    show_progress = output is OutputFormat.text
    try:
        if show_progress:
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            with Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
            ) as bar:
                task = bar.add_task(entry.title, total=None)

                def progress(done: int, total: int | None) -> None:
                    bar.update(task, completed=done, total=total)

                result = download_file(
                    source_url,
                    dest,
                    expected_sha256=entry.sha256,
                    hashes=HashRecord(folder / "hashes.json"),
                    progress=progress,
                )
        else:
            result = download_file(
                source_url,
                dest,
                expected_sha256=entry.sha256,
                hashes=HashRecord(folder / "hashes.json"),
            )
    except DownloadError as exc:
        fail(exc.user_message)
    except KeyboardInterrupt:
        fail(
            _("Abgebrochen. Der geladene Teil bleibt erhalten; derselbe Befehl setzt fort."),
            code=130,
        )
    if output is OutputFormat.json:
        echo_json(
            {
                "path": str(result.path),
                "sha256": result.sha256,
                "size": result.size,
                "resumed_from": result.resumed_from,
                "hash_source": result.hash_source,
            }
        )
        return
    sources = {
        "catalogue": _("Prüfsumme aus dem Katalog"),
        "hub": _("Prüfsumme, die der Modell-Hub veröffentlicht"),
        "recorded": _("Prüfsumme vom ersten Download"),
        "first-download": _("keine Prüfsumme bekannt; jetzt für künftige Downloads notiert"),
    }
    typer.echo(
        _("Gespeichert: {path} (SHA-256 {sha}…, {source}).").format(
            path=result.path, sha=result.sha256[:12], source=sources[result.hash_source]
        )
    )
