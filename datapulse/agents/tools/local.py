"""Copy-mode tables answered by DuckDB: the hot tools' steps as one SQL statement.

A loaded table (see `base.load_frame`) is also kept as an Arrow table, which DuckDB scans
in place, on all cores, without the GIL. A tool with a live form (`tools.live`) runs that
same SQL over it, so there is one SQL form of each step, for live and copy-mode tables
alike; pandas keeps the steps whose SQL answer could differ from its own (see
`runs_in_duckdb`): the answers stay the ones the question bank checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.types as pat

from datapulse.data.interrupt import interruptible

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
# One database for the worker: each query opens a cursor on it (cheaper than a connection).
_DB = duckdb.connect()
_DB.execute("SET enable_progress_bar = false")


@dataclass(frozen=True, eq=False)
class LocalSource:
    """A loaded table as DuckDB sees it: `frame` gives the column types (as `planning_frame`
    does for a live table), `table` the rows (the frame's, in its order, plus ROW)."""

    frame: pd.DataFrame
    table: pa.Table
    backend = "duckdb"
    engine_name = "DuckDB"

    def query(self, sql: str) -> pd.DataFrame:
        """The result of `sql` over the table named `src`; whole decimals (a sum of
        integers) as int64 and other decimals as floats, as pandas would give them."""
        cur = _DB.cursor()
        try:
            cur.register(SRC, self.table)
            with interruptible(cur):
                got = cur.sql(sql).to_arrow_table()
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


def to_local(frame: pd.DataFrame) -> LocalSource | None:
    """The frame as Arrow (NaN as null, as pandas counts it), or None when a column is of
    a kind whose SQL answer could differ from pandas' (categories, mixed objects ...)."""
    if not frame.columns.is_unique or ROW in frame.columns or not all(isinstance(c, str) for c in frame.columns):
        return None
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    if any(_kind(f.type) is None for f in table.schema):
        return None
    table = table.append_column(ROW, pa.array(np.arange(table.num_rows, dtype=np.int64)))
    return LocalSource(frame, table)


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
    if op == "contains":
        return kind == "text" and isinstance(value, str) and value.isascii()
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
    kinds = {f.name: _kind(f.type) for f in source.table.schema}
    filters = [*(args.get("filters") or []), *(args.get("where") or [] if tool == "percent_rows" else [])]
    if not all(isinstance(f, dict) and _filter_fits(kinds, f) for f in filters):
        return False
    if tool == "correlation" and args.get("method", "pearson") != "pearson":
        return False
    if tool == "compare_groups":  # its groups are SQL literals
        kind = kinds.get(args.get("group_column", ""), "text")
        return kind in ("number", "text", "bool") and all(_value_fits(kind, g) for g in args.get("groups") or [])
    return True
