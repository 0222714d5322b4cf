"""`kikultur check privacy` and related commands (filled in by the privacy check)."""

from __future__ import annotations
