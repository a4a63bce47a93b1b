"""Live `sql` sources: SQL that runs inside the source database, never copied.

A live table is a source database's query (`LiveSource`). Every question about it is
written once as DuckDB SQL over a table named after it; SQLGlot (pinned) compiles that
SQL to the source's dialect, the table reference becoming the source's own query as a
subquery, so the same statement runs on DuckDB, PostgreSQL and SQLite. Read-only is the
database's doing: PostgreSQL runs a READ ONLY transaction on a session whose default is
read-only, with `statement_timeout`; SQLite opens the file `mode=ro` with no ATTACH and
a progress handler that stops the statement at the time limit. SQLite lacks a few
aggregates that DuckDB and PostgreSQL have (stddev, corr, median): they are added to the
connection as functions, computed inside the SQLite process.
"""

from __future__ import annotations

import atexit
import logging
import math
import re
import sqlite3
import statistics
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd
import pyarrow as pa
import sqlglot
from sqlalchemy.engine import make_url
from sqlglot import exp

from datapulse.errors import BadRequest, QueryTimeout, StatementNotAllowed, Unprocessable
from datapulse.runtime import os_lock

log = logging.getLogger(__name__)
# SQLAlchemy backend → SQLGlot dialect
DIALECTS = {"postgresql": "postgres", "sqlite": "sqlite"}
ENGINE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
PLANNING_ROWS = 50_000  # a live table this small is read whole for the planner's vocabulary
DISTINCT_CAP = 500  # = the planner's MAX_VALUES: more distinct values are not scanned
NUMERIC_CAP = 50  # whole-number columns with at most this many values can group
PLANNING_TTL_S = 300.0


class SourceQueryFailed(Unprocessable):
    """The source database refused or could not answer (gone, no such table, bad SQL)."""

    code = "source_query_failed"


@dataclass(frozen=True)
class LiveSource:
    """A `sql` source in live mode: its SQLAlchemy `url`, its `query` (in the source's own
    dialect) and the statement time limit in seconds."""

    url: str
    query: str
    timeout_s: float = 30.0

    @property
    def backend(self) -> str:
        return make_url(self.url).get_backend_name()

    @property
    def dialect(self) -> str:
        return DIALECTS[self.backend]

    @property
    def engine_name(self) -> str:
        return ENGINE_NAMES.get(self.backend, self.backend)


def ident(name: str) -> str:
    """A quoted identifier (DuckDB and the targets quote alike)."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: Any) -> str:
    """A SQL literal for a filter value (strings escaped by SQLGlot)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(exp.convert(value).sql("duckdb"))


# Compiling ---------------------------------------------------------------------------------
def tables_read(sql: str) -> set[str]:
    """The names of the tables a (DuckDB) statement reads, its own CTEs left out."""
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except sqlglot.errors.ParseError:
        return set()
    ctes = {c.alias for c in tree.find_all(exp.CTE)}
    return {t.name for t in tree.find_all(exp.Table) if t.name not in ctes and not t.args.get("db")}


def compile_sql(sql: str, tables: Mapping[str, LiveSource]) -> tuple[str, LiveSource]:
    """`sql` (DuckDB dialect) in the dialect of the live tables it reads, each table
    replaced by its source's query. All of them must live in one database."""
    try:
        trees = [t for t in sqlglot.parse(sql, read="duckdb") if t is not None]
    except sqlglot.errors.ParseError as exc:
        raise BadRequest(f"Cannot read the query: {str(exc).splitlines()[0]}", code="query_error") from exc
    if len(trees) != 1:
        raise StatementNotAllowed("Send one statement at a time.", details={"statements": len(trees)})
    tree = trees[0]
    used = {t.name for t in tree.find_all(exp.Table) if t.name in tables}
    sources = {tables[n] for n in used}
    if not sources:
        raise BadRequest("The query reads no live table.", code="query_error")
    if len({(s.url) for s in sources}) > 1:
        raise BadRequest(
            "A query may read live tables of one database only.", code="query_error", details={"tables": sorted(used)}
        )
    source = next(iter(sources))
    for table in list(tree.find_all(exp.Table)):
        if table.name not in tables or table.args.get("db"):
            continue
        inner = _parsed_query(tables[table.name])
        alias = table.alias or table.name
        table.replace(exp.Subquery(this=inner.copy(), alias=exp.TableAlias(this=exp.to_identifier(alias))))
    try:
        return tree.sql(dialect=source.dialect), source
    except sqlglot.errors.UnsupportedError as exc:
        raise LiveUnsupported(f"{source.engine_name} cannot run this query: {exc}") from exc


