"""Engine and session factory; SQLite gets WAL mode, foreign keys and a busy timeout."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from kikultur.config import Settings

SQLITE_BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the web server read while a backup or a second process writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite connections get the pragmas on every connect."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def engine_for(settings: Settings) -> Engine:
    if settings.is_sqlite:
        settings.ensure_data_dir()
    return make_engine(settings.effective_database_url)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: routes render objects after the service committed.
    return sessionmaker(bind=engine, expire_on_commit=False)
