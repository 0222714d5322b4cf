"""Organisation settings of the drafts (org admins): AI note, Word template, tool copies."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from kikultur.config import Settings
from kikultur.exports.document import DEFAULT_AI_NOTE, UNREVIEWED_AI_NOTE
from kikultur.i18n import _
from kikultur.schemas.common import GermanNumberError, parse_german_int
from kikultur.services import drafts
from kikultur.services.drafts import DraftError
from kikultur.services.drafts.orgdata import org_settings
from kikultur.store.repository import OrgRepository
from kikultur.tools.registry import Tool, ToolError
from kikultur.web.deps import OrgAdmin, RepoDep
from kikultur.web.templating import form_data, form_text, render

router = APIRouter()

SETTINGS_URL = "/einstellungen/entwuerfe"
TOOLS_URL = "/einstellungen/werkzeuge"
TEMPLATE_FIELD = "word_template"


def settings_page(
    request: Request,
    repo: OrgRepository,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    notice: str = "",
    status: int = 200,
) -> Response:
    row = org_settings(repo)
    repo.session.commit()
    shown = values or {
        "ai_note_enabled": row.ai_note_enabled,
        "ai_note_text": row.ai_note_text or "",
    }
    context = {
        "row": row,
        "values": shown,
        "errors": errors or {},
        "notice": notice,
        "default_note": DEFAULT_AI_NOTE,
        "unreviewed_note": UNREVIEWED_AI_NOTE,
        "max_mb": request.app.state.settings.upload_max_bytes // (1024 * 1024),
    }
    return render(request, "org_drafts.html", context, status)


@router.get(SETTINGS_URL)
def draft_settings(
    request: Request, admin: OrgAdmin, repo: RepoDep, gespeichert: str = ""
) -> Response:
    messages = {
        "hinweis": _("Der KI-Hinweis ist gespeichert."),
        "vorlage": _("Die Word-Vorlage ist gespeichert."),
        "entfernt": _("Die Word-Vorlage ist entfernt."),
    }
    return settings_page(request, repo, notice=messages.get(gespeichert, ""))


@router.post(SETTINGS_URL)
async def save_ai_note(request: Request, admin: OrgAdmin, repo: RepoDep) -> Response:
    values = await form_data(request)
    enabled = bool(values.get("ai_note_enabled"))
    text = values.get("ai_note_text", "")
    try:
        drafts.set_ai_note(repo, enabled, text)
    except DraftError as exc:
        shown = {"ai_note_enabled": enabled, "ai_note_text": text}
        return settings_page(request, repo, {exc.field: exc.message}, shown, status=422)
    return RedirectResponse(f"{SETTINGS_URL}?gespeichert=hinweis", status_code=303)


@router.post(SETTINGS_URL + "/vorlage")
async def upload_template(request: Request, admin: OrgAdmin, repo: RepoDep) -> Response:
    settings: Settings = request.app.state.settings
    form = await request.form()
    upload = form.get(TEMPLATE_FIELD)
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors = {TEMPLATE_FIELD: _("Bitte eine Word-Datei (.docx oder .dotx) auswählen.")}
        return settings_page(request, repo, errors, status=422)
    data = await upload.read(settings.upload_max_bytes + 1)
    try:
        drafts.upload_template(repo, settings, upload.filename, data)
    except DraftError as exc:
        repo.session.rollback()
        return settings_page(request, repo, {TEMPLATE_FIELD: exc.message}, status=422)
    return RedirectResponse(f"{SETTINGS_URL}?gespeichert=vorlage", status_code=303)


@router.post(SETTINGS_URL + "/vorlage/entfernen")
def remove_template(request: Request, admin: OrgAdmin, repo: RepoDep) -> Response:
    drafts.remove_template(repo, request.app.state.settings)
    return RedirectResponse(f"{SETTINGS_URL}?gespeichert=entfernt", status_code=303)


# ---- tool copies -----------------------------------------------------------------------------


def _copies(repo: OrgRepository) -> list[Tool]:
    return [t for t in drafts.registry_for(repo).list() if t.source == "organisation"]


def tools_page(
    request: Request,
    repo: OrgRepository,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    notice: str = "",
    status: int = 200,
) -> Response:
    registry = drafts.registry_for(repo)
    context = {
        "copies": _copies(repo),
        "builtin": [(t.id, t.spec.title) for t in registry.list()],
        "errors": errors or {},
        "values": values or {},
        "notice": notice,
    }
    return render(request, "tool_copies.html", context, status)


@router.get(TOOLS_URL)
def tool_copies(request: Request, admin: OrgAdmin, repo: RepoDep, hinweis: str = "") -> Response:
    messages = {
        "kopiert": _("Die Kopie ist angelegt. Passen Sie jetzt Prompts und Abschnitte an."),
        "geloescht": _("Die Kopie ist gelöscht."),
    }
    return tools_page(request, repo, notice=messages.get(hinweis, ""))


@router.post(TOOLS_URL)
async def copy_tool(request: Request, admin: OrgAdmin, repo: RepoDep) -> Response:
    values = await form_data(request)
    source = values.get("source", "")
    new_id = values.get("new_id", "").strip()
    title = values.get("title", "").strip() or None
    errors: dict[str, str] = {}
    if not new_id:
        errors["new_id"] = _(
            "Bitte eine Kennung für die Kopie angeben, z. B. „sachbericht-altona“."
        )
    if not errors:
        try:
            copy = drafts.copy_tool(repo, admin, source, new_id, title=title)
        except ToolError as exc:
            repo.session.rollback()
            errors["new_id"] = str(exc)
        else:
            return RedirectResponse(f"{TOOLS_URL}/{copy.id}?hinweis=kopiert", status_code=303)
    return tools_page(request, repo, errors, values, status=422)


def _copy_or_404(repo: OrgRepository, tool_id: str) -> Tool:
    for tool in _copies(repo):
        if tool.id == tool_id:
            return tool
    raise HTTPException(status_code=404)


def edit_page(
    request: Request,
    tool: Tool,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    notice: str = "",
    status: int = 200,
) -> Response:
    shown = values or {
        "title": tool.spec.title,
        "prompt_system": tool.prompts.get("system", ""),
        "prompt_user": tool.prompts.get("user", ""),
        **{f"section_{s.id}_title": s.title for s in tool.spec.sections},
        **{f"section_{s.id}_max": str(s.max_chars or "") for s in tool.spec.sections},
    }
    context = {"tool": tool, "errors": errors or {}, "values": shown, "notice": notice}
    return render(request, "tool_copy_edit.html", context, status)


@router.get(TOOLS_URL + "/{tool_id}")
def edit_copy(
    request: Request, tool_id: str, admin: OrgAdmin, repo: RepoDep, hinweis: str = ""
) -> Response:
    tool = _copy_or_404(repo, tool_id)
    messages = {
        "kopiert": _("Die Kopie ist angelegt. Passen Sie jetzt Prompts und Abschnitte an."),
        "gespeichert": _("Gespeichert. Neue Entwürfe verwenden die geänderte Fassung."),
    }
    return edit_page(request, tool, notice=messages.get(hinweis, ""))


@router.post(TOOLS_URL + "/{tool_id}")
async def save_copy(request: Request, tool_id: str, admin: OrgAdmin, repo: RepoDep) -> Response:
    tool = _copy_or_404(repo, tool_id)
    values = await form_data(request)
    errors: dict[str, str] = {}
    sections = []
    for section in tool.spec.sections:
        data = section.model_dump(mode="json")
        title = values.get(f"section_{section.id}_title", "").strip()
        if not title:
            errors[f"section_{section.id}_title"] = _("Bitte einen Titel angeben.")
        else:
            data["title"] = title
        limit = values.get(f"section_{section.id}_max", "").strip()
        try:
            # German notation: "2.500" is 2500 characters.
            max_chars = parse_german_int(limit) if limit else None
        except GermanNumberError:
            max_chars = 0
        if max_chars is not None and not 0 < max_chars <= 100_000:
            errors[f"section_{section.id}_max"] = _(
                "Bitte eine ganze Zahl zwischen 1 und 100000 angeben, oder leer lassen."
            )
        else:
            data["max_chars"] = max_chars
        sections.append(data)
    title = values.get("title", "").strip()
    if not title:
        errors["title"] = _("Bitte einen Titel angeben.")
    if errors:
        return edit_page(request, tool, errors, values, status=422)
    prompts = {
        "system": form_text(values.get("prompt_system", "")),
        "user": form_text(values.get("prompt_user", "")),
    }
    try:
        drafts.update_tool_copy(
            repo, tool.id, prompts=prompts, changes={"title": title, "sections": sections}
        )
    except ToolError as exc:
        repo.session.rollback()
        return edit_page(request, tool, {"form": str(exc)}, values, status=422)
    return RedirectResponse(f"{TOOLS_URL}/{tool.id}?hinweis=gespeichert", status_code=303)


@router.post(TOOLS_URL + "/{tool_id}/loeschen")
def delete_copy(request: Request, tool_id: str, admin: OrgAdmin, repo: RepoDep) -> Response:
    tool = _copy_or_404(repo, tool_id)
    drafts.delete_tool_copy(repo, tool.id)
    return RedirectResponse(f"{TOOLS_URL}?hinweis=geloescht", status_code=303)
