"""Turn pandas/numpy values into plain JSON values (NaN → None, dates → ISO)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

MAX_TABLE_ROWS = 500  # a result table never carries more rows than this


def safe(value: Any) -> Any:
    """One cell or scalar as a JSON-safe Python value."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, pd.Timedelta | dt.timedelta):
        return str(value)
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list | tuple):
        return [safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): safe(v) for k, v in value.items()}
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def table(title: str, frame: pd.DataFrame, limit: int = MAX_TABLE_ROWS) -> dict[str, Any]:
    """A SPEC 5 table result from a frame (index dropped; rows capped at `limit`)."""
    shown = frame.head(limit)
    rows = [[safe(v) for v in row] for row in shown.itertuples(index=False, name=None)]
    result: dict[str, Any] = {
        "kind": "table",
        "title": title,
        "columns": [str(c) for c in frame.columns],
        "rows": rows,
    }
    if len(frame) > limit:
        result["total_rows"] = int(len(frame))
        result["truncated"] = True
    return result


def scalar(name: str, value: Any) -> dict[str, Any]:
    return {"kind": "scalar", "name": name, "value": safe(value)}


def text(body: str) -> dict[str, Any]:
    return {"kind": "text", "text": body}


def chart(title: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "chart", "title": title, "spec": safe(spec)}
