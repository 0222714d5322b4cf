"""Schema rules the GDPR tooling relies on, checked for every table (also those added later)."""

from __future__ import annotations

import re

from kikultur.services.gdpr.ownership import is_secret
from kikultur.store.models import Base

# "tokens" (plural) are token counts of model calls, not credentials.
SECRET_NAME = re.compile(r"(hash$|token(?!s)|api_?key|secret|^password$)", re.IGNORECASE)


def test_columns_that_look_secret_are_marked_secret() -> None:
    # A new column holding a hash, token or key must carry info={"secret": True}, so the
    # GDPR export leaves it out.
    unmarked = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.c
        if SECRET_NAME.search(column.name) and not is_secret(column)
    ]
    assert unmarked == []


def test_every_key_to_an_organisation_cascades() -> None:
    # Deleting an organisation must take its rows with it.
    wrong = [
        f"{fk.parent.table.name}.{fk.parent.name}"
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "organisations" and (fk.ondelete or "").upper() != "CASCADE"
    ]
    assert wrong == []


def test_every_key_to_a_user_cascades_or_is_set_null() -> None:
    # A user's own rows go with them (CASCADE); rows they created for the organisation stay
    # with the reference cleared (nullable, ON DELETE SET NULL). A NOT NULL key without
    # CASCADE would make a member's deletion delete organisation content.
    wrong = [
        f"{fk.parent.table.name}.{fk.parent.name}"
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "users"
        and not (
            (fk.ondelete or "").upper() == "CASCADE"
            or (fk.parent.nullable and (fk.ondelete or "").upper() == "SET NULL")
        )
    ]
    assert wrong == []
