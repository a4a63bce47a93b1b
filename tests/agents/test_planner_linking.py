"""The rule planner on tables it was never tuned for: columns named by exact words before
similar spellings, a table's one measure, the rows' own nouns, follow-ups that say "of
them", text values named by their first word, and sums across two columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from datapulse.agents.planner.columns import ColumnIndex
from datapulse.agents.planner.intent import Clarify, Intent
from tests.agents.planning import parse


@pytest.fixture
def airports() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 120
    return pd.DataFrame(
        {
            "faa": [f"A{k:03d}" for k in range(n)],
            "name": [f"Field {k} Regional" if k % 3 else f"Field {k}" for k in range(n)],
            "lat": rng.uniform(20, 70, n),
            "lon": rng.uniform(-160, -70, n),
            "alt": rng.integers(0, 9000, n),  # whole feet: a measure, not an identifier
            "tzone": rng.choice(["America/New_York", "America/Chicago"], n),
        }
    )


def test_an_exact_abbreviation_beats_a_similar_spelling(airports: pd.DataFrame) -> None:
    """'altitude' is `alt` (an abbreviation of the word), not `lat` (spelled like latitude)."""
    intent = parse(airports, "Which airport has the highest altitude?", "airports")
    assert intent.kind == "top_n" and intent.measures == ["alt"] and intent.extra["label"] == "name"


def test_top_n_of_named_rows_shows_their_name(airports: pd.DataFrame) -> None:
    intent = parse(airports, "top 5 airports by altitude", "airports")
    assert intent.n == 5 and intent.extra["columns"] == ["name", "alt"]


def test_text_in_their_name(airports: pd.DataFrame) -> None:
    intent = parse(airports, "How many airports have 'Regional' in their name?", "airports")
    assert intent.filters == [{"column": "name", "op": "contains", "value": "Regional"}]


def test_rows_that_have_a_text_value() -> None:
    frame = pd.DataFrame({"id": range(6), "Comments": ["x", None, "y", None, None, "z"]})
    intent = parse(frame, "how many rows have a comment?")
    assert intent.filters == [{"column": "Comments", "op": "notnull", "value": None}]


def test_of_them_keeps_the_earlier_rows() -> None:
    frame = pd.DataFrame({"GPA": [2.5, 3.1, 3.6, 2.9], "PSI": [1, 0, 1, 1], "GRADE": [0, 1, 1, 0]})
    first = parse(frame, "how many rows have PSI = 1?")
    intent = parse(frame, "how many of them have GRADE = 1?", previous=first)
    assert {"column": "PSI", "op": "eq", "value": 1} in intent.filters
    assert {"column": "GRADE", "op": "eq", "value": 1} in intent.filters


def test_of_them_in_chinese_keeps_the_earlier_rows(airports: pd.DataFrame) -> None:
    first = parse(airports, "America/Chicago 时区有多少个机场？", "airports")
    intent = parse(airports, "它们的平均海拔是多少？", "airports", previous=first)
    assert intent.measures == ["alt"] and intent.filters == first.filters


def test_how_many_of_them_did_a_flag_counts_the_flag() -> None:
    frame = pd.DataFrame({"age": [20, 30, 25, 41], "race": ["white", "black", "white", "other"], "smoke": [1, 0, 0, 1]})
    first = parse(frame, "how many rows have race = white?", "lbw")
    intent = parse(frame, "and how many of them smoked?", "lbw", previous=first)
    assert intent.agg == "count" and {"column": "smoke", "op": "eq", "value": 1} in intent.filters


@pytest.fixture
def monthly() -> pd.DataFrame:
    dates = pd.date_range("2007-01-01", periods=36, freq="MS")
    return pd.DataFrame({"DATE": dates, "STS.M.I7": np.linspace(90, 120, 36)})


@pytest.mark.parametrize("question", ["monthly values in 2008", "2008年每个月的数值"])
def test_monthly_values_of_a_one_measure_table(monthly: pd.DataFrame, question: str) -> None:
    intent = parse(monthly, question)
    assert intent.kind == "trend" and intent.measures == ["STS.M.I7"] and intent.extra["freq"] == "month"


@pytest.mark.parametrize(
    "question",
    ["which month had the highest value?", "In welchem Monat war der Wert am höchsten?", "哪个月的数值最高？"],
)
def test_the_value_names_the_one_measure(monthly: pd.DataFrame, question: str) -> None:
    assert parse(monthly, question).measures == ["STS.M.I7"]


@pytest.mark.parametrize("question", ["yearly average of the index", "Jahresdurchschnitt des Index"])
def test_yearly_average_carries_its_mean(monthly: pd.DataFrame, question: str) -> None:
    intent = parse(monthly, question)
    assert intent.kind == "trend" and intent.agg == "mean" and intent.extra["freq"] == "year"


def test_german_word_for_the_rows() -> None:
    frame = pd.DataFrame({"birthmonth": [1, 2, 2, 3, 3, 3], "bweight": [3000, 3100, 2900, 3500, 3300, 3200]})
    intent = parse(frame, "Geburten pro Geburtsmonat", "births")
    assert intent.agg == "count" and intent.group_by == ["birthmonth"] and not intent.measures


def test_people_nouns_name_the_rows_of_a_table_about_people() -> None:
    frame = pd.DataFrame({"GPA": [2.5, 3.1, 3.6, 2.9], "PSI": [1, 0, 1, 1], "gender": ["f", "m", "f", "m"]})
    intent = parse(frame, "number of students with a GPA between 3.0 and 3.5")
    assert intent.filters == [{"column": "GPA", "op": "between", "value": [3.0, 3.5]}]
    intent = parse(frame, "Anzahl Studierende mit GPA zwischen 3,0 und 3,5")
    assert intent.filters == [{"column": "GPA", "op": "between", "value": [3.0, 3.5]}]


def test_a_value_word_is_no_row_noun() -> None:
    """'women' is a value, never the rows: without a column for it, the planner asks."""
    frame = pd.DataFrame({"age": [20, 30, 25], "income": [1, 2, 3]})
    with pytest.raises(Clarify):
        parse(frame, "How many respondents are women?")


def test_birth_weight_through_its_abbreviation_not_a_gloss() -> None:
    frame = pd.DataFrame({"age": [20, 30, 25, 33], "lwt": [120, 150, 130, 160], "bwt": [2500, 3100, 2900, 3300]})
    assert parse(frame, "average birth weight").measures == ["bwt"]
    assert parse(frame, "Wie hoch ist das durchschnittliche Geburtsgewicht?").measures == ["bwt"]
    with pytest.raises(Clarify):
        parse(frame, "平均体重是多少？")  # 体重 is "body weight": lwt or bwt, asked


def test_first_word_of_a_long_value() -> None:
    frame = pd.DataFrame(
        {"Species": ["Gentoo penguin (Pygoscelis papua)", "Adelie Penguin (Pygoscelis adeliae)"] * 3, "x": range(6)}
    )
    intent = parse(frame, "How many Gentoo penguins are there?", "penguins")
    assert intent.filters == [{"column": "Species", "op": "eq", "value": "Gentoo penguin (Pygoscelis papua)"}]


def test_a_text_column_is_never_above_a_number() -> None:
    frame = pd.DataFrame({"Country Name": ["A", "B", "C"], "Country Code": ["AA", "BB", "CC"], "2011": [5.5, 4.0, 6.1]})
    with pytest.raises(Clarify) as asked:  # "above 5" of which number? never of the country's name
        parse(frame, "2011年高于5的国家", "fertility")
    assert asked.value.reason == "loose_filter"


@pytest.mark.parametrize(
    "question", ["total of a_count and b_count", "a_count 和 b_count 的总和", "Summe von a_count und b_count"]
)
def test_total_of_two_columns_is_one_figure(question: str) -> None:
    frame = pd.DataFrame({"city": ["x", "y"], "a_count": [1, 2], "b_count": [10, 20]})
    intent = parse(frame, question)
    assert intent.agg == "sum" and intent.measures == ["a_count + b_count"]
    assert intent.extra["derive"] == [{"name": "a_count + b_count", "op": "add", "columns": ["a_count", "b_count"]}]


@pytest.mark.parametrize("question", ["CO2 im Monatsmittel für 2001", "2001年co2的月平均"])
def test_monthly_mean_in_one_word(question: str) -> None:
    dates = pd.date_range("2000-01-01", periods=150, freq="W")
    frame = pd.DataFrame({"date": dates, "co2": np.linspace(360, 375, 150)})
    intent = parse(frame, question)
    assert intent.kind == "trend" and intent.agg == "mean" and intent.extra["freq"] == "month"
    assert intent.measures == ["co2"]


def test_monthly_values_in_one_word(monthly: pd.DataFrame) -> None:
    intent = parse(monthly, "Monatswerte 2008")
    assert intent.kind == "trend" and intent.measures == ["STS.M.I7"] and intent.extra["freq"] == "month"


@pytest.mark.parametrize(
    ("question", "column", "op", "value"),
    [
        ("how many airports are north of 60 degrees latitude", "lat", "gt", 60),
        ("How many airports are west of longitude -150?", "lon", "lt", -150),
        ("Wie viele Flughäfen liegen südlich von 30?", "lat", "lt", 30),
    ],
)
def test_compass_bounds(airports: pd.DataFrame, question: str, column: str, op: str, value: int) -> None:
    intent = parse(airports, question, "airports")
    assert intent.filters == [{"column": column, "op": op, "value": value}]


@pytest.fixture
def starts() -> pd.DataFrame:
    dates = pd.date_range("2000-01-01", periods=48, freq="MS")
    return pd.DataFrame({"DATE": dates, "STARTS": np.arange(48.0) % 13 + np.arange(48) / 100})


@pytest.mark.parametrize(
    "question",
    [
        "When was STARTS highest?",
        "Wann war STARTS am höchsten?",
        "STARTS 最高是在什么时候？",
        "the highest month for STARTS",
    ],
)
def test_when_asks_for_the_moment_of_the_extreme_not_its_value(starts: pd.DataFrame, question: str) -> None:
    """ "when", "wann", "什么时候" and a period word naming the monthly rows ask for the date."""
    intent = parse(starts, question)
    assert intent.kind == "top_n" and intent.measures == ["STARTS"] and intent.n == 1
    assert intent.sort == "desc" and intent.extra["label"] == "DATE"


def test_the_value_itself_is_still_a_value(starts: pd.DataFrame) -> None:
    intent = parse(starts, "What is the highest STARTS?")
    assert intent.kind == "aggregate" and intent.agg == "max"


def test_when_in_a_follow_up_keeps_the_earlier_rows_and_measure(starts: pd.DataFrame) -> None:
    first = parse(starts, "average STARTS in 2001")
    intent = parse(starts, "and the lowest month in that year?", previous=first)
    assert intent.kind == "top_n" and intent.measures == ["STARTS"] and intent.sort == "asc"
    assert intent.filters == first.filters and intent.extra["label"] == "DATE"


def test_when_without_one_date_column_asks_back() -> None:
    frame = pd.DataFrame({"a": pd.date_range("2000-01-01", periods=5), "b": pd.date_range("2001-01-01", periods=5)})
    frame["v"] = range(5)
    with pytest.raises(Clarify):
        parse(frame, "When was v highest?")


def test_german_each_month_groups_by_month(starts: pd.DataFrame) -> None:
    intent = parse(starts, "STARTS für jeden Monat 2001")
    assert intent.kind == "trend" and intent.extra.get("freq") == "month"


def test_a_grouping_word_before_a_period_is_never_dropped(starts: pd.DataFrame) -> None:
    """A grouping word with a period the plan does not split by ("for every month", not
    as a frequency) is asked about, not answered as one figure over all rows."""
    from datapulse.agents.planner.coverage import dropped_mentions
    from datapulse.agents.planner.scan import scan

    index = ColumnIndex.build(starts)
    question = "STARTS for every month"
    spans = scan(question, index, "en", "t")
    flat = Intent(kind="describe", table="t", measures=["STARTS"])
    assert any("month" in w for w in dropped_mentions(spans, set(), flat, index, question=question))


def test_higher_than_another_column_is_not_dropped() -> None:
    """ "um wie viel ist a höher als b": a difference; the plan must not answer the two means."""
    frame = pd.DataFrame({"hw_mpg": [30.0, 32, 28, 35], "city_mpg": [25.0, 26, 22, 30], "make": list("abcd")})
    with pytest.raises(Clarify):
        parse(frame, "Um wie viel ist hw_mpg im Schnitt höher als city_mpg?")
    assert parse(frame, "average hw_mpg over all makes").measures == ["hw_mpg"]


def test_which_column_with_a_total_ranks_its_groups() -> None:
    """ "哪个 subject 的 y 总和最大": subjects ranked by their total y, not the sum of the ids."""
    frame = pd.DataFrame({"subject": [1, 1, 2, 2, 3, 3] * 3, "y": [5, 1, 9, 9, 0, 2] * 3, "age": range(18)})
    intent = parse(frame, "哪个 subject 的 y 总和最大？")
    assert intent.kind == "aggregate" and intent.agg == "sum" and intent.measures == ["y"]
    assert intent.group_by == ["subject"] and intent.sort == "desc" and intent.n == 1


def test_german_vom_bis_is_one_range_of_days() -> None:
    """ "vom 01.02.2012 bis 14.02.2012": both days whole, not the first day and before the last."""
    frame = pd.DataFrame({"ds": pd.date_range("2012-01-01", periods=24 * 60, freq="h"), "y": np.arange(24.0 * 60)})
    intent = parse(frame, "Mittelwert von y vom 01.02.2012 bis 14.02.2012")
    assert intent.filters == [{"column": "ds", "op": "between", "value": ["2012-02-01", "2012-02-14T23:59:59"]}]


def test_a_change_between_two_moments_is_not_read_as_a_trend(starts: pd.DataFrame) -> None:
    """ "从2000年1月到2003年1月的变化": the value at the second end minus the value at the first
    (one monthly row each, a query that says so), not a trend; "变化趋势" is the trend."""
    change = parse(starts, "STARTS 从2000年1月到2003年1月的变化")
    assert change.kind == "sql" and "< '2003-02-01') - (" in change.extra["sql"]
    assert parse(starts, "STARTS 的变化趋势").kind == "trend"


def test_ranking_rows_named_after_a_repeating_identifier_asks_back() -> None:
    """ "top 3 subjects by base" where each subject has four visits (rows): ranking rows would
    rank visits, so the plural of the identifier is asked about, not taken for the rows."""
    subjects = np.repeat(np.arange(1, 61), 4)
    frame = pd.DataFrame({"subject": subjects, "base": subjects * 3 % 97, "y": np.arange(240) % 7})
    with pytest.raises(Clarify) as asked:
        parse(frame, "Die 3 subjects mit dem höchsten base")
    assert asked.value.words["ignored"] == ["subjects"]


def test_share_of_a_condition_in_each_group_is_the_share_within_each_group() -> None:
    """ "percentage of pared = 1 in each apply category": the share of pared = 1 within each
    group (percent_rows by group), now that a tool computes it."""
    frame = pd.DataFrame({"apply": ["a", "b", "c", "a", "b"] * 8, "pared": [1, 0, 0, 1, 1] * 8, "gpa": range(40)})
    intent = parse(frame, "percentage of pared = 1 in each apply category")
    assert (intent.kind, intent.group_by) == ("percent", ["apply"])
    assert intent.extra["where"] == [{"column": "pared", "op": "eq", "value": 1}]
