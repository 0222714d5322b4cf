"""Shared fixtures: fresh settings, a fresh migrated database, the app, logged-in clients.

Database: if KIKULTUR_DATABASE_URL is set (CI sets it to PostgreSQL), a template database is
migrated once per session and each test gets its own copy (CREATE DATABASE ... TEMPLATE);
otherwise SQLite: migrated once, the file is copied per test. The variable is removed from
the environment so the app's own Settings only see what a test passes in.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.schemas.accounts import UserCreate
from kikultur.services import accounts
from kikultur.store.db import make_engine
from kikultur.store.migrate import upgrade
from kikultur.store.models import Organisation, User
from kikultur.web.app import create_app
from tests.helpers import login_as

POSTGRES_URL = os.environ.pop("KIKULTUR_DATABASE_URL", "") or None
TEST_SECRET = "test-secret-key-" + "x" * 40
PASSWORD = "richtig-geheim-123"


def _admin_engine(url: str):  # type: ignore[no-untyped-def]
    return create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


def _drop_database(admin, name: str) -> None:  # type: ignore[no-untyped-def]
    """Drop a test database. An autovacuum worker may still be in it, and a role without
    pg_signal_backend may not end that worker (CI grants the role; a developer's may not have
    it), so a refused drop is retried until the worker is done."""
    for attempt in range(40):
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except (OperationalError, ProgrammingError):
            if attempt == 39:
                raise
            time.sleep(0.25)


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database to copy from: a PostgreSQL database name, or a SQLite file path."""
    if POSTGRES_URL:
        name = f"kikultur_tpl_{uuid.uuid4().hex[:12]}"
        admin = _admin_engine(POSTGRES_URL)
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine = make_engine(make_url(POSTGRES_URL).set(database=name).render_as_string(False))
        upgrade(engine)
        engine.dispose()
        yield name
        _drop_database(admin, name)
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "kikultur.db"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        engine.dispose()
        yield str(path)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The developer's own KIKULTUR_* settings must not leak into tests.
    for name in list(os.environ):
        if name.startswith("KIKULTUR_"):
            monkeypatch.delenv(name)


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> Iterator[str | None]:
    """A fresh migrated database for this test: a PostgreSQL URL, or None for SQLite (then
    `settings` places the copied file in its data directory)."""
    if POSTGRES_URL:
        name = f"kikultur_t_{uuid.uuid4().hex[:12]}"
        admin = _admin_engine(POSTGRES_URL)
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{database_template}"'))
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        _drop_database(admin, name)
        admin.dispose()
    else:
        data_dir = tmp_path / "data"
        data_dir.mkdir()
        shutil.copyfile(database_template, data_dir / "kikultur.db")
        yield None


@pytest.fixture
def settings(database_url: str | None, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        secret_key=TEST_SECRET,
        argon2_time_cost=1,
        argon2_memory_kib=8,
        retention_autopurge=False,  # tests that want the purge thread ask for it
    )


@pytest.fixture
def env(settings: Settings) -> dict[str, str]:
    """Environment for CLI tests that points at this test's database."""
    values = {
        "KIKULTUR_DATA_DIR": str(settings.data_dir),
        "KIKULTUR_SECRET_KEY": TEST_SECRET,
        "KIKULTUR_ARGON2_TIME_COST": "1",
        "KIKULTUR_ARGON2_MEMORY_KIB": "8",
    }
    if settings.database_url:
        values["KIKULTUR_DATABASE_URL"] = settings.database_url
    return values


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def db(app: FastAPI) -> Iterator[Session]:
    with app.state.session_factory() as session:
        yield session


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@dataclass
class OrgFixture:
    org: Organisation
    admin: User
    member: User


def make_org(session: Session, settings: Settings, name: str, slug: str) -> OrgFixture:
    hasher = accounts.make_hasher(settings)
    org = accounts.create_organisation(session, name)
    admin = accounts.create_user(
        session,
        hasher,
        org.id,
        UserCreate(
            email=f"admin@{slug}.example.org",
            display_name=f"Verwaltung {name}",
            password=PASSWORD,
            role="org_admin",
        ),
    )
    member = accounts.create_user(
        session,
        hasher,
        org.id,
        UserCreate(
            email=f"mitglied@{slug}.example.org",
            display_name=f"Mitglied {name}",
            password=PASSWORD,
            role="member",
        ),
    )
    session.commit()
    return OrgFixture(org, admin, member)


@pytest.fixture
def org_a(db: Session, settings: Settings) -> OrgFixture:
    return make_org(db, settings, "Bürgerhaus Altona-Nord", "a")


@pytest.fixture
def org_b(db: Session, settings: Settings) -> OrgFixture:
    return make_org(db, settings, "Geschichtswerkstatt Barmbek", "b")


@pytest.fixture
def member_client(client: TestClient, app: FastAPI, org_a: OrgFixture) -> TestClient:
    """A client logged in as a plain member of organisation A."""
    login_as(client, app, org_a.member)
    return client


@pytest.fixture
def admin_client(client: TestClient, app: FastAPI, org_a: OrgFixture) -> TestClient:
    """A client logged in as the organisation admin of organisation A."""
    login_as(client, app, org_a.admin)
    return client


@pytest.fixture(scope="session", autouse=True)
def _free_llama_models_at_end() -> Iterator[None]:
    """llama.cpp's finaliser fails at interpreter exit; free loaded models while Python lives."""
    yield
    from kikultur.llm.llama import unload_models

    unload_models()
