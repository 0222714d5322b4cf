"""Writing tools as declarative specs with German prompt files (see README.md in this folder)."""

from __future__ import annotations

from kikultur.tools.inputs import InvalidInputsError, validate_inputs
from kikultur.tools.prompts import build_messages
from kikultur.tools.registry import Tool, ToolError, ToolRegistry, copy_tool, load_builtin
from kikultur.tools.spec import SLOT_PATTERN, StylePreferences, ToolSpec, slot_marker

__all__ = [
    "SLOT_PATTERN",
    "InvalidInputsError",
    "StylePreferences",
    "Tool",
    "ToolError",
    "ToolRegistry",
    "ToolSpec",
    "build_messages",
    "copy_tool",
    "load_builtin",
    "slot_marker",
    "validate_inputs",
]
