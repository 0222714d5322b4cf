"""JSON routes (documented by OpenAPI at /api/openapi.json) for scripts and later tools."""

from __future__ import annotations

from fastapi import APIRouter

from kikultur.schemas.accounts import UserPublic
from kikultur.schemas.factsheet import FactSheetPublic
from kikultur.services import factsheet
from kikultur.web.deps import CurrentUser, RepoDep

router = APIRouter(prefix="/api")


@router.get("/steckbrief")
def get_factsheet(user: CurrentUser, repo: RepoDep) -> FactSheetPublic:
    return factsheet.public(repo)


@router.get("/team")
def get_team(user: CurrentUser, repo: RepoDep) -> list[UserPublic]:
    return [UserPublic.model_validate(member) for member in repo.members()]
