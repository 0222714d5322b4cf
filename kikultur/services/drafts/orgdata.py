"""What the pipeline reads about an organisation: its tools, Steckbrief, style and settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kikultur.checks.findings import CheckContext
from kikultur.i18n import _
from kikultur.schemas.factsheet import FactSheetData
from kikultur.services import factsheet
from kikultur.store.models import OrganisationSettings, OrganisationTool, User
from kikultur.store.repository import OrgRepository
from kikultur.tools.registry import Tool, ToolError, ToolRegistry, change_tool, load_tool_dict
from kikultur.tools.registry import copy_tool as copy_tool_spec
from kikultur.tools.spec import StylePreferences

# Role words that mark the press contact in the Steckbrief's team list.
PRESS_ROLES = ("presse", "öffentlichkeit", "kommunikation")


def registry_for(repo: OrgRepository) -> ToolRegistry:
    """The built-in tools plus the organisation's own copies (stored as data)."""
    rows = repo.all(OrganisationTool, OrganisationTool.tool_id)
    return ToolRegistry(organisation_tools=[row.data for row in rows])


def get_tool(repo: OrgRepository, tool_id: str) -> Tool:
    """One tool the organisation may use; ToolError (German) if unknown."""
    return registry_for(repo).get(tool_id)


def copy_tool(
    repo: OrgRepository,
    user: User | None,
    tool_id: str,
    new_id: str,
    *,
    title: str | None = None,
    prompts: Mapping[str, str] | None = None,
    changes: Mapping[str, Any] | None = None,
) -> Tool:
    """Stores the organisation's adapted copy of a tool (e.g. their district's form).

    Prompts and spec changes are validated like a built-in tool; the copy's prompt version
    differs from the original's, so each draft's provenance shows which prompts were used.
    """
    registry = registry_for(repo)
    original = registry.get(tool_id)
    registry.check_new_id(new_id)
    copy = copy_tool_spec(original, new_id, title=title, prompts=prompts, changes=changes)
    repo.add(
        OrganisationTool(
            tool_id=copy.id,
            data=copy.to_dict(),
            created_by_id=user.id if user is not None else None,
        )
    )
    repo.session.commit()
    return copy


def _own_copy(repo: OrgRepository, tool_id: str) -> OrganisationTool:
    """The organisation's stored copy; ToolError (German) for a built-in or unknown id."""
    row = repo.session.scalars(
        repo.select(OrganisationTool).where(OrganisationTool.tool_id == tool_id)
    ).first()
    if row is None:
        raise ToolError(
            _("Die Einrichtung hat kein eigenes Werkzeug „{tool}“.").format(tool=tool_id)
        )
    return row


def delete_tool_copy(repo: OrgRepository, tool_id: str) -> None:
    repo.delete(_own_copy(repo, tool_id))
    repo.session.commit()


def _press_contact(data: FactSheetData) -> str:
    for member in data.team:
        if any(word in member.role.casefold() for word in PRESS_ROLES):
            return ", ".join(part for part in (member.name, member.contact) if part)
    return ""


def tool_steckbrief(data: FactSheetData) -> dict[str, Any]:
    """The Steckbrief in the keys the tool prompts use (`tools.prompts.STECKBRIEF_KEYS`)."""
    return {
        "name": data.name,
        "rechtsform": data.legal_form,
        "adresse": data.address,
        "bezirk": data.district,
        "ueber_uns": data.about_us or data.mission,
        "schwerpunkte": data.mission,
        "zielgruppen": ", ".join(data.target_groups),
        "pressekontakt": _press_contact(data),
    }


def style_of(data: FactSheetData) -> StylePreferences:
    return StylePreferences(
        form_of_address="Du" if data.writing.address_form == "du" else "Sie",
        gender_style=data.writing.gender_style,
        tone=data.writing.tone or StylePreferences().tone,
    )


def base_context(data: FactSheetData) -> CheckContext:
    """Facts, people and writing choices of the Steckbrief, for every check of a draft."""
    return factsheet.check_context(data)


def org_settings(repo: OrgRepository) -> OrganisationSettings:
    """The organisation's draft settings; a default row is created on first use."""
    row = repo.session.scalars(repo.select(OrganisationSettings)).first()
    if row is None:
        row = OrganisationSettings(ai_note_enabled=True, ai_note_text="")
        repo.add(row)
        repo.session.flush()
    return row


def update_tool_copy(
    repo: OrgRepository,
    tool_id: str,
    *,
    prompts: Mapping[str, str] | None = None,
    changes: Mapping[str, Any] | None = None,
) -> Tool:
    """Changes an organisation's copy in place (prompts, title, sections); validated like a
    built-in tool, so a broken prompt or limit is refused (ToolError, German) and not stored."""
    row = _own_copy(repo, tool_id)
    updated = change_tool(load_tool_dict(row.data), prompts=prompts, changes=changes)
    row.data = updated.to_dict()
    repo.session.commit()
    return updated
