"""Table names unique across files AND data sources, claimed and released in the
caller's transaction (the `table_names` registry decides). The base of a name comes
from datapulse.data.naming."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import count
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from datapulse.data.naming import base_table_name
from datapulse.storage.models import DataSource, StoredFile, TableName

FILE, DATASOURCE = "file", "datasource"  # kinds of owners of a table name


def taken_table_names(session: Session, base: str) -> set[str]:
    """Every table name registered, or used by a file or a data source, that starts with `base`."""
    pattern = base.replace("_", r"\_") + "%"
    names: set[str] = set()
    for column in (TableName.name, StoredFile.table_name, DataSource.table_name):
        names.update(session.scalars(select(column).where(column.like(pattern, escape="\\"))))
    return names


def claim_table_name(session: Session, name: str, kind: str, ref_id: str, owner_id: str | None = None) -> str:
    """Register a table name unique across files AND data sources, in the caller's transaction
    (committed with the row, gone with a rollback): `sales`, then `sales_2`, `sales_3` ...

    The database decides, not the look-up: the insert does nothing when the name is taken,
    also by a transaction still in flight (PostgreSQL waits for its outcome, SQLite has one
    writer at a time), and the next suffix is tried. No error aborts the caller's transaction.
    """
    insert = _insert_or_ignore(session)
    base = base_table_name(name)
    taken = taken_table_names(session, base)
    for candidate in _candidates(base):
        if candidate in taken:
            continue
        stmt = (
            insert(TableName)
            .values(name=candidate, kind=kind, ref_id=ref_id, owner_id=owner_id)
            .on_conflict_do_nothing(index_elements=["name"])
            .returning(TableName.name)
        )
        if session.execute(stmt).scalar_one_or_none() is not None:  # no row back: the name was taken
            return candidate
        taken.add(candidate)  # registered by another transaction meanwhile
    raise AssertionError("unreachable: the candidates never end")


def release_table_name(session: Session, kind: str, ref_id: str) -> None:
    """Free the name of a file or data source being deleted (in the same transaction)."""
    session.execute(delete(TableName).where(TableName.kind == kind, TableName.ref_id == ref_id))


def _candidates(base: str) -> Iterator[str]:
    yield base
    yield from (f"{base}_{n}" for n in count(2))


def _insert_or_ignore(session: Session) -> Callable[..., Any]:
    """The dialect's INSERT, which has ON CONFLICT DO NOTHING (SQLite and PostgreSQL)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert
    raise RuntimeError(f"table names need SQLite or PostgreSQL as the metadata database, not {dialect}")
