"""`kikultur check facts` and related commands (filled in by the facts check)."""

from __future__ import annotations
