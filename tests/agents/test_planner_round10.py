"""Planner round 10 (issue 9): shares within each group, one aggregate of two sets of rows
subtracted, a value in effect at a date between rows, months of the year and decades,
a column name written in its exact case."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest

from datapulse.agents.contract import TableRef
from datapulse.agents.planner.columns import ColumnIndex
from datapulse.agents.planner.intent import Clarify, Intent
from datapulse.agents.planner.plan import plan_for
from datapulse.agents.planner.rules import parse_question
from datapulse.agents.planner.scan import detect_language
from datapulse.agents.tools import Workspace, build_registry
from datapulse.agents.tools.local import to_local

REGISTRY = build_registry()


def parse(frame: pd.DataFrame, question: str, table: str = "t", previous: Intent | None = None) -> Intent:
    return parse_question(question, ColumnIndex.build(frame), table, detect_language(question), previous)


def run_sql(intent: Intent, frame: pd.DataFrame, table: str = "t") -> Any:
    """The planner's one SQL query run over the frame under the table's name."""
    assert intent.kind == "sql"
    con = duckdb.connect()
    con.register(table, frame)
    return con.sql(intent.extra["sql"]).fetchall()


def run(tool: str, frame: pd.DataFrame, args: dict[str, Any]) -> list[dict[str, Any]]:
    ws = Workspace([TableRef("t", Path("t.parquet"))], frames={"t": frame})
    return REGISTRY.check(tool, {"table": "t", **args}).run(ws, {"table": "t", **args})


@pytest.fixture
def strikes() -> pd.DataFrame:
    rng = np.random.default_rng(4)
    return pd.DataFrame({"duration": rng.integers(1, 200, 60), "iprod": rng.normal(0, 0.05, 60).round(4)})


@pytest.fixture
def leaps() -> pd.DataFrame:
    """Dated events: a value holds from its row's date to the next row's (leap seconds)."""
    days = ["1972-01-01", "1972-07-01", "1973-01-01", "1981-07-01", "1990-01-01", "1999-01-01", "2006-01-01"]
    return pd.DataFrame({"effective": pd.to_datetime(days), "TAI_UTC": [10, 11, 12, 20, 25, 32, 33]})


# shares within each group ---------------------------------------------------------------------


def test_percent_rows_within_each_group_counts_each_groups_own_rows() -> None:
    frame = pd.DataFrame({"g": ["a", "a", "a", "b", "b", None], "x": [1, 7, 9, 2, None, 9]})
    out = run("percent_rows", frame, {"where": [{"column": "x", "op": "ge", "value": 5}], "group_by": ["g"]})
    rows = {r[0]: r[1:] for r in out[0]["rows"]}
    assert out[0]["columns"] == ["g", "rows", "hits", "percent"]
    assert rows == {"a": [3, 2, 66.67], "b": [2, 0, 0.0]}  # a missing x counts in its group, never as a hit


def test_a_share_within_each_group_plans_percent_rows_by_that_group() -> None:
    frame = pd.DataFrame({"PID": [0, 1, 2, 3, 4, 5] * 5, "vote": [0, 1, 1] * 10})
    for question in ("For each PID, what percent have vote = 1?", "Anteil vote = 1 in Prozent je PID"):
        plan = plan_for(parse(frame, question))
        assert plan == [
            {
                "tool": "percent_rows",
                "args": {"table": "t", "where": [{"column": "vote", "op": "eq", "value": 1}], "group_by": ["PID"]},
            }
        ]


# one aggregate of two sets of rows, subtracted --------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "iprod 为负的罢工平均 duration 减去 iprod 为正的平均 duration",
        "difference in mean duration: negative iprod minus positive iprod",
        "mean duration for negative iprod minus mean duration for positive iprod",
    ],
)
def test_mean_of_one_set_minus_mean_of_another(strikes: pd.DataFrame, question: str) -> None:
    intent = parse(strikes, question, "strikes")
    want = strikes.loc[strikes.iprod < 0, "duration"].mean() - strikes.loc[strikes.iprod > 0, "duration"].mean()
    assert run_sql(intent, strikes, "strikes")[0][0] == pytest.approx(want)


def test_a_column_with_a_condition_after_it_is_no_operand_of_a_difference(strikes: pd.DataFrame) -> None:
    """'duration 减去 iprod 为正 …' is never the row-wise duration − iprod."""
    intent = parse(strikes, "iprod 为负的平均 duration 减去 iprod 为正的平均 duration", "strikes")
    assert not intent.extra.get("derive")


def test_the_two_sets_must_exclude_each_other(strikes: pd.DataFrame) -> None:
    """'iprod > 0 minus iprod > 0.02' overlaps: not read as two groups (asked about instead)."""
    with pytest.raises(Clarify):
        parse(strikes, "mean duration where iprod > 0 minus mean duration where iprod > 0.02", "strikes")


# a value in effect at a date between rows -------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "What was TAI_UTC in force on 1 January 2000?",
        "Welcher TAI_UTC-Wert galt am 01.01.2000?",
        "2000年1月1日时有效的 TAI_UTC 是多少?",
    ],
)
def test_a_value_in_effect_is_the_last_row_before(leaps: pd.DataFrame, question: str) -> None:
    assert run_sql(parse(leaps, question, "leaps"), leaps, "leaps") == [(32,)]


def test_a_value_in_effect_on_a_rows_own_day_is_that_row(leaps: pd.DataFrame) -> None:
    assert run_sql(parse(leaps, "TAI_UTC in effect on 1 July 1981", "leaps"), leaps, "leaps") == [(20,)]


def test_a_value_at_a_day_without_a_row_asks_which_reading(leaps: pd.DataFrame) -> None:
    with pytest.raises(Clarify) as info:
        parse(leaps, "What was TAI_UTC on 1 January 2000?", "leaps")
    assert info.value.reason == "two_readings"
    assert any("in effect" in c for c in info.value.candidates)


# months of the year, decades, centuries ---------------------------------------------------------


def test_counts_per_month_of_sparse_events_are_per_month_of_the_year(leaps: pd.DataFrame) -> None:
    intent = parse(leaps, "Anzahl der Einträge je Monat von effective", "leaps")
    assert (intent.kind, intent.extra["freq"]) == ("trend", "month_of_year")
    out = run("trend", leaps, {"date_column": "effective", "freq": "month_of_year"})
    assert out[0]["rows"] == [[1, 5], [7, 2]]


def test_counts_per_month_of_a_monthly_series_stay_calendar_months() -> None:
    frame = pd.DataFrame({"day": pd.date_range("2001-01-01", periods=40, freq="MS"), "v": range(40)})
    intent = parse(frame, "number of rows per month")
    assert intent.extra["freq"] == "month"


def test_calendar_month_words_are_months_of_the_year() -> None:
    frame = pd.DataFrame({"DATE": pd.date_range("2001-01-01", periods=40, freq="MS"), "HOUSTNSA": range(40)})
    intent = parse(frame, "Mittelwert von HOUSTNSA je Kalendermonat")
    assert (intent.kind, intent.extra["freq"]) == ("trend", "month_of_year")


@pytest.mark.parametrize("question", ["number of leap seconds per decade", "Anzahl je Jahrzehnt", "每个年代的数量"])
def test_per_decade_over_a_date_column(leaps: pd.DataFrame, question: str) -> None:
    intent = parse(leaps, question, "leap_seconds")
    assert intent.extra["freq"] == "decade"
    out = run("trend", leaps, {"date_column": "effective", "freq": "decade"})
    assert out[0]["rows"] == [[1970, 3], [1980, 1], [1990, 2], [2000, 1]]


def test_per_decade_and_century_over_a_whole_number_year_column() -> None:
    frame = pd.DataFrame({"year": range(1871, 1971), "volume": np.arange(100.0)})
    rows = run_sql(parse(frame, "mean volume per decade"), frame)
    assert rows[0] == (1870, pytest.approx(frame.volume[frame.year < 1880].mean()))
    assert len(rows) == 11
    centuries = run_sql(parse(frame, "Mittleres Volumen je Jahrhundert"), frame)
    assert [c for c, _ in centuries] == [1800, 1900]


# a column name in its exact case ----------------------------------------------------------------


def test_a_name_written_in_one_columns_exact_case_is_that_column() -> None:
    frame = pd.DataFrame({"ID": [f"P{i % 6}" for i in range(24)], "id": [f"id_{i % 6}" for i in range(24)]})
    frame["age"] = [30 + i % 6 for i in range(24)]
    intent = parse(frame, "Wie viele verschiedene id gibt es?")
    assert intent.measures == ["id"]
    assert re.search(r"\bID\b", str(parse(frame, "how many distinct ID are there?").measures))


def test_columns_whose_names_differ_only_in_case_stay_in_pandas() -> None:
    """DuckDB's identifiers ignore case: `ID` and `id` would be one column there."""
    frame = pd.DataFrame({"ID": ["a", "b"], "id": ["x", "y"]})
    assert to_local(frame) is None
