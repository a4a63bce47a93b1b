"""Planner round 12 (issue 9): the searched text of a Chinese "含有…的", a column numbering the
rows named by the word for the rows ("cases", "病例"), "the 3 cases with the largest …"."""

from __future__ import annotations

import pandas as pd
import pytest

from datapulse.agents.planner.intent import Clarify
from tests.agents.planning import parse


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


# which column answers, quoted capitals --------------------------------------------------------


@pytest.fixture
def zones() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "countries": ["AD", "AE,OM,RE", "AF", "AQ"],
            "tz": ["Europe/Andorra", "Asia/Dubai", "Asia/Kabul", "Antarctica/Casey"],
            "comment": [None, "Crozet", None, "Casey"],
        }
    )


@pytest.mark.parametrize(
    "question",
    [
        "Which tz has the comment Crozet?",
        "Welche Zeitzone hat den Kommentar „Crozet“?",
        "哪个时区的comment是Crozet？",
    ],
)
def test_which_column_of_the_rows_found_is_the_one_shown(zones: pd.DataFrame, question: str) -> None:
    intent = parse(zones, question)
    assert intent.kind == "filter" and intent.measures == ["tz"]
    assert intent.filters == [{"column": "comment", "op": "eq", "value": "Crozet"}]


@pytest.mark.parametrize(
    "question", ["Wie viele Lexer haben „SQL“ im Namen?", 'How many lexers have "SQL" in the name?']
)
def test_quoted_capitals_are_searched_as_written(lexers: pd.DataFrame, question: str) -> None:
    intent = parse(lexers, question, "lexers")
    assert [f for f in intent.filters if f["op"] == "contains"] == [
        {"column": "name", "op": "contains", "value": "SQL", "case": True}
    ]


@pytest.mark.parametrize(
    ("question", "op"),
    [
        ("有备注（comment）的时区占多少百分比？", "notnull"),
        ("有comment的时区有多少个？", "notnull"),
    ],
)
def test_chinese_having_a_text_column_keeps_the_rows_with_a_value(zones: pd.DataFrame, question: str, op: str) -> None:
    intent = parse(zones, question)
    where = intent.extra.get("where") or intent.filters
    assert where == [{"column": "comment", "op": op, "value": None}]


def test_which_group_offers_the_grouping_columns() -> None:
    frame = pd.DataFrame(
        {"id": range(1, 9), "A": list("aabbaabb"), "B": list("abababab"), "DV": [7, 3, 6, 5, 4, 8, 2, 9]}
    )
    with pytest.raises(Clarify) as asked:
        parse(frame, "Which group scores best?")
    assert {"A", "B"} <= set(asked.value.candidates)


def test_a_value_also_listed_inside_cells_is_asked_back_when_written_equal() -> None:
    """(Round 13: "AU 有多少个时区" is a list membership, tests/agents/test_planner_round13.py;
    "countries = AU" written out could still mean the cell itself.)"""
    frame = pd.DataFrame(
        {"countries": ["AU", "AU", "AE,AU", "AD", "AE,OM", "AQ,AU", "AD,FR"], "tz": [f"z{i}" for i in range(7)]}
    )
    with pytest.raises(Clarify) as asked:
        parse(frame, "How many rows have countries = AU?")
    assert asked.value.reason == "two_readings" and "countries lists AU" in asked.value.candidates


@pytest.mark.parametrize(
    "question",
    [
        "What was the average monthly sunspot number over 1900-1999?",
        "Durchschnittliche monatliche sunspot_number von 1900 bis 1999?",
        "1900年到1999年平均每月的sunspot_number是多少？",
    ],
)
def test_average_monthly_over_monthly_rows_is_one_mean(question: str) -> None:
    months = pd.date_range("1890-01-01", periods=12 * 120, freq="MS")
    frame = pd.DataFrame({"month": months, "sunspot_number": [float(i % 97) for i in range(len(months))]})
    intent = parse(frame, question)
    assert (intent.kind, intent.agg, intent.measures, intent.group_by) == ("aggregate", "mean", ["sunspot_number"], [])
