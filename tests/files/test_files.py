"""Files API (SPEC 3): upload of every type, FileInfo and schema, list filters,
preview, download, delete and batch, and the events they publish."""

from __future__ import annotations

import hashlib

import pytest

from datapulse.data.readers import TYPES
from tests.files.helpers import assert_consistent, assert_nothing_left, csv_bytes, sample, upload


@pytest.mark.parametrize("file_type", TYPES)
def test_upload_every_type_is_profiled(client, app, settings, file_type):
    """Each accepted type lands, gets a Parquet copy and a per-column profile."""
    content = sample(file_type)
    r = upload(client, (content, f"Data Sample.{file_type}"))
    assert r.status_code == 201, r.get_json()
    (info,) = r.get_json()["files"]
    assert info["status"] == "ready"
    assert info["type"] == file_type
    assert info["size"] == len(content)
    assert info["checksum"] == hashlib.sha256(content).hexdigest()
    assert info["table_name"] == "data_sample"
    assert info["rows"] >= 2 and info["columns"] >= 2
    detail = client.get(f"/api/files/{info['id']}").get_json()
    columns = detail["schema"]["columns"]
    assert len(columns) == info["columns"]
    for column in columns:
        assert {"name", "dtype", "nulls", "unique", "samples"} <= set(column)
    assert_consistent(app, settings)


def test_profile_numbers_and_samples(client):
    """Numeric columns carry min/max/mean; nulls and unique are counted; samples are listed."""
    content = b"x,label\n1,a\n3,b\n,a\n8,\n"
    info = upload(client, (content, "nums.csv")).get_json()["files"][0]
    cols = {c["name"]: c for c in client.get(f"/api/files/{info['id']}").get_json()["schema"]["columns"]}
    assert cols["x"]["min"] == 1 and cols["x"]["max"] == 8 and cols["x"]["mean"] == pytest.approx(4.0)
    assert cols["x"]["nulls"] == 1 and cols["x"]["unique"] == 3
    assert cols["label"]["nulls"] == 1 and cols["label"]["unique"] == 2
    assert "mean" not in cols["label"]
    assert cols["label"]["samples"] == ["a", "b"]


def test_upload_several_files_in_one_request(client, app, settings, bus):
    """The field `file` repeats; each file gets its own row, unique table name and event."""
    r = upload(client, (csv_bytes(), "Sales 2024.csv"), (csv_bytes(3), "sales 2024.csv"), (sample("json"), "x.json"))
    assert r.status_code == 201
    names = [f["table_name"] for f in r.get_json()["files"]]
    assert names == ["sales_2024", "sales_2024_2", "x"]
    created = [e for e in bus.events if e.type == "file_update" and e.data["action"] == "created"]
    assert [e.data["file"]["table_name"] for e in created] == names
    assert sum(1 for e in bus.events if e.type == "activity") == 3
    assert len(assert_consistent(app, settings)) == 3


def test_table_name_unique_against_datasources(client, app):
    """A data source's table_name is taken into account when naming a file."""
    from datapulse.storage.models import DataSource

    with app.extensions["datapulse"].db.session() as session:
        session.add(DataSource(name="s", type="url", config={}, table_name="sales"))
    info = upload(client, (csv_bytes(), "sales.csv")).get_json()["files"][0]
    assert info["table_name"] == "sales_2"


def test_preview_pages_and_json_safe_values(client):
    """Preview pages rows by offset/limit; NaN becomes null; dates are ISO strings."""
    info = upload(client, (csv_bytes(10), "p.csv")).get_json()["files"][0]
    page = client.get(f"/api/files/{info['id']}/preview?offset=2&limit=3").get_json()
    assert page["columns"] == ["id", "category", "value", "when"]
    assert page["total_rows"] == 10
    assert [row[0] for row in page["rows"]] == [2, 3, 4]
    assert page["rows"][0][3] == "2024-01-03"
    pq = upload(client, (sample("parquet"), "nan.parquet")).get_json()["files"][0]
    rows = client.get(f"/api/files/{pq['id']}/preview").get_json()["rows"]
    assert rows[1] == [2, None, None]


def test_download_returns_original_bytes_and_name(client):
    """Download gives back the exact bytes, named after the original file."""
    content = "name,city\nJosé,Zürich\n".encode()
    info = upload(client, (content, "Café list.csv")).get_json()["files"][0]
    with client.get(f"/api/files/{info['id']}/download") as r:
        assert r.status_code == 200
        assert r.data == content
        disposition = r.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "Caf%C3%A9%20list.csv" in disposition


def test_delete_removes_everything(client, app, settings, bus):
    """DELETE answers 204 and removes the row, the stored file and the Parquet copy."""
    info = upload(client, (csv_bytes(), "gone.csv")).get_json()["files"][0]
    assert client.delete(f"/api/files/{info['id']}").status_code == 204
    assert_nothing_left(app, settings)
    assert client.get(f"/api/files/{info['id']}").status_code == 404
    deleted = [e for e in bus.events if e.type == "file_update" and e.data["action"] == "deleted"]
    assert deleted[0].data["file"]["id"] == info["id"]


def _ids(client, query: str) -> list[str]:
    r = client.get(f"/api/files?{query}")
    assert r.status_code == 200, r.get_json()
    return [f["name"] for f in r.get_json()["items"]]


