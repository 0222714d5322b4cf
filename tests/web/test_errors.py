"""Error pages: German text for malformed addresses, invalid parameters and crashes."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient

from tests.helpers import csrf

# Words of FastAPI's and pydantic's English error output that must never reach a page.
ENGLISH = ("Input should be", "int_parsing", "Field required", "Internal Server Error")


def _no_english(text: str) -> None:
    for word in ENGLISH:
        assert word not in text


def test_malformed_id_in_the_address_is_a_german_not_found_page(
    member_client: TestClient,
) -> None:
    response = member_client.get("/entwuerfe/abc")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Diese Seite gibt es nicht (mehr)." in response.text
    _no_english(response.text)


def test_invalid_query_parameter_is_a_german_422_page(member_client: TestClient) -> None:
    response = member_client.get("/entwuerfe/1/versionen?alt=abc")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "ungültige Angabe" in response.text
    _no_english(response.text)


def test_invalid_request_is_logged_without_the_input(
    member_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="kikultur.web.app"):
        member_client.get("/entwuerfe/1/versionen?alt=Geheimer-Name")
    assert "alt" in caplog.text
    # The rejected value itself may be personal data: it stays out of the log.
    assert "Geheimer-Name" not in caplog.text


def test_script_asking_for_json_gets_german_json(member_client: TestClient, app: FastAPI) -> None:
    response = member_client.post(
        "/entwuerfe/abc/autosave",
        data={"text": "x"},
        headers={"X-CSRF-Token": csrf(member_client, app), "Accept": "application/json"},
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Diese Seite gibt es nicht (mehr)."}


def test_api_errors_stay_json_and_german(member_client: TestClient) -> None:
    response = member_client.get("/api/gibt-es-nicht")
    assert response.status_code == 404
    assert response.json() == {"detail": "Diese Seite gibt es nicht (mehr)."}


def test_unexpected_exception_gives_a_german_500_page_and_is_logged(
    member_client: TestClient, app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    def crash() -> None:
        raise RuntimeError("geheimes technisches Detail: connection refused")

    app.add_api_route("/test-absturz", crash)
    quiet = TestClient(app, raise_server_exceptions=False, cookies=member_client.cookies)
    with caplog.at_level(logging.ERROR, logger="kikultur.web.app"):
        response = quiet.get("/test-absturz")
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    assert "Es ist ein unerwarteter Fehler aufgetreten." in response.text
    assert "connection refused" not in response.text
    assert "Traceback" not in response.text
    assert "RuntimeError" not in response.text
    assert response.headers["X-Frame-Options"] == "DENY"
    _no_english(response.text)
    # The log has the technical detail and the number shown to the user.
    assert "connection refused" in caplog.text
    reference = caplog.records[0].args[0]  # type: ignore[index]
    assert f"Fehlernummer {reference}" in response.text


def test_http_error_without_detail_is_german(member_client: TestClient, app: FastAPI) -> None:
    def conflict() -> None:
        raise HTTPException(status_code=409)

    app.add_api_route("/test-konflikt", conflict)
    response = member_client.get("/test-konflikt")
    assert response.status_code == 409
    assert "Conflict" not in response.text
    assert "Die Anfrage konnte nicht ausgeführt werden (Fehler 409)." in response.text


def test_500_page_falls_back_to_plain_german_when_the_page_itself_fails(
    client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash() -> None:
        raise RuntimeError("Datenbank weg")

    def broken_render(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("Vorlage kaputt")

    app.add_api_route("/test-absturz", crash)
    monkeypatch.setattr("kikultur.web.app.render", broken_render)
    quiet = TestClient(app, raise_server_exceptions=False)
    response = quiet.get("/test-absturz")
    assert response.status_code == 500
    assert "Es ist ein unerwarteter Fehler aufgetreten." in response.text
    assert "Datenbank weg" not in response.text and "Vorlage kaputt" not in response.text
