"""The platform admin's pages: all organisations of the instance, create a new one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kikultur.schemas.accounts import InvitationCreate, OrganisationCreate
from kikultur.schemas.common import validate_form
from kikultur.services import accounts
from kikultur.store.repository import InstanceRepository, OrgRepository
from kikultur.web.deps import PlatformAdmin, SessionDep, SettingsDep
from kikultur.web.templating import form_data, render

router = APIRouter()


def _page(
    request: Request,
    session: SessionDep,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    new_link: str | None = None,
    status: int = 200,
) -> Response:
    instance = InstanceRepository(session)
    rows = [(org, instance.member_count(org.id)) for org in instance.organisations()]
    context = {
        "rows": rows,
        "errors": errors or {},
        "values": values or {},
        "new_link": new_link,
    }
    return render(request, "platform.html", context, status)


@router.get("/plattform")
def organisations(request: Request, admin: PlatformAdmin, session: SessionDep) -> Response:
    return _page(request, session)


@router.post("/plattform/einrichtungen")
async def create_organisation(
    request: Request, admin: PlatformAdmin, session: SessionDep, settings: SettingsDep
) -> Response:
    values = await form_data(request)
    form, errors = validate_form(OrganisationCreate, values)
    if form is not None:
        try:
            org = accounts.create_organisation(session, form.name)
            created = accounts.create_invitation(
                OrgRepository(session, org.id),
                settings,
                admin,
                InvitationCreate(email=form.admin_email, role="org_admin"),
            )
            session.commit()
        except accounts.AccountError as exc:
            session.rollback()  # neither the organisation nor the invitation stays
            errors = {("admin_email" if exc.field == "email" else exc.field): exc.message}
    if errors or form is None:
        return _page(request, session, errors=errors, values=values, status=422)
    link = str(request.url_for("invitation_form", token=created.token))
    return _page(request, session, new_link=link, status=201)
