"""Planner round 11 (issue 9): numbers said of text columns matched as the column writes them,
follow-ups that narrow nothing, verbs naming one of two date columns, a column's second word,
shares of missing values, one value at a period, text told apart by case, a text of a row."""

from __future__ import annotations

import pandas as pd
import pytest

from datapulse.agents.planner.intent import Clarify
from datapulse.agents.planner.plan import plan_for
from datapulse.agents.tools.base import ToolError, filter_mask
from tests.agents.planning import parse, run_sql


@pytest.fixture
def modules() -> pd.DataFrame:
    """Versions written as text, "3.1" beside "3.10"; most modules never removed."""
    added = ["3.0"] * 6 + ["3.1", "3.10", "3.10", "3.11", "3.12", "3.12"]
    removed = [None] * 9 + ["3.12", "3.12", "3.11"]
    return pd.DataFrame(
        {"module": [f"m{i}" for i in range(12)], "added_in": added, "removed_after": removed}, dtype="string"
    )


@pytest.fixture
def certs() -> pd.DataFrame:
    days = pd.date_range("2000-01-01", periods=8, freq="400D")
    return pd.DataFrame(
        {
            "name": [f"CA {i}" for i in range(8)],
            "key_type": ["RSA", "EC"] * 4,
            "key_bits": [2048, 256, 4096, 384, 2048, 256, 4096, 384],
            "valid_from": days,
            "valid_until": days + pd.Timedelta(days=9000),
        }
    )


# a number said of a text column ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("How many modules have added_in = 3.0?", "3.0"),
        ("Wie viele Module haben added_in = 3.0?", "3.0"),
        ("added_in 为 3.11 的模块有几个？", "3.11"),
        ("How many modules have removed_after equal to 3.12?", "3.12"),
        ("count modules with added_in 3.0", "3.0"),
        ("How many modules have added_in 3.10?", "3.10"),  # not 3.1, which is the same number
        ("How many modules have added_in 3.1?", "3.1"),
    ],
)
def test_a_number_said_of_a_text_column_is_the_columns_own_text(
    modules: pd.DataFrame, question: str, value: str
) -> None:
    intent = parse(modules, question)
    assert [f for f in intent.filters if f["column"] in ("added_in", "removed_after")] == [
        {"column": f["column"], "op": "eq", "value": value} for f in intent.filters
    ]


def test_a_number_the_text_column_does_not_hold_is_asked_about(modules: pd.DataFrame) -> None:
    with pytest.raises(Clarify) as asked:
        parse(modules, "How many modules have added_in = 3.99?")
    assert asked.value.reason == "which_value" and "3.10" in asked.value.candidates


def test_the_tool_matches_a_number_with_the_one_text_written_for_it() -> None:
    frame = pd.DataFrame({"v": pd.Series(["3.0", "3.0", "3.1", "3.10"], dtype="string")})
    assert filter_mask(frame, [{"column": "v", "op": "eq", "value": 3}]).tolist() == [True, True, False, False]
    with pytest.raises(ToolError):  # 3.1 is "3.1" and "3.10": never silently no rows
        filter_mask(frame, [{"column": "v", "op": "eq", "value": 3.1}])


# missing and present values -------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["What percentage of modules have removed_after missing?", "removed_after 缺失的模块占百分之多少？"]
)
def test_a_share_of_missing_values_is_the_share_of_rows_without_one(modules: pd.DataFrame, question: str) -> None:
    intent = parse(modules, question)
    assert intent.kind == "percent"
    assert intent.extra["where"] == [{"column": "removed_after", "op": "isnull", "value": None}]


@pytest.mark.parametrize(
    "question", ["How many modules have a removed_after value?", "有 removed_after 值的模块有多少个？"]
)
def test_having_a_value_of_a_column_keeps_the_rows_with_one(modules: pd.DataFrame, question: str) -> None:
    intent = parse(modules, question)
    assert intent.filters == [{"column": "removed_after", "op": "notnull", "value": None}]


# follow-ups -------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["only the RSA ones?", "Nur die mit RSA-Schlüssel?", "只看 RSA 呢？"])
def test_narrowing_nothing_before_it_is_asked_back(certs: pd.DataFrame, question: str) -> None:
    with pytest.raises(Clarify) as asked:
        parse(certs, question)
    assert asked.value.reason == "no_previous"


