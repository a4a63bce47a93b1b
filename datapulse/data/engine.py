"""Read-only SQL over the catalog's tables, and paged previews.

Every query gets a fresh in-memory DuckDB with one view per table (its Parquet copy,
or its stored source while the copy is being written), then external access is
switched off (only the files behind those views stay readable) and the configuration
is locked, so no statement can reach other files, the network or
extensions. Only a single SELECT-type statement is accepted, judged by DuckDB's own
parser. A timer interrupts the query at the time limit.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import duckdb

from datapulse.data.interrupt import interruptible
from datapulse.data.profile import connect
from datapulse.data.relation import Relation, as_relation
from datapulse.data.values import json_rows
from datapulse.errors import BadRequest, QueryMemoryExceeded, QueryTimeout, StatementNotAllowed
from datapulse.runtime import offload
from datapulse.sqlsource import live
from datapulse.sqlsource.live import LiveSource

log = logging.getLogger(__name__)
ALLOWED = {duckdb.StatementType.SELECT}
MAX_LIMIT = 100_000


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def check_statement(sql: str) -> str:
    """The one statement in `sql` if it is read-only; raise otherwise."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise BadRequest(_message(exc), code="query_error") from exc
    if not statements:
        raise BadRequest("The query is empty.", code="query_error")
    if len(statements) > 1:
        raise StatementNotAllowed("Send one statement at a time.", details={"statements": len(statements)})
    try:
        kind = statements[0].type
    except ValueError:  # a statement type newer than the Python binding's enum (UPDATE EXTENSIONS)
        raise StatementNotAllowed(
            "Only read-only queries (SELECT, WITH, VALUES ...) are allowed.", details={"statement_type": "unknown"}
        ) from None
    if kind not in ALLOWED:
        name = getattr(kind, "name", str(kind))
        raise StatementNotAllowed(
            f"Only read-only queries (SELECT, WITH, VALUES ...) are allowed, not {name}.",
            details={"statement_type": name},
        )
    return sql


def sandbox(
    tables: Mapping[str, Relation | Path], threads: int | None = None, memory_limit: str = "1GB"
) -> duckdb.DuckDBPyConnection:
    """A connection that sees `tables` as views and nothing else outside itself (a bare
    path is a Parquet file)."""
    relations = {name: as_relation(table) for name, table in tables.items()}
    conn = connect(threads=threads, memory_limit=memory_limit)
    try:
        conn.execute("SET autoinstall_known_extensions = false")
        conn.execute("SET autoload_known_extensions = false")
        paths = sorted({str(r.path) for r in relations.values()})
        if paths:
            conn.execute("SET allowed_paths = $1", [paths])
        conn.execute("SET enable_external_access = false")
        for name, relation in relations.items():
            try:
                conn.execute(f"CREATE VIEW {_ident(name)} AS SELECT * FROM {relation.sql()}")
            except duckdb.Error as exc:  # a missing or broken copy hides one table, not all of them
                log.warning("table %s is not queryable: %s", name, _message(exc).splitlines()[0])
        conn.execute("SET lock_configuration = true")
    except BaseException:
        conn.close()
        raise
    return conn


# Runs a statement over local tables elsewhere (the SQL processes, datapulse.data.pool):
# (sql, tables, limit, timeout_s, max_bytes) -> run_query's answer.
LocalRunner = Callable[[str, Mapping[str, Relation | Path], int, float, int | None], dict[str, Any]]


