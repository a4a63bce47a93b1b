"""Names derived from what a client sends: a display name that is safe to show and a
SQL-safe table name. Neither is ever used as a path on disk."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import count
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from datapulse.text import clean_display_text

MAX_DISPLAY = 200
MAX_TABLE = 55  # leaves room for a "_NNN" suffix under PostgreSQL's 63
FILE, DATASOURCE = "file", "datasource"  # kinds of owners of a table name
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def display_name(raw: str | None, fallback: str = "upload") -> str:
    """The client's file name reduced to its last part, printable, at most 200 chars.

    `../../etc/passwd` becomes `passwd`, `C:\\x\\CON.csv` becomes `CON.csv`; the extension
    is kept when the name is shortened, so the type stays visible.
    """
    name = (raw or "").replace("\\", "/").split("/")[-1]
    name = clean_display_text(name).strip().strip(".").strip()
    if not name:
        return fallback
    if len(name) > MAX_DISPLAY:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_DISPLAY - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_DISPLAY]
    return name


def extension(name: str) -> str:
    """Lower-case extension without the dot ('' when there is none)."""
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem and re.fullmatch(r"[A-Za-z0-9]{1,10}", ext) else ""


@lru_cache(maxsize=1)
def _sql_keywords() -> frozenset[str]:
    """DuckDB's reserved words, asked once (a table may not be called `select`)."""
    import duckdb

    with duckdb.connect() as conn:
        rows = conn.execute("SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'").fetchall()
    return frozenset(r[0].lower() for r in rows)


def base_table_name(name: str) -> str:
    """`Sales 2024.csv` → `sales_2024`: lower-case ASCII letters, digits and `_`."""
    stem = name.rsplit(".", 1)[0] if extension(name) else name
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_.lower()).strip("_")
    if not base:
        base = "table"
    if base[0].isdigit():
        base = "t_" + base
    base = base[:MAX_TABLE].rstrip("_")
    if base in _sql_keywords() or base in _WINDOWS_RESERVED:
        base += "_data"
    return base


def taken_table_names(session: Session, base: str) -> set[str]:
    """Every table name registered, or used by a file or a data source, that starts with `base`."""
    from datapulse.storage.models import DataSource, StoredFile, TableName

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
    from datapulse.storage.models import TableName

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
    from datapulse.storage.models import TableName

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
