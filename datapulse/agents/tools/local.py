"""Copy-mode tables answered by DuckDB: the hot tools' steps as one SQL statement.

A loaded table (see `base.load_frame`) is also read by DuckDB (its Parquet file, or a copy
in DuckDB), on all cores, without the GIL. A tool with a live form (`tools.live`) runs that
same SQL over it, so there is one SQL form of each step, for live and copy-mode tables
alike; pandas keeps the steps whose SQL answer could differ from its own (see
`runs_in_duckdb`): the answers stay the ones the question bank checks.
"""

from __future__ import annotations

import itertools
import os
import re
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyarrow.types as pat

from datapulse.data.interrupt import interruptible
from datapulse.data.relation import quote
from datapulse.runtime import os_lock
from datapulse.sqlsource.live import ident

SRC = "src"
ROW = "__datapulse_row__"  # the frame's row order: ties and row lists come out in it, as in pandas
# The tools that run here; the others (schema, duplicates, outliers ...) stay in pandas.
TOOLS = frozenset(
    {
        "group_aggregate",
        "share",
        "percent_rows",
        "trend",
        "count_rows",
        "distinct_values",
        "top_n",
        "filter",
        "correlation",
        "compare_groups",
    }
)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$")
_NAMES = itertools.count()
_DB: tuple[int, duckdb.DuckDBPyConnection] | None = None
_DB_LOCK = os_lock()  # native run threads contend on it (runtime.os_lock)


def _cursor() -> duckdb.DuckDBPyConnection:
    """A cursor on this process's database (a cursor costs less than a connection). The
    database is opened on first use in each process: one opened before a fork (the
    server's warm master imports this module) has no threads in the child and hangs."""
    global _DB
    db = _DB
    if db is None or db[0] != os.getpid():
        with _DB_LOCK:
            if _DB is None or _DB[0] != os.getpid():
                conn = duckdb.connect()
                conn.execute("SET enable_progress_bar = false")
                _DB = (os.getpid(), conn)
            db = _DB
    return db[1].cursor()


@dataclass(frozen=True, eq=False)
class LocalSource:
    """A loaded table as DuckDB sees it: `frame` gives the column types (as `planning_frame`
    does for a live table), `kinds` their SQL kinds, `rows` the SQL relation of the rows
    (the frame's, in its order, with ROW): its Parquet file, or a copy in DuckDB's memory."""

    frame: pd.DataFrame
    rows: str
    kinds: dict[str, str | None]
    backend = "duckdb"
    engine_name = "DuckDB"

    def query(self, sql: str) -> pd.DataFrame:
        """The result of `sql` over the table named `src`; whole decimals (a sum of
        integers) as int64 and other decimals as floats, as pandas would give them."""
        cur = _cursor()
        try:
            with interruptible(cur):
                got = cur.sql(f"WITH {SRC} AS NOT MATERIALIZED ({self.rows}) {sql}").to_arrow_table()
        finally:
            cur.close()
        columns = []
        for col in got.columns:
            if pat.is_decimal(col.type):
                col = col.cast(pa.int64()) if col.type.scale == 0 else col.cast(pa.float64())
            columns.append(col)
        return pa.table(columns, names=got.column_names).to_pandas()


def _kind(t: pa.DataType) -> str | None:
    """The column kinds whose SQL semantics match pandas'; None for the others."""
    if pat.is_boolean(t):
        return "bool"
    if pat.is_integer(t) or pat.is_floating(t):
        return "number"
    if pat.is_string(t) or pat.is_large_string(t):
        return "text"
    if pat.is_timestamp(t) and t.tz is None:
        return "time"
    if pat.is_date32(t):
        return "date"
    return None


def _same(a: pa.DataType, b: pa.DataType) -> bool:
    """Whether a Parquet column and the loaded frame's agree on what SQL computes: the
    same kind, and an integer stays an integer (pandas reads one with gaps as floats)."""
    return _kind(a) == _kind(b) and pat.is_integer(a) == pat.is_integer(b)


