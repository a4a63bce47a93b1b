"""`sql` sources are opened read-only BY THE DATABASE, with a statement time-out:
a real SQLite file and the local PostgreSQL server."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from datapulse.datasources import fetch_sql
from datapulse.errors import QueryTimeout
from tests.conftest import POSTGRES_URL, service_missing


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    path = tmp_path / "outside.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT, created DATE)")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?)", [(1, "a", "2024-01-01"), (2, "b", "2024-02-01")])
    conn.commit()
    conn.close()
    return path


def count_rows(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM t").fetchone()[0])
    finally:
        conn.close()


def test_sqlite_query_reads_rows(sqlite_file, settings) -> None:  # type: ignore[no-untyped-def]
    """A SELECT returns its column names and rows."""
    names, rows = fetch_sql.run_query(f"sqlite:///{sqlite_file}", "SELECT id, label FROM t ORDER BY id", settings)
    assert names == ["id", "label"] and [tuple(r) for r in rows] == [(1, "a"), (2, "b")]


@pytest.mark.parametrize(
    "query",
    [
        "DELETE FROM t",
        "INSERT INTO t (label) VALUES ('x') RETURNING id",
        "UPDATE t SET label = 'z' RETURNING id",
        "CREATE TABLE evil AS SELECT 1",
        "WITH x AS (SELECT 1) DELETE FROM t RETURNING id",
    ],
)
def test_sqlite_writes_fail_in_the_database(sqlite_file, settings, query) -> None:  # type: ignore[no-untyped-def]
    """SQLite opened with mode=ro refuses every write; the file is unchanged."""
    with pytest.raises(fetch_sql.SourceQueryFailed) as info:
        fetch_sql.run_query(f"sqlite:///{sqlite_file}", query, settings)
    assert "readonly" in info.value.message or "read-only" in info.value.message
    assert count_rows(sqlite_file) == 2


def test_sqlite_attach_is_refused(sqlite_file, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """ATTACH cannot open (or create) another database file."""
    target = tmp_path / "created.db"
    with pytest.raises(fetch_sql.SourceQueryFailed):
        fetch_sql.run_query(f"sqlite:///{sqlite_file}", f"ATTACH DATABASE '{target}' AS x", settings)
    assert not target.exists()


def test_sqlite_two_statements_refused(sqlite_file, settings) -> None:  # type: ignore[no-untyped-def]
    """Only one statement runs."""
    with pytest.raises(fetch_sql.SourceQueryFailed):
        fetch_sql.run_query(f"sqlite:///{sqlite_file}", "SELECT 1; DELETE FROM t", settings)
    assert count_rows(sqlite_file) == 2


def test_sqlite_slow_query_is_stopped(sqlite_file, settings) -> None:  # type: ignore[no-untyped-def]
    """A query past SQL_SOURCE_TIMEOUT_S is interrupted and reported as a time-out."""
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c"
    with pytest.raises(QueryTimeout) as info:
        fetch_sql.run_query(f"sqlite:///{sqlite_file}", endless, settings.replace(SQL_SOURCE_TIMEOUT_S=0.3))
    assert info.value.code == "source_query_timeout"


def test_sqlite_missing_file_is_not_created(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A missing SQLite file fails the fetch instead of being created empty."""
    missing = tmp_path / "nope.db"
    with pytest.raises(fetch_sql.SourceQueryFailed):
        fetch_sql.run_query(f"sqlite:///{missing}", "SELECT 1", settings)
    assert not missing.exists()


def test_sqlite_not_a_select(sqlite_file, settings) -> None:  # type: ignore[no-untyped-def]
    """A statement that returns no rows is refused."""
    with pytest.raises(fetch_sql.SourceQueryFailed) as info:
        fetch_sql.run_query(f"sqlite:///{sqlite_file}", "PRAGMA user_version = 1", settings)
    assert "no rows" in info.value.message or "readonly" in info.value.message


def test_sql_source_over_api_fails_write_and_reports(client, sqlite_file) -> None:  # type: ignore[no-untyped-def]
    """Over the API a writing query leaves the source failed with the database's reason."""
    body = {"name": "w", "type": "sql", "config": {"url": f"sqlite:///{sqlite_file}", "query": "DELETE FROM t"}}
    r = client.post("/api/datasources", json=body)
    assert r.status_code == 201 and r.json["status"] == "failed" and "readonly" in r.json["error"]
    assert count_rows(sqlite_file) == 2


