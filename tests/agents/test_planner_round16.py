"""Planner round 16 (issue 9): questions whose answer is a column (the most missing values, the
strongest correlation with X) rank the columns; yes/no columns are 0/1 flags (counted, shared,
"having" one); a name column with a few repeated names still counts rows in the plural; "the
value" with several measures and "live longest" with no such measure ask; the rows' period named
by a quarter-of-year column; nouns for the rows of people, German everyday words, manufacturer
words; a code after a text column is its value; "A und B zusammen" in a relation is no sum."""

from __future__ import annotations

import pandas as pd
import pytest

from datapulse.agents.planner.intent import Clarify
from tests.agents.planning import parse, run_sql


@pytest.fixture
def gaps() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "a": [1.0, None, 3.0, None, 5.0],
            "b": ["x", None, None, None, "y"],
            "c": [1, 2, 3, 4, 5],
            "d": [None, 2.0, 3.0, 4.0, 5.0],
        }
    )


@pytest.mark.parametrize(
    "question",
    [
        "Which column is missing the most values?",
        "Welche Spalte hat die meisten fehlenden Werte?",
        "缺失值最多的是哪一列？",
    ],
)
def test_the_column_with_the_most_missing_values_comes_first(gaps: pd.DataFrame, question: str) -> None:
    rows = run_sql(parse(gaps, question), gaps)
    assert rows[0] == (gaps.isna().sum().idxmax(), int(gaps.isna().sum().max()))


def test_the_column_with_the_fewest_missing_values_comes_first(gaps: pd.DataFrame) -> None:
    rows = run_sql(parse(gaps, "which column has the fewest missing values"), gaps)
    assert rows[0][0] == gaps.isna().sum().idxmin()


@pytest.mark.parametrize(
    "question",
    ["Which variable is most strongly correlated with x?", "Welche Größe korreliert am stärksten mit x?"],
)
def test_the_strongest_partner_of_a_column_is_the_answer(question: str) -> None:
    frame = pd.DataFrame(
        {"x": [1.0, 2, 3, 4, 5, 6], "p": [2.0, 1, 4, 3, 6, 5], "q": [6.0, 5, 4, 3, 1, 2], "r": [1.0, 0, 1, 0, 1, 0]}
    )
    rows = run_sql(parse(frame, question), frame)
    corr = frame.corr()["x"].drop("x")
    assert rows[0][0] == corr.abs().idxmax()
    assert rows[0][1] == pytest.approx(corr[corr.abs().idxmax()])


@pytest.fixture
def zoo() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "animal": ["ant", "bee", "cat", "dog", "cow", "emu"],
            "legs": [6, 6, 4, 4, 4, 2],
            "venomous": [False, True, False, False, False, False],
            "toothed": [False, False, True, True, False, False],
            "type": ["insect", "insect", "mammal", "mammal", "mammal", "bird"],
        }
    )


@pytest.mark.parametrize("question", ["how many are venomous?", "Wie viele giftige Tiere (venomous) gibt es?"])
def test_a_yes_no_column_counts_its_yes_rows(zoo: pd.DataFrame, question: str) -> None:
    intent = parse(zoo, question, "zoo")
    assert (intent.agg, intent.filters) == ("count", [{"column": "venomous", "op": "eq", "value": 1}])
    assert int(zoo["venomous"].sum()) == 1


@pytest.mark.parametrize(
    "question",
    [
        "What share of mammals (type = mammal) are toothed?",
        "Welcher Anteil der Säugetiere (type = mammal) besitzt Zähne (toothed)?",
        "哺乳动物（type = mammal）中有牙齿（toothed）的比例是多少？",
    ],
)
def test_a_share_of_the_rows_a_value_picks_counted_by_a_flag(zoo: pd.DataFrame, question: str) -> None:
    intent = parse(zoo, question, "zoo")
    assert intent.kind == "percent"
    assert intent.filters == [{"column": "type", "op": "eq", "value": "mammal"}]
    assert intent.extra["where"] == [{"column": "toothed", "op": "eq", "value": 1}]


def test_a_name_column_with_a_repeated_name_counts_rows_in_the_plural() -> None:
    names = [f"animal{k}" for k in range(59)] + ["animal0"]
    frame = pd.DataFrame({"animal": names, "legs": [4] * 60})
    intent = parse(frame, "How many animals are in the table?", "zoo")
    assert (intent.kind, intent.agg, intent.measures) == ("aggregate", "count", [])
    assert frame["animal"].nunique() != len(frame)


