"""The rule planner never answers a question it read wrongly (issue 9): a contraction is no
column, a year a year column cannot hold is no filter, lower-case quarters are ranges, a
verb is no text filter, a period finer than the rows is a unit, a month without a year
asks which year, Chinese ranks the column before its superlative, and a ranking word with
nothing to rank by asks by which column."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from datapulse.agents.planner.columns import ColumnIndex
from datapulse.agents.planner.intent import Clarify, Intent
from datapulse.agents.planner.scan import scan
from tests.agents.planning import parse


def ask(frame: pd.DataFrame, question: str, table: str = "t") -> Clarify:
    with pytest.raises(Clarify) as info:
        parse(frame, question, table)
    return info.value


@pytest.fixture
def wages() -> pd.DataFrame:
    """One man a row: `year` holds two-digit years (66 to 73); `mrt80` is married in 1980."""
    rng = np.random.default_rng(5)
    n = 60
    return pd.DataFrame(
        {
            "s": rng.integers(9, 18, n),
            "s80": rng.integers(9, 19, n),
            "mrt": rng.integers(0, 2, n),
            "mrt80": rng.integers(0, 2, n),
            "year": rng.choice([66, 67, 68, 69, 70, 71, 73], n),
            "lw": rng.normal(5.7, 0.4, n),
            "lw80": rng.normal(6.6, 0.4, n),
        }
    )


def test_the_s_of_whats_is_no_column_named_s(wages: pd.DataFrame) -> None:
    """ "What's the average wage?": the "s" of the contraction is not the column `s`; the wage
    is unknown, so the planner asks instead of averaging schooling."""
    clar = ask(wages, "What's the average wage?")
    assert "lw" in clar.candidates and "lw80" in clar.candidates
    spans = scan("What's the average s80 and what’s s?", ColumnIndex.build(wages), "en")
    assert [s.payload for s in spans if s.kind == "col"] == [("s80",), ("s",)]


def test_a_year_the_year_column_cannot_hold_is_no_filter(wages: pd.DataFrame) -> None:
    """1980 over two-digit years (66-73) would filter every row away; the year is the one
    the named column `mrt80` is about."""
    intent = parse(wages, "Wie viele Männer waren 1980 verheiratet (mrt80 = 1)?")
    assert intent.filters == [{"column": "mrt80", "op": "eq", "value": 1}]


def test_a_year_out_of_range_with_no_column_for_it_is_asked_about(wages: pd.DataFrame) -> None:
    clar = ask(wages, "how many men had lw above 6 in 1990?")
    assert "1990" in str(clar.words.get("word"))


@pytest.fixture
def wpi() -> pd.DataFrame:
    quarters = [f"{y}q{q}" for y in range(1960, 1991) for q in range(1, 5)]
    return pd.DataFrame({"quarter": quarters, "wpi": np.linspace(30, 116, len(quarters))})


def test_lower_case_quarters_are_periods(wpi: pd.DataFrame) -> None:
    intent = parse(wpi, "1970q1 到 1979q4 之间 wpi 的平均值")
    assert intent.filters == [{"column": "quarter", "op": "between", "value": ["1970q1", "1979q4"]}]
    year = parse(wpi, "Durchschnittlicher wpi im Jahr 1980")
    assert year.filters == [{"column": "quarter", "op": "between", "value": ["1980q1", "1980q4"]}]


def dated(column: str, start: str, freq: str, seed: int, **draws: Callable[[np.random.Generator], Any]) -> pd.DataFrame:
    """One row a `freq` from `start` in `column`; each other column drawn (in order) from one seeded generator."""
    rng = np.random.default_rng(seed)
    values = {name: draw(rng) for name, draw in draws.items()}
    return pd.DataFrame({column: pd.date_range(start, periods=len(next(iter(values.values()))), freq=freq), **values})


@pytest.fixture
def macro() -> pd.DataFrame:
    return dated(
        "qtr", "1960-01-01", "QS", 2, inv=lambda g: g.integers(100, 900, 92), inc=lambda g: g.integers(400, 2600, 92)
    )


def test_contains_verb_before_an_article_is_no_text_filter(macro: pd.DataFrame) -> None:
    """ "Wie viele Quartale enthält die Tabelle?": "enthält" is the verb, "die" an article, and
    a date column is never searched for text."""
    intent = parse(macro, "Wie viele Quartale enthält die Tabelle?", "wg_macro")
    assert not intent.filters


def test_which_quarter_names_the_quarter(macro: pd.DataFrame) -> None:
    intent = parse(macro, "哪个季度的投资（inv）最高？")
    assert intent.kind == "top_n" and intent.extra["columns"][0] == "qtr"


@pytest.fixture
def monthly() -> pd.DataFrame:
    return dated(
        "month", "1972-01-01", "MS", 4, hours=lambda g: g.normal(41, 0.5, 444), caputil=lambda g: g.normal(80, 4, 444)
    )


def test_a_period_finer_than_the_rows_is_the_measures_unit(monthly: pd.DataFrame) -> None:
    """ "平均每周工时" over monthly rows: hours per week, one figure for 2008, not a weekly trend."""
    intent = parse(monthly, "2008年平均每周工时（hours）是多少？")
    assert intent.kind == "aggregate" and intent.agg == "mean" and intent.measures == ["hours"]
    assert intent.filters == [{"column": "month", "op": "year", "value": 2008}]


def test_a_month_without_a_year_asks_which_year(monthly: pd.DataFrame) -> None:
    for question in ("What was caputil in March?", "3月份的 caputil 是多少？"):
        clar = ask(monthly, question)
        assert clar.reason == "which_year" and clar.words["first"] == 1972 and clar.words["last"] == 2008
        assert any("2008-03" in c for c in clar.candidates)
    assert parse(monthly, "average caputil in March").agg == "mean"  # every March, asked as such


def test_chinese_ranks_the_column_before_its_superlative() -> None:
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"income": rng.normal(1000, 300, 50), "foodexp": rng.normal(600, 200, 50)})
    intent = parse(frame, "收入最高的家庭食品支出（foodexp）是多少？")
    assert intent.kind == "top_n" and intent.measures == ["income"] and intent.extra["columns"] == ["foodexp"]


@pytest.fixture
def councils() -> pd.DataFrame:
    names = [f"Council {k}" for k in range(32)]
    rng = np.random.default_rng(7)
    return pd.DataFrame(
        {"Council area": names, "Area (sq km)": rng.uniform(60, 26000, 32), "Population": rng.integers(20, 600, 32)}
    )


def test_a_ranking_word_with_nothing_to_rank_by_asks_by_which_column(councils: pd.DataFrame) -> None:
    for question in ("what's the best council area?", "Welche Council Area ist am größten?"):
        clar = ask(councils, question)
        assert clar.reason == "which_measure" and "Population" in clar.candidates


def test_change_from_one_end_to_the_other_is_their_difference(wpi: pd.DataFrame, monthly: pd.DataFrame) -> None:
    """'By how much did wpi rise from 1960q1 to 1990q4?': the value at the second end minus the
    value at the first (one row each), as a query whose reading says so."""
    for question in (
        "By how much did wpi rise from 1960q1 to 1990q4?",
        "Um wie viel ist der wpi von 1960q1 bis 1990q4 gestiegen?",
    ):
        intent = parse(wpi, question, "us_wpi")
        assert intent.kind == "sql"
        assert "= '1990q4') - (SELECT avg(\"wpi\")" in intent.extra["sql"] and "'1960q1'" in intent.extra["sql"]
    months = parse(monthly, "hours 从2000年1月到2008年1月的变化", "m")
    assert "\"month\" >= '2008-01-01' AND \"month\" < '2008-02-01') - (" in months.extra["sql"]
    assert "\"month\" >= '2000-01-01' AND \"month\" < '2000-02-01')" in months.extra["sql"]
    assert months.extra["sql"].startswith("/* hours 从 2000-01 到 2008-01 的变化")


def test_change_between_years_of_monthly_rows_needs_the_yearly_figure(monthly: pd.DataFrame) -> None:
    """Each end holds twelve rows: the yearly total or mean must be named, else asked."""
    total = parse(monthly, "change in yearly total hours from 2001 to 2005", "m")
    assert 'sum("hours")' in total.extra["sql"] and "'2005-01-01' AND \"month\" < '2006-01-01'" in total.extra["sql"]
    de = parse(monthly, "Veränderung der Jahressumme von hours von 2001 auf 2005", "m")
    assert de.extra["sql"].split("*/")[1] == total.extra["sql"].split("*/")[1]  # the same query, a German reading
    assert de.extra["sql"].startswith("/* Veränderung von Summe von hours von 2001 bis 2005")
    clar = ask(monthly, "change in hours from 2001 to 2005", "m")
    assert clar.reason == "two_readings" and len(clar.candidates) == 2


def test_a_relative_or_averaged_change_is_not_a_difference(monthly: pd.DataFrame) -> None:
    for question in (
        "growth rate of hours from January 2001 to January 2005",
        "average monthly change in hours from January 2001 to January 2005",
    ):
        try:
            intent = parse(monthly, question, "m")
        except Clarify:
            continue
        assert intent.kind != "sql"
    percent = parse(monthly, "percent change in hours from January 2001 to January 2005", "m")
    assert percent.extra["sql"].startswith("/* percent change in hours from 2001-01 to 2005-01")
    assert " SELECT 100.0 * ((SELECT avg(" in percent.extra["sql"]


def test_the_first_time_past_a_bound_is_the_earliest_such_row(wpi: pd.DataFrame, monthly: pd.DataFrame) -> None:
    intent = parse(wpi, "first quarter the wpi exceeded 50")
    assert intent.kind == "top_n" and intent.measures == ["quarter"] and intent.sort == "asc"
    assert intent.filters == [{"column": "wpi", "op": "gt", "value": 50}]
    for question in ("In which year did hours first go above 41.5?", "hours第一次超过41.5是哪一年？"):
        year = parse(monthly, question)
        assert year.kind == "trend" and year.extra["freq"] == "year" and year.n == 1
        assert year.filters == [{"column": "hours", "op": "gt", "value": 41.5}]


def test_a_planned_query_reads_as_its_leading_comment() -> None:
    from datapulse.agents.reading import interpretation

    sql = "/* change in wpi from 1960q1 to 1990q4 */ SELECT 1"
    said = interpretation([{"tool": "sql", "args": {"sql": sql}}], "en")
    assert said == "Read as: change in wpi from 1960q1 to 1990q4."
    assert "SQL" in interpretation([{"tool": "sql", "args": {"sql": "SELECT 1"}}], "en")


@pytest.fixture
def scotland() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n = 32
    males = rng.integers(10, 300, n)
    females = males + rng.integers(1, 20, n)
    return pd.DataFrame(
        {
            "Council area": [f"Area {k}" for k in range(n)],
            "Area (sq km)": rng.uniform(60, 26000, n).round(),
            "Population (thousands) Males": males,
            "Population (thousands) Females": females,
            "Population (thousands) Total": males + females,
            "Total population percentage change 1981-1996": rng.normal(0, 5, n),
            "Percentage of population aged under 5": rng.uniform(5, 7, n),
        }
    )


def test_a_word_heading_a_family_of_columns_is_its_total(scotland: pd.DataFrame) -> None:
    """'population' heads `Population (thousands) Males/Females/Total` and only qualifies
    `Percentage of population aged under 5` and `Total population percentage change`: the
    bare word (or "total population", "总人口") is the Total column."""
    total = "Population (thousands) Total"
    assert parse(scotland, "Which council area has the largest total population?").measures == [total]
    assert parse(scotland, "所有地区的总人口（千人）加起来是多少？").measures == [total]
    fife = parse(scotland, "Wie viele Einwohner (in Tausend) hat Area 7?")
    assert fife.agg == "sum" and fife.measures == [total]
    assert fife.filters == [{"column": "Council area", "op": "eq", "value": "Area 7"}]
    assert parse(scotland, "average population of males").measures == ["Population (thousands) Males"]


def test_an_exact_name_beats_its_underscored_twin() -> None:
    frame = pd.DataFrame(
        {"mbsmoke": ["smoker", "nonsmoker"] * 10, "mbsmoke_": [1, 0] * 10, "bweight": np.arange(20.0) * 100}
    )
    intent = parse(frame, "Durchschnittliches Geburtsgewicht (bweight) nach mbsmoke")
    assert intent.group_by == ["mbsmoke"] and intent.measures == ["bweight"]


def test_a_columns_own_word_inside_its_description_is_that_column() -> None:
    """'mean number of prenatal visits (nprenatal)': "prenatal" describes `nprenatal` here."""
    frame = pd.DataFrame(
        {"prenatal": [1, 2, 3] * 10, "nprenatal": np.arange(30) % 9, "mmarried": ["married", "notmarried"] * 15}
    )
    assert parse(frame, "mean number of prenatal visits (nprenatal) by mmarried").measures == ["nprenatal"]


def test_parentheses_that_restate_an_aggregate_name_the_words_before_them() -> None:
    """'the most seizures in total (sum of y)', 'die meisten Anfälle (Summe y)': the words
    before the parentheses are what they restate, the subjects ranked by their sum of y."""
    frame = pd.DataFrame({"subject": np.repeat(np.arange(1, 21), 4), "y": np.arange(80) % 11, "age": 30})
    for question in (
        "Which subject had the most seizures in total (sum of y)?",
        "Welcher subject hatte insgesamt die meisten Anfälle (Summe y)?",
    ):
        intent = parse(frame, question)
        assert intent.group_by == ["subject"] and intent.agg == "sum" and intent.measures == ["y"] and intent.n == 1


def test_corr_is_the_correlation() -> None:
    frame = pd.DataFrame({"inc": np.arange(20.0), "consump": np.arange(20.0) ** 1.1, "inv": np.ones(20)})
    for question in ("corr(inc, consump)", "corr of inc and consump"):
        intent = parse(frame, question)
        assert intent.kind == "correlation" and intent.measures == ["inc", "consump"]


def test_the_first_or_last_date_is_that_date(monthly: pd.DataFrame) -> None:
    last = parse(monthly, "what is the last month in the data?")
    assert last.kind == "top_n" and last.measures == ["month"] and last.sort == "desc" and last.n == 1
    assert parse(monthly, "Was ist der erste month im Datensatz?").sort == "asc"


def test_or_older_is_a_lower_bound_and_with_a_flag_keeps_its_rows() -> None:
    ages = np.arange(60, 100) % 40 + 60
    frame = pd.DataFrame({"age": ages, "medicaid": np.arange(40) % 2, "docvis": np.arange(40.0)})
    first = parse(frame, "average docvis for people aged 80 or older")
    assert first.filters == [{"column": "age", "op": "ge", "value": 80}] and first.measures == ["docvis"]
    then = parse(frame, "and for those with medicaid?", previous=first)
    assert then.measures == ["docvis"]
    assert then.filters == [{"column": "age", "op": "ge", "value": 80}, {"column": "medicaid", "op": "eq", "value": 1}]


def test_a_question_back_offers_the_columns_that_hold_the_unclear_word() -> None:
    """'What is the average age?' over `mage` (mother's), `fage` (father's) among many columns:
    the question back names those, not every numeric column."""
    rng = np.random.default_rng(9)
    cols = {name: rng.integers(0, 40, 30) for name in ("mage", "fage", "medu", "fedu", "bweight", "nprenatal")}
    clar = ask(pd.DataFrame(cols), "What is the average age?")
    assert sorted(clar.candidates) == ["fage", "mage"]


@pytest.fixture
def zones() -> pd.DataFrame:
    """A zone a row: `TZ` and `coordinates` both name the rows, `comments` is often empty."""
    return pd.DataFrame(
        {
            "country_code": ["NO", "US", "US", "RU", "AU", "NZ"],
            "country": ["Norway", "United States", "United States", "Russia", "Australia", "New Zealand"],
            "coordinates": ["+59+010", "+40-074", "+51-176", "+55+037", "-33+151", "-36+174"],
            "TZ": ["Europe/Oslo", "America/New_York", "America/Adak", "Europe/Moscow", "Australia/Sydney", "NZ/Akl"],
            "comments": [None, "Eastern", "Aleutians", None, None, "most of NZ"],
            "latitude": [59.9, 40.7, 51.9, 55.8, -33.9, -36.9],
            "longitude": [10.7, -74.0, -176.7, 37.6, 151.2, 174.8],
        }
    )


def test_which_row_is_named_by_the_column_that_abbreviates_the_table(zones: pd.DataFrame) -> None:
    """'纬度最北的时区是哪个': the answer names the time zone by `TZ` (time_zones' initials),
    not by whichever column comes first (the country)."""
    intent = parse(zones, "纬度最北的时区是哪个？", table="time_zones")
    assert intent.kind == "top_n" and intent.extra.get("label") == "TZ"
    assert parse(zones, "Which time zone has the lowest longitude?", table="time_zones").extra.get("label") == "TZ"


def test_having_no_text_value_is_a_missing_value(zones: pd.DataFrame) -> None:
    """'How many rows have no comments?' counts the empty comments, not the distinct ones."""
    for question in ("How many rows have no comments?", "How many zones are without comments?"):
        intent = parse(zones, question, table="time_zones")
        assert intent.filters == [{"column": "comments", "op": "isnull", "value": None}], question


def test_a_negation_the_plan_does_not_hold_is_asked_about(zones: pd.DataFrame) -> None:
    """'Wie viele Zonen ohne Kommentar gibt es?': the "ohne" must not vanish into a count of
    the comments' distinct values; the planner names the word it could not use."""
    clar = ask(zones, "Wie viele Zonen ohne Kommentar gibt es?", table="time_zones")
    assert "ohne" in clar.words["ignored"]


def test_this_one_without_a_value_asks_which(zones: pd.DataFrame) -> None:
    """'这个国家有几个时区？' with no earlier question: which country? (not the count of every
    country); the chosen value then stands in for "this country"."""
    from datapulse.agents.planner.bindings import apply_bindings

    for question in ("这个国家有几个时区？", "How many time zones does this country have?"):
        clar = ask(zones, question, table="time_zones")
        assert clar.reason == "which_value" and "Russia" in clar.candidates, question
        assert clar.words["slot"] == "value" and "country = Russia" in clar.words["values"]
    bound, _ = apply_bindings(
        "How many time zones does this country have?",
        [{"slot": "value", "about": "this country", "value": "country = Russia"}],
    )
    intent = parse(zones, bound, table="time_zones")
    assert intent.filters == [{"column": "country", "op": "eq", "value": "Russia"}]
    earlier = Intent(kind="count", table="time_zones", filters=[{"column": "country", "op": "eq", "value": "Russia"}])
    assert parse(zones, "and how many comments does this country have?", "time_zones", earlier).kind != ""


@pytest.fixture
def ships() -> pd.DataFrame:
    """A cell of ship type by period a row: `accident` counts the accidents in it."""
    return pd.DataFrame(
        {
            "ship": [1, 1, 2, 2, 3, 3, 4, 4],
            "yr_con": [1, 2, 1, 2, 1, 2, 1, 2],
            "service": [127.0, 63.0, 1095.0, 1095.0, 1512.0, 3353.0, 0.0, 2244.0],
            "accident": [0, 0, 3, 4, 6, 18, 0, 11],
        }
    )


def test_zero_of_a_count_is_the_filter(ships: pd.DataFrame) -> None:
    """'rows with zero accidents': accident = 0, the word "zero" accounted for by that filter."""
    intent = parse(ships, "How many rows have zero accidents?", table="ship_damage")
    assert intent.filters == [{"column": "accident", "op": "eq", "value": 0}]


def test_a_count_column_named_in_the_plural_asks_total_or_mean(ships: pd.DataFrame) -> None:
    """'accidents by yr_con': the accidents added up per group, or their mean per row? Not the
    mean by default, as for a measure named in the singular."""
    clar = ask(ships, "accidents by yr_con", table="ship_damage")
    assert clar.reason == "two_readings" and clar.candidates[0].startswith("sum accident")
    intent = parse(ships, "service by yr_con", table="ship_damage")
    assert intent.agg == "mean" and intent.group_by == ["yr_con"]


@pytest.fixture
def statuses() -> pd.DataFrame:
    """A language in a territory a row; `official_status` is mostly empty."""
    return pd.DataFrame(
        {
            "territory": ["CH", "CH", "CH", "FR", "FR", "IN", "IN", "IN", "IN", "IN"],
            "official_status": [
                "official",
                "official",
                None,
                "official",
                None,
                "official_regional",
                None,
                None,
                None,
                None,
            ],
            "prog": [
                "academic",
                "general",
                "general",
                "academic",
                "vocational",
                "general",
                "academic",
                "vocational",
                "general",
                "academic",
            ],
        }
    )


def test_a_quoted_value_of_the_table_is_that_value(statuses: pd.DataFrame) -> None:
    """ "im Programm 'vocational'": quotes around a whole value of a column make it that value."""
    intent = parse(statuses, "Wie viele Zeilen sind im Programm 'vocational'?")
    assert intent.filters == [{"column": "prog", "op": "eq", "value": "vocational"}]


def test_the_share_of_rows_counts_rows_with_no_category(statuses: pd.DataFrame) -> None:
    """'Anteil der Zeilen mit official_status X': of every row (also those with no status), and
    'what share ... are X' is X's share of its own column, never a share inside the rows of X."""
    intent = parse(statuses, "Anteil der Zeilen mit official_status 'official_regional' in Prozent")
    assert intent.kind == "share" and intent.extra.get("of_all") and intent.extra["value"] == "official_regional"
    intent = parse(statuses, "What share of rows are 'vocational' in prog?")
    assert intent.kind == "share" and intent.extra["value"] == "vocational" and not intent.filters


def test_a_time_order_word_before_a_number_bounds_a_numeric_column() -> None:
    """'accel für times ab 30': times >= 30 (not a question about "30"); 'after 40': strict."""
    crash = pd.DataFrame({"times": [2.4, 10.0, 20.2, 30.0, 40.5, 50.0], "accel": [0.0, -2.7, -99.1, 12.0, 3.5, 1.2]})
    assert parse(crash, "Standardabweichung von accel für times ab 30").filters == [
        {"column": "times", "op": "ge", "value": 30}
    ]
    assert parse(crash, "mean accel for times after 40").filters == [{"column": "times", "op": "gt", "value": 40}]


def test_a_unit_of_time_after_a_bound_is_part_of_it(ships: pd.DataFrame) -> None:
    """'service > 1000 months': "months" says what 1000 counts; it is no column of its own."""
    intent = parse(ships, "how many rows with service > 1000 months", table="ship_damage")
    assert intent.filters == [{"column": "service", "op": "gt", "value": 1000}]


def test_two_date_columns_are_asked_about_only_when_a_date_is_asked() -> None:
    """A table with `from` and `to` dates: 'how many currencies for territory YU' names no date,
    so no question about which date column; 'which year ...' over them still asks."""
    spans = pd.DataFrame(
        {
            "territory": ["YU", "YU", "YU", "GR", "GR"],
            "currency": ["YUD", "YUN", "YUM", "GRD", "EUR"],
            "from": pd.to_datetime(["1966-01-01", "1990-01-01", "1994-01-24", "1954-05-01", "2001-01-01"]),
            "to": pd.to_datetime(["1990-01-01", "1992-07-24", "2002-05-15", "2002-02-28", None]),
        }
    )
    intent = parse(spans, "how many currencies are listed for territory YU", table="currency_history")
    assert {"column": "territory", "op": "eq", "value": "YU"} in intent.filters
    assert ask(spans, "which year had the most currencies?", table="currency_history").reason == "ambiguous_date"


@pytest.fixture
def counties() -> pd.DataFrame:
    """One county a row, in a table named after its count column (`cancer`)."""
    rng = np.random.default_rng(9)
    n = 400  # enough rows that the index keeps no value list of `cancer`
    return pd.DataFrame({"cancer": rng.integers(0, 5000, n), "population": rng.integers(500, 90000, n)})


def test_a_pronoun_keeps_the_rows_of_the_question_before(counties: pd.DataFrame) -> None:
    """'do they have', 'haben sie', 'their': the earlier question's rows; with no earlier
    question there is nothing to build on (asked, never an answer over every row)."""
    first = parse(counties, "How many counties have a population over 20,000?", "cancer")
    big = [{"column": "population", "op": "gt", "value": 20000}]
    assert first.filters == big
    then = parse(counties, "how many cancer cases do they have in total?", "cancer", previous=first)
    assert (then.agg, then.measures, then.filters) == ("sum", ["cancer"], big)
    dann = parse(counties, "Wie viele cancer-Fälle haben sie zusammen?", "cancer", previous=first)
    assert (dann.agg, dann.measures, dann.filters) == ("sum", ["cancer"], big)
    with pytest.raises(Clarify):
        parse(counties, "What is their average population?", "cancer")


def test_of_those_in_a_month_narrows_the_same_date_column() -> None:
    """'since 2000' then 'of those, in July': both conditions on `effective`; only a filter
    of the same kind ('and since 2010?') takes the earlier one's place."""
    frame = pd.DataFrame({"effective": pd.date_range("1972-01-01", periods=40, freq="183D"), "x": range(40)})
    first = parse(frame, "how many since 2000?")
    then = parse(frame, "and how many of those were in July?", previous=first)
    assert [f["op"] for f in then.filters] == ["ge", "month"]
    again = parse(frame, "and how many since 2010?", previous=first)
    assert [f["value"] for f in again.filters] == ["2010-01-01"]


def test_only_for_a_value_with_nothing_before_asks() -> None:
    """'Only for CpG_0' opening a conversation narrows no question: asked, not a row list."""
    frame = pd.DataFrame({"CpG": ["CpG_0", "CpG_1"] * 6, "gender": ["F", "F", "M"] * 4, "methylation": 0.8})
    with pytest.raises(Clarify):
        parse(frame, "Only for CpG_0")
    first = parse(frame, "mean methylation by gender")
    then = parse(frame, "Only for CpG_0", previous=first)
    assert (then.group_by, then.filters) == (["gender"], [{"column": "CpG", "op": "eq", "value": "CpG_0"}])


def test_a_german_dot_before_three_digits_is_a_thousands_separator(counties: pd.DataFrame) -> None:
    """'mehr als 20.000 Einwohner' is 20000, '1,5' is 1.5; English '20,000' stays 20000."""
    assert parse(counties, "Wie viele Landkreise haben mehr als 20.000 Einwohner?", "cancer").filters == [
        {"column": "population", "op": "gt", "value": 20000}
    ]
    assert [s.payload for s in scan("population über 1.234.567,5 oder unter 1,5", None, "de") if s.kind == "num"] == [
        1234567.5,
        1.5,
    ]
    assert [s.payload for s in scan("population over 20,000", None, "en") if s.kind == "num"] == [20000]


def test_having_no_numeric_value_is_a_missing_value() -> None:
    """'how many rows have no cpi' over a numeric column counts the missing values, never
    the present ones."""
    frame = pd.DataFrame({"cpi": [1.0, None, 3.0, None, 5.0] * 4, "gdp": range(20)})
    intent = parse(frame, "how many rows have no cpi")
    assert intent.filters == [{"column": "cpi", "op": "isnull", "value": None}]


def test_a_value_with_no_period_over_a_series_asks_which_year() -> None:
    """'What was the cpi?', 'cpi 是多少?', 'How much did the cpi go up?' over many years: which
    year? A summary of all rows answers a question not asked; 'describe cpi' still describes."""
    frame = pd.DataFrame({"dates": pd.date_range("1990-01-01", periods=80, freq="QS"), "cpi": range(80)})
    for question in ("What was the cpi?", "cpi 是多少?", "How much did the cpi go up?", "Wie hoch war cpi?"):
        clar = ask(frame, question)
        assert clar.reason == "which_year" and clar.words["last"] == 2009
    assert parse(frame, "describe cpi").kind == "describe"
    assert parse(frame, "What was the cpi in 2009?").filters == [{"column": "dates", "op": "year", "value": 2009}]
    clar = ask(frame, "What was cpi in March?")  # read as the distinct values of every March before
    assert clar.reason == "which_year"


def test_old_with_no_bound_is_asked_about() -> None:
    """'How many old people': old is no bound on age; only '30 years old' is a unit."""
    frame = pd.DataFrame({"age": [20, 35, 50, 70] * 5, "methylation": 0.8})
    clar = ask(frame, "How many old people are in the sample?")
    assert "old" in clar.words["word"]


def test_top_n_values_by_count_are_the_most_common_values() -> None:
    """'top 3 educ values by number of respondents', '人数最多的前三个 educ 等级': the three most
    common values; 'top 5 population values' with no count: the five largest values."""
    population = np.random.default_rng(3).integers(500, 520, 30)  # some counties share a figure
    frame = pd.DataFrame({"educ": [1, 2, 2, 3, 3, 3, 4, 4, 4, 4] * 3, "population": population})
    for question in ("top 3 educ values by number of respondents", "人数最多的前三个 educ 等级"):
        intent = parse(frame, question)
        assert (intent.kind, intent.measures, intent.n) == ("distinct", ["educ"], 3)
    top = parse(frame, "top 5 population values")
    assert (top.kind, top.measures, top.n, top.sort) == ("top_n", ["population"], 5, "desc")


def test_a_share_within_each_group_named_first_is_that_groups_share() -> None:
    """'For each PID, what percent have vote = 1?': the share within each PID (percent_rows by
    group, each group's rows its whole), never each PID's part of the vote = 1 rows."""
    frame = pd.DataFrame({"PID": [0, 1, 2, 3, 4, 5] * 5, "vote": [0, 1, 1] * 10, "selfLR": [1, 3, 5, 7, 2] * 6})
    for question, group, where in (
        ("For each PID, what percent have vote = 1?", "PID", {"column": "vote", "op": "eq", "value": 1}),
        (
            "Within each vote group, what % have selfLR of 5 or more?",
            "vote",
            {"column": "selfLR", "op": "ge", "value": 5},
        ),
        ("Anteil vote = 1 in Prozent je PID", "PID", {"column": "vote", "op": "eq", "value": 1}),
    ):
        intent = parse(frame, question)
        assert (intent.kind, intent.group_by, intent.extra["where"], intent.filters) == (
            "percent",
            [group],
            [where],
            [],
        )


def test_two_values_of_one_column_joined_by_and_are_each_values_figure() -> None:
    """'mean educ for vote 0 and for vote 1': no row has both; the mean for each vote value."""
    frame = pd.DataFrame({"educ": [1, 2, 3, 4, 5, 6] * 5, "vote": [0, 1, 1] * 10})
    intent = parse(frame, "mean educ for vote 0 and for vote 1")
    assert (intent.group_by, intent.filters) == (["vote"], [{"column": "vote", "op": "in", "value": [0, 1]}])


def test_a_day_before_its_month_name_is_one_date() -> None:
    """'after 1 Jan 1972' is after that day, not rows in January 1972 with the 'after' dropped."""
    spans = scan("how many took effect after 1 jan 1972?", None, "en")
    assert [s.payload for s in spans if s.kind == "date"] == [{"year": 1972, "month": 1, "day": 1}]


def test_where_a_column_is_empty_is_a_filter_not_a_missing_value_count() -> None:
    """'the mean predict for the quarters where cpi is empty': rows with no cpi, then the mean;
    never the count of missing values."""
    frame = pd.DataFrame({"cpi": [1.0, None, 3.0, None] * 5, "predict": [2.0, 4.0, 6.0, 8.0] * 5})
    intent = parse(frame, "What is the mean predict value for the quarters where cpi is empty?")
    assert (intent.kind, intent.agg, intent.measures) == ("aggregate", "mean", ["predict"])
    assert intent.filters == [{"column": "cpi", "op": "isnull", "value": None}]


def test_years_restating_a_decade_are_not_two_more_filters() -> None:
    """'in den 1990er Jahren (1990–1999)': one range, not also year = 1990 and year = 1999."""
    frame = pd.DataFrame({"dates": pd.date_range("1980-01-01", periods=120, freq="QS"), "cpi": range(120)})
    intent = parse(frame, "Durchschnittlicher cpi in den 1990er Jahren (1990–1999)")
    assert [f["op"] for f in intent.filters] == ["between"]


def test_a_difference_restated_in_parentheses_is_the_only_measure() -> None:
    """'... DoleLR im Mittel über ClinLR (DoleLR − ClinLR)': the mean of the difference alone,
    never the mean of DoleLR beside it."""
    frame = pd.DataFrame({"DoleLR": [5, 6, 7, 2] * 5, "ClinLR": [2, 3, 3, 1] * 5, "vote": [0, 1] * 10})
    intent = parse(frame, "Um wie viel liegt DoleLR im Mittel über ClinLR (DoleLR − ClinLR)?")
    assert intent.measures == ["DoleLR - ClinLR"]
