"""The draft editor: newest text with its findings, save/autosave, one-click fixes, review,
reader check, version history with diff and restore, exports.

Every action of the editor page posts the one editor form (`POST /entwuerfe/{id}`), so the
text in the field is saved first whatever button was pressed: nothing typed is lost.
"""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from kikultur.checks.findings import Finding
from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.services import drafts
from kikultur.services.drafts import DraftError, SaveResult
from kikultur.services.drafts import grants as draft_grants
from kikultur.services.drafts.checking import LEICHTE_SPRACHE_FLAG, finding_from_dict
from kikultur.services.drafts.generate import (
    answer_limit_notice,
    is_truncated,
    truncated_notice,
)
from kikultur.services.drafts.review import (
    contradicted_facts,
    is_contradicted_fact,
    unfinished_reasons,
)
from kikultur.store.models import Draft, DraftStatus, DraftVersion, User, VersionOrigin
from kikultur.store.repository import OrgRepository
from kikultur.tools.facts_section import added_notice
from kikultur.tools.inputs import InvalidInputsError
from kikultur.tools.registry import Tool
from kikultur.tools.sections import (
    parse_sections,
    repair_target,
    section_labels,
    visible_length,
)
from kikultur.web.deps import CurrentUser, RepoDep
from kikultur.web.downloads import attachment_headers
from kikultur.web.draft_states import DraftState, draft_states, is_running, state_labels, state_of
from kikultur.web.findings_view import (
    APPLY_FIELD,
    ApplyError,
    apply_suggestion,
    build_view,
    text_hash,
)
from kikultur.web.routers.tools import get_draft_or_404, get_tool_or_404, provider_options
from kikultur.web.templating import form_data, form_text, render

router = APIRouter()

EXPORT_LABELS = {
    "docx": "Word (DOCX)",
    "md": "Markdown",
    "txt": "Text",
    "jsonld": "JSON-LD",
    "mm": "Freeplane",
    "mermaid": "Mermaid",
    "ics": "Kalender (ICS)",
}


def origin_labels() -> dict[str, str]:
    return {
        "generated": _("erzeugt"),
        "partial": _("unvollständig erzeugt"),
        "edited": _("bearbeitet"),
        "fix": _("Vorschlag übernommen"),
        "restored": _("wiederhergestellt"),
    }


def notices() -> dict[str, str]:
    return {
        "erzeugt": _("Der Entwurf ist fertig. Bitte lesen, bearbeiten und prüfen Sie ihn."),
        "gespeichert": _("Gespeichert."),
        "unveraendert": _("Keine Änderungen zu speichern."),
        "vorschlag": _("Vorschlag übernommen."),
        "geprueft": _("Der Entwurf ist als geprüft markiert."),
        "leser": _("Die Prüfung mit der Zielgruppe ist vermerkt."),
        "wiederhergestellt": _("Die frühere Version ist wieder die aktuelle."),
    }


def conflict_message(latest: int, number: int) -> str:
    # Same wording as drafts.save_edit, rebuilt after the redirect from the numbers.
    return _(
        "Dieser Entwurf wurde inzwischen anderswo geändert (Version {latest}). Ihre "
        "Änderungen sind trotzdem gespeichert, als Version {number}. Bitte vergleichen Sie "
        "die Versionen und führen Sie sie zusammen."
    ).format(latest=latest, number=number)


def _int(value: Any, default: int = 0) -> int:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else default


# The tool spec names check groups; the findings view counts the single checks.
CHECK_GROUPS = {"language": ("gender", "sensitive"), "structure": ()}


def view_checks(checks: list[str]) -> list[str]:
    return [name for check in checks for name in CHECK_GROUPS.get(check, (check,))]


def section_limits(repo: OrgRepository, tool: Tool, draft: Draft, text: str) -> dict[str, Any]:
    """Sections with a character limit and their length now; static/editor.js counts live.

    The script needs what the server parser knows: which headings name a section (`labels`,
    normalized) and where a text without any of them is counted (`main`, as in the
    structure repair), else it would show 0 for a text the server counts in full.
    """
    # Grant tools take their sections (and limits) from the chosen funder profile.
    with contextlib.suppress(InvalidInputsError):
        tool = draft_grants.resolve(repo, tool, draft.inputs or {})
    parsed = parse_sections(text, tool.spec.sections)
    main = repair_target(tool.spec.sections)
    return {
        "rows": [
            {
                "title": section.title,
                "max": section.max_chars,
                "count": visible_length(parsed.text(section.id)),
            }
            for section in tool.spec.sections
            if section.max_chars
        ],
        "labels": section_labels(tool.spec.sections),
        "main": main.title if main is not None else "",
    }


