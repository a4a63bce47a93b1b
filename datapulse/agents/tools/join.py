"""The data agent's join: a table enriched with a lookup table's columns, as a new table."""

from __future__ import annotations

from typing import Any

from datapulse.agents.jsonsafe import scalar, text
from datapulse.agents.tools.base import Result, ToolError, Workspace, require_columns


def joined_name(left: str, right: str) -> str:
    return f"{left}+{right}"


class Join:
    name = "join"
    description = (
        "Left-join a lookup table onto a table by a shared key column (the key must be unique in the lookup); "
        "later steps use the joined table under the name 'left+right'."
    )
    parameters = {
        "type": "object",
        "properties": {"left": {"type": "string"}, "right": {"type": "string"}, "on": {"type": "string"}},
        "required": ["left", "right", "on"],
        "additionalProperties": False,
    }

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        for side in ("left", "right"):
            ws.select({"table": args[side]}, self.name)  # a live table is not joined in memory: refused
        left, right, key = ws.frame(args["left"]), ws.frame(args["right"]), args["on"]
        require_columns(left, key)
        require_columns(right, key)
        if not right[key].is_unique:
            raise ToolError(f"'{key}' is not unique in '{args['right']}': a join would repeat rows")
        extra = [c for c in right.columns if c != key]
        renamed = {c: f"{c}_{args['right']}" for c in extra if c in left.columns}
        merged = left.merge(right.rename(columns=renamed), on=key, how="left", validate="many_to_one")
        name = joined_name(args["left"], args["right"])
        ws.add(name, merged)
        matched = int(merged[[renamed.get(c, c) for c in extra]].notna().any(axis=1).sum()) if extra else len(merged)
        return [
            text(f"Joined {args['left']} with {args['right']} on {key}: {len(merged):,} rows, {matched:,} matched."),
            scalar("joined rows", len(merged)),
        ]


def join_candidates(ws: Workspace, left: str, right: str) -> list[str]:
    """Columns both tables have whose values are unique in `right` (a lookup key); none
    when either is live (its frame is the planner's digest, not its rows)."""
    if ws.ref(left).live is not None or ws.ref(right).live is not None:
        return []
    a, b = ws.frame(left), ws.frame(right)
    return [c for c in a.columns if c in b.columns and b[c].is_unique and b[c].notna().all()]