@pytest.fixture
def pg_table() -> Iterator[tuple[str, str]]:
    """A schema with a small table in the local PostgreSQL; dropped afterwards."""
    schema = f"src_{uuid.uuid4().hex[:10]}"
    try:
        engine = create_engine(POSTGRES_URL)
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            conn.execute(text(f'CREATE TABLE "{schema}".items (id int, name text, price numeric(8,2))'))
            conn.execute(text(f"INSERT INTO \"{schema}\".items VALUES (1, 'pen', 1.50), (2, 'ink', 7.25)"))
    except Exception as exc:  # noqa: BLE001 - any connection error
        service_missing("PostgreSQL", str(exc).splitlines()[0])
    try:
        yield POSTGRES_URL, schema
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def pg_count(schema: str) -> int:
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(f'SELECT count(*) FROM "{schema}".items')).scalar_one())
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgres_query_reads_rows(pg_table, settings) -> None:  # type: ignore[no-untyped-def]
    """A PostgreSQL source returns its rows (numeric values included)."""
    url, schema = pg_table
    names, rows = fetch_sql.run_query(url, f'SELECT id, name, price FROM "{schema}".items ORDER BY id', settings)
    assert names == ["id", "name", "price"] and [r[1] for r in rows] == ["pen", "ink"]
    assert float(rows[1][2]) == 7.25


@pytest.mark.postgres
@pytest.mark.parametrize(
    "template",
    [
        "INSERT INTO \"{s}\".items VALUES (3, 'x', 1) RETURNING id",
        'DELETE FROM "{s}".items RETURNING id',
        'WITH d AS (DELETE FROM "{s}".items RETURNING id) SELECT * FROM d',
        'CREATE TABLE "{s}".evil AS SELECT 1 AS x',
    ],
)
def test_postgres_writes_fail_read_only(pg_table, settings, template) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL refuses writes in the read-only session; the table is unchanged."""
    url, schema = pg_table
    with pytest.raises(fetch_sql.SourceQueryFailed) as info:
        fetch_sql.run_query(url, template.format(s=schema), settings)
    assert "read-only" in info.value.message
    assert pg_count(schema) == 2


@pytest.mark.postgres
def test_postgres_cannot_leave_read_only(pg_table, settings) -> None:  # type: ignore[no-untyped-def]
    """Switching the session back to read-write inside the query is impossible (one statement only)."""
    url, schema = pg_table
    sneaky = f'COMMIT; SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE; DELETE FROM "{schema}".items'
    with pytest.raises(fetch_sql.SourceQueryFailed):
        fetch_sql.run_query(url, sneaky, settings)
    assert pg_count(schema) == 2


@pytest.mark.postgres
def test_postgres_slow_query_is_stopped(pg_table, settings) -> None:  # type: ignore[no-untyped-def]
    """pg_sleep past SQL_SOURCE_TIMEOUT_S is cancelled by statement_timeout."""
    url, _schema = pg_table
    with pytest.raises(QueryTimeout):
        fetch_sql.run_query(url, "SELECT pg_sleep(10)", settings.replace(SQL_SOURCE_TIMEOUT_S=0.5))


@pytest.mark.postgres
def test_postgres_source_over_api(client, pg_table) -> None:  # type: ignore[no-untyped-def]
    """A PostgreSQL source over the API stores its rows as a version."""
    url, schema = pg_table
    body = {"name": "pg items", "type": "sql", "config": {"url": url, "query": f'SELECT * FROM "{schema}".items'}}
    r = client.post("/api/datasources", json=body)
    assert r.json["status"] == "ready", r.json
    data = client.get(f"/api/datasources/{r.json['id']}/data").json
    assert data["columns"] == ["id", "name", "price"] and data["total_rows"] == 2


def test_postgres_unreachable_fails_cleanly(settings) -> None:  # type: ignore[no-untyped-def]
    """A database that cannot be reached fails the fetch with the reason."""
    with pytest.raises(fetch_sql.SourceQueryFailed) as info:
        fetch_sql.run_query("postgresql://postgres@127.0.0.1:1/none", "SELECT 1", settings)
    assert "connect" in info.value.message.lower()
