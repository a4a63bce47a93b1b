"""Questions over computed columns, wide tables and text periods, end to end on small frames:
arithmetic between columns (the `derive` step first), one column per month or per year,
periods written "2001Q3", the value of one column in the row with the extreme of another."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from datapulse.agents.contract import AnalysisOutcome, AnalysisRequest, TableRef
from datapulse.agents.engine import analyse
from datapulse.agents.tools import Workspace, build_registry
from datapulse.agents.tools.base import ToolError
from datapulse.settings import Settings
from tests.agents.conftest import RecordingSink

PAIRS = pd.DataFrame(
    {
        "grp": ["u", "u", "v", "v", "w"],
        "alpha": [10.0, 20.0, 30.0, 40.0, 50.0],
        "beta": [2.0, 4.0, 5.0, 8.0, 0.0],
        "flag": [1, 0, 1, 0, 1],
    }
)
MONTHS = pd.DataFrame(
    {"YEAR": [2001, 2002, 2003, 2004, 2005, 2006]}
    | {
        m: [float(k + y) for y in range(6)]
        for k, m in enumerate(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])
    }
)
MONTHS.loc[3, "DEC"] = 99.0  # 2004 had the warmest December
YEARS = pd.DataFrame(
    {"Place": ["Aland", "Borduria", "Carpathia"], "Indicator Name": ["Widget output, total"] * 3}
    | {str(y): [1.0 + y - 2000, 2.0 * (y - 1999), 9.0 - (y - 2000)] for y in range(2000, 2008)}
)
QUARTERS = pd.DataFrame(
    {"period": [f"{y}Q{q}" for y in (2000, 2001, 2002) for q in (1, 2, 3, 4)], "rate": [float(k) for k in range(12)]}
)
PEOPLE = pd.DataFrame(
    {
        "AGE": [25, 40, 33, 51, 29],
        "INCOME": [2.0, 9.5, 4.0, 3.0, 6.0],
        "Pulse": [60.0, 72.0, 88.0, 64.0, 70.0],
        "Weight": [150.0, 180.0, 176.0, 190.0, 160.0],
        "OWNRENT": [0, 1, 1, 0, 1],
    }
)


def ask(tmp_path: Path, frame: pd.DataFrame, question: str, context: dict[str, Any] | None = None) -> AnalysisOutcome:
    path = tmp_path / "t.parquet"
    frame.to_parquet(path)
    settings = Settings(DATA_DIR=tmp_path / "data", UPLOAD_FOLDER=tmp_path / "uploads")
    request = AnalysisRequest(question=question, tables=[TableRef("t", path)], context=context or {})
    return analyse(request, RecordingSink(), settings)


def scalar(out: AnalysisOutcome) -> Any:
    values = [r["value"] for r in out.results if r["kind"] == "scalar"]
    assert values, (out.answer, out.plan)
    return values[0]


def first_table(out: AnalysisOutcome) -> dict[str, Any]:
    tables = [r for r in out.results if r["kind"] == "table"]
    assert tables, (out.answer, out.plan)
    return tables[0]


@pytest.mark.parametrize(
    "question", ["average of alpha minus beta", "Durchschnitt von alpha minus beta", "alpha减beta的平均值"]
)
def test_a_difference_of_two_columns_is_computed_first(tmp_path: Path, question: str) -> None:
    """The plan derives alpha - beta row by row, then averages it; the reading says so."""
    out = ask(tmp_path, PAIRS, question)
    assert out.plan[0] == {
        "tool": "derive",
        "args": {"table": "t", "name": "alpha - beta", "op": "sub", "columns": ["alpha", "beta"]},
    }
    assert out.plan[1]["args"]["table"] == "t|alpha - beta"
    assert scalar(out) == pytest.approx((PAIRS.alpha - PAIRS.beta).mean())
    assert "alpha - beta" in out.interpretation and "alpha − beta" in out.interpretation


@pytest.mark.parametrize(
    "question",
    [
        "ratio of alpha to beta per grp",
        "Verhältnis alpha zu beta je grp",
        "每个grp的alpha与beta之比",
        "average alpha divided by beta by grp",
    ],
)
def test_a_ratio_per_group(tmp_path: Path, question: str) -> None:
    """A ratio of two columns, grouped; a division by 0 is missing, not infinite."""
    out = ask(tmp_path, PAIRS, question)
    assert out.plan[0]["args"]["op"] == "div"
    rows = {r[0]: r[-1] for r in first_table(out)["rows"]}
    assert rows["u"] == pytest.approx((10 / 2 + 20 / 4) / 2) and rows["v"] == pytest.approx((30 / 5 + 40 / 8) / 2)
    assert rows.get("w") is None


def test_the_difference_between_two_measures(tmp_path: Path) -> None:
    out = ask(tmp_path, PAIRS, "the average difference between alpha and beta")
    assert scalar(out) == pytest.approx((PAIRS.alpha - PAIRS.beta).mean())


def test_the_derive_tool_refuses_what_it_cannot_compute() -> None:
    """Text columns and a wrong number of columns are tool errors with the reason."""
    ws = Workspace([])
    ws.add("p", PAIRS)
    tool = build_registry().get("derive")
    with pytest.raises(ToolError, match="not numeric"):
        tool.run(ws, {"table": "p", "name": "x", "op": "sub", "columns": ["grp", "beta"]})
    with pytest.raises(ToolError, match="two columns"):
        tool.run(ws, {"table": "p", "name": "x", "op": "div", "columns": ["alpha", "beta", "flag"]})
    out = tool.run(ws, {"table": "p", "name": "s", "op": "add", "columns": ["alpha", "beta", "flag"]})
    assert out[0]["kind"] == "text" and list(ws.frame("p|s")["s"]) == [13.0, 24.0, 36.0, 48.0, 51.0]
    tool.run(ws, {"table": "p", "name": "m", "op": "mean", "columns": ["alpha", "beta"]})
    assert ws.frame("p|m")["m"].iloc[0] == 6.0


@pytest.mark.parametrize(
    "question",
    ["Which YEAR had the warmest December?", "Welches Jahr hatte den wärmsten Dezember?", "哪一年的12月最暖？"],
)
def test_a_month_names_its_column_in_a_table_of_months(tmp_path: Path, question: str) -> None:
    out = ask(tmp_path, MONTHS, question)
    assert "DEC" in str(out.plan) and scalar(out) == 2004


def test_months_and_their_mean(tmp_path: Path) -> None:
    assert scalar(ask(tmp_path, MONTHS, "average January")) == pytest.approx(MONTHS.JAN.mean())
    out = ask(tmp_path, MONTHS, "average of MAR minus SEP")
    assert scalar(out) == pytest.approx((MONTHS.MAR - MONTHS.SEP).mean())


def test_a_year_names_its_column_in_a_table_of_years(tmp_path: Path) -> None:
    """The indicator's own words describe the table; a year that is no column is asked about."""
    out = ask(tmp_path, YEARS, "widget output of Borduria in 2003")
    assert scalar(out) == pytest.approx(8.0)
    out = ask(tmp_path, YEARS, "widget output of Borduria in 2020")
    assert out.needs_clarification and "2020" in out.ignored


