"""The fact sheet (Steckbrief): view, edit (every save is a new version), history."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from kikultur.schemas.common import validate_form
from kikultur.schemas.factsheet import HAMBURG_DISTRICTS, FactSheetData, FactSheetUpdate
from kikultur.services import factsheet
from kikultur.services.accounts import AccountError
from kikultur.web.deps import CurrentUser, RepoDep
from kikultur.web.templating import form_data, render

router = APIRouter()


def _edit_page(
    request: Request, values: dict[str, Any], errors: dict[str, str], status: int = 200
) -> Response:
    context = {
        "values": values,
        "errors": errors,
        "districts": HAMBURG_DISTRICTS,
        "blank_rows": factsheet.EXTRA_BLANK_ROWS,
    }
    return render(request, "factsheet_edit.html", context, status)


def _values(data: FactSheetData, version: int) -> dict[str, Any]:
    values = data.model_dump()
    values["base_version"] = version
    return values


@router.get("/steckbrief")
def view(request: Request, user: CurrentUser, repo: RepoDep) -> Response:
    sheet = factsheet.current(repo)
    return render(
        request,
        "factsheet_view.html",
        {"sheet": sheet, "saved": request.query_params.get("gespeichert")},
    )


@router.get("/steckbrief/bearbeiten")
def edit_form(request: Request, user: CurrentUser, repo: RepoDep) -> Response:
    sheet = factsheet.current(repo)
    return _edit_page(request, _values(sheet.data, sheet.version), {})


@router.post("/steckbrief/bearbeiten")
async def edit(request: Request, user: CurrentUser, repo: RepoDep) -> Response:
    payload = factsheet.form_to_payload(await form_data(request))
    form, errors = validate_form(FactSheetUpdate, payload)
    if form is not None:
        try:
            factsheet.save(repo, user, form)
        except factsheet.StaleFactSheet as exc:
            # Keep the user's input but base it on the new version, so a deliberate
            # second submit after checking goes through.
            payload["base_version"] = factsheet.current(repo).version
            return _edit_page(request, payload, {exc.field: exc.message}, 409)
        except AccountError as exc:
            errors = {exc.field: exc.message}
    if errors:
        return _edit_page(request, payload, factsheet.errors_to_form(errors), 422)
    return RedirectResponse("/steckbrief?gespeichert=1", status_code=303)


@router.get("/steckbrief/versionen")
def history(request: Request, user: CurrentUser, repo: RepoDep) -> Response:
    return render(request, "factsheet_history.html", {"versions": repo.factsheet_versions()})


@router.get("/steckbrief/versionen/{version_id}")
def version(request: Request, version_id: int, user: CurrentUser, repo: RepoDep) -> Response:
    row = repo.factsheet_version(version_id)
    if row is None:
        raise HTTPException(status_code=404)
    sheet = factsheet.CurrentFactSheet(
        row.version,
        FactSheetData.model_validate(row.data),
        row.created_at,
        row.created_by.display_name if row.created_by else None,
    )
    return render(request, "factsheet_view.html", {"sheet": sheet, "old_version": True})
