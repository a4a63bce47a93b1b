"""The SPEC 5 result shapes (table, scalar, text, chart), every value made JSON-safe by
`datapulse.data.values.json_safe`, the platform's one converter. Each comes back marked
`Converted`, so that storing it (run event, message) does not walk it again."""

from __future__ import annotations

from typing import Any

import pandas as pd

from datapulse.data.values import Converted, json_safe

MAX_TABLE_ROWS = 500  # a result table never carries more rows than this


def table(title: str, frame: pd.DataFrame, limit: int = MAX_TABLE_ROWS) -> dict[str, Any]:
    """A SPEC 5 table result from a frame (index dropped; rows capped at `limit`)."""
    shown = frame.head(limit)
    rows = [[json_safe(v) for v in row] for row in shown.itertuples(index=False, name=None)]
    result: dict[str, Any] = Converted(
        kind="table", title=json_safe(title), columns=[str(c) for c in frame.columns], rows=rows
    )
    if len(frame) > limit:
        result["total_rows"] = int(len(frame))
        result["truncated"] = True
    return result


def scalar(name: str, value: Any) -> dict[str, Any]:
    return Converted(kind="scalar", name=json_safe(name), value=json_safe(value))


def text(body: str) -> dict[str, Any]:
    return Converted(kind="text", text=json_safe(body))


def chart(title: str, spec: dict[str, Any]) -> dict[str, Any]:
    return Converted(kind="chart", title=json_safe(title), spec=json_safe(spec))
