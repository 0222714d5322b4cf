"""Tool pages: the input form, the privacy preview, generation (synchronous and streamed).

Without JavaScript the form posts, the server generates and redirects to the editor. With
JavaScript (static/editor.js) the same form data goes to the `/live` twin, which streams the
text as server-sent events; "Stopp" cancels, a closed connection keeps what arrived.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.llm.base import ProviderConfigError
from kikultur.llm.messages import DataClass
from kikultur.services import drafts, factsheet, model_access
from kikultur.services.drafts import DraftError, PreparedDraft, grants
from kikultur.services.drafts.form_tokens import attach_draft, claim_form_token, new_form_token
from kikultur.services.drafts.orgdata import tool_steckbrief
from kikultur.store.models import Draft, User
from kikultur.store.repository import OrgRepository
from kikultur.tools.inputs import InvalidInputsError
from kikultur.tools.registry import Tool, ToolError
from kikultur.web.deps import CurrentUser, RepoDep
from kikultur.web.findings_view import kind_labels
from kikultur.web.templating import form_data, form_text, render
from kikultur.web.tool_forms import (
    FIELD_PREFIX,
    field_errors,
    form_fields,
    hidden_pairs,
    initial_values,
    read_values,
)

router = APIRouter()


def data_class_label(data_class: DataClass) -> str:
    return {
        DataClass.local: _("lokal: die Daten bleiben auf Ihrem Server"),
        DataClass.eu: _("EU-Anbieter: Personendaten werden vorher ersetzt"),
        DataClass.third_country: _(
            "Anbieter außerhalb der EU: Personendaten werden vorher ersetzt"
        ),
    }[data_class]


def provider_options(request: Request, repo: OrgRepository) -> list[tuple[str, str]]:
    settings: Settings = request.app.state.settings
    configs = model_access.available_providers(settings, repo.session, repo.organisation_id)
    return [(c.name, provider_label(c.name, data_class_label(c.data_class))) for c in configs]


def provider_label(name: str, label: str) -> str:
    """`name (label)`; a provider named like its kind is not named twice ("lokal (lokal: …)"
    reads "lokal (die Daten bleiben auf Ihrem Server)")."""
    kind, _sep, detail = label.partition(": ")
    if detail and name.strip().casefold() == kind.casefold():
        return f"{name} ({detail})"
    return f"{name} ({label})"


def get_tool_or_404(repo: OrgRepository, tool_id: str) -> Tool:
    """The tool as the form shows it: `foerderer` offers built-in and own funder profiles."""
    try:
        tool = drafts.registry_for(repo).get(tool_id)
    except ToolError:
        raise HTTPException(status_code=404) from None
    spec = grants.form_spec(repo, tool.spec)
    if spec is tool.spec:
        return tool
    return Tool(spec=spec, prompts=tool.prompts, source=tool.source, path=tool.path)


PLAN_FIELD = FIELD_PREFIX + grants.FINANCE_INPUT


def plan_select(repo: OrgRepository, tool: Tool) -> list[tuple[str, str]] | None:
    """Options of the finance plan select (None: the tool has no finance table)."""
    if not grants.uses_finance(tool.spec):
        return None
    return [("", _("– kein Finanzplan –")), *grants.plan_options(repo)]


def get_draft_or_404(repo: OrgRepository, draft_id: int) -> Draft:
    try:
        return drafts.get_draft(repo, draft_id)
    except DraftError:
        raise HTTPException(status_code=404) from None


def _steckbrief(repo: OrgRepository) -> dict[str, Any]:
    return tool_steckbrief(factsheet.current(repo).data)


def tool_page(
    request: Request,
    repo: OrgRepository,
    tool: Tool,
    values: dict[str, Any],
    brief: str,
    errors: dict[str, str],
    provider: str = "",
    status: int = 200,
) -> Response:
    steckbrief = _steckbrief(repo)
    context = {
        "tool": tool,
        "fields": form_fields(tool, values, steckbrief),
        "brief": brief,
        "errors": errors,
        "providers": provider_options(request, repo),
        "provider": provider,
        "action": f"/werkzeuge/{tool.id}",
        "plans": plan_select(repo, tool),
        "plan_field": PLAN_FIELD,
        "plan": str(values.get(grants.FINANCE_INPUT) or ""),
        # One-time: a second submission of this rendering leads to the first one's draft.
        "form_token": new_form_token(),
    }
    return render(request, "tool_form.html", context, status)


@router.get("/werkzeuge/{tool_id}")
def tool_form(request: Request, tool_id: str, user: CurrentUser, repo: RepoDep) -> Response:
    tool = get_tool_or_404(repo, tool_id)
    return tool_page(request, repo, tool, initial_values(tool, _steckbrief(repo)), "", {})


# ---- one request: form -> prepare -> (preview) -> generate ---------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def shield_terms(form: FormData) -> tuple[list[str], list[str]]:
    """Terms the user added, and detected values un-marked in the preview (shown, not kept)."""
    extra = _lines(str(form.get("extra_terms") or ""))
    shown = {v for v in form.getlist("shown") if isinstance(v, str)}
    kept = {v for v in form.getlist("keep") if isinstance(v, str)}
    return extra, sorted(shown - kept)


FORM_TOKEN_FIELD = "form_token"


class Outcome:
    """What a posted generation form leads to: errors, a preview, or a prepared draft."""

    def __init__(
        self, prepared: PreparedDraft | None, response: Response | None, form_token: str = ""
    ) -> None:
        self.prepared = prepared
        self.response = response
        self.form_token = form_token


async def prepare_from_form(
    request: Request,
    repo: OrgRepository,
    tool: Tool,
    *,
    draft: Draft | None = None,
    live: bool = False,
) -> Outcome:
    await form_data(request)  # refuses binary input as a whole (German page)
    form = await request.form()
    if draft is None:
        values = read_values(tool, form)
        plan = str(form.get(PLAN_FIELD) or "").strip()
        if plan and grants.uses_finance(tool.spec):
            values[grants.FINANCE_INPUT] = plan
        brief = form_text(str(form.get("brief") or ""))
    else:
        values, brief = dict(draft.inputs or {}), draft.brief or ""
    provider = str(form.get("provider") or "") or None
    token = str(form.get(FORM_TOKEN_FIELD) or "") if draft is None else ""
    extra, ignored = shield_terms(form)
    settings: Settings = request.app.state.settings
    try:
        prepared = drafts.prepare(
            repo,
            settings,
            tool.id,
            values,
            brief,
            provider_name=provider,
            draft=draft,
            extra_terms=extra,
            ignored_terms=ignored,
        )
    except (InvalidInputsError, ProviderConfigError) as exc:
        if live:
            return Outcome(None, JSONResponse({"fallback": True}, status_code=422))
        if isinstance(exc, InvalidInputsError):
            errors = field_errors(exc.errors)
        else:
            errors = {"provider": exc.user_message}
        if draft is not None:
            message = (
                _input_problems(tool, exc.errors)
                if isinstance(exc, InvalidInputsError)
                else exc.user_message
            )
            return Outcome(None, failure_page(request, repo, draft, message, 422))
        return Outcome(
            None, tool_page(request, repo, tool, values, brief, errors, provider or "", 422)
        )
    confirmed = form.get("shield_confirmed") == "1" and form.get("action") != "preview"
    if prepared.needs_shield and not confirmed:
        if live:
            return Outcome(None, JSONResponse({"fallback": True}, status_code=409))
        return Outcome(
            None, preview_page(request, tool, prepared, provider or "", ignored, draft, token)
        )
    return Outcome(prepared, None, token)


def _input_problems(tool: Tool, errors: dict[str, str]) -> str:
    """German messages named by the fields' labels; str(InvalidInputsError) would name the
    technical field keys ("datum: ...")."""
    labels = {item.name: item.label for item in tool.spec.inputs}
    labels["brief"] = tool.spec.brief.label
    return " ".join(
        _("{label}: {message}").format(label=labels[name], message=message)
        if name in labels
        else message
        for name, message in errors.items()
    )


def preview_page(
    request: Request,
    tool: Tool,
    prepared: PreparedDraft,
    provider: str,
    ignored: list[str],
    draft: Draft | None,
    form_token: str = "",
) -> Response:
    base = f"/entwuerfe/{draft.id}/erneut" if draft is not None else f"/werkzeuge/{tool.id}"
    context = {
        "tool": tool,
        "prepared": prepared,
        "items": prepared.shield_preview,
        "ignored": [t for t in ignored if t not in {i.value for i in prepared.shield_preview}],
        "extra_terms": "\n".join(prepared.extra_terms),
        "hidden": _hidden(tool, prepared) if draft is None else [],
        "brief": prepared.brief if draft is None else None,
        "provider": provider,
        "kind_labels": kind_labels(),
        "action": base,
        "live_url": base + "/live",
        "form_token": form_token,
    }
    return render(request, "shield_preview.html", context)


def _hidden(tool: Tool, prepared: PreparedDraft) -> list[tuple[str, str]]:
    pairs = hidden_pairs(tool, prepared.values)
    if prepared.finance_plan_id is not None:
        pairs.append((PLAN_FIELD, str(prepared.finance_plan_id)))
    return pairs


def failure_page(
    request: Request, repo: OrgRepository, draft: Draft, message: str, status: int = 200
) -> Response:
    """A German explanation; what was generated is kept; retry or another provider."""
    try:
        version = drafts.get_version(repo, draft)
    except DraftError:
        version = None
    context = {
        "draft": draft,
        "message": message,
        "version": version,
        "providers": provider_options(request, repo),
        "provider": draft.provider or "",
    }
    return render(request, "generation_failed.html", context, status)


def _generate_now(
    request: Request, repo: OrgRepository, user: User, prepared: PreparedDraft, token: str = ""
) -> Response:
    settings: Settings = request.app.state.settings
    generation = drafts.generate(repo, settings, prepared, user)
    attach_draft(repo, token, generation.draft)
    # Registered like a streamed one: the draft page opened meanwhile says it is being
    # written (and offers no review), and "Stopp" reaches it.
    table = running(request)
    key = (repo.organisation_id, generation.draft.id)
    table[key] = generation
    try:
        result = drafts.run_generation(generation)
    finally:
        table.pop(key, None)
    if result.ok:
        return RedirectResponse(f"/entwuerfe/{result.draft.id}?hinweis=erzeugt", status_code=303)
    return failure_page(request, repo, result.draft, result.user_message or "")


@router.post("/werkzeuge/{tool_id}")
async def tool_submit(request: Request, tool_id: str, user: CurrentUser, repo: RepoDep) -> Response:
    tool = get_tool_or_404(repo, tool_id)
    outcome = await prepare_from_form(request, repo, tool)
    if outcome.response is not None:
        return outcome.response
    assert outcome.prepared is not None
    claim = claim_form_token(repo, outcome.form_token)
    if not claim.first:
        return RedirectResponse(_earlier_submission_url(claim.draft_id), status_code=303)
    return _generate_now(request, repo, user, outcome.prepared, outcome.form_token)


def _earlier_submission_url(draft_id: int | None) -> str:
    """Where a repeated form submission goes: the first one's draft (or, while that one has
    not created its draft yet, the list of drafts)."""
    return f"/entwuerfe/{draft_id}" if draft_id is not None else "/entwuerfe"


@router.post("/entwuerfe/{draft_id}/erneut")
async def retry(request: Request, draft_id: int, user: CurrentUser, repo: RepoDep) -> Response:
    draft = get_draft_or_404(repo, draft_id)
    tool = get_tool_or_404(repo, draft.tool_id)
    outcome = await prepare_from_form(request, repo, tool, draft=draft)
    if outcome.response is not None:
        return outcome.response
    assert outcome.prepared is not None
    return _generate_now(request, repo, user, outcome.prepared)


# ---- streamed generation --------------------------------------------------------------------


def running(request: Request) -> dict[tuple[int, int], drafts.Generation]:
    """Generations in progress, so "Stopp" can reach them (per app, keyed by org and draft)."""
    table: dict[tuple[int, int], drafts.Generation] | None = getattr(
        request.app.state, "running_generations", None
    )
    if table is None:
        table = {}
        request.app.state.running_generations = table
    return table


def sse(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


_END = object()


def _next(iterator: Iterator[str]) -> Any:
    return next(iterator, _END)


def end_state(result: drafts.GenerationResult, *, stopped: bool) -> dict[str, Any]:
    """How the live box reports the end: `stopped` (by "Stopp"), a German `status` line
    that says whether text was kept, and `message` (the fault; none after a "Stopp")."""
    if result.ok:
        return {"stopped": False, "status": _("Fertig. Der Editor öffnet sich.")}
    kept = result.version is not None
    if stopped:
        status = (
            _(
                "Angehalten. Der bisher geschriebene Text ist als unvollständige Version "
                "gespeichert."
            )
            if kept
            else _(
                "Angehalten, bevor das Modell Text geschrieben hat. Es gibt keinen Text; Ihre "
                "Angaben sind im Entwurf gespeichert, Sie können damit erneut erzeugen."
            )
        )
        return {"stopped": True, "status": status, "message": None}
    status = (
        _(
            "Nicht fertig geworden. Der bisher geschriebene Text ist als unvollständige "
            "Version gespeichert."
        )
        if kept
        else _(
            "Fehlgeschlagen, bevor das Modell Text geschrieben hat. Es gibt keinen Text; Ihre "
            "Angaben sind im Entwurf gespeichert, Sie können damit erneut erzeugen."
        )
    )
    return {"stopped": False, "status": status}


class LiveGeneration:
    """One streamed generation and its cleanup.

    The cleanup runs exactly once, from whichever comes first: the event stream's end or
    the response's end (a closed connection cancels the response while the event stream may
    stay suspended, so the response calls it too). An unfinished generation is cancelled
    and closed in a thread, which stores what arrived as a partial version.
    """

    def __init__(
        self, request: Request, user_id: int, organisation_id: int, form_token: str = ""
    ) -> None:
        self.settings: Settings = request.app.state.settings
        self.session: Session = request.app.state.session_factory()
        self.table = running(request)
        self.user_id = user_id
        self.organisation_id = organisation_id
        self.form_token = form_token
        self.key: tuple[int, int] | None = None
        self.generation: drafts.Generation | None = None
        self.iterator: Iterator[str] | None = None
        self.finished = False
        self._cleaned = False
        self._lock = threading.Lock()

    async def events(self, prepared: PreparedDraft) -> AsyncIterator[bytes]:
        """Server-sent events: `draft` (id, editor URL), `chunk`s, then `done` (the result).

        The generation gets its own database session: the request's session ends with the
        request handler, the stream outlives it.
        """
        try:
            repo = OrgRepository(self.session, self.organisation_id)
            user = self.session.get(User, self.user_id)
            generation = await anyio.to_thread.run_sync(
                lambda: drafts.generate(repo, self.settings, prepared, user)
            )
            self.generation = generation
            await anyio.to_thread.run_sync(
                lambda: attach_draft(repo, self.form_token, generation.draft)
            )
            draft_id = generation.draft.id
            self.key = (self.organisation_id, draft_id)
            self.table[self.key] = generation
            yield sse("draft", {"id": draft_id, "editor": f"/entwuerfe/{draft_id}"})
            self.iterator = iter(generation)
            while True:
                chunk = await anyio.to_thread.run_sync(_next, self.iterator)
                if chunk is _END:
                    break
                yield sse("chunk", {"text": chunk})
            self.finished = True
            result = generation.result
            assert result is not None
            data = result.to_dict()
            data["editor"] = f"/entwuerfe/{draft_id}"
            data["retry"] = f"/entwuerfe/{draft_id}/erneut"
            data.update(end_state(result, stopped=generation.options.cancelled()))
            yield sse("done", data)
        finally:
            self.cleanup()

    def cleanup(self) -> None:
        with self._lock:
            if self._cleaned:
                return
            self._cleaned = True
        if self.key is not None:
            self.table.pop(self.key, None)
        if self.generation is not None and self.iterator is not None and not self.finished:
            # The browser left: stop the model and keep what arrived as a partial version.
            # Not awaited: a closed or cancelled response may not await any more.
            threading.Thread(target=self._abandon, daemon=True).start()
        else:
            self.session.close()

    def _abandon(self) -> None:
        assert self.generation is not None and self.iterator is not None
        self.generation.cancel()
        close = getattr(self.iterator, "close", None)
        try:
            for _attempt in range(200):
                try:
                    if callable(close):
                        close()
                    break
                except ValueError:  # still running in a worker thread: wait for its chunk
                    time.sleep(0.05)
        finally:
            self.session.close()


class LiveResponse(StreamingResponse):
    """A streamed response that runs the generation's cleanup when it ends, however."""

    def __init__(self, live: LiveGeneration, prepared: PreparedDraft) -> None:
        super().__init__(
            live.events(prepared),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
        self.live = live

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.live.cleanup()


def _stream_response(
    request: Request, user: User, prepared: PreparedDraft, form_token: str = ""
) -> Response:
    live = LiveGeneration(request, user.id, user.organisation_id, form_token)
    return LiveResponse(live, prepared)


@router.post("/werkzeuge/{tool_id}/live")
async def tool_live(request: Request, tool_id: str, user: CurrentUser, repo: RepoDep) -> Response:
    tool = get_tool_or_404(repo, tool_id)
    outcome = await prepare_from_form(request, repo, tool, live=True)
    if outcome.response is not None:
        return outcome.response
    assert outcome.prepared is not None
    if not claim_form_token(repo, outcome.form_token).first:
        # The script then posts the form normally and lands on the earlier draft.
        return JSONResponse({"fallback": True}, status_code=409)
    return _stream_response(request, user, outcome.prepared, outcome.form_token)


@router.post("/entwuerfe/{draft_id}/erneut/live")
async def retry_live(request: Request, draft_id: int, user: CurrentUser, repo: RepoDep) -> Response:
    draft = get_draft_or_404(repo, draft_id)
    tool = get_tool_or_404(repo, draft.tool_id)
    outcome = await prepare_from_form(request, repo, tool, draft=draft, live=True)
    if outcome.response is not None:
        return outcome.response
    assert outcome.prepared is not None
    return _stream_response(request, user, outcome.prepared)


@router.post("/entwuerfe/{draft_id}/stopp")
def stop(request: Request, draft_id: int, user: CurrentUser, repo: RepoDep) -> Response:
    draft = get_draft_or_404(repo, draft_id)
    generation = running(request).get((repo.organisation_id, draft.id))
    if generation is not None:
        generation.cancel()
    if request.headers.get("accept", "").startswith("application/json"):
        return JSONResponse({"stopped": generation is not None})
    return RedirectResponse(f"/entwuerfe/{draft.id}", status_code=303)
