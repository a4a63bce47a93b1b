"""A measure computed from other columns, row by row ("X minus Y", "the ratio of A to B"),
as a new table: the plan shows the computation, the later steps use the column like any
other (the join's pattern: the table under a new name)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from datapulse.agents.jsonsafe import text
from datapulse.agents.tools.base import Result, ToolError, Workspace, require_columns, require_numeric

OPS = {"sub": "-", "add": "+", "mul": "*", "div": "/", "mean": "mean", "length": "length"}


def derived_table(table: str, name: str) -> str:
    """The name later steps read the derived column from."""
    return f"{table}|{name}"


class Derive:
    name = "derive"
    description = (
        "A new numeric column computed row by row from numeric columns: sub (a - b), div (a / b), mul (a * b), "
        "add (the sum of the columns), mean (their mean, missing values left out) or length (the number of "
        "characters of one text column's values). "
        "Later steps read it from the table 'table|name'."
    )
    parameters = {
        "type": "object",
        "properties": {
            "table": {"type": "string"},
            "name": {"type": "string", "minLength": 1},
            "op": {"type": "string", "enum": list(OPS)},
            "columns": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 12},
        },
        "required": ["name", "op", "columns"],
        "additionalProperties": False,
    }

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        table = args.get("table") or ws.names()[0]
        frame = ws.select({"table": table}, self.name)  # a live source is refused, as for a join
        cols, op = list(args["columns"]), args["op"]
        if op == "length":
            return self._length(ws, table, frame, cols, args["name"])
        if op not in ("add", "mean") and len(cols) != 2:
            raise ToolError(f"'{op}' takes two columns, got {len(cols)}")
        if op in ("add", "mean") and len(cols) < 2:
            raise ToolError(f"'{op}' takes at least two columns, got {len(cols)}")
        for c in cols:
            require_numeric(frame, c)
        a = frame[cols[0]].astype("float64")
        if op == "mean":
            value = frame[cols].astype("float64").mean(axis=1)
        elif op == "add":
            value = frame[cols].astype("float64").sum(axis=1, min_count=len(cols))  # a missing part: no sum
        else:
            b = frame[cols[1]].astype("float64")
            if op == "div":
                value = a / b.replace(0, np.nan)  # x / 0 is no ratio: missing, not infinite
            else:
                value = a - b if op == "sub" else a * b
        out = frame.copy()
        out[args["name"]] = pd.to_numeric(value)
        ws.add(derived_table(table, args["name"]), out)
        formula = f"mean({', '.join(cols)})" if op == "mean" else f" {OPS[op]} ".join(cols)
        return [text(f"Computed {args['name']} = {formula} for each row.")]

    def _length(self, ws: Workspace, table: str, frame: pd.DataFrame, cols: list[str], name: str) -> list[Result]:
        """Each value's number of characters (a missing value has none: missing)."""
        if len(cols) != 1:
            raise ToolError(f"'length' takes one column, got {len(cols)}")
        require_columns(frame, cols[0])
        values = frame[cols[0]]
        out = frame.copy()
        out[name] = values.astype("string").str.len().astype("Float64").astype("float64")
        ws.add(derived_table(table, name), out)
        return [text(f"Computed {name} = the number of characters of {cols[0]} for each row.")]


TOOLS = (Derive(),)
