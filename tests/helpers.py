"""Test helpers: log a client in without the login form, CSRF tokens, posting forms."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kikultur.services import accounts
from kikultur.store.models import User
from kikultur.web.security import CSRF_COOKIE, SESSION_COOKIE, csrf_token_for

CSRF_SEED = "test-csrf-seed"


def login_as(client: TestClient, app: FastAPI, user: User) -> str:
    """Starts a session for `user` directly (no password hashing) and sets the cookies."""
    with app.state.session_factory() as session:
        token = accounts.start_session(session, app.state.settings, session.merge(user))
    client.cookies.set(SESSION_COOKIE, token)
    client.cookies.set(CSRF_COOKIE, CSRF_SEED)
    return token


def csrf(client: TestClient, app: FastAPI) -> str:
    """The token that forms carry for this client's CSRF cookie (sets one if missing)."""
    seed = client.cookies.get(CSRF_COOKIE)
    if not seed:
        seed = CSRF_SEED
        client.cookies.set(CSRF_COOKIE, seed)
    return csrf_token_for(app.state.secret_key, seed)


def post_form(
    client: TestClient, app: FastAPI, url: str, data: dict[str, str] | None = None
) -> httpx.Response:
    """Posts a form with a valid CSRF token, without following redirects."""
    payload = {"csrf_token": csrf(client, app), **(data or {})}
    return client.post(url, data=payload, follow_redirects=False)


def field_error(html: str, field: str) -> str | None:
    """The German message shown at a form field, or None."""
    match = re.search(rf'<p class="field-error" id="{re.escape(field)}-fehler">([^<]*)</p>', html)
    return match.group(1) if match else None
