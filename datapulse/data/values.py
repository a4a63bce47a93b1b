"""The one converter from database and dataframe values to plain JSON values.

Query and preview rows (DuckDB), column profiles, agent results and chart specs
(pandas/numpy) and stored run events all go through `json_safe`, so a value of one
type looks the same wherever a client meets it.
"""

from __future__ import annotations

import base64
import math
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from datapulse.events import iso


class Converted(dict[str, Any]):
    """A dict whose values `json_safe` already made plain JSON: passed through as it is.

    A result is converted where it is built (datapulse.agents.jsonsafe); without this mark
    it was walked again as the run event stored it and again as the run's ending stored
    the message (a 2,000-point scatter chart: ~1.4 ms a walk). Build one only from
    `json_safe`'s output, add only plain JSON values to it afterwards, and change nothing
    in it once it is reported: the stored event is written from it later, not from a copy."""


def json_safe(value: Any) -> Any:
    """One value as plain JSON, recursively for lists and dicts.

    - missing (None, NaN, ±infinity, pd.NA, NaT) → null;
    - numpy scalars → the Python bool, int or float they hold; Decimal → float;
    - datetime with a time zone → ISO 8601 in UTC with `Z`; without one → ISO 8601 as
      stored (no zone is invented); date and time → ISO 8601;
    - timedelta (Python, pandas, numpy, DuckDB INTERVAL) → seconds, a number, so that
      it can be sorted, summed and charted;
    - bytes (DuckDB BLOB) → base64 text: lossless, where decoding as text is not;
    - UUID → its text; list, tuple, set, numpy array → list; dict → object, keys as text;
    - anything else (pd.Period, pd.Interval ...) → its text.
    """
    kind = type(value)  # exact types first: the bulk of every payload, checked cheaply
    if kind is str or kind is int or kind is bool or value is None or kind is Converted:
        return value
    if kind is dict:
        return {k if type(k) is str else str(k): json_safe(v) for k, v in value.items()}
    if kind is list:
        return [json_safe(v) for v in value]
    if kind is float:
        return value if math.isfinite(value) else None
    return _convert(value)


def _convert(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.datetime64 | np.timedelta64):
        if np.isnat(value):
            return None
        value = pd.Timestamp(value) if isinstance(value, np.datetime64) else pd.Timedelta(value)
    elif isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime):
        return iso(value) if value.tzinfo is not None else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return json_safe(float(value))
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        return [json_safe(v) for v in value]
    return str(value)


def json_rows(rows: list[tuple[Any, ...]]) -> list[list[Any]]:
    return [[json_safe(v) for v in row] for row in rows]
