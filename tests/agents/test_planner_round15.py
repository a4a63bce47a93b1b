"""Planner round 15 (issue 9): a noun counted per group is the rows only where the table's name
does not already say what its rows are; "which <column> has the most <rows>" counts rows per
value; one cell looked up is the answer; bounds with a unit; "have no <measure>" after the
rows' period; follow-ups narrowing a range; a year range after "for"; function words after a
verb; the Chinese word for the table's rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from datapulse.agents.contract import TableRef
from datapulse.agents.planner.intent import Clarify
from datapulse.agents.tools import Workspace, build_registry
from tests.agents.planning import parse


@pytest.fixture
def sales() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": ["N", "S", "N", "E", "S", "N"],
            "product": ["a", "b", "a", "c", "b", "a"],
            "amount": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )


@pytest.mark.parametrize(
    "question",
    [
        "How many employees per region?",
        "Wie viele Mitarbeiter gibt es pro region?",
        "每个 region 有多少员工？",
        "How many employees are there?",
    ],
)
def test_a_noun_the_rows_are_not_is_asked(sales: pd.DataFrame, question: str) -> None:
    """Rows of `sales` are sales: employees per region are not their count."""
    with pytest.raises(Clarify):
        parse(sales, question, "sales")


def test_the_tables_own_noun_is_still_counted_per_group(sales: pd.DataFrame) -> None:
    intent = parse(sales, "How many sales per region?", "sales")
    assert (intent.kind, intent.agg, intent.group_by) == ("aggregate", "count", ["region"])


@pytest.mark.parametrize("table", ["bmt", "sample"])
def test_a_table_named_by_an_abbreviation_lets_the_question_name_its_rows(table: str) -> None:
    frame = pd.DataFrame({"Group": ["A", "A", "B"], "T": [1, 2, 3]})
    intent = parse(frame, "Number of patients by Group", table)
    assert (intent.kind, intent.agg, intent.group_by) == ("aggregate", "count", ["Group"])


def test_rows_named_under_a_column_the_table_is_named_for() -> None:
    """`unicode_scripts` with a `script` column: its rows are ranges of a script."""
    frame = pd.DataFrame({"first": ["0041", "0061", "0391"], "script": ["Latin", "Latin", "Greek"]})
    intent = parse(frame, "number of ranges per script", "unicode_scripts")
    assert (intent.agg, intent.group_by) == ("count", ["script"])


@pytest.fixture
def rules() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rule_set": ["US", "US", "EU", "In", "EU", "US", "EU"],
            "from_year": [2007, 2007, 1996, 1990, 1996, 2007, 1981],
            "to_year": [2030, 2030, 2030, 1991, 2030, 2030, 1995],
            "day": ["lastSu", "Su>=8", "lastSu", "1", "lastSu", "Su>=1", "lastSu"],
        }
    )


@pytest.mark.parametrize("question", ["Which year (from_year) has the most rules?", "哪一年（from_year）的规则最多？"])
def test_which_column_has_the_most_rows_counts_rows_per_value(rules: pd.DataFrame, question: str) -> None:
    """Not the largest from_year (2007 here by chance too): the value most rows have."""
    intent = parse(rules, question, "dst_rules")
    assert (intent.kind, intent.agg, intent.group_by, intent.n) == ("aggregate", "count", ["from_year"], 1)
    assert rules["from_year"].value_counts().idxmax() == 2007


def test_which_column_has_the_most_rows_differs_from_its_maximum() -> None:
    years = [1916] * 5 + list(range(1920, 1975))  # many years: a measure, not a classifier
    frame = pd.DataFrame({"rule_set": ["a", "b"] * 30, "from_year": years})
    intent = parse(frame, "Which from_year has the most rules?", "dst_rules")
    assert (intent.agg, intent.group_by, intent.n, intent.sort) == ("count", ["from_year"], 1, "desc")
    assert frame["from_year"].value_counts().idxmax() == 1916 != frame["from_year"].max()


@pytest.mark.parametrize(
    ("question", "filters"),
    [
        ("How many rules are in the table?", []),
        ("表里一共有多少条规则？", []),
        ("day 为 lastSu 的规则有几条？", [{"column": "day", "op": "eq", "value": "lastSu"}]),
    ],
)
def test_the_rows_own_noun_counts_rows_not_a_column_named_with_it(
    rules: pd.DataFrame, question: str, filters: list
) -> None:
    """'rules' in `dst_rules` with a `rule_set` column: rows, not rule sets; 'in the table' no value `In`."""
    intent = parse(rules, question, "dst_rules")
    assert intent.kind in ("count", "aggregate") and not intent.measures and not intent.group_by
    assert intent.filters == filters


def test_a_short_value_said_as_one_after_is_stays_a_value(rules: pd.DataFrame) -> None:
    intent = parse(rules, "How many rows have rule_set In?", "dst_rules")
    assert intent.filters == [{"column": "rule_set", "op": "eq", "value": "In"}]


@pytest.fixture
def gdp() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quarter": pd.date_range("1978-01-01", periods=64, freq="QS"),
            "real_gdp": [1980.0 + 5 * i for i in range(64)],
            "unemployment_rate": [None, None] + [5.0 + (i % 9) for i in range(62)],
        }
    )


@pytest.mark.parametrize(
    "question",
    [
        "In how many quarters was unemployment above 8 percent?",
        "In wie vielen Quartalen lag die Arbeitslosenquote über 8 Prozent?",
    ],
)
def test_a_unit_after_a_bound_is_no_share(gdp: pd.DataFrame, question: str) -> None:
    intent = parse(gdp, question, "us_gdp")
    assert (intent.kind, intent.agg) == ("aggregate", "count")
    assert intent.filters == [{"column": "unemployment_rate", "op": "gt", "value": 8}]
    assert int((gdp["unemployment_rate"] > 8).sum()) == 34


@pytest.mark.parametrize(
    "question", ["How many quarters have no unemployment_rate?", "Wie viele Quartale haben keine unemployment_rate?"]
)
def test_quarters_with_no_measure_are_its_missing_rows(gdp: pd.DataFrame, question: str) -> None:
    intent = parse(gdp, question, "us_gdp")
    assert intent.filters == [{"column": "unemployment_rate", "op": "isnull", "value": None}]
    assert int(gdp["unemployment_rate"].isna().sum()) == 2


def test_a_followup_bound_inside_the_earlier_range_narrows_it(gdp: pd.DataFrame) -> None:
    before = parse(gdp, "average unemployment rate in the 1980s", "us_gdp")
    intent = parse(gdp, "and only from 1985 on?", "us_gdp", before)
    ops = sorted(f["op"] for f in intent.filters)
    assert ops == ["between", "ge"]


@pytest.mark.parametrize(
    "question", ["average of real_gdp for 1990 to 1994", "Yearly average of real_gdp for 1990 through 1994"]
)
def test_a_year_range_after_for_over_a_measure_holding_such_numbers(gdp: pd.DataFrame, question: str) -> None:
    """real_gdp holds values between 1990 and 1994 too; 'for' says the years."""
    intent = parse(gdp, question, "us_gdp")
    assert [(f["column"], f["op"]) for f in intent.filters] == [("quarter", "between")]
    assert intent.filters[0]["value"][0] == "1990-01-01"


def _run(tmp_path: Path, frame: pd.DataFrame, tool: str, args: dict) -> list[dict]:
    path = tmp_path / "t.parquet"
    frame.to_parquet(path)
    args = {"table": "t", **args}
    return build_registry().check(tool, args).run(Workspace([TableRef("t", path)]), args)


def test_one_cell_looked_up_is_said_first(tmp_path: Path) -> None:
    frame = pd.DataFrame({"quantity": ["speed of light", "electron mass"], "value": [299792458.0, 9.1e-31]})
    flt = [{"column": "quantity", "op": "eq", "value": "speed of light"}]
    out = _run(tmp_path, frame, "filter", {"filters": flt, "columns": ["value"]})
    first = next(r for r in out if r["kind"] == "scalar")
    assert (first["name"], first["value"]) == ("value", frame.loc[0, "value"])


def test_several_rows_looked_up_give_their_count_first(tmp_path: Path) -> None:
    frame = pd.DataFrame({"q": ["a", "a", "b"], "value": [1.0, 2.0, 3.0]})
    out = _run(
        tmp_path, frame, "filter", {"filters": [{"column": "q", "op": "eq", "value": "a"}], "columns": ["value"]}
    )
    first = next(r for r in out if r["kind"] == "scalar")
    assert first["value"] == int((frame["q"] == "a").sum())


@pytest.fixture
def constants() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quantity": ["speed of light in vacuum", "electron mass", "Avogadro constant"],
            "value": [299792458.0, 9.1093837139e-31, 6.02214076e23],
            "uncertainty": [None, 2.8e-40, None],
        }
    )


@pytest.mark.parametrize(
    "question",
    [
        "Welchen Wert hat 'speed of light in vacuum'?",
        "speed of light in vacuum 的数值是多少？",
        "speed of light in vacuum 的值是多少？",
    ],
)
def test_the_word_for_a_value_names_the_column_named_value(constants: pd.DataFrame, question: str) -> None:
    intent = parse(constants, question, "codata")
    assert intent.measures == ["value"]
    assert intent.filters == [{"column": "quantity", "op": "eq", "value": "speed of light in vacuum"}]


@pytest.mark.parametrize("question", ["Fehlende Werte je Spalte?", "每一列的缺失值有多少？"])
def test_missing_values_are_no_value_column(constants: pd.DataFrame, question: str) -> None:
    intent = parse(constants, question, "codata")
    assert intent.kind == "missing" and intent.measures == []


def test_a_values_first_word_that_says_a_count_is_no_value() -> None:
    """'number of blocks …' beside the block "Number Forms": a count, not that block."""
    frame = pd.DataFrame({"block": ["Basic Latin", "Latin Extended-A", "Latin Extended-B", "Number Forms"]})
    intent = parse(frame, "number of blocks whose name contains Latin", "unicode_blocks")
    assert intent.filters == [{"column": "block", "op": "contains", "value": "Latin"}]
    assert int(frame["block"].str.contains("Latin").sum()) == 3


def test_missing_values_per_column_beside_a_column_named_value(constants: pd.DataFrame) -> None:
    intent = parse(constants, "missing values per column", "codata")
    assert (intent.kind, intent.measures) == ("missing", [])
