"""Renders a tool's German prompt files into chat messages (StrictUndefined: no silent gaps)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from kikultur.llm.messages import ChatMessage
from kikultur.tools.funder import funder_context
from kikultur.tools.inputs import (
    InvalidInputsError,
    display_value,
    normalize_inputs,
    validate_inputs,
)
from kikultur.tools.registry import SHARED_PROMPTS_DIR, Tool
from kikultur.tools.spec import (
    SectionSpec,
    StylePreferences,
    ToolSpec,
    is_filled,
    resolved,
    sections_for,
    slot_marker,
)

# The Steckbrief (organisation fact sheet) keys prompts may use; missing ones become "" so a
# template can test them with `{% if steckbrief.website %}` under StrictUndefined.
STECKBRIEF_KEYS = (
    "name",
    "rechtsform",
    "traeger",
    "ueber_uns",
    "adresse",
    "stadtteil",
    "bezirk",
    "website",
    "email",
    "telefon",
    "pressekontakt",
    "barrierefreiheit",
    "zielgruppen",
    "schwerpunkte",
    "oeffnungszeiten",
)


@dataclass(frozen=True, slots=True)
class Slot:
    """A hard fact the model must write as its marker, e.g. `[[datum]]`."""

    name: str
    label: str
    marker: str
    value: str


def normalize_steckbrief(steckbrief: Mapping[str, Any] | None) -> dict[str, Any]:
    data: dict[str, Any] = {key: "" for key in STECKBRIEF_KEYS}
    for key, value in (steckbrief or {}).items():
        data[str(key)] = "" if value is None else value
    return data


def prepare_values(
    spec: ToolSpec, values: Mapping[str, Any], steckbrief: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Normalized inputs, with empty fields taken from the Steckbrief where the spec says so."""
    result = normalize_inputs(spec, dict(values))
    facts = normalize_steckbrief(steckbrief)
    for field in spec.inputs:
        if field.from_steckbrief and not is_filled(result[field.name]):
            fallback = facts.get(field.from_steckbrief)
            if is_filled(fallback):
                result[field.name] = str(fallback).strip()
    return result


def fact_slots(spec: ToolSpec, prepared: Mapping[str, Any]) -> list[Slot]:
    """The filled fact slots with their display values (what `fill_slots` later writes in)."""
    slots = []
    for name in spec.fact_slots:
        field = spec.input(name)
        value = prepared.get(name)
        if is_filled(value):
            slots.append(Slot(name, field.label, slot_marker(name), display_value(field, value)))
    return slots


def slot_values(
    spec: ToolSpec, values: Mapping[str, Any], steckbrief: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """Slot name -> the exact text that replaces its marker in the model's answer."""
    prepared = prepare_values(spec, values, steckbrief)
    return {slot.name: slot.value for slot in fact_slots(spec, prepared)}


def _limits(section: SectionSpec) -> str:
    parts = []
    if section.max_chars and section.min_chars:
        parts.append(f"{section.min_chars} bis {section.max_chars} Zeichen")
    elif section.max_chars:
        parts.append(f"höchstens {section.max_chars} Zeichen")
    elif section.min_chars:
        parts.append(f"mindestens {section.min_chars} Zeichen")
    unit = {"paragraphs": "Absätze", "items": "Listenpunkte"}.get(section.count_unit or "", "")
    if section.min_count is not None and section.max_count is not None:
        if section.min_count == section.max_count:
            parts.append(f"genau {section.min_count} {unit}")
        else:
            parts.append(f"{section.min_count} bis {section.max_count} {unit}")
    elif section.min_count is not None:
        parts.append(f"mindestens {section.min_count} {unit}")
    elif section.max_count is not None:
        parts.append(f"höchstens {section.max_count} {unit}")
    if section.questions_only:
        parts.append("jeder Punkt ist eine Frage")
    return ", ".join(parts)


def _defuse(value: Any) -> Any:
    """User text cannot close the prompt's `<<<NAME ... NAME>>>` blocks (prompt injection)."""
    if isinstance(value, str):
        return value.replace("<<<", "‹‹‹").replace(">>>", "›››")
    if isinstance(value, list):
        return [_defuse(v) for v in value]
    if isinstance(value, dict):
        return {k: _defuse(v) for k, v in value.items()}
    if isinstance(value, Slot):
        return Slot(value.name, value.label, value.marker, _defuse(value.value))
    return value


def template_context(
    tool: Tool,
    values: Mapping[str, Any],
    brief: str = "",
    steckbrief: Mapping[str, Any] | None = None,
    style: StylePreferences | None = None,
) -> dict[str, Any]:
    """Everything a prompt template may use (see docs in kikultur/tools/README.md)."""
    spec = resolved(tool.spec, dict(values))
    prepared = prepare_values(spec, values, steckbrief)
    slots = fact_slots(spec, prepared)
    slot_names = {s.name for s in slots}
    given = [
        {"name": f.name, "label": f.label, "value": display_value(f, prepared[f.name])}
        for f in spec.inputs
        if is_filled(prepared[f.name]) and f.name not in slot_names and f.show_in_facts
    ]
    sections = [
        {
            "id": s.id,
            "title": s.title,
            "instruction": s.instruction,
            "required": s.required,
            "limits": _limits(s),
        }
        for s in sections_for(spec, prepared)
    ]
    return {
        "tool": {"id": spec.id, "title": spec.title},
        "inputs": _defuse(prepared),
        "values": _defuse({f.name: display_value(f, prepared[f.name]) for f in spec.inputs}),
        "labels": {f.name: f.label for f in spec.inputs},
        "given": _defuse(given),
        "slots": _defuse(slots),
        "slot": {name: slot_marker(name) for name in spec.fact_slots},
        "brief": _defuse((brief or "").strip()),
        "steckbrief": _defuse(normalize_steckbrief(steckbrief)),
        "style": style or StylePreferences(),
        "sections": sections,
        "funder": _defuse(funder_context(spec)),
    }


def _environment(tool: Tool) -> SandboxedEnvironment:
    # Organisation copies carry their own prompt text: a sandbox keeps templates to data access.
    loader = ChoiceLoader(
        [
            DictLoader({f"{name}.md": text for name, text in tool.prompts.items()}),
            FileSystemLoader(str(SHARED_PROMPTS_DIR)),
        ]
    )
    return SandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_prompts(tool: Tool, context: Mapping[str, Any]) -> dict[str, str]:
    env = _environment(tool)
    return {
        name: env.get_template(f"{name}.md").render(**context).strip()
        for name in ("system", "user")
    }


def build_messages(
    tool: Tool,
    values: Mapping[str, Any],
    brief: str = "",
    steckbrief: Mapping[str, Any] | None = None,
    style: StylePreferences | None = None,
) -> list[ChatMessage]:
    """System and user message for one draft. Raises InvalidInputsError before any model call."""
    errors = validate_inputs(tool.spec, dict(values), brief, steckbrief)
    if not errors and tool.spec.sections_from is not None:
        # The chosen profile must exist before any model call (German error at `foerderer`).
        resolved(tool.spec, dict(values))
    if errors:
        raise InvalidInputsError(errors)
    context = template_context(tool, values, brief, steckbrief, style)
    rendered = render_prompts(tool, context)
    return [
        ChatMessage(role="system", content=rendered["system"]),
        ChatMessage(role="user", content=rendered["user"]),
    ]
