"""Planner round 17 (issue 9): "no version number" / "没有上级（parent）" are missing values; a
word for "type" names a column called type; a whole-number column named in the plural holds
counts ("how many changes on average" is their mean); a word written onto a row noun names
the rows; a row named by its label is looked up, not summarised; a value two columns hold in
the same rows is one reading; "per release year" groups by the year; one-letter codes after
their column; "share of A (restated) are B (restated)"; words for release, urgency and name;
German "null" before a noun is zero; a leading "那" goes on from an earlier answer; "distinct"
rows with nothing to tell them apart ask; a reading that cannot run asks instead of failing."""

from __future__ import annotations

import pandas as pd
import pytest

from datapulse.agents.planner.intent import Clarify
from tests.agents.conftest import Ask
from tests.agents.planning import parse


@pytest.fixture
def releases() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "version": [1.1, 1.2, None, 3.0, None, 4.0],
            "codename": ["Buzz", "Rex", "Sid", "Woody", "Exp", "Etch"],
            "series": ["buzz", "rex", "sid", "woody", "exp", "etch"],
            "release": pd.to_datetime(["1996-06-17", "1996-12-12", None, "2002-07-19", None, "2007-04-08"]),
            "eol": pd.to_datetime(["1997-06-05", "1998-06-05", None, "2006-06-30", None, "2010-02-15"]),
        }
    )


@pytest.fixture
def units() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "country": ["AD", "AD", "US", "US", "GW", "GW"],
            "name": ["Canillo", "Encamp", "California", "New York", "Leste", "Bafata"],
            "type": ["Parish", "Parish", "State", "State", "Region", "Province"],
            "parent": [None, None, None, None, "L", "L"],
        }
    )


@pytest.fixture
def entries() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "package": ["a", "a", "b", "c", "c", "c", "d"],
            "urgency": ["medium", "low", "high", "medium", "emergency", "low", "high"],
            "changes": [1, 5, 4, 2, 7, 1, 3],
        }
    )


@pytest.fixture
def languages() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["A", "B", "C", "D", "E", "F", "G"],
            "scope": ["I", "I", "M", "I", "I", "M", "I"],
            "type": ["L", "L", "E", "L", "E", "L", "C"],
        }
    )


def _rows(frame: pd.DataFrame, intent) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    keep = pd.Series(True, index=frame.index)
    for f in intent.filters:
        col = frame[f["column"]]
        keep &= {"isnull": col.isna(), "notnull": col.notna()}.get(f["op"], col == f["value"])
    return frame[keep]


def test_no_number_of_a_column_is_its_missing_value(releases: pd.DataFrame) -> None:
    intent = parse(releases, "How many entries have no version number?")
    assert intent.filters == [{"column": "version", "op": "isnull", "value": None}]
    assert len(_rows(releases, intent)) == releases["version"].isna().sum()


def test_a_column_after_having_none_at_the_end_is_missing_in_chinese(units: pd.DataFrame) -> None:
    intent = parse(units, "有多少个行政区划没有上级（parent）？")
    assert intent.filters == [{"column": "parent", "op": "isnull", "value": None}]
    assert len(_rows(units, intent)) == units["parent"].isna().sum()
    share = parse(units, "有上级行政区（parent）的占多少比例？")
    assert share.kind == "percent" and share.extra["where"] == [{"column": "parent", "op": "notnull", "value": None}]


def test_the_word_type_names_a_column_called_type(units: pd.DataFrame) -> None:
    intent = parse(units, "类型为 State 的有多少条？")
    assert intent.kind in ("count", "aggregate") and not intent.measures
    assert len(_rows(units, intent)) == (units["type"] == "State").sum()


def test_how_many_different_types_counts_the_type_column(units: pd.DataFrame) -> None:
    intent = parse(units, "一共有几种不同的类型？")
    assert intent.kind == "distinct" and intent.measures == ["type"]


