"""Jinja2 templates with the gettext catalog, and `render()` that adds CSRF and layout data."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.exc import SQLAlchemyError

from kikultur import i18n
from kikultur.schemas.common import format_german_int
from kikultur.web.areas import areas
from kikultur.web.security import CSRF_FIELD, csrf_token, remember_csrf_seed

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
HTMX_FILE = STATIC_DIR / "vendor" / "htmx.min.js"
# The organisations are in Hamburg; the database keeps UTC.
LOCAL_TIME = ZoneInfo("Europe/Berlin")


def local_datetime(value: datetime | None, fmt: str = "%d.%m.%Y %H:%M") -> str:
    if value is None:
        return ""
    return value.astimezone(LOCAL_TIME).strftime(fmt)


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
    )
    env.globals["csrf_field_name"] = CSRF_FIELD
    env.filters["datum"] = local_datetime
    env.filters["zahl"] = format_german_int
    return env


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    env: Environment = request.app.state.templates
    user = getattr(request.state, "user", None)
    page: dict[str, Any] = {
        "request": request,
        "user": user,
        "organisation": user.organisation if user is not None else None,
        "csrf_token": csrf_token(request),
        "areas": areas(),
        "path": request.url.path,
        "htmx": HTMX_FILE.is_file(),
        "errors": {},
        "values": {},
    }
    page.update(demo_model_context(request, user))
    page.update(context or {})
    response = HTMLResponse(env.get_template(template).render(page), status_code=status_code)
    remember_csrf_seed(request, response, request.app.state.settings)
    return response


def demo_model_context(request: Request, user: Any) -> dict[str, Any]:
    """Every page says so when the organisation's model is the SmolLM2 demo."""
    if user is None:
        return {"demo_model": False}
    from kikultur.llm.default import MODEL_SETTINGS_PATH, demo_notice
    from kikultur.services.model_access import active_is_demo

    try:
        with request.app.state.session_factory() as session:
            shown = active_is_demo(request.app.state.settings, session, user.organisation_id)
    except SQLAlchemyError:
        shown = False  # an error page must render even when the database is gone
    return {
        "demo_model": shown,
        "demo_model_notice": demo_notice() if shown else "",
        "model_settings_path": MODEL_SETTINGS_PATH,
    }


class BinaryFormInput(Exception):
    """A form field holds NUL bytes: binary data, which no text field accepts."""


def form_text(value: str) -> str:
    """A textarea's text with `\n` line breaks: browsers send `\r\n`, and offsets of findings
    and character counts must agree with what the page shows."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


async def form_data(request: Request) -> dict[str, str]:
    """The posted form as plain strings (files are ignored here); binary input is refused
    as a whole, so nothing of it is saved (PostgreSQL could not store NUL bytes anyway)."""
    form = await request.form()
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    if any("\x00" in key or "\x00" in value for key, value in values.items()):
        raise BinaryFormInput()
    return values
