"""Planner round 18 (issue 9): a named standard deviation beats the vague "spread"; a column
numbering the rows named in the plural ("subjects") or after 的 ("的学生") is the rows, never a
measure, the row of an extreme or a column a condition is on; "the top X value" is the highest;
German compounds ending in a word for type ("Fahrzeugtyp", "Sendungsart") name the type column;
rows counted per a column that names each row ask what is counted; "(Median)" restates a middle
word; "the median of the X values" is a statistic; broad words for a reduction, a hospital stay in
days, a result (`res`), jobs and prestige; words that name nothing ("vary", "rating",
"gemessene") and "I mean" (no average)."""

from __future__ import annotations

import pandas as pd
import pytest

from datapulse.agents.planner.intent import Clarify
from tests.agents.planning import parse


@pytest.fixture
def trial() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "subject": [1, 2, 3, 4, 5, 6, 7, 8],
            "arm": ["a", "b", "a", "b", "a", "b", "a", "b"],
            "reduction": [3, 1, 4, 1, 5, 9, 2, 6],
        }
    )


@pytest.fixture
def prices() -> pd.DataFrame:
    return pd.DataFrame({"year": [2001, 2001, 2001, 2002, 2002], "price": [3.0, 7.5, 4.25, 9.0, 1.0]})


@pytest.fixture
def fleet() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "vehicle": ["van1", "van2", "car1", "car2", "bus1", "bus2"],
            "type": ["van", "van", "car", "car", "bus", "bus"],
            "price": [30, 34, 20, 26, 90, 80],
            "status": [70, 60, 80, 85, 40, 50],
        }
    )


def _rows(frame: pd.DataFrame, intent) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    keep = pd.Series(True, index=frame.index)
    for f in intent.filters:
        col = frame[f["column"]]
        keep &= {"eq": col == f["value"], "ge": col >= f["value"], "gt": col > f["value"]}[f["op"]]
    return frame[keep]


def _value(frame: pd.DataFrame, intent) -> float:  # type: ignore[no-untyped-def]
    assert intent.kind == "aggregate" and not intent.group_by and len(intent.measures) == 1
    return float(_rows(frame, intent)[intent.measures[0]].agg(intent.agg))


def test_a_named_standard_deviation_beats_spread(prices: pd.DataFrame) -> None:
    intent = parse(prices, "How spread out was the price in 2001 (standard deviation)?")
    assert _value(prices, intent) == pytest.approx(prices.loc[prices["year"] == 2001, "price"].std())


def test_the_extreme_among_rows_named_in_the_plural_is_a_value(trial: pd.DataFrame) -> None:
    trial = trial.rename(columns={"arm": "treatment"}).replace({"a": "mental", "b": "physical"})
    intent = parse(trial, "What's the lowest reduction among the physical-treatment subjects?")
    assert _value(trial, intent) == trial.loc[trial["treatment"] == "physical", "reduction"].min()


def test_a_follow_up_counting_the_rows_keeps_the_measure(trial: pd.DataFrame) -> None:
    before = parse(trial, "What is the average reduction by arm?")
    intent = parse(trial, "Now only counting subjects with a reduction of at least 3.", previous=before)
    assert intent.measures == ["reduction"] and intent.group_by == ["arm"] and intent.agg == "mean"
    assert intent.filters == [{"column": "reduction", "op": "ge", "value": 3}]


def test_the_rows_noun_after_de_is_the_rows_counted(trial: pd.DataFrame) -> None:
    trial = trial.rename(columns={"subject": "patient"})
    intent = parse(trial, "reduction至少为4的病人有几个？")
    assert intent.kind in ("count", "aggregate") and intent.agg in (None, "count") and not intent.group_by
    assert len(_rows(trial, intent)) == (trial["reduction"] >= 4).sum()


def test_a_share_of_the_rows_noun_after_de_is_never_per_row_number(trial: pd.DataFrame) -> None:
    trial = trial.rename(columns={"subject": "patient"})
    try:
        intent = parse(trial, "reduction只有1的病人占百分之多少？")
    except Clarify:
        return  # asking is fine; a share of each patient number is not
    assert "patient" not in intent.group_by


