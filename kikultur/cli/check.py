"""`kikultur check ...`: each check module registers its command on `check_app`."""

from __future__ import annotations

from kikultur.cli import check_facts, check_language, check_privacy
from kikultur.cli.common import check_app

__all__ = ["check_app", "check_facts", "check_language", "check_privacy"]
