"""Alembic environment: generic, so later revisions only add files under versions/."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from kikultur.store.db import make_engine
from kikultur.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    engine = config.attributes.get("engine")
    if not isinstance(engine, Engine):
        url = config.get_main_option("sqlalchemy.url")
        if not url:
            raise RuntimeError("Keine Datenbank-URL für die Migration angegeben.")
        engine = make_engine(url)
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
