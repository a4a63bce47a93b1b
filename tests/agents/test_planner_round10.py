"""Planner round 10 (issue 9): shares within each group, one aggregate of two sets of rows
subtracted, a value in effect at a date between rows, months of the year and decades,
a column name written in its exact case."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from datapulse.agents.contract import TableRef
from datapulse.agents.planner.intent import Clarify
from datapulse.agents.planner.plan import plan_for
from datapulse.agents.tools import Workspace, build_registry
from datapulse.agents.tools.local import to_local
from tests.agents.planning import parse, run_sql

REGISTRY = build_registry()


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


# the first time past a bound: its verbs and German words ----------------------------------------


@pytest.fixture
def quarterly() -> pd.DataFrame:
    """One row a quarter, dated on the quarter's first day (as us_cpi)."""
    days = pd.date_range("1950-01-01", periods=200, freq="QS")
    return pd.DataFrame({"dates": days, "cpi": np.linspace(25, 200, 200).round(1), "predict": np.arange(200.0)})


@pytest.mark.parametrize(
    ("question", "op", "value"),
    [
        ("Wann lag cpi zum ersten Mal über 100?", "gt", 100),
        ("When did cpi first drop below 50?", "lt", 50),
        ("When did cpi first reach 100?", "ge", 100),
        ("cpi 第一次突破100是什么时候?", "gt", 100),
    ],
)
def test_the_first_time_past_a_bound(quarterly: pd.DataFrame, question: str, op: str, value: int) -> None:
    intent = parse(quarterly, question, "us_cpi")
    assert (intent.kind, intent.sort, intent.n) == ("top_n", "asc", 1)
    assert intent.filters == [{"column": "cpi", "op": op, "value": value}]


# quarters -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["cpi in 1960 Q1?", "Wie hoch war der cpi im ersten Quartal 1960?", "1960年第一季度的 cpi 是多少?"]
)
def test_a_quarter_is_its_three_months(quarterly: pd.DataFrame, question: str) -> None:
    intent = parse(quarterly, question, "us_cpi")
    if intent.kind == "sql":  # round 11: the one value asked for, read from the quarter's one row
        assert "'1960-01-01' AND" in intent.extra["sql"] and "<= '1960-03-31 23:59:59'" in intent.extra["sql"]
        at = quarterly.set_index("dates")["cpi"]
        assert run_sql(intent, quarterly, "us_cpi") == [(at["1960-01-01"],)]
        return
    assert intent.filters == [{"column": "dates", "op": "between", "value": ["1960-01-01", "1960-03-31T23:59:59"]}]


def test_change_and_percent_change_between_two_quarters(quarterly: pd.DataFrame) -> None:
    at = quarterly.set_index("dates")["cpi"]
    change = parse(quarterly, "By how much did cpi change from Q1 1970 to Q1 1980?", "us_cpi")
    assert run_sql(change, quarterly, "us_cpi")[0][0] == pytest.approx(at["1980-01-01"] - at["1970-01-01"])
    for question in (
        "percent change in cpi between 1980Q1 and 1990Q1",
        "cpi 从1980年一季度到1990年一季度变化了百分之多少?",
    ):
        pct = parse(quarterly, question, "us_cpi")
        want = 100 * (at["1990-01-01"] - at["1980-01-01"]) / at["1980-01-01"]
        assert run_sql(pct, quarterly, "us_cpi")[0][0] == pytest.approx(want)


def test_a_value_in_a_quarter_of_monthly_rows_asks_how_summed() -> None:
    frame = pd.DataFrame({"Date": pd.date_range("2008-01-01", periods=24, freq="MS"), "GDPC1": np.arange(24.0)})
    frame["UNRATE"] = 5.0
    with pytest.raises(Clarify) as info:
        parse(frame, "What was real GDP (GDPC1) in Q4 2008?")
    assert info.value.reason == "two_readings"


def test_the_value_in_a_quarter_of_several_measures_asks_which(quarterly: pd.DataFrame) -> None:
    with pytest.raises(Clarify) as info:
        parse(quarterly, "What was the value in 2000 Q3?", "us_cpi")
    assert {"cpi", "predict"} <= set(info.value.candidates)


def test_a_quarter_written_as_a_tables_text_period_is_that_value() -> None:
    frame = pd.DataFrame({"quarter": [f"{y}q{q}" for y in range(1960, 1990) for q in range(1, 5)]})
    frame["wpi"] = np.arange(len(frame), dtype=float)
    intent = parse(frame, "wpi in 1975q2")
    assert intent.filters == [{"column": "quarter", "op": "eq", "value": "1975q2"}]


# each entity counted once, exact case in parentheses --------------------------------------------