def run_query(
    sql: str,
    tables: Mapping[str, Relation | Path | LiveSource],
    limit: int,
    timeout_s: float,
    max_bytes: int | None = None,
    *,
    runner: LocalRunner | None = None,
    memory_limit: str = "1GB",
) -> dict[str, Any]:
    """`{"columns", "rows", "total_rows", "truncated", "truncated_reason", "result_rows"}`;
    a query that reads live tables runs in their database (`_run_live`), the others here,
    or through `runner` when given (a child process with a memory limit: DuckDB builds a
    whole vector of rows before the first can be fetched, which no setting bounds).
    `memory_limit` is DuckDB's own, for its operators.
    `total_rows` counts rows returned; with `max_bytes`, rows stop before their JSON would
    exceed it. `result_rows` is the rows of the whole result (counted when it was cut;
    null when that count did not finish within the time-out)."""
    check_statement(sql)
    limit = max(1, min(limit, MAX_LIMIT))
    lives = {name: t for name, t in tables.items() if isinstance(t, LiveSource)}
    if lives and (reads := live.tables_read(sql)) & set(lives):
        if reads - set(lives):
            raise BadRequest(
                "A query reads live tables (in their source database) or the platform's tables, not both.",
                code="query_error",
                details={"live": sorted(reads & set(lives)), "other": sorted(reads - set(lives))},
            )
        return offload(_run_live, sql, lives, limit, max_bytes)
    files = {name: t for name, t in tables.items() if not isinstance(t, LiveSource)}
    if runner is not None:
        return runner(sql, files, limit, timeout_s, max_bytes)
    conn = offload(sandbox, files, None, memory_limit)
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        try:
            conn.interrupt()
        except duckdb.Error:  # the query finished and closed its connection meanwhile
            pass

    timer = threading.Timer(timeout_s, stop)
    timer.daemon = True
    timer.start()
    result_rows: int | None = None
    try:
        with interruptible(conn):  # a cancel of the work it runs for stops it at once
            columns, rows, over_budget = offload(_fetch, conn, sql, limit + 1, max_bytes)
            cut = over_budget or len(rows) > limit
            result_rows = offload(_count, conn, sql) if cut else len(rows)
    except duckdb.PermissionException as exc:
        raise StatementNotAllowed(
            "The query tries to reach files, the network or settings, which is not allowed.",
            details={"reason": _message(exc)},
        ) from exc
    except duckdb.OutOfMemoryException as exc:
        raise QueryMemoryExceeded(
            "The query needs more memory than it may take; select fewer or smaller values.",
            details={"reason": _message(exc).splitlines()[0]},
        ) from exc
    except duckdb.Error as exc:
        if timed_out.is_set():
            raise QueryTimeout(
                f"The query ran longer than {timeout_s:g} s and was stopped.", details={"timeout_s": timeout_s}
            ) from exc
        raise BadRequest(_message(exc), code="query_error") from exc
    finally:
        timer.cancel()
        conn.close()
    reason = "max_result_bytes" if over_budget else "limit" if len(rows) > limit else None
    rows = rows[:limit]
    out = {"columns": columns, "rows": json_rows(rows), "total_rows": len(rows), "truncated": reason is not None}
    out["truncated_reason"] = reason
    out["result_rows"] = result_rows
    if over_budget:
        out["max_result_bytes"] = max_bytes
    return out


def _run_live(sql: str, tables: Mapping[str, LiveSource], limit: int, max_bytes: int | None) -> dict[str, Any]:
    """The query compiled to the live tables' database and run there (read-only, with its
    time limit), cut at `limit` rows or `max_bytes` of JSON like any other; the whole
    result is not counted when cut (that would run it twice)."""
    body = _TRAILER.sub("", sql)
    target, source = live.compile_sql(body, tables)
    columns, rows = live.run(source, target, limit + 1)
    reason = "limit" if len(rows) > limit else None
    rows = rows[:limit]
    if max_bytes is not None:
        used = 0
        for kept, row in enumerate(rows):
            used += row_json_bytes(row)
            if used > max_bytes:
                rows, reason = rows[:kept], "max_result_bytes"
                break
    out: dict[str, Any] = {
        "columns": columns,
        "rows": json_rows(rows),
        "total_rows": len(rows),
        "truncated": reason is not None,
        "truncated_reason": reason,
        "result_rows": None if reason else len(rows),
    }
    if reason == "max_result_bytes":
        out["max_result_bytes"] = max_bytes
    return out


# what may follow the statement: semicolons, blanks and a line comment (a guess: a count
# that fails on an odd trailer is simply not given)
_TRAILER = re.compile(r"(?:\s|;|--[^\n'\"]*$)+\Z", re.MULTILINE)