@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("How much did the widget output of Carpathia change from 2000 to 2005?", -5.0),
        ("中国的生育率从2000年到2005年变化了多少？".replace("中国的生育率", "Carpathia的widget output"), -5.0),
        ("average widget output of Aland from 2002 to 2004", 4.0),
    ],
)
def test_a_range_of_year_columns(tmp_path: Path, question: str, want: float) -> None:
    """A change is the last year minus the first; a range with no change word is their mean."""
    out = ask(tmp_path, YEARS, question)
    assert out.plan[0]["tool"] == "derive" and scalar(out) == pytest.approx(want)


@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("mean rate in 2001", 5.5),
        ("average rate from 2000Q3 to 2001Q2", 3.5),
        ("2000Q3到2001Q2之间rate的平均值", 3.5),
    ],
)
def test_text_periods_take_years_and_ranges(tmp_path: Path, question: str, want: float) -> None:
    assert scalar(ask(tmp_path, QUARTERS, question)) == pytest.approx(want)


def test_a_year_or_a_bucket_with_no_time_column_is_asked_about(tmp_path: Path) -> None:
    """Never dropped: 'in 1999' with no column for years, 'per year' with no time column."""
    assert ask(tmp_path, PAIRS, "mean alpha in 1999").needs_clarification
    assert ask(tmp_path, PAIRS, "average alpha per year").needs_clarification
    out = ask(tmp_path, QUARTERS, "how many quarters are in the data")
    assert scalar(out) == 12