@pytest.mark.parametrize("question", ["Which animals live the longest?", "哪些动物活得最长？"])
def test_living_longest_with_no_such_measure_asks(zoo: pd.DataFrame, question: str) -> None:
    with pytest.raises(Clarify):
        parse(zoo, question, "zoo")


@pytest.fixture
def quarterly() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quarter_start": pd.date_range("1960-01-01", periods=12, freq="QS"),
            "year": [1960] * 4 + [1961] * 4 + [1962] * 4,
            "quarter": [1, 2, 3, 4] * 3,
            "y": [1.0, None, 3, None, 5, 6, 7, 8, 9, 10, 11, 12],
            "predict": [float(k) for k in range(12)],
        }
    )


@pytest.mark.parametrize("question", ["What was the value in 1961?", "Wie hoch war der Wert im Jahr 1961?"])
def test_the_value_of_a_year_with_several_measures_asks(quarterly: pd.DataFrame, question: str) -> None:
    with pytest.raises(Clarify):
        parse(quarterly, question, "forecasts")


@pytest.mark.parametrize(
    "question", ["How many quarters does the data span?", "Wie viele Quartale deckt die Tabelle ab?"]
)
def test_the_rows_period_named_by_a_quarter_of_year_column_counts_rows(quarterly: pd.DataFrame, question: str) -> None:
    intent = parse(quarterly, question, "forecasts")
    assert (intent.agg, intent.measures, intent.filters) == ("count", [], [])
    assert quarterly["quarter"].nunique() != len(quarterly)


@pytest.mark.parametrize(
    "question", ["How many quarters have no value for y?", "Wie viele Quartale haben keinen Wert für y?"]
)
def test_no_value_for_a_measure_is_its_missing_rows(quarterly: pd.DataFrame, question: str) -> None:
    intent = parse(quarterly, question, "forecasts")
    assert intent.filters == [{"column": "y", "op": "isnull", "value": None}]
    assert int(quarterly["y"].isna().sum()) == 2


@pytest.fixture
def passengers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pclass": [1, 1, 2, 2, 3, 3, 3],
            "survived": [1, 0, 1, 1, 0, 0, 1],
            "sex": ["male", "female", "male", "female", "male", "female", "male"],
            "age": [20.0, 30, 40, 50, 60, 70, 80],
            "boat": ["13", "13", "7", None, "C", "13", None],
        }
    )


@pytest.mark.parametrize(
    "question",
    [
        "How many survivors per pclass?",
        "Anzahl der Überlebenden je Klasse (pclass)",
        "每个pclass有多少幸存者？",
    ],
)
def test_survivors_per_group_are_the_flags_rows_per_group(passengers: pd.DataFrame, question: str) -> None:
    intent = parse(passengers, question, "titanic")
    assert (intent.agg, intent.group_by) == ("count", ["pclass"])
    assert intent.filters == [{"column": "survived", "op": "eq", "value": 1}]


@pytest.mark.parametrize("question", ["Wie viele Fahrgäste stehen auf der Liste?", "名单上有多少位乘客？"])
def test_passengers_are_the_rows_of_a_table_of_people(passengers: pd.DataFrame, question: str) -> None:
    intent = parse(passengers, question, "titanic")
    assert intent.kind in ("count", "aggregate") and not intent.measures and not intent.filters


def test_a_code_a_text_column_holds_after_its_word_is_its_value(passengers: pd.DataFrame) -> None:
    intent = parse(passengers, "Wie viele Leute saßen im Boot 7 (boat)?", "titanic")
    assert intent.filters == [{"column": "boat", "op": "eq", "value": "7"}]
    assert int((passengers["boat"] == "7").sum()) == 1


def test_two_columns_that_hang_together_are_correlated_not_summed() -> None:
    frame = pd.DataFrame({"Calcium": [1.0, 2, 3, 4], "Sodium": [2.0, 1, 4, 3], "Iron": [0.0, 1, 0, 1]})
    intent = parse(frame, "Wie hängen Sodium und Calcium zusammen? Gib mir den Korrelationskoeffizienten.", "glass")
    assert intent.kind == "correlation"
    assert set(intent.measures) == {"Sodium", "Calcium"}


