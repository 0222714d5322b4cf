"""`kikultur check facts`: checks every claim of a text against a facts file (JSON or YAML)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
import yaml

from kikultur.checks.facts import CONTRADICTED, UNSUPPORTED, VERIFIED, check_facts, status_labels
from kikultur.checks.findings import CheckContext, Finding, findings_payload
from kikultur.cli.common import (
    FormatOption,
    OutputFormat,
    check_app,
    echo_json,
    fail,
    read_text_input,
)
from kikultur.i18n import _


@check_app.command(
    "facts",
    help=_(
        "Prüft Zahlen, Geldbeträge, Daten, Wochentage, Uhrzeiten, Namen, Zitate und "
        "Kontaktdaten eines Textes gegen die Angaben in der Faktendatei. Jede Angabe wird als "
        "belegt (verified), nicht belegt (unsupported) oder Widerspruch (contradicted) "
        "ausgegeben. Ohne --facts gibt es keine Quellen: dann ist jede Angabe „nicht belegt“ "
        "(nur ein Wochentag, der nicht zum Datum passt, ist immer ein Widerspruch). Der "
        "Exit-Code ist 0, wenn die Prüfung lief, auch bei Widersprüchen."
    ),
)
def facts_command(
    file: str = typer.Argument(
        ..., help=_("Textdatei (UTF-8), die geprüft wird; „-“ liest die Standardeingabe.")
    ),
    facts: str | None = typer.Option(
        None,
        "--facts",
        help=_(
            'JSON- oder YAML-Datei mit {"facts": {"Datum": "Samstag, 14. März 2026", ...}, '
            '"sources": ["freier Text", ...]}; optional "factsheet" (Steckbrief) und '
            '"people" (Personen).'
        ),
    ),
    output_format: FormatOption = OutputFormat.text,
) -> None:
    text = read_text_input(file)
    context = load_facts_file(facts) if facts else CheckContext()
    findings = check_facts(text, context)
    summary = summarise(findings)
    if output_format == OutputFormat.json:
        echo_json(findings_payload(findings, check="facts", summary=summary))
        return
    print_text(text, findings, summary, has_sources=facts is not None)


def load_facts_file(path: str) -> CheckContext:
    """Reads FACTS.json or FACTS.yaml into a CheckContext; German errors for anything broken."""
    raw = read_text_input(path)
    data = parse_facts(raw, path)
    return context_from_data(data, path)


def parse_facts(raw: str, path: str) -> Any:
    if not raw.strip():
        fail(_("Die Faktendatei {path} ist leer.").format(path=path))
    suffix = Path(path).suffix.lower()
    if suffix == ".json" or (suffix not in (".yaml", ".yml") and raw.lstrip().startswith("{")):
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            fail(
                _(
                    "Die Faktendatei {path} ist kein gültiges JSON "
                    "(Zeile {line}, Spalte {col}: {msg})."
                ).format(path=path, line=exc.lineno, col=exc.colno, msg=exc.msg)
            )
    try:
        # BaseLoader keeps every value a string: "1.200" stays 1.200, not the float 1.2.
        return yaml.load(raw, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (
            _(" (Zeile {line}, Spalte {col})").format(line=mark.line + 1, col=mark.column + 1)
            if mark
            else ""
        )
        fail(
            _("Die Faktendatei {path} ist kein gültiges YAML{where}.").format(
                path=path, where=where
            )
        )


def context_from_data(data: Any, path: str) -> CheckContext:
    if not isinstance(data, dict) or not ({"facts", "sources", "factsheet", "people"} & set(data)):
        fail(
            _(
                "Die Faktendatei {path} hat nicht das erwartete Format: erwartet wird ein Objekt "
                'mit "facts" (Angaben als Name: Wert) und/oder "sources" (Liste freier Texte).'
            ).format(path=path)
        )
    facts = data.get("facts") or {}
    sources = data.get("sources") or []
    factsheet = data.get("factsheet") or data.get("steckbrief") or {}
    people = data.get("people") or []
    if not isinstance(facts, dict):
        fail(_('In {path} muss "facts" ein Objekt aus Name: Wert sein.').format(path=path))
    if isinstance(sources, str):
        sources = [sources]
    if not isinstance(sources, list) or not all(isinstance(s, str | int | float) for s in sources):
        fail(_('In {path} muss "sources" eine Liste von Texten sein.').format(path=path))
    if not isinstance(factsheet, dict):
        fail(_('In {path} muss "factsheet" ein Objekt sein.').format(path=path))
    if not isinstance(people, list):
        fail(_('In {path} muss "people" eine Liste von Namen sein.').format(path=path))
    return CheckContext(
        facts={str(k): _scalar(v) for k, v in facts.items()},
        sources=[str(s) for s in sources],
        factsheet=factsheet,
        people=[str(p) for p in people],
    )


def _scalar(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def summarise(findings: list[Finding]) -> dict[str, int]:
    counts = {VERIFIED: 0, UNSUPPORTED: 0, CONTRADICTED: 0}
    for finding in findings:
        counts[finding.status] = counts.get(finding.status, 0) + 1
    return counts


def print_text(
    text: str, findings: list[Finding], summary: dict[str, int], has_sources: bool
) -> None:
    if not findings:
        typer.echo(_("Keine prüfbaren Angaben gefunden."))
        return
    if not has_sources:
        typer.echo(
            _("Hinweis: Ohne --facts gibt es keine Quellen; Angaben gelten als nicht belegt.")
        )
    labels = status_labels()
    for finding in findings:
        line = text.count("\n", 0, finding.start) + 1
        column = finding.start - (text.rfind("\n", 0, finding.start) + 1) + 1
        label = labels.get(finding.status, finding.status)
        typer.echo(
            f"{line}:{column} {label:<12} {finding.kind:<8} „{finding.text}“ – {finding.message}"
        )
    typer.echo(
        _(
            "{total} Angaben: {verified} belegt, {unsupported} nicht belegt, "
            "{contradicted} im Widerspruch."
        ).format(
            total=len(findings),
            verified=summary[VERIFIED],
            unsupported=summary[UNSUPPORTED],
            contradicted=summary[CONTRADICTED],
        )
    )
