"""FileInfo is one shape: the HTTP answers and the `file_update` events carry the same
fields and values at every step of a file's life (SPEC 3)."""

from __future__ import annotations

from datapulse.storage.models import FileStatus
from tests.files.helpers import csv_bytes, upload


def _file_updates(bus) -> list[tuple[str, dict]]:  # type: ignore[no-untyped-def]
    return [(e.data["action"], e.data["file"]) for e in bus.events if e.type == "file_update"]


def test_the_events_carry_what_the_api_answers(client, app, bus):
    """created = the 201's FileInfo; updated = GET's FileInfo without schema; deleted = the last one, status deleted."""
    store = app.extensions["datapulse"].uploads
    store.sync_limit = 10  # profiled after the 201: one created and one updated event
    (created,) = upload(client, (csv_bytes(50), "life.csv")).get_json()["files"]
    assert created["status"] == FileStatus.PROCESSING
    store.jobs.wait_idle(timeout=60)
    detail = client.get(f"/api/files/{created['id']}").get_json()
    assert detail.pop("schema")["columns"]
    assert client.delete(f"/api/files/{created['id']}").status_code == 204
    assert _file_updates(bus) == [
        ("created", created),
        ("updated", detail),
        ("deleted", {**detail, "status": "deleted"}),
    ]
    listed = client.get("/api/files").get_json()["items"]
    assert listed == []


def test_the_list_shows_each_file_as_the_detail_does(client):
    """The list's items are the details without their schema, the status one of FileStatus."""
    ids = [f["id"] for f in upload(client, (csv_bytes(3), "a.csv"), (csv_bytes(4), "b.csv")).get_json()["files"]]
    items = {f["id"]: f for f in client.get("/api/files").get_json()["items"]}
    for file_id in ids:
        detail = client.get(f"/api/files/{file_id}").get_json()
        del detail["schema"]
        assert items[file_id] == detail
        assert FileStatus(detail["status"]) is FileStatus.READY