@pytest.mark.parametrize(
    "question",
    [
        "How many changes does an entry list on average?",
        "Wie viele Änderungen hat ein Eintrag im Durchschnitt?",
    ],
)
def test_a_plural_count_column_is_averaged_when_asked_on_average(entries: pd.DataFrame, question: str) -> None:
    intent = parse(entries, question)
    assert (intent.kind, intent.agg, intent.measures) == ("aggregate", "mean", ["changes"])


def test_a_plural_count_column_averaged_per_group(entries: pd.DataFrame) -> None:
    intent = parse(entries, "Wie viele Änderungen hat ein Eintrag im Mittel je Dringlichkeit?")
    assert (intent.agg, intent.measures, intent.group_by) == ("mean", ["changes"], ["urgency"])


@pytest.mark.parametrize("question", ["Wie viele Changelog-Einträge gibt es?", "一共有多少条变更日志记录？"])
def test_a_word_written_onto_a_row_noun_counts_rows(entries: pd.DataFrame, question: str) -> None:
    intent = parse(entries, question, table="changelog")
    assert intent.kind in ("count", "aggregate") and not intent.measures and not intent.filters


@pytest.mark.parametrize(
    "question", ["What weight does B.ttf have?", "What is the weight of B.ttf?", "B.ttf 的 weight 是多少？"]
)
def test_the_value_of_a_row_named_by_its_label_is_shown(question: str) -> None:
    fonts = pd.DataFrame({"file": ["A.ttf", "B.ttf", "C.ttf"], "weight": [700, 400, 400], "glyphs": [10, 20, 30]})
    intent = parse(fonts, question)
    assert intent.kind == "filter" and intent.measures == ["weight"]
    assert _rows(fonts, intent)["weight"].tolist() == [400]


@pytest.mark.parametrize(
    "question",
    [
        "When was Etch released?",
        "When did Woody come out?",
        "Wann wurde Etch veröffentlicht?",
        "Etch 是什么时候发布的？",
    ],
)
def test_a_value_two_columns_hold_in_the_same_rows_is_one_reading(releases: pd.DataFrame, question: str) -> None:
    intent = parse(releases, question)
    assert intent.kind == "filter" and intent.measures == ["release"]
    assert len(_rows(releases, intent)) == 1


def test_until_when_goes_on_to_which_end_date(releases: pd.DataFrame) -> None:
    frame = releases.assign(eol_lts=releases["eol"] + pd.Timedelta(days=700))
    with pytest.raises(Clarify) as info:
        parse(frame, "Until when was Etch supported?")
    assert info.value.reason != "ambiguous_value"


@pytest.mark.parametrize("question", ["Count the releases per release year.", "按发布年份统计版本数量。"])
def test_a_date_column_with_a_period_noun_groups_by_that_period(releases: pd.DataFrame, question: str) -> None:
    intent = parse(releases, question)
    assert intent.kind == "trend" and intent.extra["date_column"] == "release" and intent.extra["freq"] == "year"


@pytest.mark.parametrize(
    "question", ["How many languages are of type L?", "How many languages have type = L?", "类型为 L 的语言有多少种？"]
)
def test_a_one_letter_code_after_its_column_is_its_value(languages: pd.DataFrame, question: str) -> None:
    intent = parse(languages, question)
    assert len(_rows(languages, intent)) == (languages["type"] == "L").sum() and intent.kind != "distinct"


def test_share_of_restated_rows_that_are_restated_rows(languages: pd.DataFrame) -> None:
    intent = parse(languages, "Wie viel Prozent der Einzelsprachen (scope I) sind ausgestorben (Typ E)?")
    assert intent.kind == "percent"
    assert intent.filters == [{"column": "scope", "op": "eq", "value": "I"}]
    assert intent.extra["where"] == [{"column": "type", "op": "eq", "value": "E"}]


@pytest.mark.parametrize("question", ["各个紧急程度分别有多少条记录？", "Wie viele Einträge je Dringlichkeitsstufe?"])
def test_a_word_for_urgency_names_the_column_not_a_value(entries: pd.DataFrame, question: str) -> None:
    intent = parse(entries, question)
    assert intent.group_by == ["urgency"] and not intent.filters