def test_list_filters_sort_and_pages(client):
    """search, type, min_size, max_size and sort narrow and order the list; pages count all."""
    upload(client, (csv_bytes(2), "alpha.csv"))
    upload(client, (csv_bytes(50), "beta.csv"))
    upload(client, (sample("json"), "gamma_report.json"))
    assert _ids(client, "sort=name") == ["alpha.csv", "beta.csv", "gamma_report.json"]
    assert _ids(client, "sort=-created_at") == ["gamma_report.json", "beta.csv", "alpha.csv"]
    assert _ids(client, "sort=-size")[0] == "beta.csv"
    assert _ids(client, "type=json") == ["gamma_report.json"]
    assert _ids(client, "search=REPORT") == ["gamma_report.json"]
    assert _ids(client, "search=%25") == []
    big = len(csv_bytes(50))
    assert _ids(client, f"min_size={big}") == ["beta.csv"]
    assert "beta.csv" not in _ids(client, f"max_size={big - 1}")
    page = client.get("/api/files?per_page=2&page=2&sort=name").get_json()
    assert page["total"] == 3 and page["page"] == 2 and [f["name"] for f in page["items"]] == ["gamma_report.json"]


def test_batch_delete_reports_each_id(client, app, settings):
    """Batch delete removes the known ids and reports 404 for the unknown one, in order."""
    a = upload(client, (csv_bytes(), "a.csv")).get_json()["files"][0]["id"]
    b = upload(client, (csv_bytes(), "b.csv")).get_json()["files"][0]["id"]
    r = client.post("/api/files/batch", json={"operation": "delete", "ids": [a, "missing", b]})
    assert r.status_code == 200
    results = r.get_json()["results"]
    expected = [(a, True, 204), ("missing", False, 404), (b, True, 204)]
    assert [(x["id"], x["ok"], x["status"]) for x in results] == expected
    assert results[1]["error"]["code"] == "not_found"
    assert_nothing_left(app, settings)


def test_batch_profile_reprofiles_and_reports_failures(client, app, settings, bus):
    """Batch profile runs again per id; a file whose bytes vanished fails alone."""
    a = upload(client, (csv_bytes(), "a.csv")).get_json()["files"][0]
    b = upload(client, (csv_bytes(), "b.csv")).get_json()["files"][0]
    row = next(r for r in assert_consistent(app, settings) if r.id == b["id"])
    (settings.UPLOAD_FOLDER / row.stored_path.rsplit("/", 1)[-1]).unlink()
    r = client.post("/api/files/batch", json={"operation": "profile", "ids": [a["id"], b["id"]]})
    results = r.get_json()["results"]
    assert results[0]["ok"] and results[0]["file"]["status"] == "ready" and results[0]["file"]["rows"] == 5
    assert not results[1]["ok"] and results[1]["file"]["status"] == "failed"
    assert client.get(f"/api/files/{a['id']}/preview").status_code == 200
    updated = [e.data["file"]["id"] for e in bus.events if e.type == "file_update" and e.data["action"] == "updated"]
    assert updated == [a["id"], b["id"]]


def test_large_file_is_profiled_after_the_201(client, app, settings, bus):
    """Above the in-request limit the 201 says processing; a background job makes it ready."""
    store = app.extensions["datapulse"].uploads
    store.sync_limit = 10
    info = upload(client, (csv_bytes(100), "big.csv")).get_json()["files"][0]
    assert info["status"] == "processing" and info["rows"] is None
    assert client.get(f"/api/files/{info['id']}/preview").get_json()["error"]["code"] == "not_ready"
    store.jobs.wait_idle(timeout=60)
    done = client.get(f"/api/files/{info['id']}").get_json()
    assert done["status"] == "ready" and done["rows"] == 100
    actions = [e.data["action"] for e in bus.events if e.type == "file_update"]
    assert actions == ["created", "updated"]
    assert_consistent(app, settings)


def test_large_bad_file_ends_failed_with_reason(client, app, settings):
    """A large file that cannot be parsed after the 201 ends `failed` with its error."""
    store = app.extensions["datapulse"].uploads
    store.sync_limit = 10
    info = upload(client, (b'{"a": 1}\n{"a": \n', "bad.jsonl")).get_json()["files"][0]
    store.jobs.wait_idle(timeout=60)
    done = client.get(f"/api/files/{info['id']}").get_json()
    assert done["status"] == "failed" and "jsonl" in done["error"]
    assert_consistent(app, settings)


def test_batch_profile_of_a_file_busy_elsewhere_reports_its_state(client, app, settings):
    """A file another worker is profiling (its lock held) is reported as it stands, not as missing."""
    import fcntl

    info = upload(client, (csv_bytes(), "busy.csv")).get_json()["files"][0]
    (row,) = assert_consistent(app, settings)
    with open(row.stored_path, "rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        r = client.post("/api/files/batch", json={"operation": "profile", "ids": [info["id"]]})
    (result,) = r.get_json()["results"]
    assert result["ok"] and result["file"]["id"] == info["id"] and result["file"]["status"] == "ready"


def test_other_form_fields_are_ignored_not_mixed_in(client, app, settings):
    """A text field after a file part is skipped; its bytes never end up in the file."""
    body = (
        b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="mix.csv"\r\n\r\n'
        + csv_bytes()
        + b'\r\n--XyZ\r\nContent-Disposition: form-data; name="note"\r\n\r\nEXTRA,1,2\n'
        + b"\r\n--XyZ--\r\n"
    )
    r = client.post("/api/files", data=body, content_type="multipart/form-data; boundary=XyZ")
    assert r.status_code == 201
    (info,) = r.get_json()["files"]
    assert info["size"] == len(csv_bytes()) and info["rows"] == 5
    with client.get(f"/api/files/{info['id']}/download") as download:
        assert download.data == csv_bytes()
    assert len(assert_consistent(app, settings)) == 1
