"""Sections from a funder profile: turns `sections_from: funder_profile` into concrete sections.

A tool such as `foerderantrag` declares no sections of its own; the profile chosen in its
`foerderer` input brings them (titles, guidance, character limits, the criteria goals are mapped
to). `resolve_spec` returns an ordinary spec with those sections, so prompts, section parsing
and exports work unchanged. The profile's data is kept in `ToolSpec.funder_profile`: it is part
of the prompt version (provenance) and the prompts read it as `funder`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kikultur.finance.funders import FunderProfile, Section, builtin_profiles
from kikultur.i18n import _
from kikultur.tools.inputs import InvalidInputsError
from kikultur.tools.registry import Tool
from kikultur.tools.spec import FUNDER_INPUT, Choice, InputType, SectionSpec, ToolSpec

_NOT_NAME = re.compile(r"[^a-z0-9_]")


def as_name(profile_section_id: str) -> str:
    """A profile slug (`ziel-1`, `2-ziele`) as a section id of the spec (`ziel_1`, `s_2_ziele`)."""
    name = _NOT_NAME.sub("_", profile_section_id.lower())
    return name if name[:1].isalpha() else f"s_{name}"


def _instruction(section: Section, profile: FunderProfile) -> str:
    parts = [section.guidance.strip()] if section.guidance.strip() else []
    criteria = [c for c in profile.criteria if c.id in section.criteria]
    if criteria:
        names = "; ".join(f"„{c.title}“" for c in criteria)
        parts.append(
            _(
                "Jedes Ziel ist ein Listenpunkt: das Ziel, woran man am Ende prüft, ob es "
                "erreicht ist, und in Klammern das Förderkriterium, dem es dient ({names})."
            ).format(names=names)
        )
    return " ".join(parts)


def sections_from_profile(profile: FunderProfile) -> tuple[SectionSpec, ...]:
    """The profile's sections as spec sections, limits and item counts included."""
    result = []
    for section in profile.sections:
        counted = section.min_items is not None or section.max_items is not None
        result.append(
            SectionSpec(
                id=as_name(section.id),
                title=section.title,
                instruction=_instruction(section, profile),
                required=section.required,
                max_chars=section.max_chars,
                count_unit="items" if counted else None,
                min_count=section.min_items,
                max_count=section.max_items,
                aliases=(section.id,) if as_name(section.id) != section.id else (),
            )
        )
    return tuple(result)


def with_profile_choices(spec: ToolSpec, profiles: Mapping[str, FunderProfile]) -> ToolSpec:
    """The spec whose `foerderer` select offers exactly these profiles (built-in and own)."""
    field = spec.input(FUNDER_INPUT)
    choices = tuple(
        Choice(value=as_name(p.id), label=p.name)
        for p in sorted(profiles.values(), key=lambda p: p.name)
    )
    inputs = tuple(
        i.model_copy(update={"choices": choices}) if i.name == field.name else i
        for i in spec.inputs
    )
    return spec.model_copy(update={"inputs": inputs})


def apply_profile(spec: ToolSpec, profile: FunderProfile) -> ToolSpec:
    """A concrete spec: the profile's sections, the profile recorded for prompts and provenance."""
    if spec.sections_from is None:
        return spec
    field = spec.input(FUNDER_INPUT)
    if field.type is not InputType.select:
        raise ValueError(f"{FUNDER_INPUT} muss ein Auswahlfeld sein.")
    choice = Choice(value=as_name(profile.id), label=profile.name)
    choices = field.choices
    if field.choice(choice.value) is None:
        choices = (*choices, choice)
    inputs = tuple(
        i.model_copy(update={"choices": choices}) if i.name == field.name else i
        for i in spec.inputs
    )
    data = spec.model_dump(mode="json")
    data.update(
        {
            "inputs": [i.model_dump(mode="json") for i in inputs],
            "sections": [s.model_dump(mode="json") for s in sections_from_profile(profile)],
            "sections_from": None,
            "funder_profile": profile.model_dump(mode="json"),
        }
    )
    # Validated again: an adapted profile must still give a consistent spec.
    return ToolSpec.model_validate(data)


def profile_for(
    values: Mapping[str, Any], profiles: Mapping[str, FunderProfile] | None = None
) -> FunderProfile:
    """The profile named in the `foerderer` input; a German error at that field otherwise."""
    known = dict(builtin_profiles() if profiles is None else profiles)
    raw = values.get(FUNDER_INPUT)
    chosen = str(raw).strip() if raw is not None else ""
    if not chosen:
        raise InvalidInputsError({FUNDER_INPUT: _("Bitte einen Förderer wählen.")})
    by_choice = {as_name(p.id): p for p in known.values()}
    profile = known.get(chosen) or by_choice.get(chosen)
    if profile is None:
        raise InvalidInputsError(
            {FUNDER_INPUT: _("Das Förderprofil „{id}“ ist nicht bekannt.").format(id=chosen)}
        )
    return profile


def resolve_spec(
    spec: ToolSpec,
    values: Mapping[str, Any],
    profiles: Mapping[str, FunderProfile] | None = None,
) -> ToolSpec:
    """The spec with the chosen profile's sections (`profiles`: id -> profile, default built-in)."""
    if spec.sections_from is None:
        return spec
    return apply_profile(spec, profile_for(values, profiles))


def resolve_tool(
    tool: Tool,
    values: Mapping[str, Any],
    profiles: Mapping[str, FunderProfile] | None = None,
) -> Tool:
    """The tool with concrete sections; a tool without `sections_from` comes back unchanged."""
    if tool.spec.sections_from is None:
        return tool
    return Tool(
        spec=resolve_spec(tool.spec, values, profiles),
        prompts=tool.prompts,
        source=tool.source,
        path=tool.path,
    )


def funder_context(spec: ToolSpec) -> dict[str, Any] | None:
    """What prompts see as `funder`: name, description, criteria, rules, amount note."""
    data = spec.funder_profile
    if not data:
        return None
    return {
        "id": data.get("id", ""),
        "name": data.get("name", ""),
        "description": data.get("description", ""),
        "amount_note": data.get("amount_note", ""),
        "max_funding_rate": data.get("max_funding_rate"),
        "criteria": [
            {"id": c["id"], "title": c["title"], "description": c.get("description", "")}
            for c in data.get("criteria", [])
        ],
        "rules": [r["text"] for r in data.get("rules", [])],
    }
