"""Run a `sql` source's query on a connection the DATABASE makes read-only.

Read-only is enforced by the database, not by reading the SQL text: SQLite opens the
file with `mode=ro` (and no ATTACH), PostgreSQL runs the session with
`default_transaction_read_only=on`, a READ ONLY transaction and a `statement_timeout`,
and the query goes through the extended protocol, so only one statement runs.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy.engine import URL

from datapulse.errors import DataPulseError, QueryTimeout
from datapulse.settings import Settings
from datapulse.sqlsource.allow import checked_live, parse_sql_url, sqlite_path
from datapulse.sqlsource.live import LiveSource, SourceQueryFailed, compile_sql

log = logging.getLogger(__name__)


def live_source(config: dict[str, Any], settings: Settings) -> LiveSource:
    """The live table of a `sql` source's config (see `checked_live`)."""
    return checked_live(LiveSource(url=config["url"], query=config["query"]), settings)


def probe_sql(config: dict[str, Any], settings: Settings) -> str:
    """One row of the source's query, in its dialect: does the database answer it?"""
    source = live_source(config, settings)
    return compile_sql("SELECT * FROM src LIMIT 1", {"src": source})[0]


def run_query(raw_url: str, query: str, settings: Settings) -> tuple[list[str], list[Sequence[Any]]]:
    """(column names, rows) of `query`; raises a DataPulseError saying what went wrong."""
    url = parse_sql_url(raw_url, settings)
    timeout = settings.SQL_SOURCE_TIMEOUT_S
    if url.get_backend_name() == "sqlite":
        return _run_sqlite(sqlite_path(url, settings), query, timeout)
    return _run_postgres(url, query, timeout)


def _run_sqlite(path: Path, query: str, timeout: float) -> tuple[list[str], list[Sequence[Any]]]:
    if not path.is_file():
        raise SourceQueryFailed(f"The SQLite file {path.name} does not exist.", details={"path": str(path)})
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=min(timeout, 30))
    deadline = time.monotonic() + timeout
    try:
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        cursor = conn.execute(query)
        if cursor.description is None:
            raise SourceQueryFailed("The query returns no rows (a source query must be a SELECT).")
        names = [d[0] for d in cursor.description]
        rows: list[Sequence[Any]] = cursor.fetchall()
        return names, rows
    except sqlite3.Error as exc:
        if time.monotonic() > deadline or "interrupted" in str(exc):
            raise QueryTimeout(
                f"The source query ran past SQL_SOURCE_TIMEOUT_S ({timeout:g} s).", code="source_query_timeout"
            ) from exc
        raise SourceQueryFailed(f"The source query failed: {exc}.") from exc
    finally:
        conn.close()


def _run_postgres(url: URL, query: str, timeout: float) -> tuple[list[str], list[Sequence[Any]]]:
    import psycopg
    from psycopg import errors as pg_errors

    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    ms = max(1, int(timeout * 1000))
    try:
        conn = psycopg.connect(
            conninfo,
            connect_timeout=max(1, math.ceil(min(timeout, 30))),
            options=f"-c default_transaction_read_only=on -c statement_timeout={ms}",
            autocommit=False,
        )
    except psycopg.Error as exc:
        # One message for every failure to connect: refused, timed out, bad password or no
        # such database must not tell which ports of a host are open.
        log.info("sql source connection failed: %s", _first_line(exc))
        raise SourceQueryFailed("Cannot connect to the source database.") from exc
    try:
        conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        conn.commit()
        conn.read_only = True
        cursor = conn.execute(query, prepare=True)  # extended protocol: exactly one statement
        if cursor.description is None:
            raise SourceQueryFailed("The query returns no rows (a source query must be a SELECT).")
        names = [d.name for d in cursor.description]
        rows: list[Sequence[Any]] = list(cursor.fetchall())
        conn.rollback()
        return names, rows
    except pg_errors.QueryCanceled as exc:
        raise QueryTimeout(
            f"The source query ran past SQL_SOURCE_TIMEOUT_S ({timeout:g} s).", code="source_query_timeout"
        ) from exc
    except DataPulseError:
        raise
    except psycopg.Error as exc:
        raise SourceQueryFailed(f"The source query failed: {_first_line(exc)}") from exc
    finally:
        conn.close()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
