"""`kikultur check language` and related commands (filled in by the language check)."""

from __future__ import annotations
