"""`POST /api/datasources/test`: a config tried before saving, against a real local HTTP
server and a real SQLite file; nothing is stored, failures are the refresh's own."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.datasources.test_url import http_server, server, settings  # noqa: F401 - fixtures


def _test(client, kind: str, **config):  # type: ignore[no-untyped-def]
    return client.post("/api/datasources/test", json={"type": kind, "config": config})


def test_a_working_url_answers_rows_columns_and_sample_and_stores_nothing(client, http_server, app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    r = _test(client, "url", url=f"{http_server}/data.csv")
    assert r.status_code == 200, r.json
    body = r.json
    assert body["ok"] is True and body["error"] is None
    assert body["rows"] == 3 and body["columns"] == ["city", "temp"]
    assert body["sample"][0] == ["Berlin", 12.5] and body["duration_ms"] >= 0
    assert client.get("/api/datasources").json["total"] == 0
    scratch = app.extensions["datapulse"].settings.DATA_DIR / "datasets" / "_tests"
    assert list(scratch.iterdir()) == []  # the fetched data is gone


def test_a_failing_fetch_is_ok_false_with_the_refresh_error(client, http_server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A 404, a missing header and an unresolvable host all answer 200 with ok=false and why."""
    missing = _test(client, "url", url=f"{http_server}/nothing.csv").json
    assert missing["ok"] is False and "404" in missing["error"]["message"]
    denied = _test(client, "url", url=f"{http_server}/private").json
    assert denied["ok"] is False and "401" in denied["error"]["message"]
    allowed = _test(client, "url", url=f"{http_server}/private", headers={"X-Token": "s3cret"}).json
    assert allowed["ok"] is True and allowed["rows"] == 3
    unresolved = _test(client, "url", url="http://no-such-host.invalid/data.csv").json
    assert unresolved["ok"] is False and "resolve" in unresolved["error"]["message"]
    assert unresolved["error"]["code"]


def test_a_config_refused_at_creation_is_refused_here_too(client, app, settings) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app.extensions["datapulse"].settings = settings.replace(URL_SOURCE_ALLOWLIST=())
    forbidden = _test(client, "url", url="http://127.0.0.1:1/x.csv")
    assert forbidden.status_code == 422 and forbidden.json["error"]["code"] == "forbidden_address"
    bad = _test(client, "url", url="not a url")
    assert bad.status_code == 422 and "config" in bad.json["error"]["details"]["json"]
    kind = client.post("/api/datasources/test", json={"type": "ftp", "config": {}})
    assert kind.status_code == 422
    gone = client.post("/api/datasources/test", json={"type": "file", "config": {"file_id": "nope"}})
    assert gone.status_code == 422 and gone.json["error"]["code"] == "unknown_file"


def test_testing_an_edit_keeps_the_stored_secret_behind_the_mask(client, http_server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """With `datasource_id`, a masked header sent back means the stored value (as PUT does)."""
    secret = {"url": f"{http_server}/private", "headers": {"X-Token": "s3cret"}}
    created = client.post("/api/datasources", json={"name": "P", "type": "url", "config": secret}).json
    masked = created["config"]["headers"]
    assert masked["X-Token"] != "s3cret"
    config = {"url": f"{http_server}/private", "headers": masked}
    tried = {"type": "url", "config": config, "datasource_id": created["id"]}
    with_id = client.post("/api/datasources/test", json=tried)
    assert with_id.json["ok"] is True, with_id.json
    without = client.post("/api/datasources/test", json={"type": "url", "config": config})
    assert without.json["ok"] is False  # the mask itself was sent as the token
    unknown = client.post("/api/datasources/test", json={"type": "url", "config": config, "datasource_id": "nope"})
    assert unknown.status_code == 404 and unknown.json["error"]["code"] == "not_found"


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Path:
    path = tmp_path / "outside.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(1, "a"), (2, "b")])
    conn.commit()
    conn.close()
    return path


def test_a_sql_source_is_tried_read_only(client, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    ok = _test(client, "sql", url=f"sqlite:///{sqlite_db}", query="SELECT id, label FROM t ORDER BY id").json
    assert ok["ok"] is True and ok["rows"] == 2 and ok["sample"] == [[1, "a"], [2, "b"]]
    bad = _test(client, "sql", url=f"sqlite:///{sqlite_db}", query="SELECT * FROM missing").json
    assert bad["ok"] is False and "missing" in bad["error"]["message"]
    write = _test(client, "sql", url=f"sqlite:///{sqlite_db}", query="DELETE FROM t").json
    assert write["ok"] is False
    conn = sqlite3.connect(sqlite_db)
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 2
    conn.close()