@pytest.fixture
def samples() -> pd.DataFrame:
    """Three rows a person (one per site), the person's age on each."""
    ages = [58.2, 52.6, 64.7, 39.7]
    return pd.DataFrame(
        {
            "ID": [f"P{i}" for i in range(4)] * 3,
            "id": [f"id_{i}" for i in range(4)] * 3,
            "age": ages * 3,
            "CpG": [f"CpG_{k}" for k in range(3) for _ in range(4)],
            "methylation": np.linspace(0.1, 0.9, 12),
        }
    )


@pytest.mark.parametrize(
    "question", ["每个 id 只算一次,平均年龄是多少?", "What is the average age of the people (each id counted once)?"]
)
def test_an_aggregate_with_each_entity_counted_once(samples: pd.DataFrame, question: str) -> None:
    intent = parse(samples, question, "methylation")
    assert run_sql(intent, samples, "methylation")[0][0] == pytest.approx(np.mean([58.2, 52.6, 64.7, 39.7]))


def test_a_column_named_in_parentheses_in_its_exact_case(samples: pd.DataFrame) -> None:
    intent = parse(samples, "How many distinct people (id) are younger than 50?", "methylation")
    assert (intent.kind, intent.measures) == ("distinct", ["id"])


# words beside a column: descriptors, durations, "within each" -----------------------------------


@pytest.fixture
def strikes_days() -> pd.DataFrame:
    rng = np.random.default_rng(9)
    return pd.DataFrame({"duration": rng.integers(1, 220, 62), "iprod": rng.normal(0, 0.05, 62).round(4)})


@pytest.mark.parametrize(
    ("question", "op", "value"),
    [
        ("How many strikes lasted more than 30 days?", "gt", 30),
        ("percentage of strikes lasting 100 days or more", "ge", 100),
        ("罢工持续超过30天的有多少?", "gt", 30),
    ],
)
def test_a_verb_of_lasting_names_the_duration(strikes_days: pd.DataFrame, question: str, op: str, value: int) -> None:
    intent = parse(strikes_days, question, "strikes")
    filters = intent.filters or intent.extra.get("where")
    assert filters == [{"column": "duration", "op": op, "value": value}]


@pytest.mark.parametrize("question", ["How long was the longest strike?", "最长的罢工持续了多少天?"])
def test_the_longest_is_the_largest_duration(strikes_days: pd.DataFrame, question: str) -> None:
    intent = parse(strikes_days, question, "strikes")
    assert intent.measures == ["duration"] and intent.sort == "desc"


def test_a_descriptor_after_a_hyphen_or_space_belongs_to_the_column() -> None:
    frame = pd.DataFrame({"PID": [0, 1, 2, 3, 4, 5, 6] * 4, "vote": [0, 1] * 14, "CpG": ["CpG_0", "CpG_1"] * 14})
    assert parse(frame, "Welcher PID-Code kommt am häufigsten vor?").measures == ["PID"]
    assert parse(frame, "how many different CpG sites?").measures == ["CpG"]
    assert parse(frame, "有几个不同的 CpG 位点?").measures == ["CpG"]
    within = parse(frame, "Anteil (%) mit PID ≥ 5 innerhalb jeder vote-Gruppe")
    assert (within.kind, within.group_by) == ("percent", ["vote"])


# text filters on the start or end of values; the length of text values --------------------------


@pytest.fixture
def zones() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "TZ": ["Europe/Berlin", "Europe/Paris", "Asia/Tokyo", "Asia/Seoul", "Pacific/Fiji", "America/Lima"],
            "country": ["DE", "FR", "JP", "KR", "FJ", "PE"],
            "longitude": [13.4, 2.35, 139.7, 127.0, 178.4, -77.0],
        }
    )


@pytest.mark.parametrize(
    ("question", "op", "value"),
    [
        ("How many TZ start with 'Europe/'?", "startswith", "Europe/"),
        ("有多少个时区名 (TZ) 以 'Europe/' 开头？", "startswith", "Europe/"),
        ("Wie viele Zonen, deren TZ mit 'Asia/' beginnt?", "startswith", "Asia/"),
        ("how many TZ end with 'o'?", "endswith", "o"),
        ("TZ 以 'Fiji' 结尾的有几个?", "endswith", "Fiji"),
    ],
)
def test_a_filter_on_the_start_or_end_of_text(zones: pd.DataFrame, question: str, op: str, value: str) -> None:
    intent = parse(zones, question, "time_zones")
    assert intent.filters == [{"column": "TZ", "op": op, "value": value}]


def test_starts_with_counts_letters_of_either_case(zones: pd.DataFrame) -> None:
    out = run("count_rows", zones, {"filters": [{"column": "TZ", "op": "startswith", "value": "asia/"}]})
    assert out[0]["value"] == 2
    out = run("count_rows", zones, {"filters": [{"column": "TZ", "op": "endswith", "value": "IS"}]})
    assert out[0]["value"] == 1


