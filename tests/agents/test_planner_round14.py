"""Planner round 14 (issue 9): words a column's name consumes trigger no operation; short
function words are values only when said as one; the column named before 为/is decides a
value's column; "哪台" is "which"; the rows' own noun is counted; values in capitals."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from datapulse.agents.contract import TableRef
from datapulse.agents.planner.intent import Clarify
from datapulse.agents.tools import Workspace, build_registry
from tests.agents.planning import parse, run_sql


@pytest.fixture
def stock() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": pd.date_range("1990-01-01", periods=48, freq="MS"),
            "fixed_capital": [float(100 + i) for i in range(48)],
            "stock_change": [float((i % 7) - 3) for i in range(48)],
        }
    )


@pytest.fixture
def signs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["0041", "0042", "0061", "20AC", "2190", "00A3"],
            "sign_name": ["A", "B", "a", "Euro", "arrowleft", "sterling"],
            "character_name": [
                "LATIN CAPITAL LETTER A",
                "LATIN CAPITAL LETTER B",
                "LATIN SMALL LETTER A",
                "EURO SIGN",
                "LEFTWARDS ARROW",
                "POUND SIGN",
            ],
        }
    )


@pytest.fixture
def regions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": ["no_x", "de", "de_AT", "fr_CH", "to", "as_IN", "en"],
            "lang": ["no", "de", "de", "fr", "to", "as", "en"],
            "country": [None, "DE", "AT", "CH", "TO", "IN", None],
            "writing": ["ltr", "ltr", "ltr", "ltr", "rtl", "rtl", "ltr"],
            "full_name": ["Norsk", "Deutsch", "Deutsch (AT)", "français (Suisse)", "Tonga", "Assamese", "English"],
        }
    )


@pytest.fixture
def rigs() -> pd.DataFrame:
    return pd.DataFrame(
        {"rig": [1, 1, 2, 2, 3, 3], "pressure": [10.0, 12.0, 20.0, 22.0, 15.0, 13.0]},
    )


def test_change_inside_a_column_name_is_no_change_between_periods(stock: pd.DataFrame) -> None:
    """'Mean stock change from January 1990 to December 1991' averages `stock_change` over the range."""
    intent = parse(stock, "Mean stock change from January 1990 to December 1991", "stocks")
    assert (intent.kind, intent.measures, intent.agg) == ("aggregate", ["stock_change"], "mean")
    assert [f["op"] for f in intent.filters] == ["between"]


@pytest.mark.parametrize(
    "question",
    ["Wie viele Zeichen haben 'CAPITAL LETTER' im character_name?", "character_name 包含 CAPITAL LETTER 的有多少个？"],
)
def test_characters_named_by_a_column_are_counted_not_measured(signs: pd.DataFrame, question: str) -> None:
    """'Zeichen' beside `character_name` and a capitalised 'LETTER' ask no text length."""
    try:
        intent = parse(signs, question, "signs")
    except Clarify:
        return  # asking back is fair; a mean length is not
    assert not intent.extra.get("derive") and intent.measures in ([], ["character_name"])
    want = int(signs["character_name"].str.contains("CAPITAL LETTER").sum())
    assert intent.filters == [{"column": "character_name", "op": "contains", "value": "CAPITAL LETTER"}]
    assert want == 2


def test_a_number_of_characters_is_still_a_length(signs: pd.DataFrame) -> None:
    intent = parse(signs, "What is the average length of sign_name?", "signs")
    assert intent.measures == ["length of sign_name"]


@pytest.mark.parametrize(
    ("question", "flt"),
    [
        ("How many regions have no country?", {"column": "country", "op": "isnull", "value": None}),
        (
            "How many regions are written right-to-left (writing rtl)?",
            {"column": "writing", "op": "eq", "value": "rtl"},
        ),
        ("How many regions have lang 'no'?", {"column": "lang", "op": "eq", "value": "no"}),
        ("How many regions have country TO?", {"column": "country", "op": "eq", "value": "TO"}),
    ],
)
def test_short_function_words_are_values_only_when_said_as_one(regions: pd.DataFrame, question: str, flt: dict) -> None:
    intent = parse(regions, question, "regions")
    assert intent.filters == [flt]


def test_the_column_before_wei_decides_the_value(regions: pd.DataFrame) -> None:
    """'lang 为 de': `de` is in lang and (as DE) in country; the column named before 为 is meant."""
    intent = parse(regions, "lang 为 de 的 region 有多少个？", "regions")
    assert intent.filters == [{"column": "lang", "op": "eq", "value": "de"}]


def test_chinese_restated_value_accounts_for_the_words_before(regions: pd.DataFrame) -> None:
    intent = parse(regions, "有多少个 region 是从右往左书写的（writing 为 rtl）？", "regions")
    assert intent.filters == [{"column": "writing", "op": "eq", "value": "rtl"}]


@pytest.mark.parametrize("question", ["How many missing values does each column have?", "每一列各有多少个缺失值？"])
def test_missing_values_of_each_column_in_a_table_of_one_measure(question: str) -> None:
    frame = pd.DataFrame({"name": ["a", None, "c"], "note": [None, None, "x"], "n": [1, 2, 3]})
    intent = parse(frame, question)
    assert (intent.kind, intent.measures) == ("missing", [])


def test_the_missing_table_ends_with_the_count(tmp_path: Path) -> None:
    """The per-column table's last column (its value) is the count asked for, the share before it."""
    frame = pd.DataFrame({"a": [1.0, None, None], "b": ["x", None, "y"]})
    path = tmp_path / "t.parquet"
    frame.to_parquet(path)
    args = {"table": "t"}
    out = build_registry().check("missing_values", args).run(Workspace([TableRef("t", path)]), args)
    assert out[0]["columns"][-1] == "missing"
    assert [r[-1] for r in out[0]["rows"]] == frame.isna().sum().tolist()


