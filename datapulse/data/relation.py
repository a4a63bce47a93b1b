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
DECIMALS = (".", ",")


def quote(path: Path) -> str:
    """`path` as a SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


@dataclass(frozen=True)
class Relation:
    """A table's data: `path` read as `format` (csv with `encoding`, `all_varchar`, a
    fixed `delimiter` or None for the sniffed one, the `decimal` mark of its numbers and
    whether its first line is a `header`)."""

    path: Path
    format: str = PARQUET
    encoding: str = "utf-8"
    all_varchar: bool = False
    delimiter: str | None = None
    decimal: str = "."
    header: bool = True

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
        decimal, header = read.get("decimal", "."), read.get("header", True)
        if decimal not in DECIMALS or not isinstance(header, bool):
            raise ValueError(f"bad csv read options {dict(read)!r}")
        return cls(Path(path), CSV, encoding, all_varchar, delimiter, decimal, header)

    @property
    def is_parquet(self) -> bool:
        return self.format == PARQUET

    def options(self) -> dict[str, Any]:
        """The JSON kept as `schema["read"]`: enough to read the source the same way again."""
        if self.format != CSV:
            return {"format": self.format}
        out: dict[str, Any] = {
            "format": CSV,
            "encoding": self.encoding,
            "all_varchar": self.all_varchar,
            "delimiter": self.delimiter,
        }
        if self.decimal != ".":  # the defaults stay unwritten: older records compare equal
            out["decimal"] = self.decimal
        if not self.header:
            out["header"] = False
        return out

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
        opts = [f"header = {str(self.header).lower()}", "null_padding = true", f"encoding = '{self.encoding}'"]
        if self.decimal != ".":  # a decimal comma comes with dots between thousands: 1.234,5
            opts.append(f"decimal_separator = '{self.decimal}', thousands = '.'")
        if self.delimiter is not None:
            delim = "\\t" if self.delimiter == "\t" else self.delimiter.replace("'", "''")
            opts.append(f"delim = '{delim}'")
        if self.all_varchar:
            opts.append("all_varchar = true")
        return f"read_csv({src}, {', '.join(opts)})"


def as_relation(table: Relation | Path) -> Relation:
    """A bare path means a Parquet file (data source versions, the agents' test data)."""
    return table if isinstance(table, Relation) else Relation(Path(table))


DELIMITED = ("csv", "tsv", "txt")
_APPLIES: dict[str, tuple[str, ...]] = {
    "delimiter": DELIMITED,
    "decimal": DELIMITED,
    "encoding": DELIMITED,
    "header": (*DELIMITED, "xlsx"),
    "sheet": ("xlsx",),
}
EXCEL_SHEET_NAME_MAX = 31


@dataclass(frozen=True)
class ReadChoice:
    """How a person asked for an upload to be read (issue 12: re-read with other options);
    None leaves that choice to the reader, as at upload. Kept with the file as
    `schema["options"]`, so that every later profile of it reads it the same way."""

    delimiter: str | None = None
    decimal: str | None = None
    encoding: str | None = None
    header: bool | None = None
    sheet: str | None = None

    @classmethod
    def of(cls, file_type: str, raw: Mapping[str, Any] | None) -> ReadChoice:
        """The choice `raw` makes for a file of `file_type`; Unprocessable naming the
        option when one does not fit (wrong kind of file, value or combination)."""
        from datapulse.errors import Unprocessable

        raw = {k: v for k, v in (raw or {}).items() if v is not None}
        for key in raw:
            if key not in _APPLIES:
                raise Unprocessable(f"Unknown read option '{key}'.", details={"option": key})
            if file_type not in _APPLIES[key]:
                raise Unprocessable(
                    f"The option '{key}' does not apply to a {file_type} file.",
                    code="option_not_applicable",
                    details={"option": key, "type": file_type},
                )
        choice = cls(**raw)
        bad = choice._bad_value()
        if bad is not None:
            key, why = bad
            raise Unprocessable(f"The read option '{key}' {why}.", details={"option": key, "value": raw[key]})
        return choice

    def _bad_value(self) -> tuple[str, str] | None:
        d = self.delimiter
        if d is not None and (not isinstance(d, str) or len(d) != 1 or d in '"\r\n' or d.isalnum()):
            return "delimiter", "must be one character other than a letter, digit, quote or line break"
        if self.decimal is not None and self.decimal not in DECIMALS:
            return "decimal", f"must be one of {', '.join(DECIMALS)}"
        if d is not None and d == self.decimal:
            return "decimal", "cannot be the delimiter too"
        if self.encoding is not None and self.encoding not in ENCODINGS:
            return "encoding", f"must be one of {', '.join(ENCODINGS)}"
        if self.header is not None and not isinstance(self.header, bool):
            return "header", "must be true or false"
        s = self.sheet
        if s is not None and (not isinstance(s, str) or not s.strip() or len(s) > EXCEL_SHEET_NAME_MAX):
            return "sheet", f"must be a sheet name of 1 to {EXCEL_SHEET_NAME_MAX} characters"
        return None

    def to_json(self) -> dict[str, Any]:
        """The choices made (the ones left to the reader are not written)."""
        return {k: v for k, v in vars(self).items() if v is not None}

    @classmethod
    def stored(cls, options: Mapping[str, Any] | None) -> ReadChoice:
        """The choice kept with a file (`schema["options"]`); nothing usable → none."""
        try:
            return cls(**{k: v for k, v in (options or {}).items() if k in _APPLIES})
        except TypeError:
            return cls()
