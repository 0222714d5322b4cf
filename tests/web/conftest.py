"""Fixtures for the draft pages: organisation A's Steckbrief and a loopback model provider."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.schemas.factsheet import FactSheetUpdate, TeamMember
from kikultur.services import factsheet
from kikultur.store.repository import OrgRepository
from kikultur.tools.registry import load_builtin
from tests.conftest import OrgFixture
from tests.helpers import post_form
from tests.services.drafts.conftest import add_loopback_provider
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import PRESS_RELEASE_ANSWER, examples


@pytest.fixture
def steckbrief_a(db: Session, org_a: OrgFixture) -> OrgFixture:
    factsheet.save(
        OrgRepository(db, org_a.org.id),
        org_a.admin,
        FactSheetUpdate(
            name=org_a.org.name,
            address="Musterstraße 1, 22765 Hamburg",
            district="Altona",
            about_us="Das Bürgerhaus ist seit 1980 der Treffpunkt für Kultur im Quartier.",
            team=[TeamMember(name="Kim Muster", role="Presse", contact="presse@example.org")],
            base_version=0,
        ),
    )
    return org_a


@pytest.fixture
def openai_server() -> Iterator[OpenAITestServer]:
    with OpenAITestServer() as server:
        yield server


@pytest.fixture
def loopback(settings: Settings, steckbrief_a: OrgFixture, openai_server: OpenAITestServer) -> str:
    return add_loopback_provider(settings, steckbrief_a.org.id, openai_server)


def press_form(provider: str, **overrides: str) -> dict[str, str]:
    """The press-release form as a browser posts it (tool fields carry the prefix f_)."""
    tool = load_builtin("pressemitteilung")
    values: dict[str, Any] = examples(tool)
    data = {f"f_{k}": str(v) for k, v in values.items()}
    data.update({"brief": "Bitte freundlich.", "provider": provider, "action": "generate"})
    data.update(overrides)
    return data


def create_draft(
    client: TestClient,
    app: FastAPI,
    server: OpenAITestServer,
    provider: str,
    answer: str = PRESS_RELEASE_ANSWER,
) -> int:
    """Generates a press release through the web form; returns the draft id."""
    server.enqueue(Reply.ok(answer))
    response = post_form(client, app, "/werkzeuge/pressemitteilung", press_form(provider))
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/entwuerfe/")
    return int(location.split("/")[2].split("?")[0])
