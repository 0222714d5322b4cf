"""The `kikultur` command: one Typer app; each concern registers its commands from its module."""

from __future__ import annotations

import importlib

import typer

from kikultur.cli.common import app

# Importing a command module registers its commands on `app` (or on a sub-app of it).
COMMAND_MODULES = (
    "admin",
    "check",
    "drafts",
    "finance",
    "gdpr",
    "models",
    "provider",
    "tools",
)

for _module in COMMAND_MODULES:
    importlib.import_module(f"kikultur.cli.{_module}")


def main() -> None:
    app()


__all__ = ["app", "main", "typer"]
