"""Profiling any SQL relation (a stored upload, a Parquet copy, a data source version)
in one DuckDB aggregate pass (measured against pandas in bench/bench_upload.py: DuckDB
won, see the report there)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from datapulse.data.values import json_safe

SAMPLES = 5
SAMPLE_ROWS = 1000  # the head the samples (and the column types) are read from
# Above this many rows `unique` is counted with HyperLogLog (a few % error, constant
# memory) instead of an exact hash of every value; the column says which.
EXACT_UNIQUE_ROWS = 2_000_000

# Distributions (issue 12): equal-width bins for numbers, the most frequent values for text,
# for the first DISTRIBUTION_COLUMNS columns, in one more aggregate pass (bounded memory:
# the candidates come from approx_top_k in the first pass, then are counted exactly).
HISTOGRAM_BINS = 20
TOP_VALUES = 8
DISTRIBUTION_COLUMNS = 64
_TEXT = ("VARCHAR", "BOOLEAN")

_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "U")
_ORDERED = ("DATE", "TIME", "TIMESTAMP")


def _is_numeric(dtype: str) -> bool:
    return dtype.startswith(_NUMERIC) and not dtype.startswith(("UNION", "UUID")) and not _is_nested(dtype)


def _is_nested(dtype: str) -> bool:
    return dtype.endswith("]") or dtype.startswith(("STRUCT", "MAP", "UNION"))


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def connect(threads: int | None = None, memory_limit: str = "1GB") -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB with bounded memory and no progress bar on stdout."""
    conn = duckdb.connect(config={"threads": threads or max(1, os.cpu_count() or 1)})
    conn.execute(f"SET memory_limit = '{memory_limit}'")
    conn.execute("SET enable_progress_bar = false")
    return conn


def profile_parquet(path: Path) -> dict[str, Any]:
    """The profile (see `profile_relation`) of the Parquet file at `path`."""
    with connect() as conn:
        return profile_relation(conn, "read_parquet('" + str(path).replace("'", "''") + "')", count_first=True)


def profile_relation(conn: duckdb.DuckDBPyConnection, src: str, count_first: bool = False) -> dict[str, Any]:
    """`{"rows", "columns", "schema": {"columns": [...]}}` for the SQL relation `src`
    (a table function such as `read_csv(...)`), in one aggregate pass over the data.

    Each column: name, dtype, nulls, unique (+ unique_approx), min/max/mean for numbers
    (min/max also for dates and times), and a few sample values. `count_first` is for
    sources that know their row count for free (Parquet): `unique` is then counted
    exactly or approximately in that one pass; otherwise the pass counts approximately
    and a second pass makes `unique` exact when the rows turn out to be few enough.
    Raises duckdb.Error when `src` cannot be read (the caller may try other options).
    """
    # The first rows give the column types and the samples: one read of the source's
    # head (for a CSV, one sniff) instead of a DESCRIBE and a second LIMIT query.
    cursor = conn.execute(f"SELECT * FROM {src} LIMIT {SAMPLE_ROWS}")
    described = [(column[0], str(column[1])) for column in cursor.description or ()]
    head = cursor.fetchall()
    rows: int | None = None
    if count_first:
        rows = int(conn.execute(f"SELECT count(*) FROM {src}").fetchone()[0])  # type: ignore[index]
    exact = rows is not None and rows <= EXACT_UNIQUE_ROWS
    exprs: list[str] = ["count(*)"]
    plan: list[tuple[str, str, list[str]]] = []
    distinct: list[str] = []
    for index, (name, dtype, *_) in enumerate(described):
        col = _ident(name)
        stats = ["nulls"]
        exprs.append(f"count(*) - count({col})")
        if not _is_nested(dtype):
            stats.append("unique")
            distinct.append(col)
            exprs.append(f"count(DISTINCT {col})" if exact else f"approx_count_distinct({col})")
        if _is_numeric(dtype):
            stats += ["min", "max", "mean"]
            exprs += [f"min({col})", f"max({col})", f"avg({col}::DOUBLE)"]
        elif dtype.startswith(_ORDERED) and not _is_nested(dtype):
            stats += ["min", "max"]
            exprs += [f"min({col})", f"max({col})"]
        if index < DISTRIBUTION_COLUMNS and dtype in _TEXT:
            stats.append("top_candidates")
            exprs.append(f"approx_top_k({col}, {TOP_VALUES})")
        plan.append((name, dtype, stats))
    first = conn.execute(f"SELECT {', '.join(exprs)} FROM {src}").fetchone()
    assert first is not None
    rows, values = int(first[0]), list(first[1:])
    if not count_first and rows <= EXACT_UNIQUE_ROWS and distinct:
        exact = True
        counts = iter(
            conn.execute(f"SELECT {', '.join(f'count(DISTINCT {c})' for c in distinct)} FROM {src}").fetchone() or ()
        )
        values = _replace_unique(plan, values, counts)
    samples = _samples(head, [name for name, *_ in described])
    columns = []
    it = iter(values)
    for name, dtype, stats in plan:
        column: dict[str, Any] = {"name": name, "dtype": dtype}
        for stat in stats:
            column[stat] = json_safe(next(it))
        if "unique" in column:
            column["unique_approx"] = not exact
        column["samples"] = samples.get(name, [])
        columns.append(column)
    _distributions(conn, src, columns, rows)
    return {"rows": rows, "columns": len(columns), "schema": {"columns": columns}}


