"""Storage: SQLAlchemy models, engine/session factory, organisation-scoped repository, Alembic."""
