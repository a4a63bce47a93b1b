"""How to read one table as SQL: a Parquet file, or a stored upload read with exactly the
options its profile used.

A large upload is `ready` as soon as one DuckDB pass has profiled its stored source; its
Parquet copy is written afterwards. Until the copy exists every reader (SQL, previews,
the agents, file data sources) reads the source through the same `Relation`, so the
column types never change when the copy lands. The options are stored with the file
(`schema["read"]`, see `options()`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PARQUET, CSV, JSON, JSONL, XLSX = "parquet", "csv", "json", "jsonl", "xlsx"
# An accepted file type -> the reader of its stored bytes.
FORMAT_OF = {
    "csv": CSV,
    "tsv": CSV,
    "txt": CSV,
    "json": JSON,
    "jsonl": JSONL,
    "ndjson": JSONL,
    "parquet": PARQUET,
    "xlsx": XLSX,
}
READABLE = (PARQUET, CSV, JSON, JSONL)  # xlsx has no DuckDB reader: only its copy is read
ENCODINGS = ("utf-8", "latin-1")


def quote(path: Path) -> str:
    """`path` as a SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


@dataclass(frozen=True)
class Relation:
    """A table's data: `path` read as `format` (csv with `encoding`, `all_varchar` and a
    fixed `delimiter` or None for the sniffed one)."""

    path: Path
    format: str = PARQUET
    encoding: str = "utf-8"
    all_varchar: bool = False
    delimiter: str | None = None

    @classmethod
    def stored(cls, path: Path, read: Mapping[str, Any]) -> Relation:
        """The relation of a stored source from its recorded options; ValueError when
        they do not describe a readable source (an xlsx, or options from elsewhere)."""
        fmt = read.get("format")
        if fmt not in READABLE:
            raise ValueError(f"a stored {fmt!r} file is not readable as SQL")
        if fmt != CSV:
            return cls(Path(path), fmt)
        encoding, all_varchar, delimiter = read.get("encoding"), read.get("all_varchar"), read.get("delimiter")
        if encoding not in ENCODINGS or not isinstance(all_varchar, bool):
            raise ValueError(f"bad csv read options {dict(read)!r}")
        if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
            raise ValueError(f"bad csv delimiter {delimiter!r}")
        return cls(Path(path), CSV, encoding, all_varchar, delimiter)

    @property
    def is_parquet(self) -> bool:
        return self.format == PARQUET

    def options(self) -> dict[str, Any]:
        """The JSON kept as `schema["read"]`: enough to read the source the same way again."""
        if self.format != CSV:
            return {"format": self.format}
        return {
            "format": CSV,
            "encoding": self.encoding,
            "all_varchar": self.all_varchar,
            "delimiter": self.delimiter,
        }

    def sql(self) -> str:
        """The DuckDB table function that reads it."""
        src = quote(self.path)
        if self.format == PARQUET:
            return f"read_parquet({src})"
        if self.format == JSON:
            return f"read_json({src}, format = 'auto')"
        if self.format == JSONL:
            return f"read_json({src}, format = 'newline_delimited')"
        if self.format != CSV:
            raise ValueError(f"no SQL reader for {self.format!r}")
        opts = ["header = true", "null_padding = true", f"encoding = '{self.encoding}'"]
        if self.delimiter is not None:
            delim = "\\t" if self.delimiter == "\t" else self.delimiter.replace("'", "''")
            opts.append(f"delim = '{delim}'")
        if self.all_varchar:
            opts.append("all_varchar = true")
        return f"read_csv({src}, {', '.join(opts)})"


def as_relation(table: Relation | Path) -> Relation:
    """A bare path means a Parquet file (data source versions, the agents' test data)."""
    return table if isinstance(table, Relation) else Relation(Path(table))
