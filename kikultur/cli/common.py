"""Shared pieces of the CLI: the root app, output formats, reading input files, German errors."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from kikultur.cli import german

# German help, usage line and error messages of the framework itself (see german.py).
german.install()

app = typer.Typer(
    name="kikultur",
    help="KI@KULTUR Werkbank: KI-Hilfe für Stadtteilkultur. Lokal zuerst, datensparsam.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
check_app = typer.Typer(help="Texte prüfen: Datenschutz, Fakten, Sprache, Lesbarkeit, Plattform.")
app.add_typer(check_app, name="check")

MAX_INPUT_BYTES = 20 * 1024 * 1024


class OutputFormat(enum.StrEnum):
    text = "text"
    json = "json"


# The `--format text|json` option of every command that prints data.
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="Ausgabe als Text oder als JSON.")
]


def fail(message: str, code: int = 1) -> NoReturn:
    """Prints a German error message to stderr and exits."""
    typer.echo(f"Fehler: {message}", err=True)
    raise typer.Exit(code)


def read_text_input(path: str) -> str:
    """Reads a UTF-8 text file (or stdin for '-'); binary or wrongly encoded input is refused."""
    if path == "-":
        raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        name = "Standardeingabe"
    else:
        file = Path(path)
        if not file.is_file():
            fail(f"Die Datei {path} wurde nicht gefunden.")
        with file.open("rb") as handle:
            raw = handle.read(MAX_INPUT_BYTES + 1)
        name = path
    if len(raw) > MAX_INPUT_BYTES:
        fail(f"{name} ist größer als {MAX_INPUT_BYTES // (1024 * 1024)} MB.")
    if b"\x00" in raw:
        fail(f"{name} ist keine Textdatei (Binärdaten). Bitte eine UTF-8-Textdatei angeben.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(
            f"{name} ist nicht UTF-8-kodiert (Byte {exc.start}). Bitte die Datei als UTF-8 "
            "speichern."
        )


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
