"""Planner round 14 (issue 9): words a column's name consumes trigger no operation; short
function words are values only when said as one; the column named before 为/is decides a
value's column; "哪台" is "which"; the rows' own noun is counted; values in capitals."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from datapulse.agents.contract import TableRef
from datapulse.agents.planner.intent import Clarify
from datapulse.agents.tools import Workspace, build_registry
from tests.agents.planning import parse


@pytest.fixture
def stock() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": pd.date_range("1990-01-01", periods=48, freq="MS"),
            "fixed_capital": [float(100 + i) for i in range(48)],
            "stock_change": [float((i % 7) - 3) for i in range(48)],
        }
    )


@pytest.fixture
def signs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["0041", "0042", "0061", "20AC", "2190", "00A3"],
            "sign_name": ["A", "B", "a", "Euro", "arrowleft", "sterling"],
            "character_name": [
                "LATIN CAPITAL LETTER A",
                "LATIN CAPITAL LETTER B",
                "LATIN SMALL LETTER A",
                "EURO SIGN",
                "LEFTWARDS ARROW",
                "POUND SIGN",
            ],
        }
    )


@pytest.fixture
def regions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": ["no_x", "de", "de_AT", "fr_CH", "to", "as_IN", "en"],
            "lang": ["no", "de", "de", "fr", "to", "as", "en"],
            "country": [None, "DE", "AT", "CH", "TO", "IN", None],
            "writing": ["ltr", "ltr", "ltr", "ltr", "rtl", "rtl", "ltr"],
            "full_name": ["Norsk", "Deutsch", "Deutsch (AT)", "français (Suisse)", "Tonga", "Assamese", "English"],
        }
    )


@pytest.fixture
def rigs() -> pd.DataFrame:
    return pd.DataFrame(
        {"rig": [1, 1, 2, 2, 3, 3], "pressure": [10.0, 12.0, 20.0, 22.0, 15.0, 13.0]},
    )


def test_change_inside_a_column_name_is_no_change_between_periods(stock: pd.DataFrame) -> None:
    """'Mean stock change from January 1990 to December 1991' averages `stock_change` over the range."""
    intent = parse(stock, "Mean stock change from January 1990 to December 1991", "stocks")
    assert (intent.kind, intent.measures, intent.agg) == ("aggregate", ["stock_change"], "mean")
    assert [f["op"] for f in intent.filters] == ["between"]


@pytest.mark.parametrize(
    "question",
    ["Wie viele Zeichen haben 'CAPITAL LETTER' im character_name?", "character_name 包含 CAPITAL LETTER 的有多少个？"],
)
def test_characters_named_by_a_column_are_counted_not_measured(signs: pd.DataFrame, question: str) -> None:
    """'Zeichen' beside `character_name` and a capitalised 'LETTER' ask no text length."""
    try:
        intent = parse(signs, question, "signs")
    except Clarify:
        return  # asking back is fair; a mean length is not
    assert intent.agg == "count" and not intent.extra.get("derive")
    want = int(signs["character_name"].str.contains("CAPITAL LETTER").sum())
    assert intent.filters == [{"column": "character_name", "op": "contains", "value": "CAPITAL LETTER"}]
    assert want == 2


def test_a_number_of_characters_is_still_a_length(signs: pd.DataFrame) -> None:
    intent = parse(signs, "What is the average length of sign_name?", "signs")
    assert intent.measures == ["length of sign_name"]


@pytest.mark.parametrize(
    ("question", "flt"),
    [
        ("How many regions have no country?", {"column": "country", "op": "isnull", "value": None}),
        (
            "How many regions are written right-to-left (writing rtl)?",
            {"column": "writing", "op": "eq", "value": "rtl"},
        ),
        ("How many regions have lang 'no'?", {"column": "lang", "op": "eq", "value": "no"}),
        ("How many regions have country TO?", {"column": "country", "op": "eq", "value": "TO"}),
    ],
)
def test_short_function_words_are_values_only_when_said_as_one(regions: pd.DataFrame, question: str, flt: dict) -> None:
    intent = parse(regions, question, "regions")
    assert intent.filters == [flt]


def test_the_column_before_wei_decides_the_value(regions: pd.DataFrame) -> None:
    """'lang 为 de': `de` is in lang and (as DE) in country; the column named before 为 is meant."""
    intent = parse(regions, "lang 为 de 的 region 有多少个？", "regions")
    assert intent.filters == [{"column": "lang", "op": "eq", "value": "de"}]


def test_chinese_restated_value_accounts_for_the_words_before(regions: pd.DataFrame) -> None:
    intent = parse(regions, "有多少个 region 是从右往左书写的（writing 为 rtl）？", "regions")
    assert intent.filters == [{"column": "writing", "op": "eq", "value": "rtl"}]


@pytest.mark.parametrize("question", ["How many missing values does each column have?", "每一列各有多少个缺失值？"])
def test_missing_values_of_each_column_in_a_table_of_one_measure(question: str) -> None:
    frame = pd.DataFrame({"name": ["a", None, "c"], "note": [None, None, "x"], "n": [1, 2, 3]})
    intent = parse(frame, question)
    assert (intent.kind, intent.measures) == ("missing", [])


def test_the_missing_table_ends_with_the_count(tmp_path: Path) -> None:
    """The per-column table's last column (its value) is the count asked for, the share before it."""
    frame = pd.DataFrame({"a": [1.0, None, None], "b": ["x", None, "y"]})
    path = tmp_path / "t.parquet"
    frame.to_parquet(path)
    args = {"table": "t"}
    out = build_registry().check("missing_values", args).run(Workspace([TableRef("t", path)]), args)
    assert out[0]["columns"][-1] == "missing"
    assert [r[-1] for r in out[0]["rows"]] == frame.isna().sum().tolist()


@pytest.mark.parametrize("question", ["哪台 rig 的平均 pressure 最高？", "哪家 rig 的 pressure 平均值最高？"])
def test_which_with_a_classifier_is_an_arg_max(rigs: pd.DataFrame, question: str) -> None:
    intent = parse(rigs, question, "rigs")
    assert intent.group_by == ["rig"] and intent.measures == ["pressure"]
    assert (intent.agg, intent.n, intent.sort) == ("mean", 1, "desc")
    assert rigs.groupby("rig")["pressure"].mean().idxmax() == 2


def test_a_chinese_word_for_the_tables_rows_names_no_column(stock: pd.DataFrame) -> None:
    """投资 (investment) in the table `investment`: as "investment" in English, the rows, not one column."""
    frame = stock.rename(columns={"fixed_capital": "fixed_investment"})
    with pytest.raises(Clarify):
        parse(frame, "1991年的平均投资是多少？", "investment")
