"""What a work-area page lists: the organisation's tools of that area and its drafts."""

from __future__ import annotations

from typing import Any

from kikultur.services import drafts
from kikultur.store.repository import OrgRepository

# The navigation's slugs and the tool spec's `area` values differ in one place.
TOOL_AREAS = {"oeffentlichkeit": "oeffentlichkeitsarbeit"}


def area_tools(repo: OrgRepository, slug: str) -> dict[str, Any]:
    """Tools (built-in and the organisation's copies) of the area and their drafts."""
    area = TOOL_AREAS.get(slug, slug)
    tools = [t for t in drafts.registry_for(repo).list() if t.spec.area.value == area]
    ids = {t.id for t in tools}
    titles = {t.id: t.spec.title for t in tools}
    area_drafts = [d for d in drafts.list_drafts(repo) if d.tool_id in ids]
    return {"tools": tools, "area_drafts": area_drafts, "tool_titles": titles}
