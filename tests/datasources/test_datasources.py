"""Data sources over the API: create, list, read, change, refresh, versions, delete."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from datapulse.storage.models import DatasetVersion, DataSource, StoredFile


def make_sqlite(path: Path, rows: int = 5) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE sales (id INTEGER, region TEXT, amount REAL)")
    conn.executemany("INSERT INTO sales VALUES (?, ?, ?)", [(i, f"r{i % 3}", i * 1.5) for i in range(rows)])
    conn.commit()
    conn.close()
    return path


def add_rows(path: Path, n: int) -> None:
    conn = sqlite3.connect(path)
    start = conn.execute("SELECT count(*) FROM sales").fetchone()[0]
    conn.executemany("INSERT INTO sales VALUES (?, ?, ?)", [(i, "new", 0.0) for i in range(start, start + n)])
    conn.commit()
    conn.close()


def sql_body(path: Path, name: str = "Sales DB", **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "type": "sql",
        "config": {"url": f"sqlite:///{path}", "query": "SELECT * FROM sales"},
        **extra,
    }


def add_stored_file(app: Any, tmp_path: Path, text: str = "a,b\n1,x\n2,y\n3,z\n") -> str:
    """A ready uploaded file row, as the files API leaves it (its original bytes only)."""
    src = tmp_path / "upload.csv"
    src.write_text(text)
    db = app.extensions["datapulse"].db
    with db.session() as session:
        stored = StoredFile(
            name="upload.csv",
            table_name="upload_for_source",
            size=src.stat().st_size,
            type="csv",
            checksum=hashlib.sha256(src.read_bytes()).hexdigest(),
            status="ready",
            stored_path=str(src),
        )
        session.add(stored)
        session.flush()
        return stored.id


@pytest.fixture
def source_db(tmp_path: Path) -> Path:
    return make_sqlite(tmp_path / "source.db")


def test_create_sql_source_answers_ready_with_first_version(client, source_db, bus) -> None:  # type: ignore[no-untyped-def]
    """Creating a source fetches version 1 and broadcasts created + updated data_update events."""
    r = client.post("/api/datasources", json=sql_body(source_db))
    assert r.status_code == 201, r.json
    body = r.json
    assert body["status"] == "ready" and body["version"] == 1 and body["error"] is None
    assert body["rows"] == 5 and body["columns"] == 3
    assert body["table_name"] == "sales_db"
    assert body["last_refreshed"].endswith("Z")
    events = [(e.type, e.data.get("action")) for e in bus.events]
    assert ("data_update", "created") in events and ("data_update", "updated") in events
    updated = [e for e in bus.events if e.type == "data_update" and e.data["action"] == "updated"][-1]
    assert updated.data["version"] == 1 and updated.data["datasource"]["id"] == body["id"]


def test_list_get_and_pagination(client, source_db) -> None:  # type: ignore[no-untyped-def]
    """The list is paginated (SPEC 2) and one source can be read by id."""
    ids = [client.post("/api/datasources", json=sql_body(source_db, name=f"S {i}")).json["id"] for i in range(3)]
    page = client.get("/api/datasources?page=1&per_page=2").json
    assert page["total"] == 3 and page["page"] == 1 and page["per_page"] == 2 and len(page["items"]) == 2
    page2 = client.get("/api/datasources?page=2&per_page=2").json
    assert {i["id"] for i in page["items"] + page2["items"]} == set(ids)
    one = client.get(f"/api/datasources/{ids[0]}").json
    assert one["id"] == ids[0] and one["rows"] == 5


def test_table_names_unique_across_files_and_sources(app, client, source_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A source named like an existing file's table gets a suffixed, SQL-safe table name."""
    add_stored_file(app, tmp_path)
    r = client.post("/api/datasources", json=sql_body(source_db, name="Upload for source"))
    assert r.json["table_name"] == "upload_for_source_2"
    r2 = client.post("/api/datasources", json=sql_body(source_db, name="2024 Sales!"))
    assert r2.json["table_name"] == "t_2024_sales"


