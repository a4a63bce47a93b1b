"""Helpers shared by the files tests (no tests here): building uploads of every type
and checking that disk and database agree."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from datapulse.settings import Settings
from datapulse.storage.models import StoredFile

MULTIPART = "multipart/form-data"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


def upload(client: Any, *files: tuple[bytes, str]) -> Any:
    """POST /api/files with one `file` part per (content, name)."""
    data = {"file": [(io.BytesIO(content), name) for content, name in files]}
    return client.post("/api/files", data=data, content_type=MULTIPART)


def csv_bytes(rows: int = 5) -> bytes:
    lines = ["id,category,value,when"]
    lines += [f"{i},cat{i % 3},{i * 1.5},2024-01-{(i % 28) + 1:02d}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(rows: int = 4) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["name", "amount", "mixed"])
    for i in range(rows):
        ws.append([f"n{i}", i * 2.5, i if i % 2 else f"text{i}"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def parquet_bytes() -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(pa.table({"k": [1, 2, 3], "v": ["a", None, "c"], "f": [0.5, float("nan"), 2.0]}), buf)
    return buf.getvalue()


def xlsx_bomb(expanded_mb: int = 30) -> bytes:
    """A zip that looks like a workbook and inflates ~1000:1 (30 MB of zeros)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(expanded_mb):
                member.write(block)
    return buf.getvalue()


SAMPLES: dict[str, bytes] = {}


def sample(file_type: str) -> bytes:
    """A small valid file of each accepted type."""
    if file_type not in SAMPLES:
        records = [{"a": i, "b": f"x{i}", "c": i / 2} for i in range(4)]
        SAMPLES.update(
            {
                "csv": csv_bytes(),
                "tsv": b"a\tb\n1\tx\n2\ty\n",
                "txt": b"a|b\n1|x\n2|y\n",
                "json": json.dumps(records).encode(),
                "jsonl": "\n".join(json.dumps(r) for r in records).encode() + b"\n",
                "ndjson": "\n".join(json.dumps(r) for r in records).encode() + b"\n",
                "xlsx": xlsx_bytes(),
                "parquet": parquet_bytes(),
            }
        )
    return SAMPLES[file_type]


def disk_state(settings: Settings) -> tuple[set[str], set[str]]:
    """Names in UPLOAD_FOLDER and in DATA_DIR/derived."""
    derived = settings.DATA_DIR / "derived"
    uploads = {p.name for p in settings.UPLOAD_FOLDER.iterdir()} if settings.UPLOAD_FOLDER.exists() else set()
    return uploads, ({p.name for p in derived.iterdir()} if derived.exists() else set())


def db_rows(app: Any) -> list[StoredFile]:
    with app.extensions["datapulse"].db.session() as session:
        return list(session.scalars(select(StoredFile)))


def assert_consistent(app: Any, settings: Settings) -> list[StoredFile]:
    """Every row has its stored file (and its Parquet copy when ready); nothing else is on disk."""
    rows = db_rows(app)
    uploads, derived = disk_state(settings)
    assert uploads == {Path(r.stored_path).name for r in rows}
    assert derived == {f"{r.id}.parquet" for r in rows if r.status == "ready"}
    for row in rows:
        assert Path(row.stored_path).parent == settings.UPLOAD_FOLDER.resolve()
    return rows


def close_app(app: Any) -> None:
    """Stop what an extra app started (background schedulers, profiling jobs) and its engine."""
    app.extensions["datapulse"].stop()


def assert_nothing_left(app: Any, settings: Settings) -> None:
    """No row, no stored file, no part file, no derived file."""
    assert db_rows(app) == []
    assert disk_state(settings) == (set(), set())
