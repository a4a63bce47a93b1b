"""Turning what a source fetched into a Parquet file, and reading a page back.

CSV and JSON go through the uploads' own reader (`datapulse.data.readers.to_parquet`),
so a source and an uploaded file parse the same text the same way; a `json_path`
first picks the records out of the document; SQL rows arrive as tuples.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from datapulse.data.readers import to_parquet
from datapulse.data.values import json_rows
from datapulse.errors import InvalidContent

_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def path_segments(json_path: str) -> list[str | int]:
    """`$.data.items[0].rows` → ['data', 'items', 0, 'rows'] (a leading `$` is optional)."""
    text = json_path.strip()
    if text.startswith("$"):
        text = text[1:]
    text = text.lstrip(".")
    segments: list[str | int] = []
    pos = 0
    while pos < len(text):
        if text[pos] == ".":
            pos += 1
            continue
        match = _SEGMENT.match(text, pos)
        if not match:
            raise InvalidContent(f"Cannot read the JSON path '{json_path}'.", details={"json_path": json_path})
        segments.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        pos = match.end()
    return segments


def records_at(document: Any, json_path: str) -> list[Any]:
    """The list of records that `json_path` points at inside `document`."""
    node = document
    for segment in path_segments(json_path):
        try:
            node = node[segment]
        except (KeyError, IndexError, TypeError) as exc:
            raise InvalidContent(
                f"The JSON path '{json_path}' does not exist in the document (stopped at {segment!r}).",
                details={"json_path": json_path},
            ) from exc
    if isinstance(node, dict):
        node = [node]
    if not isinstance(node, list):
        raise InvalidContent(
            f"The JSON path '{json_path}' points at a {type(node).__name__}, not at a list of records.",
            details={"json_path": json_path},
        )
    return [item if isinstance(item, dict) else {"value": item} for item in node]


def fetched_to_parquet(src: Path, fmt: str, dest: Path, json_path: str | None = None) -> None:
    """Convert a downloaded body (`csv` or `json`) into Parquet at `dest`."""
    if fmt == "json" and json_path:
        try:
            with open(src, "rb") as fh:
                document = json.load(fh)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidContent(f"The body is not valid JSON: {exc}.") from exc
        records = records_at(document, json_path)
        if not records:
            raise InvalidContent(f"The JSON path '{json_path}' holds no records.", details={"json_path": json_path})
        lines = src.with_name(src.name + ".jsonl")
        try:
            with open(lines, "w", encoding="utf-8") as out:
                for record in records:
                    out.write(json.dumps(record, ensure_ascii=False, allow_nan=False, default=str) + "\n")
            to_parquet(lines, "jsonl", dest)
        finally:
            lines.unlink(missing_ok=True)
        return
    to_parquet(src, "json" if fmt == "json" else "csv", dest)


def unique_names(names: Sequence[str]) -> list[str]:
    """Column names as Parquet needs them: non-empty and distinct (`a`, `a_2` ...)."""
    seen: set[str] = set()
    out: list[str] = []
    for index, raw in enumerate(names, start=1):
        base = str(raw).strip() or f"column_{index}"
        name, n = base, 2
        while name in seen:
            name, n = f"{base}_{n}", n + 1
        seen.add(name)
        out.append(name)
    return out


def rows_to_parquet(names: Sequence[str], rows: Sequence[Sequence[Any]], dest: Path) -> None:
    """SQL rows to Parquet; a column whose values Arrow cannot type together becomes text."""
    columns = unique_names(names)
    arrays: dict[str, pa.Array] = {}
    for index, name in enumerate(columns):
        values = [row[index] for row in rows]
        try:
            arrays[name] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            arrays[name] = pa.array([None if v is None else str(v) for v in values], type=pa.string())
    table = pa.table(arrays) if arrays else pa.table({})
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def read_page(path: Path, offset: int, limit: int) -> dict[str, Any]:
    """`{"columns", "rows", "total_rows"}` for rows offset..offset+limit of a Parquet file."""
    total = pq.ParquetFile(path).metadata.num_rows
    src = "read_parquet('" + str(path).replace("'", "''") + "')"
    with duckdb.connect() as conn:
        cursor = conn.execute(f"SELECT * FROM {src} LIMIT ? OFFSET ?", [limit, offset])
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
    return {"columns": columns, "rows": json_rows(rows), "total_rows": total}