def test_studierende_mit_holds_no_ending_filter() -> None:
    frame = pd.DataFrame({"GPA": [2.5, 3.1, 3.6, 2.9], "gender": ["f", "m", "f", "m"]})
    intent = parse(frame, "Anzahl Studierende mit GPA zwischen 3,0 und 3,5")
    assert [f["op"] for f in intent.filters] == ["between"]


@pytest.fixture
def domains() -> pd.DataFrame:
    return pd.DataFrame({"domain": ["DE", "FR", "COM", "ORG", "APP", "XN--P1AI", "BANK", "ACADEMY"]})


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("How many domains have exactly two letters?", 2),
        ("Wie viele Domains bestehen aus genau zwei Zeichen?", 2),
        ("Wie viele dreistellige Domains gibt es?", 3),
        ("三个字符的域名有多少?", 3),
    ],
)
def test_a_number_of_characters_filters_on_the_length(domains: pd.DataFrame, question: str, value: int) -> None:
    intent = parse(domains, question, "tlds")
    assert intent.extra["derive"] == [{"name": "length of domain", "op": "length", "columns": ["domain"]}]
    assert intent.filters == [{"column": "length of domain", "op": "eq", "value": value}]


def test_lengths_averaged_ranked_and_grouped(domains: pd.DataFrame) -> None:
    assert parse(domains, "average domain length", "tlds").agg == "mean"
    assert parse(domains, "Maximale Länge einer Domain in Zeichen?", "tlds").agg == "max"
    longest = parse(domains, "Which domain is the longest?", "tlds")
    assert longest.measures == ["length of domain"]
    assert "domain" in [longest.extra.get("label"), *longest.group_by]  # the domain, not its length alone
    assert parse(domains, "number of domains per length", "tlds").group_by == ["length of domain"]
    steps = plan_for(parse(domains, "average domain length", "tlds"))
    ws = Workspace([TableRef("tlds", Path("tlds.parquet"))], frames={"tlds": domains})
    for step in steps:
        out = REGISTRY.check(step["tool"], step["args"]).run(ws, step["args"])
    assert out[0]["value"] == pytest.approx(domains["domain"].str.len().mean())


def test_a_length_in_a_columns_own_name_is_that_column() -> None:
    frame = pd.DataFrame({"species": ["a", "b"] * 5, "bill_length_mm": np.arange(10.0)})
    assert parse(frame, "mean bill length by species").measures == ["bill_length_mm"]


# glosses in parentheses, inclusive ranges, ranges after a column, 0/1 flags in shares -----------


@pytest.fixture
def survey() -> pd.DataFrame:
    rng = np.random.default_rng(2)
    n = 80
    return pd.DataFrame(
        {
            "age": rng.integers(18, 90, n),
            "educ": rng.integers(1, 8, n),
            "smoke": rng.integers(0, 2, n),
            "income": rng.integers(1, 25, n),
        }
    )


@pytest.mark.parametrize(
    "question", ["How many respondents have educ 7 (PhD)?", "Wie viele haben educ = 7 (Promotion)?"]
)
def test_words_in_parentheses_after_a_value_say_what_it_means(survey: pd.DataFrame, question: str) -> None:
    assert parse(survey, question).filters == [{"column": "educ", "op": "eq", "value": 7}]


def test_parentheses_with_a_column_of_their_own_are_no_gloss(survey: pd.DataFrame) -> None:
    intent = parse(survey, "How many respondents have educ 7 (income above 20)?")
    assert {"column": "income", "op": "gt", "value": 20} in intent.filters


@pytest.mark.parametrize(
    "question",
    [
        "how many respondents are aged 30 to 39 inclusive",
        "How many respondents aged 30-39?",
        "Wie viele Befragte sind zwischen 30 und 39 Jahre alt (beide eingeschlossen)?",
    ],
)
def test_a_range_after_a_column_holds_its_bounds(survey: pd.DataFrame, question: str) -> None:
    assert parse(survey, question).filters == [{"column": "age", "op": "between", "value": [30, 39]}]


@pytest.mark.parametrize(
    "question",
    [
        "what % of respondents have smoke (smoke)?",
        "Wie viel Prozent der Mütter haben in der Schwangerschaft geraucht (smoke)?",
    ],
)
def test_the_share_of_a_flag_is_the_share_with_it_set(survey: pd.DataFrame, question: str) -> None:
    intent = parse(survey, question)
    assert (intent.kind, intent.extra["where"]) == ("percent", [{"column": "smoke", "op": "eq", "value": 1}])


# day-first or month-first dates that read one way only; German plurals of periods; Chinese row nouns