@pytest.mark.parametrize("question", ["每个厂商的平均MMAX", "Durchschnittlicher MMAX je Hersteller"])
def test_words_for_a_manufacturer_name_the_vendor_column(question: str) -> None:
    frame = pd.DataFrame({"vendor": ["a", "a", "b", "c"], "MMAX": [10, 20, 30, 40], "class": [5, 9, 3, 4]})
    intent = parse(frame, question, "cpu")
    assert (intent.agg, intent.measures, intent.group_by) == ("mean", ["MMAX"], ["vendor"])


@pytest.mark.parametrize(
    ("question", "flt"),
    [
        ("How many guests were in dinghy 7 (boat = 7)?", {"column": "boat", "op": "eq", "value": "7"}),
        ("How many men travelled first class (pclass 1)?", {"column": "pclass", "op": "eq", "value": 1}),
        (
            "How many passengers had a sister or brother aboard (sibsp > 0)?",
            {"column": "sibsp", "op": "gt", "value": 0},
        ),
    ],
)
def test_words_restated_by_parentheses_with_their_number_ordinal_or_or(question: str, flt: dict) -> None:
    frame = pd.DataFrame(
        {
            "pclass": [1, 3, 3, 2],
            "survived": [1, 0, 1, 1],
            "sex": ["male", "male", "female", "male"],
            "sibsp": [0, 1, 0, 2],
            "boat": ["7", None, "13", "7"],
        }
    )
    intent = parse(frame, question, "titanic")
    assert flt in intent.filters


@pytest.mark.parametrize(
    ("question", "value"), [("Wie viele Frauen gibt es?", "female"), ("Wie viele Männer?", "male")]
)
def test_german_words_for_women_and_men_are_values(question: str, value: str) -> None:
    frame = pd.DataFrame({"sex": ["male", "female", "male"], "age": [20.0, 30, 40]})
    intent = parse(frame, question, "titanic")
    assert intent.filters == [{"column": "sex", "op": "eq", "value": value}]


@pytest.fixture
def trips() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "embarked": ["S", "C", "S", "Q", "S", "C"],
            "dest": ["New York, NY", "Paris", "New York / Boston", "Paris", "Rome", "Oslo"],
            "fare": [10.0, 20, 30, 40, 50, 60],
        }
    )


@pytest.mark.parametrize(
    "question", ['How many rows have "New York" in dest?', 'Bei wie vielen Zeilen steht "New York" in dest?']
)
def test_quoted_text_in_a_category_column_is_searched_within_its_values(trips: pd.DataFrame, question: str) -> None:
    intent = parse(trips, question, "trips")
    assert intent.filters == [{"column": "dest", "op": "contains", "value": "New York"}]
    assert int(trips["dest"].str.contains("New York").sum()) == 2


@pytest.mark.parametrize(
    "question", ["Mean fare for each port of embarkation", "每个登船港口的平均票价", "Durchschnittlicher fare je Hafen"]
)
def test_words_for_a_port_name_the_embarkation_column(trips: pd.DataFrame, question: str) -> None:
    intent = parse(trips, question, "trips")
    assert (intent.agg, intent.measures, intent.group_by) == ("mean", ["fare"], ["embarked"])


def test_the_majority_in_chinese_ranks_the_groups(trips: pd.DataFrame) -> None:
    intent = parse(trips, "大多数记录来自哪个港口（embarked）？", "trips")
    assert (intent.agg, intent.group_by, intent.sort, intent.n) == ("count", ["embarked"], "desc", 1)
    assert trips["embarked"].value_counts().idxmax() == "S"


@pytest.mark.parametrize("question", ["mean fare by month (1-12)", "按月份（month，1到12）计算fare的平均值"])
def test_a_range_in_parentheses_beside_a_grouping_describes_its_values(question: str) -> None:
    frame = pd.DataFrame({"month": list(range(1, 13)) * 2, "fare": [float(k) for k in range(24)]})
    intent = parse(frame, question, "fares")
    assert (intent.agg, intent.measures, intent.group_by) == ("mean", ["fare"], ["month"])


@pytest.mark.parametrize(
    "question",
    [
        "What percentage of the pieces hold copper (Copper > 0)?",
        "Welcher Anteil der Stücke enthält Kupfer (Copper > 0)?",
    ],
)
def test_the_verb_and_column_restated_by_a_bound_are_the_bound(question: str) -> None:
    frame = pd.DataFrame({"Copper": [0.0, 0.1, 0, 0.2, 0, 0.3], "Zinc": [1.0, 2, 3, 4, 5, 6]})
    intent = parse(frame, question, "alloys")
    assert intent.kind == "percent"
    assert intent.extra["where"] == [{"column": "Copper", "op": "gt", "value": 0}]