def to_local(frame: pd.DataFrame, parquet: Path | None = None) -> LocalSource | None:
    """The frame as DuckDB reads it, or None when a column is of a kind whose SQL answer
    could differ from pandas' (categories, zoned times, mixed objects ...).

    DuckDB reads the Parquet file the frame was loaded from when the two agree (see
    `_parquet_agrees`): its dictionary-encoded text groups about twice as fast as a
    copy. Otherwise the frame is copied into DuckDB (NaN as null, as pandas counts it)."""
    if not frame.columns.is_unique or ROW in frame.columns or not all(isinstance(c, str) for c in frame.columns):
        return None
    if len({str(c).lower() for c in frame.columns}) < len(frame.columns):
        return None  # `ID` and `id`: one name to DuckDB, whose identifiers ignore case
    try:
        schema = pa.Schema.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    kinds = {f.name: _kind(f.type) for f in schema}
    if any(k is None for k in kinds.values()):
        return None
    if parquet is not None and _parquet_agrees(frame, schema, parquet):
        listed = ", ".join(ident(str(c)) for c in frame.columns)
        read = f"read_parquet({quote(parquet)}, file_row_number = true)"
        return LocalSource(frame, f"SELECT {listed}, file_row_number AS {ident(ROW)} FROM {read}", kinds)
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    table = table.append_column(ROW, pa.array(np.arange(table.num_rows, dtype=np.int64)))
    name = f"t{next(_NAMES)}"
    cur = _cursor()
    try:
        cur.register("arrow_rows", table)
        cur.execute(f'CREATE TABLE "{name}" AS SELECT * FROM arrow_rows')
    finally:
        cur.close()
    source = LocalSource(frame, f'SELECT * FROM "{name}"', kinds)
    weakref.finalize(source, _drop, name)  # the copy goes with the frame's last user
    return source


def _parquet_agrees(frame: pd.DataFrame, schema: pa.Schema, path: Path) -> bool:
    """Whether the Parquet file holds the frame's values as SQL sees them: the same
    columns of the same kinds (no text that the loader read as dates), and no NaN among
    the floats (pandas counts NaN as missing, SQL as a value): each float column's nulls
    per the file's statistics are all the frame's missing values."""
    try:
        meta = pq.ParquetFile(path).metadata
        stored = meta.schema.to_arrow_schema()
    except (OSError, pa.ArrowException):
        return False
    if stored.names != schema.names or "file_row_number" in stored.names:
        return False
    if not all(_same(a.type, b.type) for a, b in zip(stored, schema, strict=True)):
        return False
    for i, field in enumerate(stored):
        if pat.is_floating(field.type):
            nulls = 0
            for g in range(meta.num_row_groups):
                stats = meta.row_group(g).column(i).statistics
                if stats is None or not stats.has_null_count:
                    return False
                nulls += stats.null_count
            if nulls != int(frame[field.name].isna().sum()):
                return False
    return True


def _drop(name: str) -> None:
    cur = _cursor()
    try:
        cur.execute(f'DROP TABLE IF EXISTS "{name}"')
    finally:
        cur.close()


def _value_fits(kind: str | None, value: Any) -> bool:
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "text":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "time":
        return isinstance(value, str) and bool(_ISO.match(value))
    return False


def _filter_fits(kinds: dict[str, str | None], f: dict[str, Any]) -> bool:
    """Whether DuckDB's answer to the filter is pandas' own: values of the column's kind
    (pandas compares a number with text as unequal, SQL casts one to the other)."""
    column, op, value = f.get("column"), f.get("op"), f.get("value")
    if column not in kinds:
        return True  # the tool's own check names the missing column
    kind = kinds[column]
    if op in ("notnull", "isnull"):
        return True
    if op in ("year", "month", "months"):
        return kind != "date"  # pandas: a date-typed object column is "not a date"
    if isinstance(op, str) and op.endswith("_col"):
        return isinstance(value, str) and kinds.get(value) == kind and kind in ("number", "text", "time")
    if op == "has_item":
        return False  # pandas splits the cells at any spaces around the separators; SQL at one or two
    if op in ("contains", "startswith", "endswith"):
        return kind == "text" and isinstance(value, str) and value.isascii() and not f.get("case")
    if op in ("in", "not_in"):
        values = value if isinstance(value, list) else [value]
        return kind in ("number", "text", "bool") and all(_value_fits(kind, v) for v in values)
    if op == "between":
        return isinstance(value, list) and len(value) == 2 and all(_value_fits(kind, v) for v in value)
    return _value_fits(kind, value)


def runs_in_duckdb(source: LocalSource, tool: str, args: dict[str, Any]) -> bool:
    """Whether `tool` with `args` gives the same answer in DuckDB as in pandas."""
    if tool not in TOOLS:
        return False
    kinds = source.kinds
    filters = [*(args.get("filters") or []), *(args.get("where") or [] if tool == "percent_rows" else [])]
    if not all(isinstance(f, dict) and _filter_fits(kinds, f) for f in filters):
        return False
    if tool == "correlation" and args.get("method", "pearson") != "pearson":
        return False
    if tool == "compare_groups":  # its groups are SQL literals
        kind = kinds.get(args.get("group_column", ""), "text")
        return kind in ("number", "text", "bool") and all(_value_fits(kind, g) for g in args.get("groups") or [])
    return True
