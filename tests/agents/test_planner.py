"""The rule planner's pieces: language, mentions, clarification reasons, context, answer text."""

from __future__ import annotations

import pandas as pd
import pytest

from datapulse.agents import report
from datapulse.agents.planner.columns import ColumnIndex, forms_of
from datapulse.agents.planner.intent import Clarify, Intent
from datapulse.agents.planner.rules import is_sql, parse_question
from datapulse.agents.planner.scan import detect_language, scan
from tests.agents.datasets import DatasetStore


def parse(frame: pd.DataFrame, question: str, previous: Intent | None = None) -> Intent:
    return parse_question(question, ColumnIndex.build(frame), "t", detect_language(question), previous)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("average price by class", "en"),
        ("Durchschnittlicher Preis pro Klasse", "de"),
        ("按舱位统计平均票价", "zh"),
        ("Wie viele Zeilen?", "de"),
        ("Gesamtniederschlag 2014", "de"),
        ("how many rows", "en"),
    ],
)
def test_language_detection(question: str, lang: str) -> None:
    """Chinese by its characters, German by its words and letters, else English."""
    assert detect_language(question) == lang


def test_column_spellings() -> None:
    """A name is found spelled out, without units, with abbreviations expanded."""
    assert {"body mass", "body mass g", "body_mass_g"} <= forms_of("body_mass_g")
    assert {"arr delay", "arrival delay"} <= forms_of("arr_delay")
    assert "miles per gallon" in forms_of("Miles_per_Gallon") and "weight" in forms_of("Weight_in_lbs")
    assert "sepal length" in forms_of("sepalLength")


def test_chinese_numbers_need_a_counter(datasets: DatasetStore) -> None:
    """一 in 一天 is not a number; 前五 and 3只 are."""
    index = ColumnIndex.build(datasets.frame("penguins"))
    nums = [s.payload for s in scan("最重的一天 前五 3只", index, "zh") if s.kind == "num"]
    assert nums == [5, 3]


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("average species", "not_numeric"),
        ("pivot body mass by species", "pivot_needs_two"),
        ("mean length", "ambiguous_column"),
        ("average body mass by continent", "unknown_column"),
        ("the heaviest sandwich by planet", "unknown_column"),
        ("Which species has the highest body mass?", "two_readings"),
        ("distribution", "no_column"),
        ("what is the meaning of life", "unclear"),
    ],
)
def test_clarification_reasons(datasets: DatasetStore, question: str, reason: str) -> None:
    """Each unclear question says what is unclear."""
    with pytest.raises(Clarify) as info:
        parse(datasets.frame("penguins"), question)
    assert info.value.reason == reason and info.value.candidates


def test_a_trend_needs_a_date_or_a_year(datasets: DatasetStore) -> None:
    """Over an integer year column a trend is the figure per year; with neither, it asks."""
    frame = datasets.frame("penguins")
    intent = parse(frame, "trend of body mass")
    assert (intent.kind, intent.group_by, intent.measures) == ("aggregate", ["year"], ["body_mass_g"])
    with pytest.raises(Clarify) as info:
        parse(frame.drop(columns="year"), "trend of body mass")
    assert info.value.reason == "no_date"


def test_a_value_in_two_columns_is_ambiguous(datasets: DatasetStore) -> None:
    """'Dream' in both island and a second island column holding it in other rows: which one?
    (Two columns holding it in the same rows are one reading: test_planner_round17.)"""
    frame = datasets.frame("penguins").assign(home=lambda d: d.island.to_numpy()[::-1])
    with pytest.raises(Clarify) as info:
        parse(frame, "average body mass on Dream")
    assert info.value.reason == "ambiguous_value"
    assert info.value.candidates == ["home = dream", "island = dream"]
    assert parse(frame, "average body mass for island Dream").filters == [
        {"column": "island", "op": "eq", "value": "Dream"}
    ]


def test_two_date_columns_are_ambiguous(datasets: DatasetStore) -> None:
    """A date filter with two date columns and none called date asks which."""
    frame = datasets.frame("stocks").rename(columns={"date": "day"}).assign(listed=lambda d: d.day)
    with pytest.raises(Clarify) as info:
        parse(frame, "average price in 2005")
    assert info.value.reason == "ambiguous_date"


def test_trend_split_by_another_column_asks(datasets: DatasetStore) -> None:
    """A trend per group is not attempted silently."""
    with pytest.raises(Clarify) as info:
        parse(datasets.frame("stocks"), "monthly average price by symbol over time")
    assert info.value.reason == "trend_with_groups"


def test_context_round_trip(datasets: DatasetStore) -> None:
    """An intent survives its context; garbage context is ignored."""
    intent = parse(datasets.frame("penguins"), "average body mass by species on Dream")
    assert Intent.from_context(intent.to_context()) == intent
    assert Intent.from_context({"kind": 3}) is None and Intent.from_context({"kind": "x", "bogus": 1}).kind == "x"
    assert Intent.from_context({"kind": "aggregate", "measures": 5}) is not None
    assert Intent.from_context([]) is None  # type: ignore[arg-type]


def test_followup_replaces_the_filter_on_the_same_column(datasets: DatasetStore) -> None:
    """'now for Biscoe' after a Dream question filters on Biscoe instead."""
    frame = datasets.frame("penguins")
    first = parse(frame, "average body mass by species on Dream")
    second = parse(frame, "now for Biscoe", previous=first)
    assert second.filters == [{"column": "island", "op": "eq", "value": "Biscoe"}]
    assert second.group_by == ["species"] and second.extra["followup"]


@pytest.mark.parametrize(
    ("text", "sql"),
    [
        ("SELECT 1", True),
        ("select the top 5 penguins by mass", False),
        ("DROP TABLE x", True),
        ("describe the data", False),
        ("set of rows", False),
        ("with body mass over 4000", False),
    ],
)
def test_sql_is_recognised_by_parsing(text: str, sql: bool) -> None:
    """Only a message that parses as SQL is run as SQL."""
    assert is_sql(text) is sql


def test_answer_pieces_rebuild_the_answer() -> None:
    """The streamed pieces join to the answer and cut at spaces."""
    text = "word " * 100 + "\n| a | b |\n" + "x" * 200
    parts = report.pieces(text)
    assert "".join(parts) == text and len(parts) > 3


@pytest.mark.parametrize("lang", ["en", "de", "zh"])
def test_clarification_text_in_each_language(lang: str) -> None:
    """Every reason has words in every language."""
    for reason in ("ambiguous_column", "unknown_column", "no_measure", "two_readings", "unclear", "no_date"):
        text = report.clarification(lang, reason, ["a", "b"], {"word": "x"})
        assert "`a`" in text and "`b`" in text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234567, "1,234,567"),
        (4201.7543, "4,201.75"),
        (0.65618, "0.6562"),
        (0.0000123, "1.2e-05"),
        (6.4e-47, "6.4e-47"),
        (None, "None"),
        ([1, 2.5], "1, 2.5"),
        ("x", "x"),
        (0.0, "0"),
    ],
)
def test_number_formatting(value: object, text: str) -> None:
    """Figures in the answer are readable."""
    assert report.fmt(value) == text


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [(1234.5, "de", "1.234,50"), (1234567, "de", "1.234.567"), (0.5, "de", "0,5"), (1234.5, "zh", "1,234.50")],
)
def test_german_numbers_use_german_separators(value: object, lang: str, text: str) -> None:
    """German answers write 1.234,5; Chinese ones the usual 1,234.5."""
    assert report.fmt(value, lang) == text
