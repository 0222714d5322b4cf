"""Start page, the work areas (placeholders until their tools arrive), settings hub, health."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from kikultur.services import accounts, factsheet, finance
from kikultur.web.area_tools import area_tools
from kikultur.web.areas import area_by_slug
from kikultur.web.deps import CurrentUser, RepoDep
from kikultur.web.draft_states import draft_states, state_labels
from kikultur.web.templating import render

router = APIRouter()


@router.get("/")
def home(request: Request, user: CurrentUser, repo: RepoDep) -> Response:
    sheet = factsheet.current(repo)
    deadlines = finance.deadlines(repo, date.today())
    context = {
        "sheet": sheet,
        "deadlines": deadlines,
        "name_missing": accounts.has_first_run_name(user),
    }
    return render(request, "home.html", context)


@router.get("/bereich/{slug}")
def area(request: Request, slug: str, user: CurrentUser, repo: RepoDep) -> Response:
    found = area_by_slug(slug)
    if found is None or found.slug == "einstellungen":
        raise HTTPException(status_code=404)
    context = {"area": found, **area_tools(repo, found.slug)}
    context["draft_states"] = draft_states(request, repo, context["area_drafts"])
    context["state_labels"] = state_labels()
    return render(request, "area.html", context)


@router.get("/einstellungen")
def settings_hub(request: Request, user: CurrentUser) -> Response:
    return render(request, "settings.html")


@router.get("/gesundheit", include_in_schema=False)
def health() -> Response:
    return JSONResponse({"status": "ok"})
