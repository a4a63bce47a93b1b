"""A Parquet copy gone from the disk (issue 11 row 16): preview and SQL read the stored
source instead (no 500, the table stays), and the copy is written again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from datapulse.storage.models import StoredFile
from tests.files.helpers import csv_bytes, upload, xlsx_bytes


def _copy_of(app: Any, file_id: str) -> Path:
    with app.extensions["datapulse"].db.session() as session:
        row = session.get(StoredFile, file_id)
        assert row is not None and row.derived_path
        return Path(row.derived_path)


def _uploaded(app: Any, client: Any, content: bytes, name: str) -> dict[str, Any]:
    response = upload(client, (content, name))
    assert response.status_code == 201, response.get_json()
    info = dict(response.get_json()["files"][0])
    assert info["status"] == "ready"
    assert _copy_of(app, info["id"]).is_file()
    return info


def _views(client: Any, info: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    preview = client.get(f"/api/files/{info['id']}/preview?offset=1&limit=3")
    assert preview.status_code == 200, preview.get_json()
    query = client.post("/api/query", json={"sql": f'SELECT * FROM "{info["table_name"]}"', "limit": 1000})
    assert query.status_code == 200, query.get_json()
    return preview.get_json(), query.get_json()["rows"]


@pytest.mark.parametrize("reader", ["preview", "query"])
def test_a_missing_copy_is_read_from_the_source_and_written_again(app, client, reader):
    info = _uploaded(app, client, csv_bytes(50), "sales.csv")
    before = _views(client, info)
    copy = _copy_of(app, info["id"])
    copy.unlink()

    if reader == "preview":
        response = client.get(f"/api/files/{info['id']}/preview?offset=1&limit=3")
        assert response.status_code == 200, response.get_json()
        assert response.get_json() == before[0]
    else:
        response = client.post("/api/query", json={"sql": f'SELECT * FROM "{info["table_name"]}"', "limit": 1000})
        assert response.status_code == 200, response.get_json()  # the table is still there
        assert response.get_json()["rows"] == before[1]

    app.extensions["datapulse"].uploads.jobs.wait_idle(timeout=60)
    assert _copy_of(app, info["id"]) == copy and copy.is_file()  # written again, by that one read
    assert _views(client, info) == before


def test_a_missing_xlsx_copy_is_written_before_the_answer(app, client):
    """An xlsx has no reader but its copy: the preview or query that misses it writes it."""
    info = _uploaded(app, client, xlsx_bytes(6), "book.xlsx")
    before = _views(client, info)
    for _ in range(2):  # once found by the preview, once by SQL
        _copy_of(app, info["id"]).unlink()
        assert _views(client, info) == before
        assert _copy_of(app, info["id"]).is_file()


def test_a_lost_source_and_copy_is_not_a_server_error(app, client):
    info = _uploaded(app, client, csv_bytes(5), "gone.csv")
    _copy_of(app, info["id"]).unlink()
    with app.extensions["datapulse"].db.session() as session:
        stored = Path(session.get(StoredFile, info["id"]).stored_path)
    stored.unlink()
    response = client.get(f"/api/files/{info['id']}/preview")
    assert response.status_code == 404, response.get_json()
    assert response.get_json()["error"]["code"] == "file_missing"
    response = client.post("/api/query", json={"sql": f'SELECT * FROM "{info["table_name"]}"'})
    assert response.status_code < 500, response.get_json()