@pytest.mark.parametrize("question", ["哪台 rig 的平均 pressure 最高？", "哪家 rig 的 pressure 平均值最高？"])
def test_which_with_a_classifier_is_an_arg_max(rigs: pd.DataFrame, question: str) -> None:
    intent = parse(rigs, question, "rigs")
    assert intent.group_by == ["rig"] and intent.measures == ["pressure"]
    assert (intent.agg, intent.n, intent.sort) == ("mean", 1, "desc")
    assert rigs.groupby("rig")["pressure"].mean().idxmax() == 2


def test_a_chinese_word_for_the_tables_rows_names_no_column(stock: pd.DataFrame) -> None:
    """投资 (investment) in the table `investment`: as "investment" in English, the rows, not one column."""
    frame = stock.rename(columns={"fixed_capital": "fixed_investment"})
    with pytest.raises(Clarify):
        parse(frame, "1991年的平均投资是多少？", "investment")


@pytest.fixture
def wafers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "instrument": [1, 2, 3, 4, 5] * 4,
            "resistance": [195.9 + 0.03 * k for k in range(20)],
        }
    )


@pytest.fixture
def patients() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Cohort": ["ALL", "ALL", "AML-Low Risk", "AML-High Risk", "AML-High Risk", "ALL"],
            "T": [100, 250, 900, 40, 80, 400],
            "Status": [1, 0, 0, 1, 1, 1],
        }
    )


@pytest.mark.parametrize(
    "question",
    ["How many measurements exceed 196.2?", "Wie viele Messwerte übersteigen 196,2?", "超过196.2的测量值有多少个？"],
)
def test_a_bound_with_no_column_is_the_one_column_it_fits(wafers: pd.DataFrame, question: str) -> None:
    """196.2 lies inside `resistance`'s values only (a code 1..5 cannot be above it)."""
    intent = parse(wafers, question, "wafers")
    assert intent.filters == [{"column": "resistance", "op": "gt", "value": 196.2}] and intent.agg == "count"


def test_a_small_bound_with_no_column_is_asked(wafers: pd.DataFrame) -> None:
    """'above 3' fits no measure (a code column is never the bound's column): asked back."""
    with pytest.raises(Clarify):
        parse(wafers, "How many measurements are above 3?", "wafers")


@pytest.mark.parametrize(
    ("question", "groups"),
    [
        ("Anzahl der Patienten pro Cohort", ["Cohort"]),
        ("每个 Cohort 有多少病人？", ["Cohort"]),
        ("Number of patients by Cohort and Status", ["Cohort", "Status"]),
    ],
)
def test_the_rows_own_noun_is_counted_per_group(patients: pd.DataFrame, question: str, groups: list[str]) -> None:
    intent = parse(patients, question, "sample")
    assert (intent.kind, intent.agg, intent.measures, intent.group_by) == ("aggregate", "count", [], groups)


def test_a_noun_counted_per_year_is_still_asked() -> None:
    """'Wie viele Verkehrsunfälle gab es pro Jahr?': events over time the data may not hold."""
    frame = pd.DataFrame({"year": [2000, 2000, 2001], "deaths": [3, 4, 5]})
    with pytest.raises(Clarify):
        parse(frame, "Wie viele Verkehrsunfälle gab es pro year?", "t")


def test_gruppe_is_the_group_column(patients: pd.DataFrame) -> None:
    frame = patients.rename(columns={"Cohort": "Group"})
    intent = parse(frame, "Welche Gruppe hat das höchste durchschnittliche T?", "sample")
    assert (intent.group_by, intent.measures, intent.agg, intent.n) == (["Group"], ["T"], "mean", 1)