@pytest.mark.parametrize(
    ("question", "agg"),
    [
        ("Was ist der höchste Preis pro Fahrzeugtyp?", "max"),
        ("Wie hoch ist der mittlere Preis je Fahrzeugsart?", "mean"),
    ],
)
def test_a_german_compound_ending_in_type_names_the_type_column(fleet: pd.DataFrame, question: str, agg: str) -> None:
    intent = parse(fleet, question)
    assert (intent.kind, intent.agg, intent.measures, intent.group_by) == ("aggregate", agg, ["price"], ["type"])


def test_the_top_value_is_the_highest(fleet: pd.DataFrame) -> None:
    try:
        intent = parse(fleet, "For each type of vehicle, what's the top price value?")
    except Clarify:
        return  # the highest or the top ten of the means: asking is fine, the mean is not
    assert intent.agg == "max" and intent.group_by == ["type"]


@pytest.mark.parametrize(
    "question", ["Welcher Beruf hat die meisten Beschäftigten?", "Which occupation has the most employees?"]
)
def test_rows_counted_per_a_column_naming_each_row_ask(question: str) -> None:
    jobs = pd.DataFrame({"occupation": ["cook", "pilot", "clerk", "nurse", "judge"], "income": [1, 2, 3, 4, 5]})
    with pytest.raises(Clarify):
        parse(jobs, question)


def test_median_in_brackets_restates_a_middle_word() -> None:
    stays = pd.DataFrame({"days": [1, 2, 3, 4, 40], "ward": ["a", "b", "a", "b", "a"]})
    intent = parse(stays, "Wie lang ist der mittlere Aufenthalt (Median) in Tagen?")
    assert _value(stays, intent) == stays["days"].median()


def test_the_median_of_the_values_is_a_statistic() -> None:
    lab = pd.DataFrame({"res": [1.0, 2.5, 2.5, 9.0], "score": [1.0, 2.5, 2.5, 9.0]})
    intent = parse(lab, "What's the median of the score values?")
    assert _value(lab, intent) == lab["score"].median()
    result = parse(lab[["res"]], "What's the median of the result values?")
    assert _value(lab, result) == lab["res"].median()


@pytest.mark.parametrize(
    "question",
    ["每种treatment的平均减压程度是多少？", "Wie hoch ist die durchschnittliche Reduktion je Behandlung?"],
)
def test_words_for_a_reduction_and_a_treatment(trial: pd.DataFrame, question: str) -> None:
    intent = parse(trial.rename(columns={"arm": "treatment"}), question)
    assert (intent.agg, intent.measures, intent.group_by) == ("mean", ["reduction"], ["treatment"])


@pytest.mark.parametrize(
    "question",
    ["What's the median hospital stay?", "住院天数的中位数是多少？", "Wie groß ist der Median der Krankenhaustage?"],
)
def test_words_for_a_stay_in_days(question: str) -> None:
    kidney = pd.DataFrame({"days": [0, 2, 1, 14, 5, 3], "weight": [1, 1, 2, 2, 3, 3], "case": list("abcdef")})
    intent = parse(kidney, question)
    assert _value(kidney, intent) == kidney["days"].median()


@pytest.mark.parametrize(
    "question", ["Which jobs have the highest price?", "Show me the three most prestigious vehicles."]
)
def test_words_for_jobs_and_prestige(question: str) -> None:
    staff = pd.DataFrame(
        {"occupation": ["cook", "pilot", "clerk", "nurse"], "prestige": [30, 90, 40, 70], "price": [1, 2, 3, 4]}
    )
    intent = parse(staff, question.replace("price", "prestige").replace("vehicles", "occupations"))
    assert intent.measures == ["prestige"] and intent.sort == "desc"


@pytest.mark.parametrize(
    ("question", "agg"),
    [
        ("How much does the price vary? I mean the standard deviation.", "std"),
        ("How much does the price vary across vehicles? Standard deviation, please.", "std"),
        ("What's the average status rating?", "mean"),
        ("Was ist der größte gemessene Preis?", "max"),
    ],
)
def test_words_that_name_nothing_and_i_mean(fleet: pd.DataFrame, question: str, agg: str) -> None:
    intent = parse(fleet, question)
    assert intent.agg == agg
    assert _value(fleet, intent) == pytest.approx(fleet[intent.measures[0]].agg(agg))