@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("How old is the person with the highest INCOME?", 40),
        ("Wie alt ist die Person mit dem höchsten Einkommen?", 40),
        ("收入最高的人多大年纪？", 40),
        ("What does the person with the highest pulse weigh?", 176.0),
    ],
)
def test_the_value_in_the_row_with_the_extreme_of_another_column(tmp_path: Path, question: str, want: Any) -> None:
    out = ask(tmp_path, PEOPLE, question)
    assert out.plan[0]["tool"] == "top_n" and scalar(out) == want
    assert str(out.plan[0]["args"]["label"]) in out.interpretation


def test_a_comparison_keeps_its_aggregate(tmp_path: Path) -> None:
    """'compare the median ...': the medians of the two groups, not their means."""
    out = ask(tmp_path, PEOPLE, "compare the median INCOME of OWNRENT 1 and OWNRENT 0")
    rows = {str(r[0]): r[-1] for r in first_table(out)["rows"]}
    assert rows == {"0": 2.5, "1": 6.0}


def test_the_first_period_past_a_bound_is_the_earliest_such_period(tmp_path: Path) -> None:
    """'first' is an order in time over the rows past the bound (no longer dropped or asked)."""
    out = ask(tmp_path, QUARTERS, "In which period did rate first go above 5?")
    assert not out.needs_clarification and first_table(out)["rows"][0][0] == "2001Q3"


def test_an_order_word_the_plan_does_not_use_is_asked_about(tmp_path: Path) -> None:
    out = ask(tmp_path, QUARTERS, "In which period did rate first fall?")
    assert out.needs_clarification and not out.plan


def test_a_plain_per_over_a_category_still_groups(tmp_path: Path) -> None:
    out = ask(tmp_path, PAIRS, "average alpha per grp")
    assert out.plan[0]["tool"] == "group_aggregate" and np.isclose(first_table(out)["rows"][0][-1], 15.0)


@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("how many districts have alpha above 15", 4),
        ("what percentage of districts have alpha above 15", 80.0),
        ("the person with the highest alpha: how much beta", 0.0),
        ("total deaths from alpha", 150.0),
    ],
)
def test_the_questions_own_word_for_rows_or_units(tmp_path: Path, question: str, want: Any) -> None:
    """A word for the rows beside a constraint the plan uses, or for what a used measure
    counts ("deaths from alpha"), is accounted for; elsewhere it is asked about."""
    out = ask(tmp_path, PAIRS, question)
    if want is None:
        assert out.needs_clarification
    else:
        assert scalar(out) == pytest.approx(want)


@pytest.mark.parametrize(
    "question",
    ["how many districts are there", "How many hurricanes were there in 1999?", "Wie viele Einwohner hat u?"],
)
def test_a_word_for_something_the_data_lacks_is_still_asked_about(tmp_path: Path, question: str) -> None:
    assert ask(tmp_path, PAIRS, question).needs_clarification


def test_fen_zu_closes_the_grouping(tmp_path: Path) -> None:
    """'按grp分组的alpha均值': 分组 ends 按 grp; alpha is the measure, not a second grouping."""
    out = ask(tmp_path, PAIRS, "按grp分组的alpha均值")
    assert out.plan[0]["args"]["group_by"] == ["grp"] and out.plan[0]["args"]["measures"] == ["alpha"]
