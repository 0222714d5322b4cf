"""Fact slots for tools: the one mechanism lives in `kikultur.checks.facts.slots` (re-exported)."""

from __future__ import annotations

from kikultur.checks.facts.slots import (
    SLOT_PATTERN,
    UNKNOWN_SLOT,
    SlotResult,
    fill_slots,
    slot_instructions,
    slot_marker,
)

__all__ = [
    "SLOT_PATTERN",
    "UNKNOWN_SLOT",
    "SlotResult",
    "fill_slots",
    "slot_instructions",
    "slot_marker",
]
