"""Tenant isolation: a member of organisation A walks every route of the app and never sees
or changes data of organisation B. Routes are discovered from `app.routes`, so a route added
later is covered without editing this test."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kikultur.llm.messages import DataClass
from kikultur.llm.providers import ProviderConfig
from kikultur.schemas.accounts import InvitationCreate
from kikultur.schemas.factsheet import FactSheetUpdate, TeamMember
from kikultur.services import accounts, factsheet, finance
from kikultur.services.model_access import provider_store
from kikultur.store.models import (
    Base,
    Draft,
    DraftVault,
    DraftVersion,
    FactSheetVersion,
    FinancePlanLine,
    ModelCallRecord,
    OrganisationProvider,
    OrganisationSettings,
    OrganisationTool,
    ProcessorChecklist,
    ProviderRecord,
    RetentionSetting,
    User,
    utcnow,
)
from kikultur.store.repository import OrgRepository
from kikultur.web.routers import ROUTERS
from tests.conftest import OrgFixture
from tests.helpers import csrf, login_as

SECRET_MARKERS = (
    "GEHEIM-B-Auftrag",
    "Hanna Geheimrat",
    "B-Boilerplate-Geheim",
    "GEHEIM-B-Finanzplan",
    "B-Honorar-Geheim",
    "B-Foerderprofil-Geheim",
    "B-AVV-Notiz-Geheim",
    "B-Modellaufruf-Geheim",
    "GEHEIM-B-Entwurf",
    "Bruno Vaultgeheim",
)
PARAM = re.compile(r"{([^}:]+)(?::[^}]*)?}")


def discover_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path template) of every endpoint the app serves, from `app.routes`.

    FastAPI versions differ: older ones flatten included routers into `app.routes`, newer
    ones keep them as included-router nodes whose `effective_candidates()` yields the routes.
    """
    found: set[tuple[str, str]] = set()

    def walk(routes: list[Any]) -> None:
        for route in routes:
            candidates = getattr(route, "effective_candidates", None)
            if callable(candidates):
                walk(candidates())
                continue
            path = getattr(route, "path", None)
            methods = getattr(route, "methods", None)
            if path and methods and getattr(route, "endpoint", None) is not None:
                for method in methods:
                    if method != "HEAD":
                        found.add((method, path))

    walk(list(app.routes))
    return sorted(found)


def _all_b_ids(session: Session, org_id: int) -> list[int]:
    """Every id of a row that belongs to organisation B, in every organisation table."""
    ids = {org_id}
    for table in Base.metadata.sorted_tables:
        if "organisation_id" in table.c and "id" in table.c:
            ids.update(session.scalars(select(table.c.id).where(table.c.organisation_id == org_id)))
    return sorted(ids)


