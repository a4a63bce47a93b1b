"""Per-column distributions in the profile (issue 12): equal-width histograms for numbers,
the most frequent values with exact counts for text, bounded to the first columns."""

from __future__ import annotations

from typing import Any

from datapulse.data import profile
from datapulse.data.profile import connect, profile_relation


def _columns(sql: str) -> dict[str, dict[str, Any]]:
    with connect(threads=1) as conn:
        conn.execute(f"CREATE TABLE t AS {sql}")
        return {c["name"]: c for c in profile_relation(conn, "t")["schema"]["columns"]}


def test_numbers_get_equal_width_bins_that_count_every_value() -> None:
    cols = _columns(
        "SELECT (range * 1.5)::DOUBLE AS x, CASE WHEN range % 10 = 0 THEN NULL ELSE range END AS n FROM range(1000)"
    )
    bins = cols["x"]["histogram"]
    assert len(bins) == profile.HISTOGRAM_BINS
    assert bins[0]["from"] == 0 and bins[-1]["to"] == 1498.5
    assert all(b["to"] > b["from"] for b in bins)
    assert sum(b["count"] for b in bins) == 1000  # the maximum falls in the last bin
    assert sum(b["count"] for b in cols["n"]["histogram"]) == 900  # nulls are not counted
    assert "top_values" not in cols["x"]


def test_whole_numbers_over_a_short_range_get_one_bin_per_value() -> None:
    cols = _columns("SELECT range % 4 AS k, 7 AS same FROM range(100)")
    assert [(b["from"], b["to"], b["count"]) for b in cols["k"]["histogram"]] == [
        (0, 1, 25),
        (1, 2, 25),
        (2, 3, 25),
        (3, 4, 25),
    ]
    assert cols["same"]["histogram"] == [{"from": 7, "to": 7, "count": 100}]


def test_text_gets_its_most_frequent_values_with_exact_counts() -> None:
    cols = _columns(
        "SELECT ['north', 'north', 'north', 'south', 'east', 'west'][range % 6 + 1] AS region, "
        "range % 3 = 0 AS flag, NULL::VARCHAR AS empty FROM range(600)"
    )
    top = cols["region"]["top_values"]
    assert top[0] == {"value": "north", "count": 300}
    assert {v["value"] for v in top[1:]} == {"south", "east", "west"}
    assert sorted(v["count"] for v in cols["region"]["top_values"]) == [100, 100, 100, 300]
    assert {v["value"]: v["count"] for v in cols["flag"]["top_values"]} == {True: 200, False: 400}
    assert "top_values" not in cols["empty"]
    assert all("top_candidates" not in c for c in cols.values())


def test_many_distinct_values_keep_only_the_top_ones() -> None:
    cols = _columns("SELECT CASE WHEN range < 500 THEN 'common' ELSE 'v' || range END AS s FROM range(2000)")
    top = cols["s"]["top_values"]
    assert len(top) <= profile.TOP_VALUES and top[0] == {"value": "common", "count": 500}
    assert all(v["count"] == 1 for v in top[1:])


def test_only_the_first_columns_get_distributions(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(profile, "DISTRIBUTION_COLUMNS", 1)
    cols = _columns("SELECT range AS a, range AS b, 'x' AS c FROM range(10)")
    assert "histogram" in cols["a"] and "histogram" not in cols["b"] and "top_values" not in cols["c"]
