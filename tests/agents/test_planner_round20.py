"""Planner round 20, tuned on blind18: a follow-up that opens with "und davon mit" / "and of
those with" and has nothing before it asks which rows; a text searched for stops at a closing
bracket ("(name contains Instinct)") and after an article ("contain an @"); "the smallest codepoint
value" is the value of the column named, not of the table's one other measure; "codec aliases"
counts the aliases (the rows' names), "不同的codec" the codecs; "count of locales by first weekday"
groups by a column of few numbers; "top 4 languages by number of locales" counts the rows; "the
average number of characters per charmap" over one row per charmap is the mean over the rows; and
"have Pro in the product name" searches a word written inside a text column's values."""

from __future__ import annotations

import pandas as pd
import pytest

from datapulse.agents.planner.intent import Clarify
from tests.agents.planning import parse


@pytest.fixture
def gpus() -> pd.DataFrame:
    names = [
        "AMD Radeon Pro WX 7100",
        "AMD Radeon Pro WX 7100",
        "AMD Radeon RX 580",
        "AMD Radeon RX 580",
        "AMD Radeon Vega 3 Graphics",
        "AMD Radeon Vega 3 Graphics",
        "AMD Radeon Vega 8 Graphics",
        "AMD Instinct MI100",
        "AMD Instinct MI100",
        "AMD Radeon R5 Graphics",
        "AMD Radeon R5 Graphics",
        "AMD Radeon R5 Graphics",
    ]
    return pd.DataFrame(
        {
            "device_id": [
                "67C4",
                "67C4",
                "67DF",
                "67DF",
                "15D8",
                "15D8",
                "15D8",
                "738C",
                "738C",
                "9874",
                "9874",
                "9874",
            ],
            "revision_id": ["00", "01", "C7", "E7", "91", "92", "C8", "01", "02", "81", "84", "85"],
            "revision": [0, 1, 199, 231, 145, 146, 200, 1, 2, 129, 132, 133],
            "product_name": names,
        }
    )


@pytest.fixture
def aliases() -> pd.DataFrame:
    rows = [
        ("646", "ascii"),
        ("us_ascii", "ascii"),
        ("ansi_x3.4_1968", "ascii"),
        ("latin1", "latin_1"),
        ("l1", "latin_1"),
        ("iso8859_1", "latin_1"),
        ("utf8", "utf_8"),
        ("u8", "utf_8"),
        ("cp1252", "cp1252"),
        ("windows_1252", "cp1252"),
    ]
    frame = pd.DataFrame(rows, columns=["alias", "codec"])
    return frame.assign(alias_length=frame["alias"].str.len())


@pytest.fixture
def locales() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "locale": ["de_DE", "de_AT", "en_US", "en_GB", "fr_FR", "sr_RS@latin", "uz_UZ@cyrillic", "es_ES", "es_MX"],
            "language": ["German", "German", "English", "English", "French", "Serbian", "Uzbek", "Spanish", "Spanish"],
            "first_weekday": [2, 2, 1, 2, 2, 2, 2, 2, 1],
            "frac_digits": [2, 2, 2, 2, 2, 2, 2, 2, 2],
        }
    )


@pytest.fixture
def entities() -> pd.DataFrame:
    points = list(range(160, 220))
    return pd.DataFrame(
        {
            "entity": [f"e{p}" for p in points],
            "characters": [1 + p % 2 for p in points],
            "codepoint": points,
        }
    )


@pytest.fixture
def charmaps() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "charmap": ["ANSI_X3.4-1968", "ISO-8859-1", "UTF-8", "GB18030", "KOI8-R"],
            "mb_cur_max": [1, 1, 6, 4, 1],
            "characters": [128, 256, 1000, 2000, 256],
        }
    )


@pytest.mark.parametrize("question", ["und davon mit revision_id 00?", "Und darunter mit revision_id 01?"])
def test_of_those_with_nothing_before_asks(gpus: pd.DataFrame, question: str) -> None:
    # ("and of those with ...", "其中 ..." already asked: the German "davon mit" was read as a clause)
    with pytest.raises(Clarify):
        parse(gpus, question)


@pytest.mark.parametrize(
    "question",
    [
        "How many entries are there (product name contains Instinct)?",
        "Wie viele Einträge gibt es (product_name enthält Instinct)?",
        "有多少条记录（product_name包含Instinct）？",
    ],
)
def test_a_searched_text_ends_at_a_closing_bracket(gpus: pd.DataFrame, question: str) -> None:
    intent = parse(gpus, question)
    assert [(f["column"], f["op"], f["value"]) for f in intent.filters] == [("product_name", "contains", "Instinct")]


@pytest.mark.parametrize("question", ["how many locale names contain an @", "Wie viele Locale-Namen enthalten ein @?"])
def test_an_article_before_a_searched_text(locales: pd.DataFrame, question: str) -> None:
    intent = parse(locales, question)
    assert intent.filters == [{"column": "locale", "op": "contains", "value": "@"}]
    assert intent.kind in ("count", "aggregate")


