"""Every router of the app, in one list: adding a work area's router is one line here."""

from __future__ import annotations

from fastapi import APIRouter

from kikultur.web.routers import (
    api,
    auth,
    checks,
    editor,
    factsheet,
    grants,
    home,
    models,
    org_drafts,
    platform,
    privacy,
    team,
    tools,
    usage,
)

ROUTERS: list[APIRouter] = [
    auth.router,
    home.router,
    factsheet.router,
    team.router,
    platform.router,
    models.router,
    usage.router,
    api.router,
    grants.router,
    privacy.router,
    checks.router,
    tools.router,
    editor.router,
    org_drafts.router,
]