def test_refresh_adds_versions_and_keeps_old_ones(client, source_db) -> None:  # type: ignore[no-untyped-def]
    """Each refresh writes a new Parquet version; older versions stay listable and readable."""
    ds = client.post("/api/datasources", json=sql_body(source_db)).json
    add_rows(source_db, 2)
    r = client.post(f"/api/datasources/{ds['id']}/refresh")
    assert r.status_code == 200 and r.json["version"] == 2 and r.json["rows"] == 7
    listing = client.get(f"/api/datasources/{ds['id']}/versions").json
    assert listing["total"] == 2 and [v["version"] for v in listing["items"]] == [2, 1]
    assert [v["rows"] for v in listing["items"]] == [7, 5]
    assert listing["items"][0]["schema"]["columns"][0]["name"] == "id"
    old = client.get(f"/api/datasources/{ds['id']}/data?version=1&limit=100").json
    new = client.get(f"/api/datasources/{ds['id']}/data").json
    assert old["total_rows"] == 5 and old["version"] == 1
    assert new["total_rows"] == 7 and new["version"] == 2 and new["columns"] == ["id", "region", "amount"]


def test_data_preview_offset_limit(client, source_db) -> None:  # type: ignore[no-untyped-def]
    """`data` answers the preview shape with offset and limit."""
    ds = client.post("/api/datasources", json=sql_body(source_db)).json
    page = client.get(f"/api/datasources/{ds['id']}/data?offset=3&limit=1").json
    assert page["rows"] == [[3, "r0", 4.5]] and page["total_rows"] == 5


def test_data_unknown_version_and_no_data(client, source_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An unknown version is 404 no_such_version; a source that never fetched is 404 no_data."""
    ds = client.post("/api/datasources", json=sql_body(source_db)).json
    r = client.get(f"/api/datasources/{ds['id']}/data?version=9")
    assert r.status_code == 404 and r.json["error"]["code"] == "no_such_version"
    broken = client.post("/api/datasources", json=sql_body(tmp_path / "missing.db", name="gone")).json
    assert broken["status"] == "failed"
    r = client.get(f"/api/datasources/{broken['id']}/data")
    assert r.status_code == 404 and r.json["error"]["code"] == "no_data"


def test_version_file_removed_from_disk_is_404(client, source_db, settings) -> None:  # type: ignore[no-untyped-def]
    """A version whose Parquet file vanished answers 404 version_data_missing, not 500."""
    ds = client.post("/api/datasources", json=sql_body(source_db)).json
    (settings.DATA_DIR / "datasets" / ds["id"] / "v1.parquet").unlink()
    r = client.get(f"/api/datasources/{ds['id']}/data")
    assert r.status_code == 404 and r.json["error"]["code"] == "version_data_missing"


def test_file_source_from_uploaded_file(app, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A `file` source turns an uploaded file into its version 1."""
    file_id = add_stored_file(app, tmp_path)
    r = client.post("/api/datasources", json={"name": "From file", "type": "file", "config": {"file_id": file_id}})
    assert r.status_code == 201 and r.json["status"] == "ready" and r.json["rows"] == 3
    data = client.get(f"/api/datasources/{r.json['id']}/data").json
    assert data["columns"] == ["a", "b"] and data["rows"][0] == [1, "x"]


def test_file_source_unknown_file_is_422(client) -> None:  # type: ignore[no-untyped-def]
    """A file source must name an existing file."""
    r = client.post("/api/datasources", json={"name": "x", "type": "file", "config": {"file_id": "nope"}})
    assert r.status_code == 422 and r.json["error"]["code"] == "unknown_file"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "sql", "config": {}}, "name"),
        ({"name": "x", "type": "ftp", "config": {}}, "type"),
        ({"name": "x", "type": "sql", "config": "nope"}, "config"),
        ({"name": "x", "type": "sql", "config": {"url": "sqlite:///x.db"}}, "config"),
        ({"name": "x", "type": "url", "config": {"url": "not a url"}}, "config"),
        ({"name": "x", "type": "url", "config": {"url": "http://a.example", "format": "xml"}}, "config"),
        ({"name": "x", "type": "url", "config": {"url": "http://a.example", "headers": {"Bad Name": "v"}}}, "config"),
        ({"name": "x", "type": "file", "config": {"file_id": 5}}, "config"),
        ({"name": "x", "type": "file", "config": {"file_id": "a", "extra": 1}}, "config"),
        ({"name": "", "type": "file", "config": {"file_id": "a"}}, "name"),
        ({"name": "x", "type": "file", "config": {"file_id": "a"}, "refresh_interval": 0}, "refresh_interval"),
        ({"name": "x", "type": "file", "config": {"file_id": "a"}, "refresh_interval": "soon"}, "refresh_interval"),
    ],
)
def test_create_validation_names_the_field(client, body, field) -> None:  # type: ignore[no-untyped-def]
    """Invalid values are 422 validation_error naming the offending field."""
    r = client.post("/api/datasources", json=body)
    assert r.status_code == 422, r.json
    assert r.json["error"]["code"] == "validation_error"
    assert field in r.json["error"]["details"]["json"]


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("mysql://u@h/db", "unsupported_database"),
        ("not-a-url", "invalid_url"),
        ("sqlite://", "invalid_url"),
        ("sqlite:///:memory:", "invalid_url"),
    ],
)
def test_sql_url_refused_at_creation(client, url, code) -> None:  # type: ignore[no-untyped-def]
    """Unsupported databases and URLs without a file are refused with 422."""
    r = client.post("/api/datasources", json={"name": "x", "type": "sql", "config": {"url": url, "query": "SELECT 1"}})
    assert r.status_code == 422 and r.json["error"]["code"] == code


