"""`kikultur draft TOOL` and `kikultur export DRAFT_ID`: the draft pipeline from the terminal."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from kikultur.cli.admin import load_settings, open_database, resolve_org
from kikultur.cli.common import FormatOption, OutputFormat, app, echo_json, fail, read_text_input
from kikultur.i18n import _
from kikultur.llm.base import ProviderError
from kikultur.services import drafts
from kikultur.store.repository import OrgRepository
from kikultur.tools.inputs import InvalidInputsError
from kikultur.tools.registry import ToolError

OrgOption = Annotated[
    str | None,
    typer.Option("--org", help="Name der Einrichtung (Standard: die einzige der Instanz)."),
]
EXPORT_FORMATS = ("docx", "md", "txt", "jsonld", "mm", "mermaid", "ics")
_INT = "tag:yaml.org,2002:int"


class _InputLoader(yaml.SafeLoader):
    """YAML 1.1 reads `uhrzeit: 15:00` as the number 900 (base 60); here it stays text."""


_InputLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _INT]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_InputLoader.add_implicit_resolver(
    _INT, re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
)


def _read_inputs(path: str | None) -> dict[str, Any]:
    if path is None:
        return {}
    raw = read_text_input(path)
    try:
        data = yaml.load(raw, Loader=_InputLoader)
    except yaml.YAMLError as exc:
        fail(_("{path} ist kein gültiges YAML: {error}").format(path=path, error=exc))
    if data is None:
        return {}
    if not isinstance(data, dict):
        fail(
            _("{path} muss Felder als „name: wert“ enthalten (ein YAML-Objekt).").format(path=path)
        )
    return {str(key): value for key, value in data.items()}


def _input_errors(tool_id: str, errors: dict[str, str]) -> str:
    lines = [_("Das Formular für „{tool}“ ist unvollständig oder falsch:").format(tool=tool_id)]
    lines += [f"  {field}: {message}" for field, message in errors.items()]
    lines.append(_("Es wurde nichts an ein Modell gesendet."))
    return "\n".join(lines)


def _echo_findings(findings: list[dict[str, Any]]) -> None:
    shown = [f for f in findings if f.get("status") != "verified" and f.get("severity") != "hint"]
    if not shown:
        return
    typer.echo(_("Hinweise der Prüfungen:"), err=True)
    for finding in shown:
        where = f" „{finding['text'][:60]}“" if finding.get("text") else ""
        typer.echo(f"  [{finding['check']}] {finding['message']}{where}", err=True)


@app.command("draft")
def draft_command(
    tool_id: Annotated[str, typer.Argument(metavar="WERKZEUG", help="ID des Werkzeugs.")],
    brief: Annotated[str, typer.Option("--brief", help="Ihre Notizen für den Entwurf.")] = "",
    input_file: Annotated[
        str | None,
        typer.Option("--input", help="YAML-Datei mit den Formularfeldern (oder - für stdin)."),
    ] = None,
    provider: Annotated[
        str | None, typer.Option("--provider", help="Name des Modell-Anbieters.")
    ] = None,
    org: OrgOption = None,
    mask: Annotated[
        list[str] | None,
        typer.Option("--mask", help="Begriff zusätzlich pseudonymisieren (mehrfach möglich)."),
    ] = None,
    unmask: Annotated[
        list[str] | None,
        typer.Option("--unmask", help="Erkannten Begriff nicht pseudonymisieren."),
    ] = None,
    max_tokens: Annotated[
        int, typer.Option("--max-tokens", min=1, max=32_000, help="Höchstens so viele Tokens.")
    ] = 1500,
    format: FormatOption = OutputFormat.text,
) -> None:
    """Einen Entwurf mit einem Werkzeug erzeugen, prüfen und speichern."""
    values = _read_inputs(input_file)
    settings = load_settings()
    session = open_database(settings)
    try:
        organisation = resolve_org(session, org)
        repo = OrgRepository(session, organisation.id)
        try:
            prepared = drafts.prepare(
                repo,
                settings,
                tool_id,
                values,
                brief,
                provider_name=provider,
                extra_terms=mask or (),
                ignored_terms=unmask or (),
            )
        except InvalidInputsError as exc:
            fail(_input_errors(tool_id, exc.errors))
        except (ToolError, ProviderError) as exc:
            fail(str(exc))
        if prepared.needs_shield:
            typer.echo(
                _("Vor dem Senden an „{name}“ werden ersetzt:").format(name=prepared.provider.name),
                err=True,
            )
            for item in prepared.shield_preview:
                typer.echo(f"  {item.placeholder} ← {item.value} ({item.kind})", err=True)
        generation = drafts.generate(repo, settings, prepared, None, max_tokens=max_tokens)
        if format is OutputFormat.text and sys.stderr.isatty():
            for chunk in generation:
                typer.echo(chunk, nl=False, err=True)
            typer.echo("", err=True)
        else:
            drafts.run_generation(generation)
        result = generation.result
        assert result is not None
        payload = result.to_dict()
        if format is OutputFormat.json:
            echo_json(payload)
        elif result.version is not None:
            typer.echo(result.text, nl=not result.text.endswith("\n"))
            _echo_findings(payload["findings"])
        if result.version is not None:
            typer.echo(
                _("Entwurf {id}, Version {number} gespeichert.").format(
                    id=result.draft.id, number=result.version.number
                ),
                err=True,
            )
        if not result.ok:
            kept = (
                _("Der bisher erzeugte Text ist als Version {number} gespeichert.").format(
                    number=result.version.number
                )
                if result.version is not None
                else ""
            )
            retry = _("Erneut versuchen oder mit --provider einen anderen Anbieter wählen.")
            fail(" ".join(p for p in (result.user_message or "", kept, retry) if p))
    finally:
        session.close()


@app.command("export")
def export_command(
    draft_id: Annotated[int, typer.Argument(metavar="ENTWURF", help="Nummer des Entwurfs.")],
    out: Annotated[Path, typer.Option("--out", help="Zieldatei.")],
    format: Annotated[
        str, typer.Option("--format", help="docx, md oder txt (je nach Werkzeug auch mehr).")
    ] = "docx",
    org: OrgOption = None,
    version: Annotated[
        int | None, typer.Option("--version", help="Diese Version statt der neuesten.")
    ] = None,
) -> None:
    """Einen gespeicherten Entwurf als Word, Markdown oder Text speichern."""
    if format not in EXPORT_FORMATS:
        fail(
            _("Unbekanntes Format „{format}“. Möglich: {formats}.").format(
                format=format, formats=", ".join(EXPORT_FORMATS)
            )
        )
    if out.is_dir():
        fail(_("{path} ist ein Ordner; bitte einen Dateinamen angeben.").format(path=out))
    settings = load_settings()
    session = open_database(settings)
    try:
        repo = OrgRepository(session, resolve_org(session, org).id)
        try:
            draft = drafts.get_draft(repo, draft_id)
            exported = drafts.export(repo, settings, draft, format, version)
        except (drafts.DraftError, ToolError) as exc:
            fail(str(exc))
        try:
            out.write_bytes(exported.file.content)
        except OSError as exc:
            fail(_("{path} kann nicht geschrieben werden: {error}").format(path=out, error=exc))
        typer.echo(
            _("Entwurf {id} als {format} gespeichert: {path}").format(
                id=draft.id, format=format, path=out
            ),
            err=True,
        )
    finally:
        session.close()
