"""How many columns a file declares, read from its header alone.

Profiling a 10,000-column CSV takes DuckDB's sniffer and the profiler tens of seconds and
a gigabyte; the header says the same in a millisecond. An upload over MAX_COLUMNS is
refused by the upload request itself, before any of that work.
"""

from __future__ import annotations

from pathlib import Path

from datapulse.errors import InvalidContent

HEADER_BYTES = 8 * 1024 * 1024  # a header line longer than this is counted as far as it goes
DELIMITERS = {"csv": (b",",), "tsv": (b"\t",), "txt": (b",", b"\t", b";", b"|")}


def header_columns(path: Path, file_type: str) -> int | None:
    """Columns of a delimited file's first line (quotes respected), of a Parquet schema;
    None for types whose columns cannot be known without parsing (JSON, xlsx)."""
    if file_type == "parquet":
        import pyarrow.parquet as pq

        try:
            return len(pq.read_schema(path).names)
        except Exception:  # noqa: BLE001 - a broken file is refused by the content check
            return None
    delimiters = DELIMITERS.get(file_type)
    if delimiters is None:
        return None
    with open(path, "rb") as handle:
        line = handle.readline(HEADER_BYTES)
    outside = b"".join(line.split(b'"')[0::2])  # text between quoted fields ("" escapes too)
    return 1 + max(outside.count(d) for d in delimiters)


def check_columns(path: Path, file_type: str, max_columns: int) -> None:
    """Raise InvalidContent `too_many_columns` when the header declares more than allowed."""
    columns = header_columns(path, file_type)
    if columns is not None and columns > max_columns:
        raise InvalidContent(
            f"The file has {columns} columns; at most {max_columns} are accepted (MAX_COLUMNS).",
            code="too_many_columns",
            details={"columns": columns, "max_columns": max_columns},
        )