def _count(conn: duckdb.DuckDBPyConnection, sql: str) -> int | None:
    """The rows of the whole result of `sql` (None if counting fails or is interrupted)."""
    body = _TRAILER.sub("", sql)
    try:
        row = conn.execute(f"SELECT count(*) FROM (\n{body}\n)").fetchone()
    except duckdb.Error:
        return None
    return int(row[0]) if row else None


def _fetch(
    conn: duckdb.DuckDBPyConnection, sql: str, count: int, max_bytes: int | None = None
) -> tuple[list[str], list[tuple[Any, ...]], bool]:
    """Up to `count` rows, fetched in batches sized from the rows seen so far, stopping
    before `max_bytes` of JSON: a huge result never exists whole in Python (DuckDB itself
    holds one vector of rows at a time). The last value says the budget stopped it."""
    cursor = conn.execute(sql)
    columns = [d[0] for d in cursor.description or []]
    if max_bytes is None:
        return columns, cursor.fetchmany(count), False
    rows: list[tuple[Any, ...]] = []
    used, batch = 0, 1
    while len(rows) < count:
        fetched = cursor.fetchmany(min(batch, count - len(rows)))
        if not fetched:
            break
        for row in fetched:
            used += row_json_bytes(row)
            if used > max_bytes:
                return columns, rows, True
            rows.append(row)
        average = max(used // len(rows), 1)
        batch = max(1, min(FETCH_BATCH_MAX, (max_bytes - used) // average // 2))
    return columns, rows, False


FETCH_BATCH_MAX = 2048


def row_json_bytes(row: tuple[Any, ...]) -> int:
    """About the bytes of a row in the JSON reply (escapes counted at their widest)."""
    size = 2
    for value in row:
        if isinstance(value, str):
            size += len(value) + 3 if value.isascii() else 6 * len(value) + 3
        elif isinstance(value, (bytes, bytearray, memoryview)):
            size += 4 * len(value) // 3 + 6  # base64
        elif value is None or isinstance(value, (int, float, bool)):
            size += 24
        else:
            size += len(str(value)) + 8
    return size


def preview(
    table: Relation | Path,
    offset: int,
    limit: int,
    sort: str | None = None,
    descending: bool = False,
    contains: str | None = None,
) -> dict[str, Any]:
    """A page of a table: `{"columns", "rows"}`, optionally ordered by the column `sort`
    and kept to the rows where some cell's text contains `contains` (case-insensitive);
    with a filter, `matching_rows` counts the rows it keeps (else the caller adds total_rows).
    An unknown sort column is a 400 `unknown_column`."""
    columns, rows, matching = offload(_page, as_relation(table), offset, limit, sort, descending, contains)
    out: dict[str, Any] = {"columns": columns, "rows": json_rows(rows)}
    if matching is not None:
        out["matching_rows"] = matching
    return out


def _page(
    relation: Relation, offset: int, limit: int, sort: str | None, descending: bool, contains: str | None
) -> tuple[list[str], list[tuple[Any, ...]], int | None]:
    with connect(threads=1, memory_limit="512MB") as conn:
        source = relation.sql()
        names = [d[0] for d in conn.execute(f"SELECT * FROM {source} LIMIT 0").description or []]
        where, params = "", []
        if contains:
            needle = contains.lower()
            where = " WHERE " + " OR ".join(f"contains(lower(CAST({_ident(n)} AS VARCHAR)), ?)" for n in names)
            params = [needle] * len(names)
        order = ""
        if sort:
            if sort not in names:
                raise BadRequest(f"No column '{sort}' to sort by.", code="unknown_column", details={"sort": sort})
            order = f" ORDER BY {_ident(sort)} {'DESC' if descending else 'ASC'} NULLS LAST"
        cursor = conn.execute(f"SELECT * FROM {source}{where}{order} LIMIT ? OFFSET ?", [*params, limit, offset])
        columns, rows = [d[0] for d in cursor.description or []], cursor.fetchall()
        matching = None
        if contains:
            counted = conn.execute(f"SELECT count(*) FROM {source}{where}", params).fetchone()
            matching = int(counted[0]) if counted else 0
        return columns, rows, matching


def _message(exc: Exception) -> str:
    text = str(exc).strip()
    return text[:2000] if text else type(exc).__name__
