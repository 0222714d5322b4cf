"""The organisation's team: members, invitations (organisation admins invite and revoke)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kikultur.schemas.accounts import InvitationCreate
from kikultur.schemas.common import validate_form
from kikultur.services import accounts
from kikultur.store.models import utcnow
from kikultur.web.deps import CurrentUser, OrgAdmin, RepoDep, SettingsDep
from kikultur.web.templating import form_data, render

router = APIRouter()


def _page(
    request: Request,
    repo: RepoDep,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    new_link: str | None = None,
    status: int = 200,
    member_error: str | None = None,
) -> Response:
    context = {
        "member_error": member_error,
        "members": repo.members(),
        "invitations": repo.open_invitations(utcnow()),
        "errors": errors or {},
        "values": values or {},
        "new_link": new_link,
    }
    return render(request, "team.html", context, status)


@router.get("/einstellungen/team")
def team(request: Request, user: CurrentUser, repo: RepoDep) -> Response:
    return _page(request, repo)


@router.post("/einstellungen/team/einladen")
async def invite(
    request: Request, admin: OrgAdmin, repo: RepoDep, settings: SettingsDep
) -> Response:
    values = await form_data(request)
    form, errors = validate_form(InvitationCreate, values)
    if form is not None:
        try:
            created = accounts.create_invitation(repo, settings, admin, form)
            repo.session.commit()
        except accounts.AccountError as exc:
            repo.session.rollback()
            errors = {exc.field: exc.message}
    if errors or form is None:
        return _page(request, repo, errors=errors, values=values, status=422)
    link = str(request.url_for("invitation_form", token=created.token))
    # The link is shown once; only its hash is stored.
    return _page(request, repo, new_link=link, status=201)


@router.post("/einstellungen/team/einladungen/{invitation_id}/widerrufen")
def revoke(request: Request, invitation_id: int, admin: OrgAdmin, repo: RepoDep) -> Response:
    accounts.revoke_invitation(repo, invitation_id)
    return RedirectResponse("/einstellungen/team", status_code=303)


@router.post("/einstellungen/team/{user_id}/status")
async def member_status(request: Request, user_id: int, admin: OrgAdmin, repo: RepoDep) -> Response:
    values = await form_data(request)
    try:
        accounts.set_member_active(repo, admin, user_id, active=values.get("active") == "1")
    except accounts.AccountError as exc:
        return _page(request, repo, member_error=exc.message, status=422)
    return RedirectResponse("/einstellungen/team", status_code=303)
