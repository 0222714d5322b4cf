"""Accessibility basics of the draft pages (language, landmarks, labelled fields)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers import post_form
from tests.support.openai_server import OpenAITestServer
from tests.web.conftest import create_draft
from tests.web.test_accessibility import _Page


def _assert_accessible(html: str, path: str) -> None:
    page = _Page()
    page.feed(html)
    tags = [tag for tag, _ in page.tags]
    assert '<html lang="de">' in html, path
    assert tags.count("main") == 1 and "header" in tags and "footer" in tags, path
    assert any(t == "nav" and a.get("aria-label") for t, a in page.tags), path
    unlabelled = [field for field in page.fields if field not in page.labels]
    assert unlabelled == [], f"{path}: Felder ohne Beschriftung: {unlabelled}"
    assert tags.count("h1") == 1, path
    ids = [a["id"] for _, a in page.tags if a.get("id")]
    assert len(ids) == len(set(ids)), f"{path}: doppelte ids"


def test_draft_pages_have_language_landmarks_and_labelled_fields(
    app: FastAPI, admin_client: TestClient, openai_server: OpenAITestServer, loopback: str
) -> None:
    draft_id = create_draft(admin_client, app, openai_server, loopback)
    post_form(
        admin_client, app, "/einstellungen/werkzeuge", {"source": "social-media", "new_id": "sm-a"}
    )
    paths = [
        "/bereich/oeffentlichkeit",
        "/werkzeuge/pressemitteilung",
        "/werkzeuge/social-media",
        "/werkzeuge/veranstaltungstext",
        "/entwuerfe",
        f"/entwuerfe/{draft_id}",
        f"/entwuerfe/{draft_id}/versionen",
        "/einstellungen/entwuerfe",
        "/einstellungen/werkzeuge",
        "/einstellungen/werkzeuge/sm-a",
    ]
    for path in paths:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        _assert_accessible(response.text, path)
    errors = post_form(admin_client, app, "/werkzeuge/pressemitteilung", {"provider": loopback})
    assert errors.status_code == 422
    _assert_accessible(errors.text, "Fehlerseite des Formulars")
    assert 'aria-invalid="true"' in errors.text and 'role="alert"' in errors.text
    assert 'aria-describedby="f_anlass-fehler"' in errors.text
