"""The preview of a file, paged, sorted by a column and filtered by a text."""

from __future__ import annotations

from tests.files.helpers import csv_bytes, upload


def test_preview_sorted_both_ways_and_paged(client):  # type: ignore[no-untyped-def]
    """`sort=value` orders ascending, `sort=-value` descending; offset and limit page the order."""
    info = upload(client, (csv_bytes(10), "s.csv")).get_json()["files"][0]
    url = f"/api/files/{info['id']}/preview"
    up = client.get(f"{url}?sort=value&limit=3").get_json()
    assert [r[2] for r in up["rows"]] == [0.0, 1.5, 3.0] and up["total_rows"] == 10
    down = client.get(f"{url}?sort=-value&offset=1&limit=2").get_json()
    assert [r[2] for r in down["rows"]] == [12.0, 10.5]
    assert "matching_rows" not in down


def test_preview_filter_counts_matches(client):  # type: ignore[no-untyped-def]
    """`q` keeps the rows where any cell contains it, case-insensitive, and counts them."""
    info = upload(client, (csv_bytes(10), "f.csv")).get_json()["files"][0]
    page = client.get(f"/api/files/{info['id']}/preview?q=CAT1&sort=-id&limit=2").get_json()
    assert page["matching_rows"] == 3 and page["total_rows"] == 10
    assert [r[0] for r in page["rows"]] == [7, 4]
    none = client.get(f"/api/files/{info['id']}/preview?q=zzz").get_json()
    assert none["matching_rows"] == 0 and none["rows"] == []
    # LIKE wildcards are plain text here
    assert client.get(f"/api/files/{info['id']}/preview?q=%25").get_json()["matching_rows"] == 0


def test_preview_unknown_sort_column_is_400(client):  # type: ignore[no-untyped-def]
    """Sorting by a column the file does not have answers 400 unknown_column."""
    info = upload(client, (csv_bytes(3), "u.csv")).get_json()["files"][0]
    response = client.get(f"/api/files/{info['id']}/preview?sort=nope")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "unknown_column"