def has_reader_check(tool: Tool) -> bool:
    return any(n.flag == LEICHTE_SPRACHE_FLAG for n in tool.spec.notices)


def partial_notice() -> str:
    return _(
        "Unvollständig: die Erzeugung wurde angehalten oder ist abgebrochen, bevor der Text "
        "fertig war. Bitte ergänzen Sie den Text oder erzeugen Sie ihn neu."
    )


def running_notice() -> str:
    return _(
        "Wird gerade geschrieben … Prüfen und als geprüft markieren können Sie den Entwurf, "
        "sobald das Modell fertig ist."
    )


def stored_inputs(tool: Tool, draft: Draft) -> list[tuple[str, str]]:
    """The form inputs kept on a draft without text, labelled as in the form."""
    labels = {item.name: item.label for item in tool.spec.inputs}
    rows = []
    for name, value in (draft.inputs or {}).items():
        if value in (None, "", [], {}):
            continue
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        rows.append((labels.get(name, name), shown))
    if draft.brief:
        rows.append((tool.spec.brief.label, draft.brief))
    return rows


def editor_page(
    request: Request,
    repo: OrgRepository,
    draft: Draft,
    *,
    text: str | None = None,
    findings: list[Finding] | None = None,
    checks: list[str] | None = None,
    base_version: int | None = None,
    errors: dict[str, str] | None = None,
    notice: str = "",
    warning: str = "",
    status: int = 200,
) -> Response:
    tool = get_tool_or_404(repo, draft.tool_id)
    try:
        version: DraftVersion | None = drafts.get_version(repo, draft)
    except DraftError:
        version = None
    if text is None:
        text = version.text if version is not None else ""
        findings = [finding_from_dict(f) for f in (version.findings if version else [])]
        checks = list((version.provenance or {}).get("checks", [])) if version else []
    view = build_view(text, findings or [], checks=view_checks(checks or []))
    open_facts = contradicted_facts(version.findings or []) if version is not None else []
    if findings and not open_facts:
        # "Prüfen" shows findings of the text in the field: contradictions found there ask
        # for the reason too, before "Als geprüft markieren" saves and checks that text.
        open_facts = [f for f in findings if is_contradicted_fact(f)]
    # Not facts, but still "wichtig", or a text the model did not finish: the review asks
    # for a reason as well (`drafts.mark_reviewed` enforces it).
    not_done = unfinished_reasons(version) if version is not None else []
    state = state_of(request, repo, draft, version)
    context = {
        "draft": draft,
        "tool": tool,
        "version": version,
        "text": text,
        "view": view,
        "base_version": base_version
        if base_version is not None
        else (version.number if version else 0),
        "open_facts": open_facts,
        "not_done": not_done,
        "is_reviewed": draft.status == DraftStatus.geprueft.value,
        "reader_check": has_reader_check(tool),
        "section_limits": section_limits(repo, tool, draft, text),
        "exports": [(fmt, EXPORT_LABELS.get(fmt, fmt)) for fmt in tool.spec.exports],
        "errors": errors or {},
        "notice": notice,
        "warning": warning,
        "providers": provider_options(request, repo),
        "origin_labels": origin_labels(),
        "truncated": truncated_notice() if is_truncated(version) else "",
        "state": state.value,
        "partial_notice": partial_notice() if state == DraftState.partial else "",
        "stored_inputs": stored_inputs(tool, draft) if state == DraftState.empty else [],
        "facts_added": _facts_added(tool, version),
        "answer_limited": answer_limit_notice(version) if _is_model_version(version) else "",
    }
    return render(request, "draft_editor.html", context, status)


def _is_model_version(version: DraftVersion | None) -> bool:
    return version is not None and version.origin in (
        VersionOrigin.generated.value,
        VersionOrigin.partial.value,
    )


def _facts_added(tool: Tool, version: DraftVersion | None) -> str:
    """The notice on facts the workbench added, on the model's version only: the provenance
    carries on into edits, but an edited text is the user's own."""
    if not _is_model_version(version):
        return ""
    assert version is not None
    return added_notice(tool.spec, version.provenance)


@router.get("/entwuerfe")
def draft_list(request: Request, user: CurrentUser, repo: RepoDep) -> Response:
    registry = drafts.registry_for(repo)
    titles = {t.id: t.spec.title for t in registry.list()}
    listed = drafts.list_drafts(repo)
    context = {
        "drafts": listed,
        "titles": titles,
        "draft_states": draft_states(request, repo, listed),
        "state_labels": state_labels(),
    }
    return render(request, "draft_list.html", context)


