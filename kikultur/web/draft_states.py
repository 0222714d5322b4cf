"""Where a draft stands for its reader: being written, without text, incomplete, or ready.

A draft row exists before the model's first word, so a draft without a version is either
still being written (its generation is in this app's table of running generations) or was
stopped or failed before any text arrived. Such a draft is kept, not deleted: it holds the
user's form inputs and brief, the only copy once the browser has left the form.
"""

from __future__ import annotations

from enum import StrEnum

from fastapi import Request

from kikultur.i18n import _
from kikultur.services.drafts.store import latest_origins
from kikultur.store.models import Draft, DraftVersion, VersionOrigin
from kikultur.store.repository import OrgRepository


class DraftState(StrEnum):
    running = "running"  # the model is writing it now
    empty = "empty"  # no text: stopped or failed before the first word
    partial = "partial"  # the newest version is incomplete (stopped, broken off, cut off)
    ready = "ready"


def is_running(request: Request, organisation_id: int, draft_id: int) -> bool:
    """A generation for the draft runs in this app (see routers/tools.py `running`)."""
    table = getattr(request.app.state, "running_generations", None) or {}
    return (organisation_id, draft_id) in table


def state_of(
    request: Request, repo: OrgRepository, draft: Draft, version: DraftVersion | None
) -> DraftState:
    if is_running(request, repo.organisation_id, draft.id):
        return DraftState.running
    if version is None:
        return DraftState.empty
    if version.origin == VersionOrigin.partial.value:
        return DraftState.partial
    return DraftState.ready


def state_labels() -> dict[str, str]:
    """German labels for the draft list (ready drafts show their review status instead)."""
    return {
        DraftState.running.value: _("Wird gerade geschrieben …"),
        DraftState.empty.value: _("Ohne Text – Erzeugung abgebrochen"),
        DraftState.partial.value: _("Unvollständig"),
    }


def draft_states(request: Request, repo: OrgRepository, drafts: list[Draft]) -> dict[int, str]:
    """Each listed draft's state (`DraftState` value) in one query."""
    origins = latest_origins(repo, [d.id for d in drafts])
    states: dict[int, str] = {}
    for draft in drafts:
        if is_running(request, repo.organisation_id, draft.id):
            states[draft.id] = DraftState.running.value
        elif draft.id not in origins:
            states[draft.id] = DraftState.empty.value
        elif origins[draft.id] == VersionOrigin.partial.value:
            states[draft.id] = DraftState.partial.value
        else:
            states[draft.id] = DraftState.ready.value
    return states
