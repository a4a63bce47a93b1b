"""Planner round 12 (issue 9): the searched text of a Chinese "含有…的", a column numbering the
rows named by the word for the rows ("cases", "病例"), "the 3 cases with the largest …"."""

from __future__ import annotations

import pandas as pd
import pytest

from datapulse.agents.planner.columns import ColumnIndex
from datapulse.agents.planner.intent import Clarify, Intent
from datapulse.agents.planner.rules import parse_question
from datapulse.agents.planner.scan import detect_language


def parse(frame: pd.DataFrame, question: str, table: str = "t", previous: Intent | None = None) -> Intent:
    return parse_question(question, ColumnIndex.build(frame), table, detect_language(question), previous)


@pytest.fixture
def lexers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Django", "Jinja", "JSON", "SQL", "MySQL", "Python"],
            "module": ["templates", "templates", "data", "sql", "sql", "python"],
            "mimetypes": ["text/django", None, "application/json", "text/x-sql", "text/x-mysql", "text/x-yaml"],
        }
    )


@pytest.fixture
def cases() -> pd.DataFrame:
    n = 12
    return pd.DataFrame(
        {
            "case": range(1, n + 1),
            "diagnosis": ["constrict", "no_constrict"] * (n // 2),
            "rate": [0.5 + 0.25 * i for i in range(n)],
            "volume": [3.7, 0.4, 1.25, 2.35, 0.8, 1.9, 0.3, 1.6, 2.0, 0.9, 1.1, 0.6],
        }
    )


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("mimetypes中含有json的lexer有多少个？", "json"),
        ("name中包含Django的有几个？", "Django"),
        ("mimetypes里带yaml的有几个？", "yaml"),
    ],
)
def test_chinese_contains_takes_the_searched_text_only(lexers: pd.DataFrame, question: str, value: str) -> None:
    intent = parse(lexers, question, "lexers")
    assert [str(f["value"]).lower() for f in intent.filters if f["op"] == "contains"] == [value.lower()]


def test_chinese_has_how_many_inside_is_no_text_filter(lexers: pd.DataFrame) -> None:
    intent = parse(lexers, "templates模块里有多少个lexer？", "lexers")
    assert intent.filters == [{"column": "module", "op": "eq", "value": "templates"}]
    assert intent.agg == "count"


@pytest.mark.parametrize(
    "question",
    ["diagnosis为constrict的病例，volume的中位数是多少？", "What is the median volume for the constrict cases?"],
)
def test_the_row_numbering_column_is_no_measure_beside_a_named_one(cases: pd.DataFrame, question: str) -> None:
    intent = parse(cases, question)
    assert intent.measures == ["volume"] and intent.agg == "median"


def test_a_share_of_cases_is_a_share_of_rows_not_of_case_numbers(cases: pd.DataFrame) -> None:
    intent = parse(cases, "Among cases with a volume above 1.5, what percentage were diagnosed constrict?")
    assert intent.kind == "share" and intent.measures == []


def test_largest_value_among_cases_without_which_is_the_value(cases: pd.DataFrame) -> None:
    intent = parse(cases, "Largest volume among no_constrict cases?")
    assert (intent.kind, intent.agg, intent.measures) == ("aggregate", "max", ["volume"])
    assert "label" not in intent.extra


def test_which_case_still_names_the_case(cases: pd.DataFrame) -> None:
    intent = parse(cases, "Which case has the highest rate?")
    assert intent.group_by == ["case"] or intent.extra.get("label") == "case"


@pytest.mark.parametrize("question", ["The 3 cases with the largest volume", "the 4 cases with the smallest volume"])
def test_n_cases_with_the_largest_is_a_ranking_not_case_n(cases: pd.DataFrame, question: str) -> None:
    intent = parse(cases, question)
    assert intent.kind == "top_n" and intent.n in (3, 4) and intent.measures == ["volume"]
    assert not [f for f in intent.filters if f["column"] == "case"]


# follow-ups -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["now only diagnosis = constrict", "Jetzt nur diagnosis = constrict.", "只看constrict呢？"]
)
def test_narrowing_with_nothing_before_it_is_asked_back(cases: pd.DataFrame, question: str) -> None:
    with pytest.raises(Clarify) as asked:
        parse(cases, question)
    assert asked.value.reason == "no_previous"


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("How many cases have a rate above 1?", "Only those without constriction?"),
        ("Wie viele Fälle haben eine Rate über 1?", "Nur die ohne Verengung?"),
    ],
)
def test_a_narrowing_follow_up_read_as_nothing_new_is_asked_back(cases: pd.DataFrame, first: str, then: str) -> None:
    before = parse(cases, first)
    with pytest.raises(Clarify) as asked:
        parse(cases, then, previous=before)
    assert "diagnosis" in asked.value.candidates


def test_a_narrowing_follow_up_that_narrows_still_answers(cases: pd.DataFrame) -> None:
    before = parse(cases, "How many cases have a rate above 1?")
    then = parse(cases, "Only the no_constrict ones?", previous=before)
    assert {"column": "diagnosis", "op": "eq", "value": "no_constrict"} in then.filters
