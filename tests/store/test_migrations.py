"""Migrations: they build the schema the models describe; SQLite runs with WAL and foreign keys."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi import FastAPI
from sqlalchemy import text

from kikultur.config import Settings
from kikultur.store.migrate import current_revision, head_revision, needs_upgrade
from kikultur.store.models import Base


def test_database_is_at_the_newest_revision(app: FastAPI) -> None:
    engine = app.state.engine
    assert current_revision(engine) == head_revision()
    assert not needs_upgrade(engine)
    assert head_revision() is not None


def test_first_revision_is_called_0001_foundation(app: FastAPI) -> None:
    from alembic.script import ScriptDirectory

    from kikultur.store.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_revision("0001_foundation").down_revision is None


def test_migrations_match_the_models(app: FastAPI) -> None:
    # A model changed without a migration shows up here as a difference.
    with app.state.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(
    app: FastAPI, settings: Settings
) -> None:
    if not settings.is_sqlite:
        return  # PostgreSQL has neither pragma; the check is SQLite's own
    with app.state.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
