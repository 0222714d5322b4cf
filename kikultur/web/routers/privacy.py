"""Einstellungen › Datenschutz: data export, deletion, retention periods, Art. 30/28 records."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from typing import IO, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.background import BackgroundTask

from kikultur.exports.filenames import safe_stem
from kikultur.i18n import _
from kikultur.llm.config_store import ProviderStoreError
from kikultur.services.gdpr import GdprError
from kikultur.services.gdpr import delete as gdpr_delete
from kikultur.services.gdpr import export as gdpr_export
from kikultur.services.gdpr import records as gdpr_records
from kikultur.services.gdpr import retention as gdpr_retention
from kikultur.store.models import Organisation, utcnow
from kikultur.store.repository import OrgRepository
from kikultur.web.deps import (
    CurrentUser,
    HasherDep,
    OrgAdmin,
    PlatformAdmin,
    RepoDep,
    SessionDep,
    SettingsDep,
)
from kikultur.web.downloads import attachment_headers
from kikultur.web.security import SESSION_COOKIE
from kikultur.web.templating import form_data, render

router = APIRouter()
log = logging.getLogger(__name__)
BASE = "/einstellungen/datenschutz"


def _zip_response(write: Callable[[IO[bytes]], Any], name: str) -> Response:
    # Written to a temporary file first: a large export never sits in memory as a whole.
    handle = tempfile.NamedTemporaryFile(suffix=".zip", delete=False)  # noqa: SIM115
    try:
        with handle:
            write(handle)
    except BaseException:
        os.unlink(handle.name)
        raise
    filename = f"kikultur-export-{safe_stem(name, 'daten')}-{utcnow():%Y-%m-%d}.zip"
    return FileResponse(
        handle.name,
        media_type="application/zip",
        headers=attachment_headers(filename),
        background=BackgroundTask(os.unlink, handle.name),
    )


def _page(
    request: Request,
    repo: RepoDep,
    settings: SettingsDep,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    message: str | None = None,
    status: int = 200,
) -> Response:
    context = {
        "retention": gdpr_retention.organisation_retention(repo, settings),
        "members": repo.members(),
        "errors": errors or {},
        "values": values or {},
        "message": message,
    }
    return render(request, "privacy.html", context, status)


@router.get(BASE)
def privacy(request: Request, user: CurrentUser, repo: RepoDep, settings: SettingsDep) -> Response:
    saved = request.query_params.get("gespeichert") == "1"
    return _page(request, repo, settings, message=_("Gespeichert.") if saved else None)


@router.post(f"{BASE}/export/konto")
def export_own(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Response:
    return _zip_response(
        lambda out: gdpr_export.export_user(session, settings, user.id, out), user.email
    )


@router.post(f"{BASE}/export/einrichtung")
def export_organisation(admin: OrgAdmin, repo: RepoDep, settings: SettingsDep) -> Response:
    org = repo.organisation()
    return _zip_response(
        lambda out: gdpr_export.export_organisation(repo.session, settings, org.id, out),
        org.name,
    )


@router.post(f"{BASE}/loeschfristen")
async def save_retention(
    request: Request, admin: OrgAdmin, repo: RepoDep, settings: SettingsDep
) -> Response:
    values = await form_data(request)
    errors = gdpr_retention.save_organisation_retention(repo, settings, values)
    if errors:
        return _page(request, repo, settings, errors=errors, values=values, status=422)
    return RedirectResponse(f"{BASE}?gespeichert=1", status_code=303)


def _logged_out(target: str) -> Response:
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post(f"{BASE}/konto/loeschen")
async def delete_own_account(
    request: Request,
    user: CurrentUser,
    repo: RepoDep,
    session: SessionDep,
    settings: SettingsDep,
    hasher: HasherDep,
) -> Response:
    values = await form_data(request)
    try:
        gdpr_delete.delete_own_account(session, hasher, user.id, values.get("password", ""))
    except GdprError as exc:
        session.rollback()
        return _page(request, repo, settings, errors={exc.field: exc.message}, status=422)
    return _logged_out("/anmelden?konto_geloescht=1")


def _confirm(
    request: Request,
    *,
    title: str,
    explanation: str,
    expected: str,
    action: str,
    back: str,
    error: str | None = None,
    status: int = 200,
) -> Response:
    context = {
        "title": title,
        "explanation": explanation,
        "expected": expected,
        "action": action,
        "back": back,
        "errors": {"confirm": error} if error else {},
    }
    return render(request, "privacy_confirm.html", context, status)


def _member_or_404(repo: OrgRepository, admin: OrgAdmin, user_id: int) -> Any:
    member = repo.member(user_id)
    if member is None or member.id == admin.id:
        raise HTTPException(status_code=404)
    return member


@router.get(f"{BASE}/mitglieder/{{user_id}}/loeschen")
def confirm_member_deletion(
    request: Request, user_id: int, admin: OrgAdmin, repo: RepoDep
) -> Response:
    member = _member_or_404(repo, admin, user_id)
    return _confirm(
        request,
        title=_("Konto von {name} löschen").format(name=member.display_name),
        explanation=_(
            "Das Konto wird endgültig gelöscht, mit seinen Anmeldungen. Was die Person für die "
            "Einrichtung angelegt hat (z. B. Steckbrief-Fassungen), bleibt erhalten, ohne "
            "Verweis auf sie. Zur Bestätigung bitte die E-Mail-Adresse eingeben:"
        ),
        expected=member.email,
        action=f"{BASE}/mitglieder/{member.id}/loeschen",
        back=BASE,
    )


@router.post(f"{BASE}/mitglieder/{{user_id}}/loeschen")
async def delete_member(
    request: Request, user_id: int, admin: OrgAdmin, repo: RepoDep, session: SessionDep
) -> Response:
    member = _member_or_404(repo, admin, user_id)
    values = await form_data(request)
    error = None
    if values.get("confirm", "").strip().lower() != member.email:
        error = _("Die E-Mail-Adresse stimmt nicht überein; nichts wurde gelöscht.")
    else:
        try:
            gdpr_delete.delete_user(session, member.id)
        except GdprError as exc:
            session.rollback()
            error = exc.message
    if error:
        return _confirm(
            request,
            title=_("Konto von {name} löschen").format(name=member.display_name),
            explanation=_("Zur Bestätigung bitte die E-Mail-Adresse eingeben:"),
            expected=member.email,
            action=f"{BASE}/mitglieder/{member.id}/loeschen",
            back=BASE,
            error=error,
            status=422,
        )
    return RedirectResponse(f"{BASE}?gespeichert=1", status_code=303)


def _org_or_404(session: SessionDep, org_id: int) -> Organisation:
    org = session.get(Organisation, org_id)
    if org is None:
        raise HTTPException(status_code=404)
    return org


def _org_explanation() -> str:
    return _(
        "Die Einrichtung wird endgültig gelöscht: alle Konten, der Steckbrief, alle Entwürfe, "
        "Einstellungen und Dateien. Das lässt sich nicht rückgängig machen; laden Sie vorher "
        "den Export herunter, wenn die Daten noch gebraucht werden. Zur Bestätigung bitte den "
        "Namen der Einrichtung eingeben:"
    )


@router.get("/plattform/einrichtungen/{org_id}/loeschen")
def confirm_org_deletion(
    request: Request, org_id: int, admin: PlatformAdmin, session: SessionDep
) -> Response:
    org = _org_or_404(session, org_id)
    return _confirm(
        request,
        title=_("Einrichtung „{name}“ löschen").format(name=org.name),
        explanation=_org_explanation(),
        expected=org.name,
        action=f"/plattform/einrichtungen/{org.id}/loeschen",
        back="/plattform",
    )


@router.post("/plattform/einrichtungen/{org_id}/loeschen")
async def delete_org(
    request: Request,
    org_id: int,
    admin: PlatformAdmin,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    org = _org_or_404(session, org_id)
    name, own = org.name, org.id == admin.organisation_id
    values = await form_data(request)
    error = None
    if values.get("confirm", "").strip() != name:
        error = _("Der Name stimmt nicht überein; nichts wurde gelöscht.")
    else:
        try:
            gdpr_delete.delete_organisation(session, settings, org_id)
        except GdprError as exc:
            session.rollback()
            error = exc.message
    if error:
        return _confirm(
            request,
            title=_("Einrichtung „{name}“ löschen").format(name=name),
            explanation=_org_explanation(),
            expected=name,
            action=f"/plattform/einrichtungen/{org_id}/loeschen",
            back="/plattform",
            error=error,
            status=422,
        )
    if own:  # the admin's own account went with it
        return _logged_out("/anmelden")
    return RedirectResponse("/plattform", status_code=303)


def _entries(repo: RepoDep, settings: SettingsDep) -> list[gdpr_records.ProviderEntry]:
    try:
        return gdpr_records.entries(repo, settings)
    except ProviderStoreError as exc:
        log.error("Anbieterliste nicht lesbar: %s", exc)
        raise HTTPException(
            status_code=500,
            detail=_(
                "Die Liste der Modell-Anbieter kann gerade nicht gelesen werden. Bitte versuchen "
                "Sie es später noch einmal oder fragen Sie die Betreuung Ihrer Werkbank."
            ),
        ) from exc


@router.get(f"{BASE}/anbieter")
def providers(
    request: Request, user: CurrentUser, repo: RepoDep, settings: SettingsDep
) -> Response:
    return render(request, "privacy_providers.html", {"entries": _entries(repo, settings)})


def _provider_page(
    request: Request,
    found: gdpr_records.ProviderEntry,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    saved: bool = False,
    status: int = 200,
) -> Response:
    state = found.state
    defaults = {
        "processor_agreement": "1" if state and state.processor_agreement else "",
        "agreement_date": state.agreement_date.isoformat()
        if state and state.agreement_date
        else "",
        "eu_location": "1" if state and state.eu_location else "",
        "country": (state.country or "") if state else "",
        "training_opt_out": "1" if state and state.training_opt_out else "",
        "notes": state.notes if state else "",
    }
    context = {
        "entry": found,
        "errors": errors or {},
        "values": values if values is not None else defaults,
        "saved": saved,
    }
    return render(request, "privacy_provider.html", context, status)


@router.get(f"{BASE}/anbieter/{{name}}")
def provider(
    request: Request, name: str, user: CurrentUser, repo: RepoDep, settings: SettingsDep
) -> Response:
    found = next((e for e in _entries(repo, settings) if e.name == name), None)
    if found is None:
        raise HTTPException(status_code=404)
    return _provider_page(request, found, saved=request.query_params.get("gespeichert") == "1")


@router.post(f"{BASE}/anbieter/{{name}}")
async def save_provider(
    request: Request, name: str, admin: OrgAdmin, repo: RepoDep, settings: SettingsDep
) -> Response:
    found = next((e for e in _entries(repo, settings) if e.name == name), None)
    if found is None or not found.external:
        raise HTTPException(status_code=404)
    values = await form_data(request)
    errors = gdpr_records.save_checklist(repo, settings, admin, name, values)
    if errors:
        return _provider_page(request, found, errors=errors, values=values, status=422)
    return RedirectResponse(f"{BASE}/anbieter/{name}?gespeichert=1", status_code=303)


@router.get(f"{BASE}/verzeichnis.{{fmt}}")
def records_download(fmt: str, user: CurrentUser, repo: RepoDep, settings: SettingsDep) -> Response:
    """The Art. 30/28 document as `verzeichnis.md` or `verzeichnis.docx` (a download)."""
    if fmt not in {"md", "docx"}:
        raise HTTPException(status_code=404)
    _entries(repo, settings)  # a broken provider file answers with a German error page
    name = f"verarbeitungsverzeichnis-{safe_stem(repo.organisation().name, 'daten')}.{fmt}"
    headers = attachment_headers(name)
    if fmt == "md":
        text = gdpr_records.records_markdown(repo, settings)
        return Response(text, media_type="text/markdown; charset=utf-8", headers=headers)
    return Response(
        gdpr_records.records_docx(repo, settings),
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers=headers,
    )
