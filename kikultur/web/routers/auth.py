"""Login, logout, password change and accepting an invitation."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kikultur.i18n import _
from kikultur.schemas.accounts import (
    DisplayNameChange,
    InvitationAccept,
    LoginForm,
    PasswordChange,
)
from kikultur.schemas.common import validate_form
from kikultur.services import accounts
from kikultur.web.deps import HasherDep, LoginDep, SessionDep, SettingsDep
from kikultur.web.security import SESSION_COOKIE, set_cookie
from kikultur.web.templating import form_data, render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    # Only local paths: an attacker must not turn the login into an open redirect.
    # Browsers read "/\\host" like "//host", so backslashes are refused as well.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _client(request: Request) -> str:
    return request.client.host if request.client else "unbekannt"


@router.get("/anmelden")
def login_form(request: Request, weiter: str | None = None) -> Response:
    return render(request, "login.html", {"next": _safe_next(weiter)})


@router.post("/anmelden")
async def login(
    request: Request, session: SessionDep, settings: SettingsDep, hasher: HasherDep
) -> Response:
    values = await form_data(request)
    target = _safe_next(values.get("weiter"))
    form, errors = validate_form(LoginForm, values)
    page = {"next": target, "values": {"email": values.get("email", "")}}
    if form is None:
        return render(request, "login.html", {**page, "errors": errors}, 422)
    try:
        user = accounts.authenticate(
            session, hasher, settings, form.email, form.password, _client(request)
        )
    except accounts.LoginThrottled as exc:
        return render(request, "login.html", {**page, "errors": {"form": exc.message}}, 429)
    except accounts.AccountError as exc:
        return render(request, "login.html", {**page, "errors": {"form": exc.message}}, 401)
    token = accounts.start_session(session, settings, user)
    response = RedirectResponse(target, status_code=303)
    set_cookie(response, settings, SESSION_COOKIE, token, max_age=settings.session_hours * 3600)
    return response


@router.post("/abmelden")
def logout(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.end_session(session, token)
    response = RedirectResponse("/anmelden?abgemeldet=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/konto/passwort")
def password_form(request: Request, login: LoginDep) -> Response:
    context = {
        "done": request.query_params.get("geaendert"),
        "name_missing": accounts.has_first_run_name(login.user),
    }
    return render(request, "password.html", context)


@router.post("/konto/passwort")
async def password_change(
    request: Request, login: LoginDep, session: SessionDep, hasher: HasherDep
) -> Response:
    form, errors = validate_form(PasswordChange, await form_data(request))
    if form is not None:
        try:
            accounts.change_password(session, hasher, login.user, form, keep_session_id=login.id)
        except accounts.AccountError as exc:
            errors = {exc.field: exc.message}
    if errors:
        return render(request, "password.html", {"errors": errors}, 422)
    return RedirectResponse("/konto/passwort?geaendert=1", status_code=303)


@router.get("/konto/name")
def name_form(request: Request, login: LoginDep) -> Response:
    return render(
        request,
        "account_name.html",
        {
            "done": request.query_params.get("geaendert"),
            "values": {"display_name": login.user.display_name},
        },
    )


@router.post("/konto/name")
async def name_change(request: Request, login: LoginDep, session: SessionDep) -> Response:
    values = await form_data(request)
    form, errors = validate_form(DisplayNameChange, values)
    if form is None:
        page = {"errors": errors, "values": {"display_name": values.get("display_name", "")}}
        return render(request, "account_name.html", page, 422)
    accounts.rename_user(session, login.user, form)
    return RedirectResponse("/konto/name?geaendert=1", status_code=303)


@router.get("/einladung/{token}")
def invitation_form(request: Request, token: str, session: SessionDep) -> Response:
    try:
        invitation = accounts.usable_invitation(session, token)
    except accounts.AccountError as exc:
        return render(request, "error.html", {"title": _("Einladung"), "message": exc.message}, 410)
    return render(
        request,
        "invitation.html",
        {"invitation": invitation, "token": token, "org_name": invitation.organisation.name},
    )


@router.post("/einladung/{token}")
async def invitation_accept(
    request: Request, token: str, session: SessionDep, settings: SettingsDep, hasher: HasherDep
) -> Response:
    try:
        invitation = accounts.usable_invitation(session, token)
    except accounts.AccountError as exc:
        return render(request, "error.html", {"title": _("Einladung"), "message": exc.message}, 410)
    values = await form_data(request)
    form, errors = validate_form(InvitationAccept, values)
    if form is not None:
        try:
            user = accounts.accept_invitation(session, hasher, token, form)
        except accounts.AccountError as exc:
            # The address is fixed by the invitation, so its problems belong to the form.
            errors = {"form" if exc.field == "email" else exc.field: exc.message}
    if errors or form is None:
        context = {
            "invitation": invitation,
            "token": token,
            "org_name": invitation.organisation.name,
            "errors": errors,
            "values": {"display_name": values.get("display_name", "")},
        }
        return render(request, "invitation.html", context, 422)
    session_token = accounts.start_session(session, settings, user)
    response = RedirectResponse("/", status_code=303)
    set_cookie(
        response, settings, SESSION_COOKIE, session_token, max_age=settings.session_hours * 3600
    )
    return response
