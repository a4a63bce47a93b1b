"""Planner round 21, tuned on blind19: "condition names contain 'invalid'" / "condition-Namen
enthalten" / "condition 名称中包含" searches the column named before the word for names, not the
table's one column called a name; "macros contain TRANSACTION" searches the text written, not the
whole value of another column the word is part of."""

from __future__ import annotations

import pandas as pd
import pytest

from datapulse.agents.planner.intent import Clarify
from tests.agents.planning import parse, run_sql


@pytest.fixture
def codes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sqlstate": ["00000", "01000", "25001", "25P01", "22023", "22P02", "40001", "42704"],
            "class_name": [
                "Successful Completion",
                "Warning",
                "Invalid Transaction State",
                "Invalid Transaction State",
                "Data Exception",
                "Data Exception",
                "Transaction Rollback",
                "Syntax Error",
            ],
            "macro": [
                "ERRCODE_SUCCESSFUL_COMPLETION",
                "ERRCODE_WARNING",
                "ERRCODE_ACTIVE_SQL_TRANSACTION",
                "ERRCODE_NO_ACTIVE_SQL_TRANSACTION",
                "ERRCODE_INVALID_PARAMETER_VALUE",
                "ERRCODE_INVALID_TEXT_REPRESENTATION",
                "ERRCODE_T_R_SERIALIZATION_FAILURE",
                "ERRCODE_UNDEFINED_OBJECT",
            ],
            "condition": [
                "successful_completion",
                "warning",
                "active_sql_transaction",
                "no_active_sql_transaction",
                "invalid_parameter_value",
                "invalid_text_representation",
                "serialization_failure",
                "undefined_object",
            ],
        }
    )


def _count(frame: pd.DataFrame, question: str) -> int:
    intent = parse(frame, question)
    assert intent.kind != "clarify", intent
    return int(run_sql(intent, frame)[0][0]) if intent.kind == "sql" else _rows(frame, intent)


def _rows(frame: pd.DataFrame, intent) -> int:  # type: ignore[no-untyped-def]
    assert intent.agg == "count" or intent.extra.get("count_only"), intent
    (f,) = intent.filters
    assert f["op"] == "contains"
    return int(frame[f["column"]].str.contains(f["value"], case=False, regex=False).sum())


@pytest.mark.parametrize(
    "question",
    [
        'How many condition names contain "invalid"?',
        "Wie viele condition-Namen enthalten invalid?",
        'condition 名称中包含 "invalid" 的有多少个?',
    ],
)
def test_column_names_contain_searches_that_column(codes: pd.DataFrame, question: str) -> None:
    want = int(codes["condition"].str.contains("invalid").sum())
    intent = parse(codes, question)
    assert [f["column"] for f in intent.filters] == ["condition"]
    assert _count(codes, question) == want


@pytest.mark.parametrize(
    "question",
    [
        "How many macros contain TRANSACTION?",
        "Wie viele Makronamen (macro) enthalten TRANSACTION?",
        "macro 包含 TRANSACTION 的有多少个?",
    ],
)
def test_contains_a_word_of_another_columns_value_searches_the_word(codes: pd.DataFrame, question: str) -> None:
    want = int(codes["macro"].str.contains("TRANSACTION").sum())
    intent = parse(codes, question)
    assert intent.filters == [{"column": "macro", "op": "contains", "value": "TRANSACTION"}]
    assert _count(codes, question) == want


@pytest.fixture
def zones() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "abbrev": ["UTC", "CET", "CEST", "EST", "EDT", "JST", "IST", "AEST"],
            "region": ["Etc", "Europe", "Europe", "America", "America", "Asia", "Asia", "Australia"],
            "utc_offset_s": [0, 3600, 7200, -18000, -14400, 32400, 19800, 36000],
        }
    )


@pytest.mark.parametrize(
    "question",
    ["average UTC offset by region", "durchschnittlicher UTC-Offset je region", "各地区的平均 UTC 偏移量是多少?"],
)
def test_a_word_of_a_named_columns_name_is_no_value(zones: pd.DataFrame, question: str) -> None:
    """'UTC' is part of `utc_offset_s`'s name, not the abbreviation 'UTC' kept as a filter."""
    intent = parse(zones, question)
    assert intent.kind == "aggregate" and intent.filters == [], intent
    assert intent.group_by == ["region"] and intent.measures == ["utc_offset_s"] and intent.agg == "mean"


@pytest.mark.parametrize(
    "question",
    [
        "What is the spread between the highest and lowest UTC offset?",
        "Wie groß ist die Differenz zwischen dem höchsten und dem niedrigsten UTC-Offset?",
        "最高和最低 UTC 偏移量之差是多少?",
    ],
)
def test_difference_between_highest_and_lowest_is_the_range(zones: pd.DataFrame, question: str) -> None:
    want = zones["utc_offset_s"].max() - zones["utc_offset_s"].min()
    intent = parse(zones, question)
    assert intent.kind == "sql", intent
    assert run_sql(intent, zones)[0][0] == want


@pytest.fixture
def gaps() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "version": ["5.000", "5.001", "5.002", "5.003", "5.004", "5.005"],
            "gap_days": pd.array([None, 148, 0, 0, 224, 31], dtype="Int64"),
        }
    )


@pytest.mark.parametrize(
    "question",
    [
        "How many rows have no gap_days value?",
        "Wie viele Zeilen haben keinen gap_days-Wert?",
        "有多少行没有 gap_days 值?",
    ],
)
def test_no_column_value_is_missing_not_zero(gaps: pd.DataFrame, question: str) -> None:
    """'no gap_days value' over a column with a missing value and zeros: the missing one, not the zeros."""
    want = int(gaps["gap_days"].isna().sum())
    try:
        intent = parse(gaps, question)
    except Clarify:
        assert question.startswith("有"), question  # asking back is no wrong answer; EN and DE read it
        return
    assert intent.filters == [{"column": "gap_days", "op": "isnull", "value": None}], intent
    assert want == 1


@pytest.mark.parametrize("question", ["top 3 classes by number of codes", "Anzahl Codes je Klasse"])
def test_one_word_of_a_name_said_alone_does_not_pick_it_out(codes: pd.DataFrame, question: str) -> None:
    """'codes' (the rows counted) is one word of `class_code`: it does not settle which of
    `class_code` and `class_name` 'classes' names; both fit, so the planner asks."""
    per_name = codes.groupby("class_name").size()
    per_code = codes.assign(class_code=codes["sqlstate"].str[:2]).groupby("class_code").size()
    assert sorted(per_name) == sorted(per_code)  # the same counts, told by two different keys
    with pytest.raises(Clarify) as asked:
        parse(codes.assign(class_code=codes["sqlstate"].str[:2]), question)
    assert {"class_code", "class_name"} <= set(asked.value.candidates)