@pytest.mark.parametrize("written", ["01/01/1995", "1/1/1995", "31/12/1994", "12/31/1994"])
def test_a_slashed_date_that_reads_one_way(quarterly: pd.DataFrame, written: str) -> None:
    intent = parse(quarterly, f"How many quarters since {written} have a cpi?", "us_cpi")
    (bound,) = [f for f in intent.filters if f["column"] == "dates"]
    assert bound["op"] == "ge" and bound["value"] in ("1995-01-01", "1994-12-31")


def test_a_slashed_date_that_reads_two_ways_is_not_a_date(quarterly: pd.DataFrame) -> None:
    with pytest.raises(Clarify):
        parse(quarterly, "How many quarters since 3/4/1995 have a cpi?", "us_cpi")


def test_quartalen_are_the_rows_of_a_quarterly_table(quarterly: pd.DataFrame) -> None:
    intent = parse(quarterly, "In wie vielen Quartalen lag cpi über 200?", "us_cpi")
    assert "count" in (intent.kind, intent.agg) and not intent.group_by
    assert intent.filters == [{"column": "cpi", "op": "gt", "value": 200}]


def test_the_tables_name_in_chinese_names_its_rows(strikes: pd.DataFrame) -> None:
    intent = parse(strikes, "duration 超过30的罢工有多少?", "strikes")
    assert "count" in (intent.kind, intent.agg) and not intent.group_by
    assert intent.filters == [{"column": "duration", "op": "gt", "value": 30}]


@pytest.fixture
def students() -> pd.DataFrame:
    rng = np.random.default_rng(6)
    n = 90
    return pd.DataFrame({"prog": rng.choice(["academic", "general", "vocational"], n), "read": rng.integers(30, 80, n)})


@pytest.mark.parametrize(
    "question",
    [
        "每个 prog 中 read 超过60分的学生占该项目的百分比",
        "for each prog, the percentage of students with read above 60",
        "Für jedes prog: wie viel Prozent haben read über 60?",
    ],
)
def test_a_bound_in_a_share_per_group_is_the_share_within_each_group(students: pd.DataFrame, question: str) -> None:
    intent = parse(students, question, "mvreg_students")
    assert (intent.kind, intent.group_by) == ("percent", ["prog"])
    assert intent.extra["where"] == [{"column": "read", "op": "gt", "value": 60}]


def test_a_share_per_group_among_rows_past_a_bound_is_not_read_within(students: pd.DataFrame) -> None:
    """'among students with read above 60, the share of each prog': how those rows split."""
    try:
        intent = parse(students, "among students with read above 60, what share is in each prog?")
    except Clarify:
        return
    assert intent.kind != "percent" or not intent.group_by


def test_german_decades_and_month_year_dates() -> None:
    frame = pd.DataFrame({"Date": pd.date_range("1985-01-01", periods=300, freq="MS"), "UNRATE": np.arange(300.0)})
    decade = parse(frame, "Niedrigste UNRATE in den 1990ern (1990–1999)?")
    assert decade.filters[0]["value"] == ["1990-01-01", "1999-12-31T23:59:59"]
    months = parse(frame, "median of UNRATE between 01/2000 and 12/2009")
    assert months.filters == [{"column": "Date", "op": "between", "value": ["2000-01-01", "2009-12-31T23:59:59"]}]


@pytest.mark.parametrize(
    "question",
    ["What share of respondents never watch TV news (TVnews 0), in %?", "从不看电视新闻(TVnews 为 0)的人占比多少(%)?"],
)
def test_parentheses_naming_a_column_and_a_value_restate_the_words_before(question: str) -> None:
    frame = pd.DataFrame({"TVnews": [0, 1, 2, 3, 4, 5, 6, 7] * 5, "age": range(40)})
    intent = parse(frame, question, "anes96")
    assert (intent.kind, intent.group_by, intent.extra.get("value")) == ("share", ["TVnews"], 0)


@pytest.mark.parametrize(
    "question",
    ["When does accel first drop below -100?", "Ab welchem Zeitpunkt (times) fällt accel zum ersten Mal unter -100?"],
)
def test_the_first_time_over_a_column_of_times(question: str) -> None:
    frame = pd.DataFrame({"times": np.linspace(2.4, 57.6, 40), "accel": np.sin(np.arange(40)) * 120})
    intent = parse(frame, question, "mcycle")
    assert (intent.kind, intent.measures, intent.sort, intent.n) == ("top_n", ["times"], "asc", 1)
    assert intent.filters == [{"column": "accel", "op": "lt", "value": -100}]


def test_the_tables_name_in_chinese_stays_a_column_when_a_column_bears_it() -> None:
    frame = pd.DataFrame({"year": range(1600, 1640), "wheat": np.linspace(30, 60, 40), "wages": np.arange(40.0)})
    intent = parse(frame, "小麦价格和工资之间的相关性", "wheat")
    assert (intent.kind, sorted(intent.measures)) == ("correlation", ["wages", "wheat"])