def _distributions(conn: duckdb.DuckDBPyConnection, src: str, columns: list[dict[str, Any]], rows: int) -> None:
    """Add `histogram` (numbers: `[{"from", "to", "count"}]`, equal-width bins between min
    and max) and `top_values` (text: `[{"value", "count"}]`, most frequent first) to the
    first DISTRIBUTION_COLUMNS columns, counted exactly in one aggregate pass."""
    exprs: list[str] = []
    params: list[Any] = []
    jobs: list[tuple[dict[str, Any], str, Any]] = []
    for column in columns[:DISTRIBUTION_COLUMNS]:
        col = _ident(column["name"])
        candidates = column.pop("top_candidates", None)
        if _is_numeric(column["dtype"]):
            low, high = column.get("min"), column.get("max")
            if not isinstance(low, int | float) or not isinstance(high, int | float):
                continue
            if high <= low:  # one value (or none): one bin
                column["histogram"] = [{"from": low, "to": high, "count": rows - int(column.get("nulls") or 0)}]
                continue
            # whole numbers over a short range: one bin per value, not empty bins between them
            integral = isinstance(low, int) and isinstance(high, int)
            span = float(high - low + 1) if integral else float(high) - float(low)
            bins = int(min(HISTOGRAM_BINS, span)) if integral else HISTOGRAM_BINS
            width = span / bins
            bin_of = f"least(floor(({col}::DOUBLE - ?) / ?), {bins - 1})::INTEGER"
            exprs.append(f"histogram({bin_of}) FILTER (WHERE {col} IS NOT NULL)")
            params += [float(low), width]
            jobs.append((column, "histogram", (float(low), width, bins)))
        elif candidates:
            values = [v for v in candidates if v is not None]
            for value in values:
                exprs.append(f"count(*) FILTER (WHERE {col} = ?)")
                params.append(value)
            jobs.append((column, "top_values", values))
    if not exprs:
        return
    result = iter(conn.execute(f"SELECT {', '.join(exprs)} FROM {src}", params).fetchone() or ())
    for column, kind, spec in jobs:
        if kind == "histogram":
            low, width, bins = spec
            counts = next(result) or {}
            column["histogram"] = [
                {"from": _edge(low + i * width), "to": _edge(low + (i + 1) * width), "count": int(counts.get(i, 0))}
                for i in range(bins)
            ]
        else:
            counted = [{"value": json_safe(v), "count": int(next(result))} for v in spec]
            column["top_values"] = sorted((c for c in counted if c["count"]), key=lambda c: -c["count"])


def _edge(value: float) -> float:
    """A bin edge without float noise (0.8999999999999999 → 0.9)."""
    return float(f"{value:.12g}")


def _replace_unique(plan: list[tuple[str, str, list[str]]], values: list[Any], exact: Iterator[Any]) -> list[Any]:
    """`values` (in plan order) with each approximate `unique` replaced by its exact count."""
    out, it = [], iter(values)
    for _name, _dtype, stats in plan:
        for stat in stats:
            value = next(it)
            out.append(next(exact) if stat == "unique" else value)
    return out


def _samples(head: list[tuple[Any, ...]], names: list[str]) -> dict[str, list[Any]]:
    """Up to SAMPLES distinct non-null values per column, from the first SAMPLE_ROWS rows."""
    if not names:
        return {}
    out: dict[str, list[Any]] = {name: [] for name in names}
    seen: dict[str, set[str]] = {name: set() for name in names}
    for row in head:
        for name, value in zip(names, row, strict=False):
            if value is None or len(out[name]) >= SAMPLES:
                continue
            safe = json_safe(value)
            key = repr(safe)
            if safe is not None and key not in seen[name]:
                seen[name].add(key)
                out[name].append(safe)
    return out
