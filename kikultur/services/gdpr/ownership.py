"""Which rows belong to an organisation or a user, found by walking `Base.metadata`.

A row belongs to its parent row when it cannot outlive it: its foreign key is ON DELETE
CASCADE, or NOT NULL (then the database would refuse the deletion of the parent). A nullable
foreign key without CASCADE (e.g. `created_by_id ... ON DELETE SET NULL`) is a mere reference:
the row stays with its own owner, only the reference is cleared on deletion. Tables added
later are covered without edits, as long as they follow these rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Column, ColumnElement, ForeignKey, Table, false, or_, select

from kikultur.store.models import Base

SECRET_INFO_KEY = "secret"


def tables() -> list[Table]:
    """Every table of the app, parents before children."""
    return list(Base.metadata.sorted_tables)


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def is_secret(column: Column[object]) -> bool:
    """Columns marked `info={"secret": True}` never leave the database."""
    return bool(column.info.get(SECRET_INFO_KEY))


def owning_keys(tbl: Table) -> list[ForeignKey]:
    """Foreign keys through which a row of `tbl` belongs to its parent row."""
    return [
        fk
        for fk in tbl.foreign_keys
        if fk.column.table is not tbl
        and ((fk.ondelete or "").upper() == "CASCADE" or not fk.parent.nullable)
    ]


def referencing_keys(target: Table) -> Iterator[ForeignKey]:
    """Every foreign key in the app that points at `target`."""
    for tbl in tables():
        for fk in tbl.foreign_keys:
            if fk.column.table is target:
                yield fk


def owned_rows(root: Table, root_id: int) -> dict[Table, ColumnElement[bool]]:
    """For each table with rows that belong to the root row, a clause selecting them.

    For organisations, a column `organisation_id` counts even without a foreign key, so a
    table whose author forgot the key is still exported and deleted.
    """
    clauses: dict[Table, ColumnElement[bool]] = {root: root.c.id == root_id}
    for tbl in tables():
        if tbl is root:
            continue
        parts: list[ColumnElement[bool]] = []
        direct: set[str] = set()
        for fk in owning_keys(tbl):
            parent = fk.column.table
            if parent is root and fk.column is root.c.id:
                parts.append(fk.parent == root_id)
                direct.add(fk.parent.name)
            elif parent in clauses:
                parts.append(fk.parent.in_(select(fk.column).where(clauses[parent])))
        if (
            root.name == "organisations"
            and "organisation_id" in tbl.c
            and "organisation_id" not in direct
        ):
            parts.append(tbl.c.organisation_id == root_id)
        if parts:
            clauses[tbl] = or_(*parts) if len(parts) > 1 else parts[0]
    return clauses


def references(target: Table, target_id: int) -> dict[Table, ColumnElement[bool]]:
    """For each table, a clause for the rows that point at one row of `target` (any key)."""
    found: dict[Table, list[ColumnElement[bool]]] = {}
    for fk in referencing_keys(target):
        found.setdefault(fk.parent.table, []).append(fk.parent == target_id)
    return {tbl: (or_(*parts) if parts else false()) for tbl, parts in found.items()}