@router.get("/entwuerfe/{draft_id}")
def editor(
    request: Request,
    draft_id: int,
    user: CurrentUser,
    repo: RepoDep,
    hinweis: str = "",
    konflikt: int = 0,
    neueste: int = 0,
) -> Response:
    draft = get_draft_or_404(repo, draft_id)
    warning = conflict_message(neueste, konflikt) if konflikt else ""
    return editor_page(request, repo, draft, notice=notices().get(hinweis, ""), warning=warning)


def _redirect(draft: Draft, **query: Any) -> Response:
    suffix = ("?" + urlencode(query)) if query else ""
    return RedirectResponse(f"/entwuerfe/{draft.id}{suffix}#editor", status_code=303)


def _saved_redirect(draft: Draft, result: SaveResult, hint: str) -> Response:
    if result.conflict:
        return _redirect(draft, konflikt=result.version.number, neueste=result.latest_number - 1)
    return _redirect(draft, hinweis=hint if result.saved else "unveraendert")


def _find_fix(version: DraftVersion, value: str) -> tuple[int, int] | None:
    """The (finding, suggestion) index of an apply button's value in the stored findings."""
    start_text, _sep, rest = value.partition(":")
    end_text, _sep2, suggestion = rest.partition(":")
    for index, data in enumerate(version.findings or []):
        if str(data.get("start")) == start_text and str(data.get("end")) == end_text:
            suggestions = [str(s) for s in data.get("suggestions", ())]
            if suggestion in suggestions:
                return index, suggestions.index(suggestion)
    return None


@router.post("/entwuerfe/{draft_id}")
async def editor_action(
    request: Request, draft_id: int, user: CurrentUser, repo: RepoDep
) -> Response:
    draft = get_draft_or_404(repo, draft_id)
    values = await form_data(request)
    text = form_text(values.get("text", ""))
    base = _int(values.get("base_version"))
    action = values.get("action", "save")
    try:
        version = drafts.get_version(repo, draft)
    except DraftError:
        raise HTTPException(status_code=404) from None
    if not base:
        base = version.number
    try:
        if values.get(APPLY_FIELD):
            return _apply(request, repo, draft, user, version, text, base, values)
        if action == "check":
            return _check(request, repo, draft, user, text, base)
        saved = drafts.save_edit(repo, draft, text, base, user)
        if action in ("review", "reader_check") and is_running(
            request, repo.organisation_id, draft.id
        ):
            # The model writes a new version now: a review would cover a text about to
            # change. The text from the field is saved all the same (above).
            return editor_page(request, repo, draft, warning=running_notice(), status=409)
        if action == "review":
            return _review(request, repo, draft, user, saved, values)
        if action == "reader_check":
            try:
                drafts.record_reader_check(repo, draft, user, values.get("reader_note", ""))
            except DraftError as exc:
                # The text is saved (above): the page shows that version, the error at the
                # note field, and nothing of the reader check is recorded.
                return _refused(request, repo, draft, saved, exc)
            return (
                _saved_redirect(draft, saved, "leser")
                if saved.conflict
                else _redirect(draft, hinweis="leser")
            )
        return _saved_redirect(draft, saved, "gespeichert")
    except DraftError as exc:
        field = exc.field if exc.field != "form" else "text"
        return editor_page(
            request,
            repo,
            draft,
            text=text,
            findings=[],
            checks=[],
            base_version=base,
            errors={field: exc.message},
            status=422,
        )


def _check(
    request: Request, repo: OrgRepository, draft: Draft, user: User, text: str, base: int
) -> Response:
    """The "Prüfen" button: a changed text is saved first (like "Speichern"), then its
    findings are shown, so a check pressed before the autosave ran loses no edit."""
    saved = drafts.save_edit(repo, draft, text, base, user)
    if saved.saved:
        # The new version was checked while it was stored: show it with those findings.
        return editor_page(
            request,
            repo,
            draft,
            notice=_("Gespeichert als Version {number} und neu geprüft.").format(
                number=saved.version.number
            ),
            warning=saved.message or "",
        )
    # Same text as the newest version: check it again (facts or lists may have changed).
    checked = drafts.recheck(repo, draft, text)
    return editor_page(
        request,
        repo,
        draft,
        text=text,
        findings=checked.findings,
        checks=checked.checks_run,
        base_version=saved.version.number,
        notice=_("Neu geprüft."),
    )


