"""Alembic migrations of the workbench database (run by kikultur.store.migrate)."""
