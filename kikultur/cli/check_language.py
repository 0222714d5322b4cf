"""`kikultur check language|readability|platform|all`: fair and clear language from the CLI.

A post for `check platform` is either a text file (images given with `--alt`, once per image;
`--alt ""` for an image without alt text) or a YAML post file (`.yaml`/`.yml`):

    text: |
      Heute Abend: Offene Bühne! #OffeneBühne
    channel: mastodon        # optional, `--channel` wins
    images:
      - file: buehne.jpg
        alt: Eine leere Bühne mit Mikrofon im Scheinwerferlicht.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
import yaml

from kikultur.checks.facts import check_facts
from kikultur.checks.findings import CheckContext, Finding, findings_payload
from kikultur.checks.language.gender import STYLES, check_gender
from kikultur.checks.language.platforms import CHANNELS, Image, check_platform
from kikultur.checks.language.readability import ReadabilityResult, check_readability
from kikultur.checks.language.sensitive import check_sensitive
from kikultur.checks.privacy import check_privacy
from kikultur.cli.check_facts import load_facts_file
from kikultur.cli.common import (
    MAX_INPUT_BYTES,
    FormatOption,
    OutputFormat,
    check_app,
    echo_json,
    fail,
    read_text_input,
)
from kikultur.i18n import _

CheckResult = list[Finding] | ReadabilityResult
CheckFn = Callable[[str, CheckContext], CheckResult]


def check_language_text(text: str, context: CheckContext) -> list[Finding]:
    """Gender-inclusive language and sensitive terms together, sorted by offset."""
    findings = check_gender(text, context) + check_sensitive(text, context)
    return sorted(findings, key=lambda f: (f.start, f.end))


# `check all` runs these in order; adding a check is one line here.
ALL_CHECKS: list[tuple[str, CheckFn]] = [
    ("language", check_language_text),
    ("readability", check_readability),
    ("privacy", check_privacy),
    ("facts", check_facts),
]

FILE_ARG = typer.Argument(..., help="Textdatei (UTF-8), DOCX-Datei oder - für die Standardeingabe.")


def read_document(path: str) -> str:
    """Reads a UTF-8 text file or the paragraphs of a DOCX file; German errors for bad input."""
    text = _read_any(path)
    if not text.strip():
        fail(_("{path} ist leer: Es gibt nichts zu prüfen.").format(path=path))
    return text


def _read_any(path: str) -> str:
    if path != "-" and path.lower().endswith(".docx"):
        file = Path(path)
        if not file.is_file():
            fail(_("Die Datei {path} wurde nicht gefunden.").format(path=path))
        if file.stat().st_size > MAX_INPUT_BYTES:
            fail(_("{path} ist zu groß.").format(path=path))
        try:
            from docx import Document

            document = Document(io.BytesIO(file.read_bytes()))
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            fail(_("{path} ist keine gültige DOCX-Datei ({error}).").format(path=path, error=exc))
        return "\n\n".join(p.text for p in document.paragraphs)
    return read_text_input(path)


def _style(style: str) -> str:
    if style not in STYLES:
        fail(_("Unbekannter Stil „{style}“. Möglich: {styles}.").format(
            style=style, styles=", ".join(STYLES)))  # fmt: skip
    return style


def _channel(channel: str) -> str:
    name = channel.lower()
    if name not in CHANNELS:
        fail(_("Unbekannter Kanal „{name}“. Möglich: {names}.").format(
            name=channel, names=", ".join(CHANNELS)))  # fmt: skip
    return name


def _print(findings: list[Finding], text: str, fmt: OutputFormat, **extra: Any) -> None:
    if fmt == OutputFormat.json:
        echo_json(findings_payload(findings, **extra))
        return
    if not findings:
        typer.echo(_("Keine Hinweise."))
    for f in findings:
        line = text.count("\n", 0, f.start) + 1
        column = f.start - (text.rfind("\n", 0, f.start) + 1) + 1
        where = f"{line}:{column}" if f.end > f.start else "-"
        typer.echo(f"{where}  {f.kind}  [{f.severity}]  {f.message}")
        if f.suggestions:
            typer.echo("    " + _("Vorschlag: {s}").format(s=" | ".join(f.suggestions)))
    for key, value in extra.items():
        if isinstance(value, dict):
            _print_metrics(key, value)


def _print_metrics(name: str, metrics: dict[str, Any], indent: str = "") -> None:
    if not indent:
        typer.echo("")
    typer.echo(f"{indent}{name}:")
    for key, value in metrics.items():
        if key == "sentence_scores":
            continue
        if isinstance(value, dict):
            _print_metrics(key, value, indent + "  ")
        else:
            typer.echo(f"{indent}  {key}: {value}")


@check_app.command("language")
def language_command(
    file: str = FILE_ARG,
    style: str = typer.Option(
        "stern", "--style", help="Stil der Vorschläge: stern, doppelpunkt, neutral, paarform."
    ),
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Geschlechtergerechte Sprache und diskriminierende Begriffe prüfen."""
    context = CheckContext(gender_style=_style(style))
    text = read_document(file)
    _print(check_language_text(text, context), text, fmt)