def test_plural_of_a_naming_column_counts_its_values(signs: pd.DataFrame) -> None:
    intent = parse(signs, "How many sign names are there?", "signs")
    assert (intent.kind, intent.measures) == ("distinct", ["sign_name"])


@pytest.mark.parametrize(
    ("question", "flt"),
    [
        ("how many character names start with LATIN CAPITAL?", ("startswith", "LATIN CAPITAL")),
        ("character_name 以 LATIN CAPITAL 开头的有几个？", ("startswith", "LATIN CAPITAL")),
        ("How many signs are 'SMALL LETTER'?", ("contains", "SMALL LETTER")),
        ("character_name 中带有 ARROW 的有多少个？", ("contains", "ARROW")),
    ],
)
def test_capitals_inside_one_text_column_are_its_text(signs: pd.DataFrame, question: str, flt: tuple) -> None:
    intent = parse(signs, question, "signs")
    assert [(f["column"], f["op"], f["value"]) for f in intent.filters] == [("character_name", *flt)]


@pytest.mark.parametrize("question", ["What's the sign name for the EURO SIGN?", "EURO SIGN 对应的 sign_name 是什么？"])
def test_a_whole_value_in_capitals_looks_up_the_row(signs: pd.DataFrame, question: str) -> None:
    intent = parse(signs, question, "signs")
    assert intent.filters == [{"column": "character_name", "op": "eq", "value": "EURO SIGN"}]
    assert intent.measures == ["sign_name"]


def test_a_capitalised_value_with_a_hyphen_stays_whole(patients: pd.DataFrame) -> None:
    intent = parse(patients, "Is T significantly different between ALL and AML-High Risk? Welch test p value", "s")
    assert (intent.kind, intent.extra["groups"]) == ("compare", ["ALL", "AML-High Risk"])


@pytest.mark.parametrize(
    "question",
    [
        "Is resistance different between instrument 1 and instrument 5? (t-test p-value)",
        "instrument 1 和 instrument 5 的 resistance 有显著差异吗？给出 t 检验的 p 值。",
    ],
)
def test_a_t_test_asked_by_name_compares_the_two_groups(wafers: pd.DataFrame, question: str) -> None:
    intent = parse(wafers, question, "wafers")
    assert (intent.kind, intent.measures, intent.group_by) == ("compare", ["resistance"], ["instrument"])
    assert intent.extra["groups"] == [1, 5] and intent.extra["p_value"]


def test_the_two_groups_of_a_column_named_by_their_count() -> None:
    frame = pd.DataFrame({"instrument": [1, 1, 2, 2], "weight": [1.0, 1.1, 1.3, 1.4]})
    for question in (
        "Do the two instruments give significantly different weights?",
        "两台仪器的 weight 是否有显著差异？",
    ):
        intent = parse(frame, question, "silver")
        assert (intent.kind, intent.group_by) == ("compare", ["instrument"])


def test_an_unsupported_test_is_said_so(wafers: pd.DataFrame) -> None:
    with pytest.raises(Clarify) as info:
        parse(wafers, "Do the instruments differ in resistance? Give the one-way ANOVA p-value.", "wafers")
    assert info.value.reason == "unsupported_test"


@pytest.mark.parametrize(
    ("question", "agg"),
    [("测得的最小 resistance 是多少？", "min"), ("resistance 的总体平均值是多少？", "mean")],
)
def test_chinese_words_are_read_whole_not_as_stray_characters(wafers: pd.DataFrame, question: str, agg: str) -> None:
    """测得 (measured), 总体 (overall): dictionary words glossed as function words, no leftover 测 or 总."""
    intent = parse(wafers, question, "wafers")
    assert (intent.measures, intent.agg) == (["resistance"], agg)


def test_which_script_occurs_most_often() -> None:
    frame = pd.DataFrame({"script": ["Latn", "Latn", "Arab", None, "Cyrl", "Latn"]})
    intent = parse(frame, "哪个 script 出现次数最多？", "locales")
    assert intent.group_by == ["script"] and intent.n == 1


def test_a_followup_narrowing_by_text_keeps_the_earlier_text(signs: pd.DataFrame) -> None:
    before = parse(signs, "Wie viele character_name enthalten LATIN?", "signs")
    intent = parse(signs, "Und davon nur die mit CAPITAL?", "signs", before)
    assert [f["value"] for f in intent.filters] == ["LATIN", "CAPITAL"]


def test_a_followup_with_two_codes_keeps_the_earlier_bound(wafers: pd.DataFrame) -> None:
    before = parse(wafers, "How many measurements are below 196.2?", "wafers")
    intent = parse(wafers, "and only for instruments 4 and 5?", "wafers", before)
    assert {"column": "instrument", "op": "in", "value": [4, 5]} in intent.filters
    assert {"column": "resistance", "op": "lt", "value": 196.2} in intent.filters