def test_a_unit_after_the_number_naming_the_compared_column_is_no_measure() -> None:
    frame = pd.DataFrame({"studytime": [1, 5, 9, 12], "age": [50, 56, 60, 70], "drug": [1, 2, 2, 3]})
    first = parse(frame, "年龄大于55岁的患者平均 studytime 是多少？")
    assert first.measures == ["studytime"] and first.filters == [{"column": "age", "op": "gt", "value": 55}]
    then = parse(frame, "只看 drug 2 呢？", previous=first)
    assert then.measures == ["studytime"]
    assert {"column": "age", "op": "gt", "value": 55} in then.filters
    assert {"column": "drug", "op": "eq", "value": 2} in then.filters


# columns ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "column"),
    [
        ("How many roots expire in 2038?", "valid_until"),
        ("Wie viele Roots laufen 2038 ab?", "valid_until"),
        ("How many CAs became valid in 2021?", "valid_from"),
        ("How many certificates expire in 2038?", "valid_until"),  # a CA table's rows are certificates
        ("Wie viele Zertifikate laufen 2038 ab?", "valid_until"),
        ("2038年到期的证书有多少个？", "valid_until"),
    ],
)
def test_a_verb_for_the_end_or_start_names_that_date_column(certs: pd.DataFrame, question: str, column: str) -> None:
    intent = parse(certs, question, table="root_cas")
    assert [f["column"] for f in intent.filters] == [column]


@pytest.mark.parametrize("question", ["按密钥类型统计平均密钥长度（key_bits）", "average key_bits by key type"])
def test_the_word_after_a_shared_word_names_one_column(certs: pd.DataFrame, question: str) -> None:
    intent = parse(certs, question)
    assert intent.group_by == ["key_type"] and intent.measures == ["key_bits"]


def test_a_length_after_a_word_naming_a_number_column_is_no_text_length(certs: pd.DataFrame) -> None:
    try:
        intent = parse(certs, "按密钥类型统计平均密钥长度")
    except Clarify:
        return
    assert not intent.extra.get("derive")


# one value --------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["What was gnp in 1987 Q4?", "1987年第四季度的 gnp 是多少？"])
def test_a_value_at_a_quarter_of_quarterly_rows_is_that_value(question: str) -> None:
    frame = pd.DataFrame(
        {"date": pd.date_range("1983-01-01", periods=20, freq="QS"), "gnp": [3000.0 + 49.15 * i for i in range(20)]}
    )
    frame["M1"] = frame["gnp"] / 7
    intent = parse(frame, question)
    assert run_sql(intent, frame) == [(frame["gnp"].iloc[-1],)]


def test_a_text_column_of_the_picked_row_is_its_value() -> None:
    names = ["Switzerland", *(f"Land{i}" for i in range(59))]
    codes = ["CHE", *(f"L{i:02d}" for i in range(59))]
    frame = pd.DataFrame({"Country Name": names, "Country Code": codes, "rate": [1.5 + i / 7 for i in range(60)]})
    for question in ("What is the Country Code of Switzerland?", "瑞士的国家代码是什么？"):
        assert plan_for(parse(frame, question))[0]["tool"] == "filter", question


# text told apart by case ------------------------------------------------------------------------


def test_a_text_in_a_column_told_apart_by_case_is_matched_as_written() -> None:
    frame = pd.DataFrame({"pinyin": ["zhong1 guo2", "Zhong1 shan1", "zhong1", "Zhong1", "da4"]}, dtype="string")
    intent = parse(frame, "How many rows have a pinyin starting with 'zhong1'?")
    (f,) = intent.filters
    assert f["op"] == "startswith" and f.get("case") is True
    assert filter_mask(frame, intent.filters).sum() == 2
    assert filter_mask(frame, [{**f, "case": False}]).sum() == 4


def test_a_text_column_without_case_pairs_matches_either_case() -> None:
    frame = pd.DataFrame({"name": ["Dallas County", "Harris County", "Austin"]}, dtype="string")
    intent = parse(frame, "How many names contain 'county'?")
    assert not any(f.get("case") for f in intent.filters)


@pytest.mark.parametrize("question", ["Number of modules per added_in version", "按 added_in 版本统计模块数量"])
def test_version_after_a_column_describes_that_column(modules: pd.DataFrame, question: str) -> None:
    intent = parse(modules, question)
    assert (intent.kind, intent.group_by) == ("aggregate", ["added_in"])
