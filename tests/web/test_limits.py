"""Request size limit and uploads before login: refused in German before the body is parsed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.requests import Request

from kikultur.store.models import FactSheetVersion
from tests.helpers import csrf

MB = 1024 * 1024


@pytest.fixture
def no_form_parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every attempt to parse a form body (and refuses it)."""
    parsed: list[str] = []

    def refuse(self: Request, **_limits: object) -> object:
        parsed.append(self.url.path)
        raise AssertionError("form parsed")

    monkeypatch.setattr(Request, "form", refuse)
    return parsed


def test_oversized_upload_gets_a_german_413_before_the_body_is_parsed(
    member_client: TestClient, app: FastAPI, no_form_parsing: list[str]
) -> None:
    app.state.settings.upload_max_bytes = 1 * MB
    response = member_client.post(
        "/text-pruefen",
        data={"csrf_token": csrf(member_client, app)},
        files={"datei": ("gross.txt", b"x" * (3 * MB), "text/plain")},
    )
    assert response.status_code == 413
    assert "Die Anfrage ist größer als 1 MB und wurde nicht angenommen." in response.text
    assert "Request Entity Too Large" not in response.text
    assert no_form_parsing == []


def test_body_without_content_length_is_counted_and_refused_in_german(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    app.state.settings.upload_max_bytes = 1 * MB

    def chunks() -> Iterator[bytes]:
        yield f"csrf_token={csrf(member_client, app)}&name=Haus&mission=".encode()
        for _ in range(3):
            yield b"x" * MB

    response = member_client.post(
        "/steckbrief/bearbeiten",
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert "größer als 1 MB" in response.text
    assert db.scalar(select(func.count()).select_from(FactSheetVersion)) == 0


def test_anonymous_upload_goes_to_the_login_without_being_parsed(
    client: TestClient, app: FastAPI, no_form_parsing: list[str]
) -> None:
    response = client.post(
        "/text-pruefen",
        data={"csrf_token": csrf(client, app)},
        files={"datei": ("text.txt", b"Hallo", "text/plain")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/anmelden")
    assert no_form_parsing == []


def test_upload_with_an_expired_session_cookie_goes_to_the_login_too(
    client: TestClient, app: FastAPI, no_form_parsing: list[str]
) -> None:
    client.cookies.set("kikultur_session", "abgelaufen-oder-erfunden")
    response = client.post(
        "/text-pruefen",
        data={"csrf_token": csrf(client, app)},
        files={"datei": ("text.txt", b"Hallo", "text/plain")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/anmelden")
    assert no_form_parsing == []


def test_logged_in_upload_is_still_read(member_client: TestClient, app: FastAPI) -> None:
    response = member_client.post(
        "/text-pruefen",
        data={"csrf_token": csrf(member_client, app)},
        files={"datei": ("text.txt", "Das Bürgerhaus lädt ein.".encode(), "text/plain")},
    )
    assert response.status_code == 200
    assert "Das Bürgerhaus lädt ein." in response.text