def _apply(
    request: Request,
    repo: OrgRepository,
    draft: Draft,
    user: User,
    version: DraftVersion,
    text: str,
    base: int,
    values: dict[str, str],
) -> Response:
    value = values[APPLY_FIELD]
    if text == version.text and base == version.number:
        found = _find_fix(version, value)
        if found is not None:
            result = drafts.apply_fix(repo, draft, version.number, found[0], found[1], user)
            return _saved_redirect(draft, result, "vorschlag")
    # The text in the field is not the stored one (rechecked or edited): apply to it, save it.
    try:
        fixed = apply_suggestion(text, value, values.get("checked_hash", ""))
    except ApplyError as exc:
        saved = drafts.save_edit(repo, draft, text, base, user)
        return editor_page(request, repo, draft, warning=str(exc) if not saved.conflict else (
            saved.message or ""
        ))  # fmt: skip
    saved = drafts.save_edit(repo, draft, fixed, base, user)
    return _saved_redirect(draft, saved, "vorschlag")


def _review(
    request: Request,
    repo: OrgRepository,
    draft: Draft,
    user: User,
    saved: SaveResult,
    values: dict[str, str],
) -> Response:
    try:
        drafts.mark_reviewed(repo, draft, user, values.get("override_reason", ""))
    except DraftError as exc:
        return _refused(request, repo, draft, saved, exc)
    return _redirect(draft, hinweis="geprueft")


def _refused(
    request: Request, repo: OrgRepository, draft: Draft, saved: SaveResult, exc: DraftError
) -> Response:
    """The draft page again: the German error at its field, the save's notice kept."""
    return editor_page(
        request,
        repo,
        draft,
        errors={exc.field: exc.message},
        warning=saved.message or "",
        status=422,
    )


@router.post("/entwuerfe/{draft_id}/autosave")
async def autosave(request: Request, draft_id: int, user: CurrentUser, repo: RepoDep) -> Response:
    """JSON for the editor script: the saved version, a conflict message, fresh findings."""
    draft = get_draft_or_404(repo, draft_id)
    values = await form_data(request)
    text = form_text(values.get("text", ""))
    try:
        result = drafts.save_edit(repo, draft, text, _int(values.get("base_version"), 1), user)
    except DraftError as exc:
        return JSONResponse({"saved": False, "message": exc.message}, status_code=422)
    data = result.to_dict()
    data["hash"] = text_hash(result.version.text)
    data["status_reset"] = draft.status != DraftStatus.geprueft.value
    return JSONResponse(data)


# ---- history ---------------------------------------------------------------------------------


@router.get("/entwuerfe/{draft_id}/versionen")
def history(
    request: Request,
    draft_id: int,
    user: CurrentUser,
    repo: RepoDep,
    alt: int = 0,
    neu: int = 0,
) -> Response:
    draft = get_draft_or_404(repo, draft_id)
    versions = drafts.versions(repo, draft)
    numbers = [v.number for v in versions]
    diff = None
    error = ""
    if numbers:
        new = neu if neu in numbers else numbers[-1]
        old = alt if alt in numbers else (numbers[-2] if len(numbers) > 1 else new)
        if (alt and alt not in numbers) or (neu and neu not in numbers):
            error = _("Diese Version gibt es nicht; gezeigt werden die neuesten.")
        diff = drafts.diff(repo, draft, old, new)
    context = {
        "draft": draft,
        "versions": list(reversed(versions)),
        "numbers": numbers,
        "diff": diff,
        "error": error,
        "origin_labels": origin_labels(),
    }
    return render(request, "draft_history.html", context)


@router.post("/entwuerfe/{draft_id}/versionen/{number}/wiederherstellen")
def restore(
    request: Request, draft_id: int, number: int, user: CurrentUser, repo: RepoDep
) -> Response:
    draft = get_draft_or_404(repo, draft_id)
    try:
        drafts.restore_version(repo, draft, number, user)
    except DraftError:
        raise HTTPException(status_code=404) from None
    return _redirect(draft, hinweis="wiederhergestellt")


@router.post("/entwuerfe/{draft_id}/loeschen")
def delete(request: Request, draft_id: int, user: CurrentUser, repo: RepoDep) -> Response:
    draft = get_draft_or_404(repo, draft_id)
    drafts.delete_draft(repo, draft)
    return RedirectResponse("/entwuerfe?geloescht=1", status_code=303)


# ---- export ----------------------------------------------------------------------------------


@router.get("/entwuerfe/{draft_id}/export/{fmt}")
def export(request: Request, draft_id: int, fmt: str, user: CurrentUser, repo: RepoDep) -> Response:
    draft = get_draft_or_404(repo, draft_id)
    tool = get_tool_or_404(repo, draft.tool_id)
    if fmt not in tool.spec.exports:
        raise HTTPException(status_code=404)
    settings: Settings = request.app.state.settings
    try:
        exported = drafts.export(repo, settings, draft, fmt)
    except DraftError as exc:
        return editor_page(request, repo, draft, warning=exc.message, status=422)
    return Response(
        exported.file.content,
        media_type=exported.file.media_type,
        headers=attachment_headers(exported.filename),
    )