@pytest.mark.parametrize(
    "question",
    ["What is the smallest codepoint value?", "Was ist der kleinste codepoint-Wert?", "smallest codepoint value?"],
)
def test_the_value_of_the_number_column_named(entities: pd.DataFrame, question: str) -> None:
    intent = parse(entities, question)
    assert (intent.kind, intent.measures, intent.agg) == ("aggregate", ["codepoint"], "min")
    assert entities[intent.measures[0]].min() == 160


@pytest.mark.parametrize(
    "question", ["How many codec aliases are there?", "Wie viele Codec-Aliase gibt es?", "一共有多少个codec别名？"]
)
def test_a_category_before_the_rows_names_counts_the_rows(aliases: pd.DataFrame, question: str) -> None:
    intent = parse(aliases, question, table="codec_aliases")  # the table's name says what the aliases are of
    assert intent.kind == "distinct" and intent.measures == ["alias"]
    assert aliases["alias"].nunique() == len(aliases) == 10


def test_the_column_right_after_distinct() -> None:
    frame = pd.DataFrame(
        {
            "alias": ["a1", "a2", "a3", "a4", "a5", "a6"],
            "codec": ["x", "x", "y", "y", "z", "z"],
            "n": [1, 2, 3, 4, 5, 6],
        }
    )
    intent = parse(frame, "别名对应多少个不同的codec？")
    assert intent.kind == "distinct" and intent.measures == ["codec"]
    assert frame[intent.measures[0]].nunique() == 3


@pytest.mark.parametrize(
    "question",
    [
        "Count of locales by first weekday",
        "Anzahl der Locales nach first_weekday",
        "Number of locales by first_weekday",
    ],
)
def test_rows_counted_by_a_column_of_few_numbers(locales: pd.DataFrame, question: str) -> None:
    intent = parse(locales, question)
    assert (intent.kind, intent.agg, intent.group_by) == ("aggregate", "count", ["first_weekday"])


@pytest.mark.parametrize("question", ["Top 2 languages by number of locales", "Top 2 Sprachen nach Anzahl der Locales"])
def test_groups_ranked_by_their_number_of_rows(locales: pd.DataFrame, question: str) -> None:
    intent = parse(locales, question)
    assert (intent.kind, intent.agg, intent.group_by, intent.n) == ("aggregate", "count", ["language"], 2)
    top = locales["language"].value_counts().head(2)
    assert set(top.index) == {"German", "English"} or set(top.index) == {"German", "Spanish"} or len(top) == 2


@pytest.mark.parametrize(
    "question",
    [
        "What's the average number of characters per charmap?",
        "Durchschnittliche Anzahl characters pro charmap",
        "每个charmap平均有多少个characters？",
    ],
)
def test_a_mean_per_row_name_is_the_mean_over_the_rows(charmaps: pd.DataFrame, question: str) -> None:
    intent = parse(charmaps, question)
    assert (intent.kind, intent.measures, intent.agg, intent.group_by) == ("aggregate", ["characters"], "mean", [])
    assert charmaps[intent.measures[0]].mean() == 728.0


@pytest.mark.parametrize(
    "question, word",
    [
        ("What percentage of entries have Pro in the product name?", "Pro"),
        ("Wie viel Prozent der Einträge haben Pro im Produktnamen?", "Pro"),
        ("How many entries have Vega 3 in the product name?", "Vega 3"),
        ("Wie viele Einträge mit Instinct im Produktnamen?", "Instinct"),
    ],
)
def test_a_word_written_inside_a_text_columns_values(gpus: pd.DataFrame, question: str, word: str) -> None:
    intent = parse(gpus, question)
    found = intent.filters or intent.extra.get("where") or []
    assert [(f["column"], f["op"], f["value"]) for f in found] == [("product_name", "contains", word)]


@pytest.mark.parametrize(
    "question",
    [
        "Compare the mean revision of AMD Radeon R5 Graphics and AMD Radeon R7 Graphics",
        "Vergleiche die durchschnittliche Revision von AMD Radeon R5 Graphics und AMD Radeon R7 Graphics",
        "比较AMD Radeon R5 Graphics和AMD Instinct MI100的平均revision",
    ],
)
def test_capitals_inside_a_whole_value_said_are_that_value(gpus: pd.DataFrame, question: str) -> None:
    gpus = gpus.assign(product_name=gpus["product_name"].replace({"AMD Radeon RX 580": "AMD Radeon R7 Graphics"}))
    intent = parse(gpus, question)
    assert intent.kind == "compare" and intent.measures == ["revision"] and intent.group_by == ["product_name"]
    assert len(intent.extra["groups"]) == 2 and all(g in set(gpus["product_name"]) for g in intent.extra["groups"])


@pytest.mark.parametrize(
    "question",
    [
        "Compare average characters for mb_cur_max 1 vs 6",
        "Vergleich: durchschnittliche characters bei mb_cur_max 1 und 6",
        "比较mb_cur_max 1和6的平均characters",
    ],
)
def test_two_numbers_of_a_column_compared(charmaps: pd.DataFrame, question: str) -> None:
    intent = parse(charmaps, question)
    assert (intent.kind, intent.measures, intent.group_by) == ("compare", ["characters"], ["mb_cur_max"])
    assert intent.extra["groups"] == [1, 6]
    means = charmaps.groupby("mb_cur_max")["characters"].mean()
    assert means[1] == pytest.approx(640 / 3) and means[6] == 1000
