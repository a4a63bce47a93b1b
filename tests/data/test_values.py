"""The one JSON converter: every kind of value from DuckDB, pandas and numpy, one way each."""

from __future__ import annotations

import datetime as dt
import json
import math
import uuid
from decimal import Decimal
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest

from datapulse.agents import charts
from datapulse.agents.jsonsafe import chart, scalar, table
from datapulse.data.values import json_rows, json_safe

UTC = dt.UTC
BERLIN = dt.timezone(dt.timedelta(hours=1))


@pytest.mark.parametrize(
    ("value", "want"),
    [
        # missing values
        (None, None),
        (float("nan"), None),
        (math.inf, None),
        (-math.inf, None),
        (pd.NA, None),
        (pd.NaT, None),
        (np.datetime64("NaT"), None),
        (np.timedelta64("NaT"), None),
        (np.float64("nan"), None),
        (Decimal("NaN"), None),
        # numbers and text
        (True, True),
        (np.bool_(True), True),
        (7, 7),
        (np.int64(3), 3),
        (np.uint8(255), 255),
        (np.float32(1.5), 1.5),
        (Decimal("2.50"), 2.5),
        ("x", "x"),
        (np.str_("y"), "y"),
        # times: aware → UTC with Z, naive → as stored
        (dt.datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC), "2024-02-03T04:05:06Z"),
        (dt.datetime(2024, 2, 3, 5, 5, 6, tzinfo=BERLIN), "2024-02-03T04:05:06Z"),
        (dt.datetime(2024, 2, 3, 4, 5, 6), "2024-02-03T04:05:06"),
        (pd.Timestamp("2020-01-02"), "2020-01-02T00:00:00"),
        (pd.Timestamp("2020-01-02 01:00", tz="Europe/Berlin"), "2020-01-02T00:00:00Z"),
        (np.datetime64("2020-01-02T03:04:05"), "2020-01-02T03:04:05"),
        (dt.date(2020, 1, 2), "2020-01-02"),
        (dt.time(4, 5, 6), "04:05:06"),
        # durations: seconds
        (dt.timedelta(minutes=1, microseconds=500_000), 60.5),
        (pd.Timedelta("1h"), 3600.0),
        (np.timedelta64(90, "s"), 90.0),
        # bytes: base64
        (b"x", "eA=="),
        (bytearray(b"\x00\xff"), "AP8="),
        (memoryview(b"x"), "eA=="),
        # the rest
        (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
        ([np.int8(1), float("nan")], [1, None]),
        ((1, "a"), [1, "a"]),
        ({3}, [3]),
        (np.array([[1.0, np.nan]]), [[1.0, None]]),
        ({"a": np.float64(2), 1: [b"x"]}, {"a": 2.0, "1": ["eA=="]}),
        (pd.Period("2020-01"), "2020-01"),
        (pd.Interval(0, 1), "(0, 1]"),
    ],
)
def test_json_safe_values(value: Any, want: Any) -> None:
    """Each kind of value maps to one plain JSON form."""
    got = json_safe(value)
    assert got == want and type(got) is type(want)
    json.dumps(got, allow_nan=False)


def test_json_safe_is_idempotent() -> None:
    """Converting a converted value changes nothing (results pass through it twice)."""
    once = json_safe([dt.timedelta(seconds=3), b"ab", Decimal("1.5"), pd.Timestamp("2020-01-01", tz="UTC")])
    assert json_safe(once) == once == [3.0, "YWI=", 1.5, "2020-01-01T00:00:00Z"]


def test_duckdb_rows_become_json() -> None:
    """Every DuckDB type a query may return comes out as the documented JSON form."""
    sql = """
        SELECT 'nan'::DOUBLE, 'inf'::DOUBLE, DATE '2024-02-03', TIMESTAMPTZ '2024-02-03 04:05:06+00',
               TIMESTAMP '2024-02-03 04:05:06', TIME '04:05:06', INTERVAL 90 SECOND, '\\x00\\xFF'::BLOB,
               '00000000-0000-0000-0000-000000000001'::UUID, 2.50::DECIMAL(4, 2), [1, NULL],
               {'a': 1, 'b': 'x'}, 170141183460469231731687303715884105727::HUGEINT, NULL
    """
    with duckdb.connect() as conn:
        conn.execute("SET TimeZone = 'UTC'")
        rows = conn.execute(sql).fetchall()
    assert json_rows(rows) == [
        [
            None,
            None,
            "2024-02-03",
            "2024-02-03T04:05:06Z",
            "2024-02-03T04:05:06",
            "04:05:06",
            90.0,
            "AP8=",
            "00000000-0000-0000-0000-000000000001",
            2.5,
            [1, None],
            {"a": 1, "b": "x"},
            2**127 - 1,
            None,
        ]
    ]


def test_pandas_values_in_results_match_duckdb() -> None:
    """An agent's table, scalar and chart use the same forms as a SQL query's rows."""
    frame = pd.DataFrame(
        {"d": pd.to_timedelta([90], unit="s"), "b": [b"\x00\xff"], "t": pd.to_datetime(["2024-02-03 04:05:06+00:00"])}
    )
    assert table("t", frame)["rows"] == [[90.0, "AP8=", "2024-02-03T04:05:06Z"]]
    assert scalar("s", np.timedelta64(2, "m"))["value"] == 120.0
    assert chart("c", {"data": [np.int64(1), np.nan]})["spec"] == {"data": [1, None]}


def test_a_converted_result_is_not_walked_again() -> None:
    """A result the agents built is converted once: storing it (the run event's payload, the
    message's results) passes it through as the same object, however large."""
    points = [(np.float64(i / 3), np.int64(i)) for i in range(3)] + [(np.nan, pd.Timestamp("2024-01-01"))]
    built = chart("x vs y", charts.scatter("", "x", "y", points))
    assert built["spec"]["series"][0]["data"] == [[0.0, 0], [1 / 3, 1], [2 / 3, 2], [None, "2024-01-01T00:00:00"]]
    for result in (built, table("t", pd.DataFrame({"a": [np.int64(1)]})), scalar("n", np.int64(2))):
        payload = json_safe({"result": result, "results": [result]})
        assert payload["result"] is result and payload["results"][0] is result
        json.dumps(payload, allow_nan=False)


def test_every_chart_shape_is_plain_json() -> None:
    """The chart builders leave converting to `chart`: numpy, pandas and missing values in any
    of them come out as plain JSON."""
    xs, vs = [pd.Timestamp("2024-01-01"), "b"], [np.int64(1), np.float64("nan")]
    specs = [
        charts.bar("t", xs, {"s": vs}),
        charts.line("t", xs, {"s": vs}),
        charts.pie("t", xs, vs),
        charts.heatmap("t", xs, xs, [(0, 1, np.float64(0.5)), (1, 0, None)]),
    ]
    for spec in specs:
        text = json.dumps(chart("t", spec), allow_nan=False)  # no numpy type, no NaN left
        assert "NaN" not in text and "2024-01-01T00:00:00" in text