@check_app.command("readability")
def readability_command(
    file: str = FILE_ARG,
    leichte_sprache: bool = typer.Option(
        False, "--leichte-sprache", help="Auch die Regeln der Leichten Sprache prüfen."
    ),
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Lesbarkeit messen: Verständlichkeitswert mit Ampel und Hinweise je Satz."""
    text = read_document(file)
    result = check_readability(text, CheckContext(leichte_sprache=leichte_sprache))
    _print(result.findings, text, fmt, metrics=result.metrics)


def read_post(path: str, alts: list[str] | None) -> tuple[str, list[Image], str | None]:
    """Text, images and channel of a post: YAML post file or plain text plus `--alt` options."""
    if path != "-" and path.lower().endswith((".yaml", ".yml")):
        raw = read_document(path)
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            fail(_("{path} ist kein gültiges YAML: {error}").format(path=path, error=exc))
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            fail(_("{path}: Es fehlt das Feld „text“ mit dem Beitrag.").format(path=path))
        images = []
        for entry in data.get("images") or []:
            if not isinstance(entry, dict):
                fail(_("{path}: Jedes Bild braucht die Felder „file“ und „alt“.").format(path=path))
            alt = entry.get("alt")
            images.append(
                Image(alt=str(alt) if alt is not None else None, name=str(entry.get("file", "")))
            )
        channel = data.get("channel")
        return data["text"], images, str(channel) if channel else None
    text = read_document(path)
    return text, [Image(alt=a) for a in alts or []], None


@check_app.command("platform")
def platform_command(
    file: str = FILE_ARG,
    channel: str | None = typer.Option(
        None, "--channel", help="Kanal: " + ", ".join(CHANNELS) + "."
    ),
    limit: int | None = typer.Option(
        None, "--limit", min=1, help="Zeichengrenze des eigenen Servers (z. B. Mastodon)."
    ),
    alt: list[str] | None = typer.Option(
        None, "--alt", help="Alternativtext eines Bildes; einmal je Bild angeben."
    ),
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Prüfen, ob ein Beitrag zur Plattform passt: Länge, Hashtags, Alternativtexte."""
    text, images, post_channel = read_post(file, alt)
    name = channel or post_channel
    if not name:
        fail(
            _("Bitte einen Kanal mit --channel angeben ({names}).").format(
                names=", ".join(CHANNELS)
            )
        )
    context = CheckContext(channel=_channel(name), channel_limit=limit)
    _print(check_platform(text, context, images=images), text, fmt)


@check_app.command("all")
def all_command(
    file: str = FILE_ARG,
    style: str = typer.Option("stern", "--style", help="Stil der Vorschläge zum Gendern."),
    channel: str | None = typer.Option(None, "--channel", help="Auch die Plattform prüfen."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Zeichengrenze des Servers."),
    alt: list[str] | None = typer.Option(None, "--alt", help="Alternativtext je Bild."),
    leichte_sprache: bool = typer.Option(
        False, "--leichte-sprache", help="Leichte Sprache prüfen."
    ),
    facts: str | None = typer.Option(
        None,
        "--facts",
        help="Faktendatei (JSON oder YAML) für die Faktenprüfung; ohne sie gilt jede Angabe "
        "als nicht belegt.",
    ),
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Alle Prüfungen auf einmal."""
    text, images, post_channel = read_post(file, alt)
    name = channel or post_channel
    sources = load_facts_file(facts) if facts else CheckContext()
    context = CheckContext(
        facts=sources.facts,
        sources=sources.sources,
        factsheet=sources.factsheet,
        people=sources.people,
        gender_style=_style(style),
        channel=_channel(name) if name else None,
        channel_limit=limit,
        leichte_sprache=leichte_sprache,
    )
    checks = list(ALL_CHECKS)
    if context.channel:
        checks.append(("platform", lambda t, c: check_platform(t, c, images=images)))
    findings, metrics = run_checks(text, context, checks)
    _print(findings, text, fmt, metrics=metrics)


def run_checks(
    text: str, context: CheckContext, checks: list[tuple[str, CheckFn]]
) -> tuple[list[Finding], dict[str, Any]]:
    """Runs each check; findings merged by offset, metrics under the check's name."""
    findings: list[Finding] = []
    metrics: dict[str, Any] = {}
    for name, check in checks:
        result = check(text, context)
        if isinstance(result, ReadabilityResult):
            findings.extend(result.findings)
            metrics[name] = result.metrics
        else:
            findings.extend(result)
    findings.sort(key=lambda f: (f.start, f.end))
    return findings, metrics
