"""Cookies and CSRF: a random per-browser cookie, and forms carry an HMAC of it."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from kikultur.config import Settings
from kikultur.services.accounts import session_for_token

SESSION_COOKIE = "kikultur_session"
CSRF_COOKIE = "kikultur_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class CsrfError(Exception):
    """A state-changing request came without a valid CSRF token."""


class LoginRequired(Exception):
    """Not logged in: HTML pages redirect to the login form, JSON answers 401."""


def csrf_seed(request: Request) -> str:
    """The browser's CSRF cookie value, or a new one to be set on the response."""
    seed = request.cookies.get(CSRF_COOKIE)
    if not seed:
        seed = getattr(request.state, "new_csrf_seed", None) or secrets.token_urlsafe(32)
        request.state.new_csrf_seed = seed
    return seed


def csrf_token_for(secret_key: str, seed: str) -> str:
    return hmac.new(secret_key.encode(), b"csrf:" + seed.encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    return csrf_token_for(request.app.state.secret_key, csrf_seed(request))


def set_cookie(response: Response, settings: Settings, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=settings.https,
        path="/",
    )


def remember_csrf_seed(request: Request, response: Response, settings: Settings) -> None:
    """Sets the CSRF cookie if this request had to invent one."""
    seed = getattr(request.state, "new_csrf_seed", None)
    if seed and CSRF_COOKIE not in request.cookies:
        set_cookie(response, settings, CSRF_COOKIE, seed, max_age=60 * 60 * 24 * 30)


async def verify_csrf(request: Request) -> None:
    """App-wide dependency: every state-changing request must carry the token.

    It sits on the FastAPI app itself, so a router added later is covered without
    remembering to add anything.
    """
    if request.method in SAFE_METHODS:
        return
    seed = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/form-data") and not await _logged_in(request):
            # Only pages behind the login take uploads: an anonymous upload goes to the login
            # at once instead of being parsed (parsing spools its files to disk).
            raise LoginRequired()
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            # Starlette caches the parsed form, so the route can read it again.
            value = (await request.form()).get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not seed or not sent:
        raise CsrfError()
    expected = csrf_token_for(request.app.state.secret_key, seed)
    if not hmac.compare_digest(expected, sent):
        raise CsrfError()


async def _logged_in(request: Request) -> bool:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return False

    def lookup() -> bool:
        with request.app.state.session_factory() as session:
            return session_for_token(session, token) is not None

    return await run_in_threadpool(lookup)
