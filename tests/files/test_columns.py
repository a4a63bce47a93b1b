"""Too many columns are refused by the upload request from the header (issue 11 row 13)."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from datapulse.api.app import create_app
from datapulse.bus.base import MemoryBus
from datapulse.data.columns import header_columns
from datapulse.settings import Settings
from tests.conftest import migrated
from tests.files.helpers import close_app, upload


def wide_csv(columns: int, rows: int = 140) -> bytes:
    """The issue's file: 10,000 columns x 140 rows is about 5.8 MB."""
    header = ",".join(f"column_{i}" for i in range(columns))
    body = "\n".join(",".join(str((r * 7 + i) % 1000) for i in range(columns)) for r in range(rows))
    return (header + "\n" + body + "\n").encode()


def post_file(client: Any, content: bytes, name: str) -> Any:
    """A multipart upload built as bytes: the test client spools no temporary file for it."""
    boundary = "wideboundary7d1"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'.encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.post("/api/files", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_ten_thousand_columns_are_refused_at_once(client: Any, settings: Settings) -> None:
    """422 too_many_columns from the header: no profile, no copy, nothing stored."""
    content = wide_csv(10_000)
    assert len(content) > 5_000_000
    started = time.monotonic()
    response = post_file(client, content, "wide.csv")
    elapsed = time.monotonic() - started
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "too_many_columns"
    assert error["details"] == {"columns": 10_000, "max_columns": settings.MAX_COLUMNS}
    assert elapsed < 10  # 43 s before; the header is read in milliseconds
    assert client.get("/api/files").get_json()["total"] == 0
    assert not [p for p in settings.UPLOAD_FOLDER.rglob("*") if p.is_file()]


def test_at_the_limit_is_accepted(settings: Settings, bus: MemoryBus) -> None:
    """MAX_COLUMNS columns exactly: stored and profiled as before; one more is refused."""
    app = create_app(migrated(settings.replace(MAX_COLUMNS=40)), bus=bus)
    client = app.test_client()
    response = upload(client, (wide_csv(40, rows=3), "edge.csv"))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["files"][0]["columns"] == 40
    over = upload(client, (wide_csv(41, rows=3), "over.csv"))
    assert over.status_code == 422 and over.get_json()["error"]["details"] == {"columns": 41, "max_columns": 40}
    close_app(app)


def test_quoted_delimiters_and_other_types(tmp_path: Path) -> None:
    """Commas inside quotes do not count; tsv, txt and Parquet are counted; JSON is not."""
    csv = tmp_path / "q.csv"
    csv.write_bytes(b'a,"b,c","d""e,f",g\n1,2,3,4\n')
    assert header_columns(csv, "csv") == 4
    tsv = tmp_path / "t.tsv"
    tsv.write_bytes(b"a\tb\tc\n")
    assert header_columns(tsv, "tsv") == 3 and header_columns(tsv, "txt") == 3
    parquet = tmp_path / "p.parquet"
    pq.write_table(pa.table({f"c{i}": [i] for i in range(7)}), parquet)
    assert header_columns(parquet, "parquet") == 7
    assert header_columns(csv, "json") is None


@pytest.mark.parametrize("file_type", ["tsv", "parquet"])
def test_wide_tsv_and_parquet_are_refused(client: Any, file_type: str) -> None:
    """The same limit for every type whose header names its columns."""
    if file_type == "tsv":
        content = ("\t".join(f"c{i}" for i in range(2500)) + "\n" + "\t".join("1" * 2500) + "\n").encode()
    else:
        buf = io.BytesIO()
        pq.write_table(pa.table({f"c{i}": [1] for i in range(2500)}), buf)
        content = buf.getvalue()
    response = post_file(client, content, f"wide.{file_type}")
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "too_many_columns"
