"""Fixtures for the draft pipeline: organisation A with a Steckbrief, loopback providers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.llm.messages import DataClass
from kikultur.llm.providers import ProviderConfig, ProviderKind
from kikultur.schemas.factsheet import FactSheetUpdate, TeamMember
from kikultur.services import factsheet, model_access
from kikultur.store.repository import OrgRepository
from tests.conftest import OrgFixture
from tests.support.openai_server import OpenAITestServer

ABOUT_US = "Das Bürgerhaus ist seit 1980 der Treffpunkt für Kultur im Quartier."


@pytest.fixture
def repo(db: Session, org_a: OrgFixture) -> OrgRepository:
    repo = OrgRepository(db, org_a.org.id)
    factsheet.save(
        repo,
        org_a.admin,
        FactSheetUpdate(
            name=org_a.org.name,
            address="Musterstraße 1, 22765 Hamburg",
            district="Altona",
            about_us=ABOUT_US,
            team=[TeamMember(name="Kim Muster", role="Presse", contact="presse@example.org")],
            base_version=0,
        ),
    )
    return repo


@pytest.fixture
def openai_server() -> Iterator[OpenAITestServer]:
    with OpenAITestServer() as server:
        yield server


def add_loopback_provider(
    settings: Settings,
    organisation_id: int,
    server: OpenAITestServer,
    *,
    name: str = "loopback",
    data_class: DataClass = DataClass.local,
) -> str:
    """A provider pointing at the loopback server, enabled for the organisation."""
    store = model_access.provider_store(settings)
    store.add(
        ProviderConfig(
            name=name,
            kind=ProviderKind.openai,
            base_url=server.base_url,
            model="test-modell",
            data_class=data_class,
            max_retries=0,
            read_timeout=5.0,
            connect_timeout=2.0,
        )
    )
    store.set_enabled(str(organisation_id), name, True)
    return name


@pytest.fixture
def loopback(settings: Settings, org_a: OrgFixture, openai_server: OpenAITestServer) -> str:
    return add_loopback_provider(settings, org_a.org.id, openai_server)