@pytest.mark.parametrize("folder", ["DATA_DIR", "UPLOAD_FOLDER"])
def test_sqlite_source_may_not_point_into_platform_folders(client, settings, folder) -> None:  # type: ignore[no-untyped-def]
    """A SQLite source inside DATA_DIR or UPLOAD_FOLDER is refused (422 forbidden_path)."""
    target = Path(getattr(settings, folder)) / "sub" / ".." / "datapulse.db"
    body = {"name": "x", "type": "sql", "config": {"url": f"sqlite:///{target}", "query": "SELECT 1"}}
    r = client.post("/api/datasources", json=body)
    assert r.status_code == 422 and r.json["error"]["code"] == "forbidden_path"


def test_update_name_interval_and_config(client, source_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """PUT changes name and interval in place, and a new config fetches a new version."""
    ds = client.post("/api/datasources", json=sql_body(source_db)).json
    r = client.put(f"/api/datasources/{ds['id']}", json={"name": "Renamed", "refresh_interval": 60})
    assert r.status_code == 200 and r.json["name"] == "Renamed" and r.json["refresh_interval"] == 60
    assert r.json["version"] == 1 and r.json["next_refresh_at"] is not None
    assert r.json["table_name"] == ds["table_name"]
    other = make_sqlite(tmp_path / "other.db", rows=2)
    config = {"url": f"sqlite:///{other}", "query": "SELECT id FROM sales"}
    r = client.put(f"/api/datasources/{ds['id']}", json={"config": config})
    assert r.json["version"] == 2 and r.json["rows"] == 2 and r.json["columns"] == 1
    r = client.put(f"/api/datasources/{ds['id']}", json={"refresh_interval": None})
    assert r.json["refresh_interval"] is None and r.json["next_refresh_at"] is None


def test_update_type_change_needs_config_and_invalid_config_is_422(client, source_db) -> None:  # type: ignore[no-untyped-def]
    """Changing type without a config, or sending a bad config, is refused and changes nothing."""
    ds = client.post("/api/datasources", json=sql_body(source_db)).json
    r = client.put(f"/api/datasources/{ds['id']}", json={"type": "url"})
    assert r.status_code == 422 and "config" in r.json["error"]["details"]["json"]
    r = client.put(f"/api/datasources/{ds['id']}", json={"config": {"query": "SELECT 1"}})
    assert r.status_code == 422
    assert client.get(f"/api/datasources/{ds['id']}").json["config"]["query"] == "SELECT * FROM sales"


def test_secrets_in_config_are_masked_and_kept_on_update(app, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Header values and database passwords are masked; sending the mask back keeps them."""
    body = {
        "name": "api",
        "type": "url",
        "config": {"url": "http://nowhere.invalid/x.csv", "headers": {"Authorization": "Bearer s3cret"}},
    }
    ds = client.post("/api/datasources", json=body).json
    assert ds["config"]["headers"] == {"Authorization": "********"}
    client.put(f"/api/datasources/{ds['id']}", json={"config": {**ds["config"], "format": "json"}})
    with app.extensions["datapulse"].db.session() as session:
        stored = session.get(DataSource, ds["id"])
        assert stored.config["headers"] == {"Authorization": "Bearer s3cret"} and stored.config["format"] == "json"
    pg = {"url": "postgresql://u:s3cretpw@127.0.0.1:1/db", "query": "SELECT 1"}
    ds2 = client.post("/api/datasources", json={"name": "pg", "type": "sql", "config": pg}).json
    assert ds2["config"]["url"] == "postgresql://u:***@127.0.0.1:1/db"
    client.put(f"/api/datasources/{ds2['id']}", json={"config": {**ds2["config"], "query": "SELECT 2"}})
    with app.extensions["datapulse"].db.session() as session:
        assert session.get(DataSource, ds2["id"]).config["url"] == pg["url"]


def test_delete_removes_versions_and_files(app, client, source_db, settings, bus) -> None:  # type: ignore[no-untyped-def]
    """DELETE answers 204 and removes the rows, the Parquet versions and the folder."""
    ds = client.post("/api/datasources", json=sql_body(source_db)).json
    client.post(f"/api/datasources/{ds['id']}/refresh")
    folder = settings.DATA_DIR / "datasets" / ds["id"]
    assert sorted(p.name for p in folder.glob("v*.parquet")) == ["v1.parquet", "v2.parquet"]
    r = client.delete(f"/api/datasources/{ds['id']}")
    assert r.status_code == 204 and not folder.exists()
    assert client.get(f"/api/datasources/{ds['id']}").status_code == 404
    with app.extensions["datapulse"].db.session() as session:
        assert session.query(DatasetVersion).filter_by(datasource_id=ds["id"]).count() == 0
    assert bus.events[-1].type == "data_update" and bus.events[-1].data["action"] == "deleted"


def test_failed_refresh_is_recorded_and_notified(client, source_db, bus) -> None:  # type: ignore[no-untyped-def]
    """A failing refresh marks the source failed with its error, keeps old data and notifies."""
    ds = client.post("/api/datasources", json=sql_body(source_db)).json
    source_db.unlink()
    r = client.post(f"/api/datasources/{ds['id']}/refresh")
    assert r.status_code == 200
    assert r.json["status"] == "failed" and "does not exist" in r.json["error"] and r.json["failures"] == 1
    assert r.json["version"] == 1 and r.json["next_refresh_at"] is not None
    assert client.get(f"/api/datasources/{ds['id']}/data").json["total_rows"] == 5
    note = [e for e in bus.events if e.type == "notification"][-1]
    assert note.data["level"] == "error" and note.data["datasource_id"] == ds["id"]
    assert bus.events[-1].type == "data_update" and bus.events[-1].data["datasource"]["status"] == "failed"


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("put", ""), ("delete", ""), ("post", "/refresh"), ("get", "/data"), ("get", "/versions")],
)
def test_unknown_id_is_404(client, method, suffix) -> None:  # type: ignore[no-untyped-def]
    """Every per-source route answers 404 not_found for an unknown id."""
    kwargs = {"json": {"name": "x"}} if method == "put" else {}
    r = getattr(client, method)(f"/api/datasources/nope{suffix}", **kwargs)
    assert r.status_code == 404 and r.json["error"]["code"] == "not_found"


def test_nul_characters_are_refused_not_500(client) -> None:  # type: ignore[no-untyped-def]
    """NUL in a name, a config value or an id is a 422 or 404 (PostgreSQL text cannot hold it), never a 500."""
    r = client.post("/api/datasources", json={"name": "a\x00b", "type": "file", "config": {"file_id": "x"}})
    assert r.status_code == 422 and "name" in r.json["error"]["details"]["json"]
    r = client.post("/api/datasources", json={"name": "ab", "type": "file", "config": {"file_id": "x\x00"}})
    assert r.status_code == 422
    sql = {"url": "sqlite:////tmp/x.db", "query": "SELECT 1\x00"}
    assert client.post("/api/datasources", json={"name": "ab", "type": "sql", "config": sql}).status_code == 422
    assert client.get("/api/datasources/a%00b").status_code == 404
    assert client.put("/api/datasources/a%00b", json={"name": "ok"}).status_code == 404


def test_a_source_made_private_again_is_announced_as_hidden(client, source_db, bus) -> None:  # type: ignore[no-untyped-def]
    """Shared, it goes out as `updated`; private again, also as `hidden` with only its id and
    owner, which everyone receives so that those who may no longer read it drop it."""
    created = client.post("/api/datasources", json=sql_body(source_db)).json
    assert client.patch(f"/api/datasources/{created['id']}", json={"visibility": "shared"}).status_code == 200
    assert not [e for e in bus.events if e.data.get("action") == "hidden"]
    assert client.patch(f"/api/datasources/{created['id']}", json={"visibility": "private"}).status_code == 200
    hidden = [e for e in bus.events if e.type == "data_update" and e.data.get("action") == "hidden"]
    assert [e.data for e in hidden] == [{"action": "hidden", "datasource": {"id": created["id"], "owner_id": None}}]