class LiveUnsupported(BadRequest):
    """What a live source cannot compute (a tool that needs every row, a function the
    engine lacks), said plainly with the engine's name."""

    code = "live_unsupported"


_PARSED: dict[tuple[str, str], Any] = {}


def _parsed_query(source: LiveSource) -> Any:
    key = (source.dialect, source.query)
    if key not in _PARSED:
        text = source.query.strip().rstrip(";")
        try:
            statements = [t for t in sqlglot.parse(text, read=source.dialect) if t is not None]
        except sqlglot.errors.ParseError as exc:
            raise SourceQueryFailed(f"Cannot read the source's query: {str(exc).splitlines()[0]}") from exc
        if len(statements) != 1 or not isinstance(statements[0], exp.Query):
            raise SourceQueryFailed("The source's query must be one SELECT statement.")
        _PARSED[key] = statements[0]
    return _PARSED[key]


# Running -----------------------------------------------------------------------------------
def run(source: LiveSource, sql: str, limit: int | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(columns, rows) of `sql`, already in the source's dialect, inside the source."""
    with _connection(source) as conn:
        return conn(sql, limit)


def frame(source: LiveSource, duckdb_sql: str, table: str = "src") -> pd.DataFrame:
    """The result of `duckdb_sql` over the live table called `table`, as a frame
    (decimals as floats, as a Parquet copy would give them)."""
    target, _ = compile_sql(duckdb_sql, {table: source})
    names, rows = run(source, target)
    return pd.DataFrame([tuple(_plain(v) for v in r) for r in rows], columns=names)  # names may repeat


def _plain(value: Any) -> Any:
    """A decimal as Python number: whole (a sum of integers) as int, else float."""
    if not isinstance(value, Decimal):
        return value
    exponent = value.as_tuple().exponent
    return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)


def page(source: LiveSource, offset: int, limit: int) -> dict[str, Any]:
    """`{"columns", "rows", "total_rows"}`: rows offset..offset+limit of the live table now
    (the rows as the database gives them)."""
    with _connection(source) as conn:
        body = compile_sql(f"SELECT * FROM src LIMIT {int(limit)} OFFSET {int(offset)}", {"src": source})[0]
        columns, rows = conn(body, None)
        ((total,),) = conn(compile_sql("SELECT count(*) FROM src", {"src": source})[0], None)[1]
    return {"columns": columns, "rows": rows, "total_rows": int(total)}


Runner = Any  # (sql, limit) -> (columns, rows)


@contextmanager
def _connection(source: LiveSource) -> Iterator[Runner]:
    if source.backend == "sqlite":
        with _sqlite(source) as runner:
            yield runner
    else:
        with _postgres(source) as runner:
            yield runner


def sqlite_file(url: str) -> Path:
    database = make_url(url).database or ""
    return Path(database).expanduser().resolve()


class _StdDev:
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: Any) -> None:
        if value is not None:
            self.values.append(float(value))

    def finalize(self) -> float | None:
        return statistics.stdev(self.values) if len(self.values) > 1 else None


class _Percentile:
    def __init__(self) -> None:
        self.values: list[float] = []
        self.q = 0.5

    def step(self, value: Any, q: Any) -> None:
        self.q = float(q)
        if value is not None:
            self.values.append(float(value))

    def finalize(self) -> float | None:
        if not self.values:
            return None
        s = sorted(self.values)
        pos = self.q * (len(s) - 1)
        low = math.floor(pos)
        high = min(low + 1, len(s) - 1)
        return s[low] + (s[high] - s[low]) * (pos - low)


class _Corr:
    def __init__(self) -> None:
        self.pairs: list[tuple[float, float]] = []

    def step(self, x: Any, y: Any) -> None:
        if x is not None and y is not None:
            self.pairs.append((float(x), float(y)))

    def finalize(self) -> float | None:
        if len(self.pairs) < 2:
            return None
        try:
            return statistics.correlation([p[0] for p in self.pairs], [p[1] for p in self.pairs])
        except statistics.StatisticsError:  # a constant column
            return None