def snapshot(session: Session, org_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """All of organisation B's rows, table by table (including its users' sessions)."""
    session.expire_all()
    user_ids = list(session.scalars(select(User.id).where(User.organisation_id == org_id)))
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for table in Base.metadata.sorted_tables:
        if table.name == "organisations":
            stmt = select(table).where(table.c.id == org_id)
        elif "organisation_id" in table.c:
            stmt = select(table).where(table.c.organisation_id == org_id)
        elif "user_id" in table.c:
            stmt = select(table).where(table.c.user_id.in_(user_ids))
        else:
            continue
        rows[table.name] = sorted(
            (tuple(row) for row in session.execute(stmt.order_by(*table.primary_key.columns))),
            key=repr,
        )
    return rows


def _fill(path: str, values: list[str]) -> Iterator[str]:
    names = PARAM.findall(path)
    if not names:
        yield path
        return
    for combo in itertools.product(values, repeat=len(names)):
        filled = path
        for value in combo:
            filled = PARAM.sub(value, filled, count=1)
        yield filled


@pytest.fixture
def org_b_with_data(db: Session, settings: Any, org_b: OrgFixture) -> OrgFixture:
    repo = OrgRepository(db, org_b.org.id)
    factsheet.save(
        repo,
        org_b.admin,
        FactSheetUpdate(
            name=org_b.org.name,
            mission="GEHEIM-B-Auftrag: Erinnerungsarbeit in Barmbek",
            team=[TeamMember(name="Hanna Geheimrat", role="Leitung", contact="hanna@b.example")],
            about_us="B-Boilerplate-Geheim",
            base_version=0,
        ),
    )
    accounts.create_invitation(
        repo, settings, org_b.admin, InvitationCreate(email="neu@b.example.org")
    )
    # Grants: a finance plan with a line, and an adapted funder profile.
    plan = finance.create_plan(repo, org_b.admin, "GEHEIM-B-Finanzplan", None)
    plan.lines.append(
        FinancePlanLine(
            organisation_id=org_b.org.id,
            kind="cost",
            position=0,
            category="honorare",
            label="B-Honorar-Geheim",
            planned=Decimal("999.99"),
        )
    )
    finance.copy_builtin(repo, org_b.admin, "allgemein", "b-geheim", "B-Foerderprofil-Geheim")
    # GDPR: B's retention period and its Art. 28 notes on a provider A can see too.
    provider_store(settings).add(
        ProviderConfig(
            name="mistral",
            base_url="https://api.mistral.ai/v1",
            model="m",
            data_class=DataClass.eu,
        )
    )
    repo.add(RetentionSetting(key="invitations", days=4))
    repo.add(ProcessorChecklist(provider="mistral", notes="B-AVV-Notiz-Geheim"))
    # Model layer: B's choice of provider and an audit record of one of B's model calls.
    shared = ProviderRecord(
        name="geteilt", kind="openai", base_url="http://127.0.0.1:9/v1", model="m",
        data_class="eu",
    )  # fmt: skip
    db.add(shared)
    db.flush()
    repo.add(OrganisationProvider(provider_id=shared.id, enabled=True, is_default=True))
    repo.add(
        ModelCallRecord(
            call_id="b" * 32, user_id=org_b.member.id, started_at=utcnow(),
            tool="B-Modellaufruf-Geheim", provider="geteilt", model="m", data_class="eu",
            pseudonymised=True, replaced_total=2, replaced_counts={"person": 2},
            prompt_tokens=10, completion_tokens=5, duration_ms=12.0, outcome="ok",
        )
    )  # fmt: skip
    # Draft pipeline tables (kikultur/store/models/drafts.py).
    draft = Draft(tool_id="pressemitteilung", title="GEHEIM-B-Entwurf", inputs={}, brief="")
    repo.add(draft)
    db.flush()
    repo.add(
        DraftVersion(
            draft_id=draft.id, number=1, text="## Haupttext\n\nGEHEIM-B-Entwurf", origin="edited"
        )
    )
    repo.add(DraftVault(draft_id=draft.id, mapping={"entries": [{"value": "Bruno Vaultgeheim"}]}))
    repo.add(OrganisationTool(tool_id="geheim-b-werkzeug", data={"title": "GEHEIM-B-Entwurf"}))
    repo.add(OrganisationSettings(ai_note_text="GEHEIM-B-Entwurf"))
    db.commit()
    return org_b


@pytest.mark.parametrize("role", ["member", "admin"])
def test_member_of_a_never_sees_or_changes_data_of_b(
    role: str,
    app: FastAPI,
    client: TestClient,
    db: Session,
    org_a: OrgFixture,
    org_b_with_data: OrgFixture,
) -> None:
    org_b = org_b_with_data
    # Walk as plain member and as organisation admin: admin-only routes are reached too.
    walker = org_a.member if role == "member" else org_a.admin
    routes = discover_routes(app)
    # Discovery must see at least every route the routers declare.
    declared = {
        (method, route.path)
        for router in ROUTERS
        for route in router.routes
        for method in getattr(route, "methods", set())
        if method != "HEAD"
    }
    assert declared <= set(routes)
    markers = (
        org_b.org.name,
        org_b.admin.email,
        org_b.member.email,
        org_b.member.display_name,
        "neu@b.example.org",
        *SECRET_MARKERS,
    )
    id_values = [str(i) for i in _all_b_ids(db, org_b.org.id)] + ["berichte", "mistral"]
    before = snapshot(db, org_b.org.id)
    requested = ok_pages = 0
    for method, template in routes:
        if template.startswith("/static"):
            continue
        for path in _fill(template, id_values):
            login_as(client, app, walker)  # a logout route may have ended the session
            if method == "GET":
                response = client.get(path, follow_redirects=False)
            else:
                form = {
                    "csrf_token": csrf(client, app),
                    "name": "Übernahmeversuch",
                    "email": "angreifer@a.example.org",
                    "admin_email": "angreifer@a.example.org",
                    "display_name": "Angreifer",
                    "role": "org_admin",
                    "base_version": "1",
                    "organisation_id": str(org_b.org.id),
                    "user_id": str(org_b.member.id),
                    "password": "irgendein-passwort",
                    "password_repeat": "irgendein-passwort",
                }
                if path.startswith("/api/"):
                    # JSON routes get the same attempt as a JSON body with the CSRF header.
                    response = client.request(
                        method,
                        path,
                        json=form,
                        headers={"X-CSRF-Token": form["csrf_token"]},
                        follow_redirects=False,
                    )
                else:
                    response = client.request(method, path, data=form, follow_redirects=False)
            requested += 1
            ok_pages += response.status_code == 200
            for marker in markers:
                assert marker not in response.text, f"{method} {path} zeigt Daten von B: {marker}"
            assert response.status_code < 500, f"{method} {path}: {response.status_code}"
    assert snapshot(db, org_b.org.id) == before
    # The walk really ran logged in: pages were served, A's own data was visible.
    assert requested >= len(routes) - 1 and ok_pages >= 5
    login_as(client, app, walker)  # (ids of B may equal ids of A's rows: A's may change)
    assert org_a.org.name in client.get("/").text
    assert db.scalars(select(FactSheetVersion)).all()  # B's version still there
