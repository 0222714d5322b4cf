"""The `kikultur` command: one Typer app; each concern registers its commands from its module."""

from __future__ import annotations

import typer

from kikultur.cli import admin as admin_commands
from kikultur.cli import check as check_commands
from kikultur.cli.common import app

# Importing a command module registers its commands on `app` (or on a sub-app of it).
_ = check_commands
_admin_commands = admin_commands


def main() -> None:
    app()


__all__ = ["app", "main", "typer"]
