"""`POST /api/query` (SPEC 4): read-only SQL over every file and data source by name."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema, fields
from apiflask.validators import Length, Range
from flask import Response, request

from datapulse.api.batch import time_left
from datapulse.api.bigjson import rows_response
from datapulse.api.services import services
from datapulse.catalog.tables import all_tables, table_columns
from datapulse.data.engine import MAX_LIMIT, run_query
from datapulse.errors import QueryTimeout
from datapulse.sqlsource.allow import checked_live
from datapulse.sqlsource.live import LiveSource

bp = APIBlueprint("query", __name__, url_prefix="/api", tag="Query")


class QueryIn(Schema):
    sql = fields.String(required=True, validate=Length(min=1, max=100_000))
    limit = fields.Integer(load_default=1000, validate=Range(min=1, max=MAX_LIMIT))


class QueryOut(Schema):
    columns = fields.List(fields.String())
    rows = fields.List(fields.List(fields.Raw(allow_none=True)))
    total_rows = fields.Integer(metadata={"description": "rows returned (at most `limit`)"})
    truncated = fields.Boolean(
        metadata={"description": "true when rows were left out: more than `limit`, or over QUERY_MAX_RESULT_MB"}
    )
    truncated_reason = fields.String(
        allow_none=True, metadata={"description": "`limit` or `max_result_bytes` when truncated, else null"}
    )
    max_result_bytes = fields.Integer(metadata={"description": "the byte budget, when it cut the result"})
    result_rows = fields.Integer(
        allow_none=True,
        metadata={"description": "rows of the whole result (`total_rows` counts those returned); null if not counted"},
    )


class TableColumnOut(Schema):
    name = fields.String(required=True)
    dtype = fields.String(required=True)


class TableOut(Schema):
    name = fields.String(required=True, metadata={"description": "the table name SQL uses"})
    kind = fields.String(required=True, metadata={"description": "`file` or `datasource`"})
    id = fields.String(required=True, metadata={"description": "the file's or data source's id"})
    columns = fields.List(fields.Nested(TableColumnOut), required=True)


class TablesOut(Schema):
    tables = fields.List(fields.Nested(TableOut), required=True)


@bp.get("/query/tables")
@bp.output(TablesOut)
@bp.doc(
    summary="The tables SQL can use, with their columns and types",
    description="Read from the stored profiles (no data is read): what a SQL editor completes and lists.",
)
def tables() -> dict[str, Any]:
    with services().db.session() as session:
        return {"tables": table_columns(session)}


@bp.post("/query")
@bp.input(QueryIn, location="json", arg_name="body")
@bp.output(QueryOut)
@bp.doc(
    summary="Run one read-only SQL statement over the files and data sources",
    description="Each ready file and data source is a table under its `table_name`. Only one "
    "SELECT-type statement; no access to files, the network or extensions. A statement over live "
    "sources runs in their database (read-only, with its time limit); the others in a process whose "
    "memory is capped (QUERY_PROCESS_MEMORY_MB: past it, 422 `query_memory_exceeded`).",
    responses=[200, 400, 422, 429, 504],
)
def query(body: dict[str, Any]) -> Response:
    svc = services()
    missing: list[str] = []
    with svc.db.session() as session:
        tables = all_tables(session, missing.append)
    # Missing Parquet copies are written again (out of the session: SQLite); an xlsx's
    # now, and its table read afresh, since its copy is its only reader.
    if [file_id for file_id in missing if svc.uploads.rederive(file_id)]:
        with svc.db.session() as session:
            tables = all_tables(session)
    settings = svc.settings
    tables = {n: checked_live(t, settings) if isinstance(t, LiveSource) else t for n, t in tables.items()}
    timeout_s = settings.QUERY_TIMEOUT_S
    left = time_left(request.environ)
    if left is not None:  # an item of a batch: at most what the batch has left
        if left <= 0:
            raise QueryTimeout("Not run: the batch reached its deadline.", code="batch_deadline")
        timeout_s = min(timeout_s, left)
    # In the SQL lane: long queries wait for each other, not previews, uploads or health.
    # Over local tables each runs in a child process with a memory limit (live sources in
    # their own database). The answer (up to QUERY_MAX_RESULT_MB of rows) is encoded
    # outside the hub, in pieces.
    result = svc.lanes["sql"].run(
        run_query,
        body["sql"],
        tables,
        body["limit"],
        timeout_s,
        settings.query_max_result_bytes,
        runner=svc.sql_processes.run,
    )
    return rows_response(result, QueryOut())
