"""An intent becomes the tool calls that answer it (the plan shown to the user)."""

from __future__ import annotations

from typing import Any

from datapulse.agents.planner.intent import Clarify, Intent
from datapulse.agents.tools.derive import derived_table


def plan_for(intent: Intent) -> list[dict[str, Any]]:
    """The tool calls; a derived column ("X - Y") is computed first and read from its table."""
    steps: list[dict[str, Any]] = []
    table = intent.table
    for d in intent.extra.get("derive") or []:
        args = {"name": d["name"], "op": d["op"], "columns": list(d["columns"])}
        steps.append({"tool": "derive", "args": {"table": table, **args} if table else args})
        table = derived_table(table or "", d["name"]) if table else None
    if not steps:
        return _plan(intent, table)
    if table is None:
        raise ValueError("a derived column needs the table it is computed on")
    return steps + _plan(intent, table)


def _plan(intent: Intent, table: str | None) -> list[dict[str, Any]]:
    common: dict[str, Any] = {"table": table} if table else {}
    if intent.filters:
        common["filters"] = intent.filters
        if len(intent.filters) > 1:
            common["logic"] = intent.logic
    m, e = intent.measures, intent.extra

    def call(tool: str, **args: Any) -> dict[str, Any]:
        return {"tool": tool, "args": {**common, **{k: v for k, v in args.items() if v not in (None, [], "")}}}

    kind = intent.kind
    if kind == "sql":
        return [{"tool": "sql", "args": {"sql": e["sql"]}}]
    if kind == "count":
        return [call("count_rows")]
    if kind == "schema":
        return [{"tool": "schema", "args": {k: v for k, v in common.items() if k == "table"}}]
    if kind == "missing":
        return [call("missing_values", columns=m)]
    if kind == "duplicates":
        return [call("duplicates", columns=m)]
    if kind == "describe":
        return [call("describe", columns=m)]
    if kind == "distinct":
        return [call("distinct_values", column=m[0], limit=intent.n)]
    if kind == "top_n":
        return [
            call(
                "top_n",
                column=m[0],
                n=intent.n or 10,
                ascending=intent.sort == "asc",
                label=e.get("label"),
                columns=e.get("columns"),
            )
        ]
    if kind == "percent":
        return [call("percent_rows", where=e["where"], group_by=intent.group_by[:1])]
    if kind == "filter":
        return [call("filter", columns=m)]
    if kind == "aggregate":
        aggs = e.get("aggs") or [intent.agg or "mean"]
        return [
            call("group_aggregate", measures=m, agg=agg, group_by=intent.group_by, sort=intent.sort, limit=intent.n)
            for agg in aggs
        ]
    if kind == "correlation":
        return [
            call(
                "correlation",
                x=m[0] if m else None,
                y=m[1] if len(m) > 1 else None,
                method=e.get("method"),
                limit=intent.n,
            )
        ]
    if kind == "distribution":
        return [call("distribution", column=m[0])]
    if kind == "trend":
        return [
            call(
                "trend",
                date_column=e["date_column"],
                measure=m[0] if m else None,
                agg=intent.agg,
                freq=e.get("freq"),
                sort=intent.sort,
                limit=intent.n,
            )
        ]
    if kind == "outliers":
        return [call("outliers", column=m[0], method=e.get("method"))]
    if kind == "compare":
        first = {"first": "p_value"} if e.get("p_value") else {}
        return [call("compare_groups", measure=m[0], group_column=intent.group_by[0], groups=e.get("groups"), **first)]
    if kind == "share":
        return [
            call(
                "share",
                column=intent.group_by[0],
                measure=m[0] if m else None,
                value=e.get("value"),
                of_all=e.get("of_all") or None,
                sort=e.get("sort"),
                limit=intent.n if "value" not in e else None,
            )
        ]
    if kind == "pivot":
        return [
            call(
                "pivot",
                index=intent.group_by[0],
                columns=intent.group_by[1],
                measure=m[0] if m else None,
                agg=intent.agg,
            )
        ]
    raise ValueError(f"no plan for intent '{kind}'")


def ask_for_missing_measure(plan: list[dict[str, Any]], numeric: list[str]) -> None:
    """A step that aggregates values (a mean, a maximum) but names no column to take them
    from cannot run: ask which numeric column rather than end the run with a tool error
    (a safety net under every reading, issue 9)."""
    for step in plan:
        args = step["args"]
        agg = args.get("agg")
        if agg is not None and agg != "count" and not (args.get("measures") or args.get("measure")):
            raise Clarify("no_measure", sorted(numeric), word="")
