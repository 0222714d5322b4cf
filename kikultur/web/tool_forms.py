"""A tool's input form in the browser: fields from its spec, posted values back into tool values.

The spec (kikultur/tools/spec.py) says labels, help, required marks, types and choices; this
module turns it into what `templates/_tool_fields.html` renders, and reads a posted form back
into the values `drafts.prepare` validates (German errors come from there, per field).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from kikultur.tools.registry import Tool
from kikultur.tools.spec import InputSpec, InputType, is_filled
from kikultur.web.templating import form_text

# Form controls of the input types (date and time use the browser's pickers; the values they
# send, 2026-07-11 and 15:00, are what the validation reads).
HTML_TYPES = {
    InputType.text: "text",
    InputType.date: "date",
    InputType.time: "time",
    InputType.number: "text",
    InputType.money: "text",
    InputType.url: "url",
    InputType.email: "email",
}
MULTI_TYPES = (InputType.multiselect, InputType.channels)
FIELD_PREFIX = "f_"  # keeps tool field names apart from the page's own fields (csrf, brief)


@dataclass(frozen=True)
class FormField:
    """One input of a tool, as the template shows it."""

    spec: InputSpec
    value: Any
    steckbrief_value: str

    @property
    def name(self) -> str:
        return FIELD_PREFIX + self.spec.name

    @property
    def control(self) -> str:
        kind = self.spec.type
        if kind is InputType.textarea or kind is InputType.images:
            return "textarea"
        if kind is InputType.select:
            return "select"
        if kind in MULTI_TYPES:
            return "checkboxes"
        if kind is InputType.boolean:
            return "checkbox"
        return "input"

    @property
    def html_type(self) -> str:
        return HTML_TYPES.get(self.spec.type, "text")

    @property
    def text_value(self) -> str:
        """The value of a single-line or multi-line field."""
        value = self.value
        if value is None:
            return ""
        if self.spec.type is InputType.images and isinstance(value, list):
            return "\n".join(
                str(item.get("beschreibung", "")) if isinstance(item, dict) else str(item)
                for item in value
            )
        return str(value)

    @property
    def chosen(self) -> set[str]:
        value = self.value
        if isinstance(value, list | tuple):
            return {str(v) for v in value}
        return {str(value)} if value not in (None, "") else set()


def form_fields(
    tool: Tool, values: Mapping[str, Any], steckbrief: Mapping[str, Any]
) -> list[FormField]:
    fields = []
    for spec in tool.spec.inputs:
        fallback = steckbrief.get(spec.from_steckbrief or "") if spec.from_steckbrief else None
        fields.append(
            FormField(spec, values.get(spec.name), str(fallback) if is_filled(fallback) else "")
        )
    return fields


def initial_values(tool: Tool, steckbrief: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults of the spec, and the Steckbrief's value where a field takes one from there."""
    values: dict[str, Any] = {}
    for spec in tool.spec.inputs:
        if spec.default is not None:
            values[spec.name] = spec.default
        if spec.from_steckbrief:
            fallback = steckbrief.get(spec.from_steckbrief)
            if is_filled(fallback):
                values[spec.name] = fallback
    return values


def _images(text: str) -> list[dict[str, str]]:
    return [
        {"datei": "", "beschreibung": line.strip()} for line in text.splitlines() if line.strip()
    ]


def read_values(tool: Tool, form: FormData) -> dict[str, Any]:
    """The tool's values from a posted form; empty fields are left out (the validation then
    names a missing required one)."""
    values: dict[str, Any] = {}
    for spec in tool.spec.inputs:
        name = FIELD_PREFIX + spec.name
        if spec.type in MULTI_TYPES:
            chosen = [v for v in form.getlist(name) if isinstance(v, str) and v]
            if chosen:
                values[spec.name] = chosen
            continue
        raw = form.get(name)
        if spec.type is InputType.boolean:
            values[spec.name] = raw is not None and raw != ""
            continue
        if not isinstance(raw, str):
            continue
        text = form_text(raw)
        if spec.type is InputType.images:
            images = _images(text)
            if images:
                values[spec.name] = images
            continue
        if text.strip():
            values[spec.name] = text
    return values


def hidden_pairs(tool: Tool, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The values as hidden form fields (the privacy preview posts the form again)."""
    pairs: list[tuple[str, str]] = []
    for spec in tool.spec.inputs:
        value = values.get(spec.name)
        name = FIELD_PREFIX + spec.name
        if not is_filled(value):
            continue
        if spec.type in MULTI_TYPES and isinstance(value, list):
            pairs += [(name, str(v)) for v in value]
        elif spec.type is InputType.boolean:
            if value:
                pairs.append((name, "1"))
        else:
            pairs.append((name, FormField(spec, value, "").text_value))
    return pairs


def field_errors(errors: Mapping[str, str]) -> dict[str, str]:
    """Validation errors keyed by the form's field names (brief stays `brief`)."""
    return {(k if k == "brief" else FIELD_PREFIX + k): v for k, v in errors.items()}