@contextmanager
def _sqlite(source: LiveSource) -> Iterator[Runner]:
    path = sqlite_file(source.url)
    if not path.is_file():
        raise SourceQueryFailed(f"The SQLite file {path.name} does not exist.", details={"path": str(path)})
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=min(source.timeout_s, 30))
    deadline = time.monotonic() + source.timeout_s
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    conn.create_aggregate("stddev_samp", 1, _StdDev)  # type: ignore[arg-type]
    conn.create_aggregate("percentile_cont", 2, _Percentile)  # type: ignore[arg-type]
    conn.create_aggregate("corr", 2, _Corr)  # type: ignore[arg-type]

    def execute(sql: str, limit: int | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        try:
            cursor = conn.execute(sql)
            names = [d[0] for d in cursor.description or []]
            rows = cursor.fetchmany(limit) if limit is not None else cursor.fetchall()
            return names, [tuple(r) for r in rows]
        except sqlite3.Error as exc:
            if time.monotonic() > deadline or "interrupted" in str(exc):
                raise _timeout(source) from exc
            if "readonly" in str(exc).replace(" ", "").lower():
                raise StatementNotAllowed(
                    "The source database refused a write: live sources are read-only.",
                    details={"reason": str(exc)},
                ) from exc
            raise SourceQueryFailed(f"The source database failed: {exc}.") from exc

    try:
        yield execute
    finally:
        conn.close()


def _timeout(source: LiveSource) -> QueryTimeout:
    return QueryTimeout(
        f"The query ran longer than {source.timeout_s:g} s in the source database and was stopped.",
        details={"timeout_s": source.timeout_s, "engine": source.engine_name},
    )


# Open read-only sessions kept for the next statement, per (server, time limit): a new
# PostgreSQL session costs about as much as a small aggregate. One that failed is closed.
_IDLE: dict[tuple[str, int], list[tuple[float, Any]]] = {}
_IDLE_LOCK = os_lock()  # native threads (runs, SQL lanes) contend on it (runtime.os_lock)
IDLE_MAX = 4
IDLE_S = 60.0


def _take(key: tuple[str, int]) -> Any | None:
    now = time.monotonic()
    with _IDLE_LOCK:
        idle = _IDLE.get(key, [])
        while idle:
            since, conn = idle.pop()
            if now - since < IDLE_S and not conn.closed:
                return conn
            conn.close()
    return None


def _give_back(key: tuple[str, int], conn: Any) -> None:
    with _IDLE_LOCK:
        idle = _IDLE.setdefault(key, [])
        if len(idle) < IDLE_MAX:
            idle.append((time.monotonic(), conn))
            return
    conn.close()


def close_idle() -> None:
    """Close every kept session (at exit: the server sees a clean goodbye)."""
    with _IDLE_LOCK:
        conns = [c for idle in _IDLE.values() for _, c in idle]
        _IDLE.clear()
    for conn in conns:
        conn.close()


atexit.register(close_idle)


@contextmanager
def _postgres(source: LiveSource) -> Iterator[Runner]:
    import psycopg
    from psycopg import errors as pg_errors

    url = make_url(source.url)
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    ms = max(1, int(source.timeout_s * 1000))
    key = (conninfo, ms)
    conn = _take(key)
    if conn is None:
        try:
            conn = psycopg.connect(
                conninfo,
                connect_timeout=max(1, math.ceil(min(source.timeout_s, 30))),
                options=f"-c default_transaction_read_only=on -c statement_timeout={ms}",
                autocommit=False,
            )
        except psycopg.Error as exc:
            # One message for every failure to connect: which ports of a host are open stays untold.
            log.info("live source connection failed: %s", _first_line(exc))
            raise SourceQueryFailed("Cannot connect to the source database.") from exc
        conn.read_only = True
    healthy = True

    def execute(sql: str, limit: int | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        nonlocal healthy
        try:
            cursor = conn.execute(sql.encode(), prepare=True)  # extended protocol: exactly one statement
            names = [d.name for d in cursor.description or []]
            rows = cursor.fetchmany(limit) if limit is not None else cursor.fetchall()
            return names, [tuple(r) for r in rows]
        except psycopg.Error as exc:
            healthy = False
            if isinstance(exc, pg_errors.QueryCanceled):
                raise _timeout(source) from exc
            if isinstance(exc, pg_errors.ReadOnlySqlTransaction | pg_errors.InsufficientPrivilege):
                raise StatementNotAllowed(
                    "The source database refused: live sources are read-only.", details={"reason": _first_line(exc)}
                ) from exc
            raise SourceQueryFailed(f"The source database failed: {_first_line(exc)}") from exc

    try:
        yield execute
    finally:
        try:
            conn.rollback()
        except psycopg.Error:
            healthy = False
        if healthy:
            _give_back(key, conn)
        else:
            conn.close()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


# The planner's view of a live table ----------------------------------------------------------
_PLANNING: dict[LiveSource, tuple[float, pd.DataFrame]] = {}
_PLANNING_LOCK = os_lock()  # native run threads contend on it (runtime.os_lock)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$")


def planning_frame(source: LiveSource, now: float | None = None) -> pd.DataFrame:
    """A frame with the live table's columns and types, for the planner's vocabulary only
    (tools never compute on it): the whole table when it is small, else each column's
    distinct values (up to what the planner scans), its range and its years, padded with
    one empty row so that no column looks unique. Kept PLANNING_TTL_S: answers are
    computed live, the vocabulary may lag by that much."""
    clock = time.monotonic() if now is None else now
    with _PLANNING_LOCK:
        hit = _PLANNING.get(source)
        if hit is not None and clock - hit[0] < PLANNING_TTL_S:
            return hit[1]
    built = _build_planning_frame(source)
    with _PLANNING_LOCK:
        _PLANNING[source] = (clock, built)
    return built


def _typed(names: Sequence[str], rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """Rows typed as the copy mode types them (Arrow), ISO-date text read as dates."""
    arrays = {}
    for i, name in enumerate(names):
        values = [_plain(r[i]) for r in rows]
        try:
            arrays[name] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            arrays[name] = pa.array([None if v is None else str(v) for v in values], type=pa.string())
    out = pa.table(arrays).to_pandas() if arrays else pd.DataFrame()
    for col in out.columns:
        series = out[col]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            sample = series.dropna().astype(str).head(20)
            if len(sample) and all(_ISO_DATE.match(s) for s in sample):
                parsed = pd.to_datetime(series, errors="coerce", utc=True, format="ISO8601")
                if parsed.notna().sum() == series.notna().sum():
                    out[col] = parsed.dt.tz_localize(None)
        elif isinstance(series.dtype, pd.DatetimeTZDtype):
            out[col] = series.dt.tz_convert("UTC").dt.tz_localize(None)
    return out


def _build_planning_frame(source: LiveSource) -> pd.DataFrame:
    """Few scans: the first PLANNING_ROWS + 1 rows, one pass for every range, and a
    DISTINCT (capped) only for the columns that look categorical in those first rows: a
    column with more values there than the planner scans has more in the table too."""
    src = "src"
    names, rows = run(source, compile_sql(f"SELECT * FROM {src} LIMIT {PLANNING_ROWS + 1}", {src: source})[0])
    if len(rows) <= PLANNING_ROWS:
        return _typed(names, rows)
    head = _typed(names, rows)
    del rows
    numeric = {str(c) for c in head.columns if _is_number(head[c])}
    dates = {str(c) for c in head.columns if pd.api.types.is_datetime64_any_dtype(head[c])}
    ranged = [str(c) for c in head.columns if str(c) in numeric | dates]
    bounds: dict[str, tuple[Any, Any]] = {}
    if ranged:
        parts = ", ".join(f"min({ident(c)}), max({ident(c)})" for c in ranged)
        _, got = run(source, compile_sql(f"SELECT {parts} FROM {src}", {src: source})[0])
        bounds = {c: (got[0][2 * i], got[0][2 * i + 1]) for i, c in enumerate(ranged)}
    columns: dict[str, list[Any]] = {}
    for name in map(str, head.columns):
        seen = head[name].dropna()
        if name in dates:
            low, high = (pd.Timestamp(v) for v in bounds[name])
            years = [pd.Timestamp(year=y, month=1, day=1) for y in range(low.year + 1, high.year + 1)]
            columns[name] = [low, *years, high] if pd.notna(low) else []
            continue
        cap = NUMERIC_CAP + 1 if name in numeric else DISTINCT_CAP + 1
        distinct = seen.unique()
        if len(distinct) >= cap:
            values = pd.Series(distinct[:cap]).tolist()
        else:
            col = ident(name)
            sql = f"SELECT DISTINCT {col} FROM {src} WHERE {col} IS NOT NULL LIMIT {cap}"
            values = [r[0] for r in run(source, compile_sql(sql, {src: source})[0], cap)[1]]
        columns[name] = values + ([v for v in bounds[name] if v is not None] if name in numeric else [])
    length = max((len(v) for v in columns.values()), default=0) + 1
    padded = {n: v + [None] * (length - len(v)) for n, v in columns.items()}
    built = _typed(list(padded), list(zip(*padded.values(), strict=True)))
    for name in head.columns:  # keep the first rows' types where the digest lost them
        if name in built and built[name].dtype != head[name].dtype and built[name].notna().any():
            try:
                built[name] = built[name].astype(head[name].dtype)
            except (TypeError, ValueError):
                pass
    return built


def _is_number(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
