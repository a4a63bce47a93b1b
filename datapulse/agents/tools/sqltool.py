"""Read-only SQL over the conversation's tables, through the platform's one query engine.

`datapulse.data.engine.run_query` (the engine behind `POST /api/query`) gives each query
a fresh DuckDB with one view per table, external access off except for those files,
configuration locked, a single SELECT-type statement judged by DuckDB's parser, and a
timer that interrupts a query at the time limit. The agents add nothing of their own,
so SQL in the chat and SQL in the API accept and refuse exactly the same statements.
"""

from __future__ import annotations

from typing import Any

from datapulse.agents.jsonsafe import scalar
from datapulse.agents.tools.base import Result, Workspace
from datapulse.data.values import json_safe

DEFAULT_LIMIT = 1000
DEFAULT_TIMEOUT_S = 30.0


class Sql:
    name = "sql"
    description = "Run one read-only SQL SELECT over the conversation's tables (DuckDB dialect)."
    parameters = {
        "type": "object",
        "properties": {
            "sql": {"type": "string"},
            "limit": {"type": "integer", "minimum": 1, "maximum": 100000},
        },
        "required": ["sql"],
        "additionalProperties": False,
    }

    def __init__(self, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.timeout_s = timeout_s

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        from datapulse.data.engine import run_query

        sql = args["sql"].strip().rstrip(";").strip()
        limit = int(args.get("limit", DEFAULT_LIMIT))
        out = run_query(sql, {t.name: t.live or t.source() for t in ws.tables}, limit, self.timeout_s)
        result: dict[str, Any] = {
            "kind": "table",
            "title": "Query result",
            "columns": [str(c) for c in out["columns"]],
            "rows": json_safe(out["rows"]),
        }
        if out.get("truncated"):
            result["truncated"] = True
        results: list[Result] = [result]
        if len(result["columns"]) == 1 and len(result["rows"]) == 1:
            results.append(scalar(result["columns"][0], result["rows"][0][0]))
        return results