def test_what_a_row_is_called_is_its_name(units: pd.DataFrame) -> None:
    frame = units.assign(code=[f"{c}-{i:02d}" for i, c in enumerate(units["country"])])
    intent = parse(frame, "Wie heißt die Einheit mit dem Code US-03?")
    assert intent.measures == ["name"] and _rows(frame, intent)["name"].tolist() == ["New York"]


def test_german_null_before_a_noun_is_no_missing_value(entries: pd.DataFrame) -> None:
    frame = entries.assign(changes=[0, 5, 4, 0, 7, 1, 3])
    intent = parse(frame, "Wie viele Einträge haben null Änderungen?")
    assert {"column": "changes", "op": "isnull", "value": None} not in intent.filters
    assert len(_rows(frame, intent)) == (frame["changes"] == 0).sum()


def test_a_leading_then_in_chinese_needs_an_earlier_answer(releases: pd.DataFrame) -> None:
    with pytest.raises(Clarify) as info:
        parse(releases, "那 2000 年以后发布的有几个？")
    assert info.value.reason == "no_previous"


def test_please_only_needs_an_earlier_answer(units: pd.DataFrame) -> None:
    with pytest.raises(Clarify) as info:
        parse(units, "Bitte nur die vom Typ Region.")
    assert info.value.reason == "no_previous"


def test_distinct_rows_with_nothing_to_tell_them_apart_ask(languages: pd.DataFrame) -> None:
    frame = languages.assign(type=languages["type"].map({"L": "Living", "E": "Extinct", "C": "Constructed"}))
    with pytest.raises(Clarify):
        parse(frame, "How many distinct languages (type Living) are there?")


def test_a_date_column_named_beside_the_date_is_the_one_filtered(releases: pd.DataFrame) -> None:
    intent = parse(releases, "How many releases had eol before 2000?")
    assert [f["column"] for f in intent.filters] == ["eol"]


def test_a_reading_that_cannot_run_is_asked_back(ask: Ask, monkeypatch: pytest.MonkeyPatch) -> None:
    import datapulse.agents.engine as engine

    step = {
        "tool": "compare_groups",
        "args": {"table": "penguins", "measure": "body_mass_g", "group_column": "island", "groups": ["Nowhere", "X"]},
    }
    monkeypatch.setattr(engine, "plan_for", lambda intent: [step])
    out = ask("penguins", "average body mass by island")
    assert out.needs_clarification and out.results == []


def test_the_word_counted_after_duoshao_ge_is_the_rows(releases: pd.DataFrame) -> None:
    frame = releases.assign(notes=["a", None, "b", None, None, "c"])
    intent = parse(frame, "有多少个版本有 notes？")
    assert intent.filters == [{"column": "notes", "op": "notnull", "value": None}] and not intent.measures
    assert len(_rows(frame, intent)) == frame["notes"].notna().sum()


@pytest.fixture
def colours() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["snow", "tomato", "gray", "navy", "white", "red1"],
            "red": [255, 255, 128, 0, 255, 255],
            "green": [250, 99, 128, 0, 255, 0],
            "blue": [250, 71, 128, 128, 255, 0],
        }
    )


def test_the_other_spelling_of_the_tables_noun_names_its_rows(colours: pd.DataFrame) -> None:
    intent = parse(colours, "红色为 255 的颜色，绿色的平均值是多少？", table="colours")
    assert (intent.agg, intent.measures) == ("mean", ["green"])
    assert intent.filters == [{"column": "red", "op": "eq", "value": 255}]


def test_the_value_word_after_a_column_belongs_to_it(colours: pd.DataFrame) -> None:
    intent = parse(colours, "蓝色值为 255 的颜色有多少个？", table="colours")
    assert len(_rows(colours, intent)) == (colours["blue"] == 255).sum() and not intent.measures


def test_a_column_name_written_with_hyphens_names_it() -> None:
    fonts = pd.DataFrame({"file": ["a", "b", "c"], "x_height": [500, None, 520], "cap_height": [700, None, 710]})
    intent = parse(fonts, "What is the mean x-height?")
    assert (intent.agg, intent.measures) == ("mean", ["x_height"])
