"""Live `sql` sources through the API, on the local PostgreSQL: created without a copy,
read and queried now, read-only and timed by the database, and a chat over one that
fails clearly when its table goes away while the API keeps answering."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.agents.test_live import sales_frame
from tests.conftest import POSTGRES_URL, fresh_postgres_schema
from tests.datasources.test_datasources import make_sqlite, sql_body


@pytest.fixture
def pg_table() -> Iterator[str]:
    """A fresh schema holding `sales` and a sequence; dropped afterwards."""
    with fresh_postgres_schema("live") as schema:
        engine = create_engine(POSTGRES_URL)
        sales_frame(60).to_sql("sales", engine, schema=schema, index=False)
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SEQUENCE "{schema}".seq'))
        engine.dispose()
        yield schema


def pg(sql: str) -> Any:
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql))
            return result.all() if result.returns_rows else None
    finally:
        engine.dispose()


def create_live(client: Any, schema: str, table: str = "sales") -> dict[str, Any]:
    body = {
        "name": "Live sales",
        "type": "sql",
        "config": {"url": POSTGRES_URL, "query": f'SELECT * FROM "{schema}".{table}', "mode": "live"},
    }
    response = client.post("/api/datasources", json=body)
    assert response.status_code == 201, response.json
    return dict(response.json)


def query(client: Any, sql: str) -> Any:
    return client.post("/api/query", json={"sql": sql})


def test_live_source_copies_nothing_and_reads_now(client, pg_table, settings) -> None:  # type: ignore[no-untyped-def]
    ds = create_live(client, pg_table)
    assert ds["status"] == "ready" and ds["version"] == 0 and ds["config"]["mode"] == "live"
    assert client.get(f"/api/datasources/{ds['id']}/versions").json["items"] == []
    page = client.get(f"/api/datasources/{ds['id']}/data?limit=5").json
    assert page["total_rows"] == 60 and len(page["rows"]) == 5 and page["columns"][:2] == ["id", "region"]
    sql = f"SELECT region, count(*) AS n, sum(qty) AS q FROM {ds['table_name']} GROUP BY region ORDER BY region"
    got = query(client, sql)
    assert got.status_code == 200, got.json
    frame = sales_frame(60)
    expected = frame.groupby("region").agg(n=("id", "size"), q=("qty", "sum")).reset_index()
    assert got.json["rows"] == [[r, int(n), int(q)] for r, n, q in expected.itertuples(index=False)]
    pg(f"INSERT INTO \"{pg_table}\".sales (id, region, qty) VALUES (999, 'North', 5)")
    after = query(client, f"SELECT count(*) FROM {ds['table_name']}").json
    assert after["rows"] == [[61]]  # always current: nothing was copied
    assert not (settings.DATA_DIR / "datasets" / ds["id"]).exists()


def test_writes_are_refused_by_the_database(client, pg_table) -> None:  # type: ignore[no-untyped-def]
    """A SELECT that writes (nextval) passes the statement check and is refused by
    PostgreSQL's read-only transaction; a plain DELETE never leaves the platform."""
    ds = create_live(client, pg_table)
    got = query(client, f"SELECT nextval('\"{pg_table}\".seq') FROM {ds['table_name']} LIMIT 1")
    assert got.status_code == 400 and got.json["error"]["code"] == "statement_not_allowed", got.json
    assert "read-only" in got.json["error"]["message"]
    assert pg(f'SELECT last_value, is_called FROM "{pg_table}".seq') == [(1, False)]
    got = query(client, f"DELETE FROM {ds['table_name']}")
    assert got.status_code == 400 and got.json["error"]["code"] == "statement_not_allowed"
    assert pg(f'SELECT count(*) FROM "{pg_table}".sales') == [(60,)]


def test_statement_time_limit_is_a_504(app, client, pg_table) -> None:  # type: ignore[no-untyped-def]
    ds = create_live(client, pg_table)
    platform = app.extensions["datapulse"]
    platform.settings = platform.settings.replace(QUERY_TIMEOUT_S=0.5)
    started = time.monotonic()
    got = query(client, f"SELECT pg_sleep(10), id FROM {ds['table_name']} LIMIT 1")
    assert got.status_code == 504 and got.json["error"]["code"] == "query_timeout", got.json
    assert time.monotonic() - started < 8  # stopped by statement_timeout, not by the sleep ending


def test_live_and_copied_tables_do_not_mix(client, pg_table, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """One statement runs in one place: live tables with the platform's own is refused."""
    ds = create_live(client, pg_table)
    copy = client.post("/api/datasources", json=sql_body(make_sqlite(tmp_path / "copy.db"), name="Copied")).json
    got = query(client, f"SELECT * FROM {ds['table_name']} AS a JOIN {copy['table_name']} AS b ON a.id = b.id")
    assert got.status_code == 400 and got.json["error"]["code"] == "query_error", got.json
    assert got.json["error"]["details"] == {"live": [ds["table_name"]], "other": [copy["table_name"]]}
    assert query(client, f"SELECT count(*) FROM {copy['table_name']}").json["rows"] == [[5]]


def test_live_source_on_a_missing_table_is_failed(client, pg_table) -> None:  # type: ignore[no-untyped-def]
    ds = create_live(client, pg_table, table="no_such_table")
    assert ds["status"] == "failed" and "no_such_table" in ds["error"]


def test_live_source_respects_the_allowlist(client, pg_table) -> None:  # type: ignore[no-untyped-def]
    body = {
        "name": "Elsewhere",
        "type": "sql",
        "config": {"url": "postgresql://u@db.example/x", "query": "SELECT 1", "mode": "live"},
    }
    got = client.post("/api/datasources", json=body)
    assert got.status_code == 422 and got.json["error"]["code"] == "source_not_allowed"
    bad = {**body, "config": {**body["config"], "mode": "stream"}}
    assert client.post("/api/datasources", json=bad).status_code == 422


def ask(client: Any, cid: str, question: str) -> dict[str, Any]:
    response = client.post(f"/api/chat/conversations/{cid}/messages", json={"content": question})
    assert response.status_code == 202, response.json
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        run = client.get(f"/api/chat/runs/{response.json['run_id']}").json
        if run["status"] not in ("queued", "running"):
            return dict(run)
        time.sleep(0.05)
    raise AssertionError("the run did not end")


def test_chat_over_a_live_source_and_the_table_going_away(client, pg_table) -> None:  # type: ignore[no-untyped-def]
    """The agents answer inside PostgreSQL; when the table is dropped between questions the
    next run fails with the database's reason, and the API keeps answering."""
    ds = create_live(client, pg_table)
    cid = client.post("/api/chat/conversations", json={"datasource_ids": [ds["id"]]}).json["id"]
    run = ask(client, cid, "average amount by region")
    assert run["status"] == "completed", run
    result = run["result"]
    assert result["plan"][0]["tool"] == "group_aggregate"
    table = next(r for r in result["results"] if r["kind"] == "table")
    expected = sales_frame(60).groupby("region")["amount"].mean()
    assert {row[0]: pytest.approx(row[1]) for row in table["rows"]} == expected.to_dict()
    pg(f'DROP TABLE "{pg_table}".sales')
    run = ask(client, cid, "total qty by product")
    assert run["status"] == "failed", run
    assert run["error"]["code"] == "source_query_failed" and "sales" in run["error"]["message"], run["error"]
    assert client.get("/api/health").status_code == 200
    assert client.get(f"/api/datasources/{ds['id']}").status_code == 200