def test_compare_groups_reports_the_p_value_first_when_asked(tmp_path: Path) -> None:
    frame = pd.DataFrame({"g": ["a"] * 4 + ["b"] * 4, "x": [1.0, 2.0, 3.0, 4.0, 3.0, 5.0, 6.0, 7.0]})
    path = tmp_path / "t.parquet"
    frame.to_parquet(path)
    args = {"table": "t", "measure": "x", "group_column": "g", "first": "p_value"}
    out = build_registry().check("compare_groups", args).run(Workspace([TableRef("t", path)]), args)
    first = next(r for r in out if r["kind"] == "scalar")
    assert first["name"] == "welch p-value"


@pytest.fixture
def quarters() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quarter": pd.date_range("1960-01-01", periods=24, freq="QS"),
            "fixed_capital": [float(50 + 2 * i) for i in range(24)],
            "stock_change": [float((i % 5) - 2) for i in range(24)],
        }
    )


def test_wie_gross_before_an_aggregate_asks_its_value(quarters: pd.DataFrame) -> None:
    intent = parse(quarters, "Wie groß ist die Standardabweichung von stock_change?", "q")
    assert (intent.measures, intent.agg) == (["stock_change"], "std")


def test_from_a_year_onwards_is_the_open_bound(quarters: pd.DataFrame) -> None:
    intent = parse(quarters, "Median fixed_capital from 1963 onwards?", "q")
    assert intent.agg == "median" and intent.filters == [{"column": "quarter", "op": "ge", "value": "1963-01-01"}]


def test_reads_links_the_rows_to_the_measure(wafers: pd.DataFrame) -> None:
    intent = parse(wafers, "Which instrument reads the highest resistance on average?", "wafers")
    assert (intent.group_by, intent.agg, intent.n) == (["instrument"], "mean", 1)


def test_a_code_with_an_underscore_is_a_value_of_its_column() -> None:
    """`fr_CH` in a column of 600 codes (too many to list as values): still that column's value."""
    codes = [f"l{i}_X{i}" for i in range(598)] + ["fr_CH", "de_CH"]
    frame = pd.DataFrame({"locale": codes, "native_name": [f"n{i}" for i in range(600)]})
    intent = parse(frame, "What's the native_name of locale fr_CH?", "locales")
    assert intent.filters == [{"column": "locale", "op": "eq", "value": "fr_CH"}]
    assert intent.measures == ["native_name"]


def test_quoted_text_in_the_column_named_after_it(regions: pd.DataFrame) -> None:
    intent = parse(regions, "Wie viele Regions enthalten 'Deutsch' im full_name?", "regions")
    assert intent.filters == [{"column": "full_name", "op": "contains", "value": "Deutsch"}]


@pytest.fixture
def separators() -> pd.DataFrame:
    return pd.DataFrame(
        {"locale": ["de", "en", "fr", "es", "ja", "it"], "decimal_separator": [",", ".", ",", ",", ".", ","]}
    )


@pytest.mark.parametrize(
    "question",
    [
        "What % of locales use a comma as decimal_separator?",
        "Wie viel Prozent der Locales verwenden das Komma als decimal_separator?",
    ],
)
def test_a_punctuation_mark_named_in_words_is_the_value(separators: pd.DataFrame, question: str) -> None:
    intent = parse(separators, question, "locales")
    assert (intent.kind, intent.group_by, intent.extra.get("value")) == ("share", ["decimal_separator"], ",")
    assert 100 * (separators["decimal_separator"] == ",").mean() == pytest.approx(66.666, rel=1e-3)


def test_a_narrowing_followup_by_a_punctuation_value(separators: pd.DataFrame) -> None:
    before = parse(separators, "How many locales have locale es?", "locales")
    intent = parse(separators, "Only the ones with a comma as decimal separator?", "locales", before)
    assert {"column": "decimal_separator", "op": "eq", "value": ","} in intent.filters


@pytest.mark.parametrize(
    "question",
    [
        "What's the range (max minus min) of resistance for instrument 4?",
        "Wie groß ist die Spannweite (Max minus Min) der resistance bei instrument 4?",
        "instrument 4 的 resistance 极差是多少？",
    ],
)
def test_the_range_is_the_largest_minus_the_smallest(wafers: pd.DataFrame, question: str) -> None:
    intent = parse(wafers, question, "wafers")
    kept = wafers[wafers["instrument"] == 4]["resistance"]
    assert run_sql(intent, wafers, "wafers")[0][0] == pytest.approx(kept.max() - kept.min())
