"""`kikultur check privacy`, `kikultur pseudonymize` and `kikultur restore --vault`."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from kikultur.checks.findings import CheckContext, findings_payload
from kikultur.checks.privacy.detect import detect
from kikultur.checks.privacy.pseudonymize import Vault, apply, plan, restore
from kikultur.cli.common import (
    FormatOption,
    OutputFormat,
    app,
    check_app,
    echo_json,
    fail,
    read_text_input,
)
from kikultur.i18n import _

FileArg = Annotated[
    str, typer.Argument(help=_("Textdatei (UTF-8) oder '-' für die Standardeingabe."))
]
VaultOption = Annotated[
    Path, typer.Option("--vault", help=_("Zuordnungsdatei (JSON) der Platzhalter; bleibt lokal."))
]


def load_vault(path: Path, *, must_exist: bool) -> Vault:
    """Reads a vault file; a missing file gives an empty vault unless it must exist."""
    if not path.exists():
        if must_exist:
            fail(_("Die Zuordnungsdatei {path} wurde nicht gefunden.").format(path=path))
        return Vault()
    try:
        return Vault.from_json(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError):
        fail(_("Die Zuordnungsdatei {path} ist beschädigt (kein gültiges JSON).").format(path=path))


def save_vault(vault: Vault, path: Path) -> None:
    """Writes the vault readable by its owner only (mode 600), atomically."""
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(vault.to_json())
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def check_privacy_file(path: str) -> dict[str, object]:
    text = read_text_input(path)
    return findings_payload(detect(text, CheckContext()))


def pseudonymize_file(path: str, vault_path: Path) -> tuple[str, dict[str, int]]:
    """The pseudonymised text and the number of replacements per kind (never values)."""
    text = read_text_input(path)
    vault = load_vault(vault_path, must_exist=False)
    replacements = plan(text, detect(text, CheckContext()), vault)
    save_vault(vault, vault_path)
    return apply(text, replacements), dict(Counter(r.kind for r in replacements))


def restore_file(path: str, vault_path: Path) -> str:
    """Puts the real values back into a text with placeholders (pseudonym restore)."""
    text = read_text_input(path)
    return restore(text, load_vault(vault_path, must_exist=True))


@check_app.command("privacy", help=_("Personenbezogene Daten im Text finden (Datenschutz-Check)."))
def check_privacy_command(file: FileArg, output: FormatOption = OutputFormat.text) -> None:
    text = read_text_input(file)
    findings = detect(text, CheckContext())
    if output is OutputFormat.json:
        echo_json(findings_payload(findings))
        return
    if not findings:
        typer.echo(_("Keine personenbezogenen Daten gefunden."))
        return
    for finding in findings:
        typer.echo(
            f"{finding.start}-{finding.end}\t{finding.kind}\t{finding.text!r}\t{finding.message}"
        )
    typer.echo(_("{count} Fundstellen.").format(count=len(findings)))


@app.command("pseudonymize", help=_("Personenbezogene Daten durch Platzhalter ersetzen."))
def pseudonymize_command(
    file: FileArg, vault: VaultOption, output: FormatOption = OutputFormat.text
) -> None:
    text, counts = pseudonymize_file(file, vault)
    if output is OutputFormat.json:
        echo_json({"text": text, "replaced_counts": counts})
        return
    typer.echo(text, nl=False)


def print_restored(file: str, vault: Path, output: OutputFormat) -> None:
    """`kikultur restore FILE --vault V.json`: registered by the `restore` command in admin.py."""
    text = restore_file(file, vault)
    if output is OutputFormat.json:
        echo_json({"text": text})
        return
    typer.echo(text, nl=False)
