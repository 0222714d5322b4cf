"""The `kikultur` command: one Typer app; each concern registers its commands from its module."""

from __future__ import annotations

import typer

from kikultur.cli import check as check_commands
from kikultur.cli import models as models_commands
from kikultur.cli import provider as provider_commands
from kikultur.cli.common import app

# Importing a command module registers its commands on `app` (or on a sub-app of it).
_ = check_commands
_models = models_commands
_provider = provider_commands


def main() -> None:
    app()


__all__ = ["app", "main", "typer"]
