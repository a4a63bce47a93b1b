"""Planner round 13 (issue 9), mechanisms rather than phrasings: a question is asked back
only when its readings give different answers (every candidate reading is run), and a value
a column lists inside its cells ("AE,AU", "bash, sh") is a list-membership filter
(`has_item`, in pandas and in the live SQL) instead of a question back."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import create_engine

from datapulse.agents.contract import AnalysisOutcome, AnalysisRequest, TableRef
from datapulse.agents.engine import analyse
from datapulse.agents.planner.intent import Clarify
from datapulse.agents.tools import Workspace, build_registry
from datapulse.agents.tools.base import filter_mask
from datapulse.settings import Settings
from datapulse.sqlsource.live import LiveSource
from tests.agents.conftest import RecordingSink
from tests.agents.planning import parse
from tests.conftest import POSTGRES_URL, fresh_postgres_schema

REGISTRY = build_registry()


def listed(cell: Any, item: str) -> bool:
    """The test's own reading of a list cell: split at commas and semicolons, spaces dropped."""
    if not isinstance(cell, str):
        return False
    return item.lower() in [p.strip().lower() for p in cell.replace(";", ",").split(",")]


def ask(tmp_path: Path, frame: pd.DataFrame, question: str, context: dict[str, Any] | None = None) -> AnalysisOutcome:
    path = tmp_path / f"{uuid.uuid4().hex}.parquet"
    frame.to_parquet(path)
    settings = Settings(DATA_DIR=tmp_path / "data", UPLOAD_FOLDER=tmp_path / "uploads")
    request = AnalysisRequest(question=question, tables=[TableRef("t", path)], context=context or {})
    return analyse(request, RecordingSink(), settings)


def scalar(outcome: AnalysisOutcome) -> Any:
    values = [r["value"] for r in outcome.results if r["kind"] == "scalar"]
    assert values, outcome.answer
    return values[0]


def first_cell(outcome: AnalysisOutcome) -> Any:
    tables = [r for r in outcome.results if r["kind"] == "table"]
    assert tables, outcome.answer
    return tables[0]["rows"][0][0]


# Ask back only when the readings differ -------------------------------------------------


@pytest.fixture
def prices() -> pd.DataFrame:
    """Two columns the word "price" names; above 1000 in the same rows, with different means."""
    return pd.DataFrame(
        {
            "item": ["a", "b", "c", "d", "e"],
            "price_usd": [10.0, 20.0, 2000.0, 3000.0, 1500.0],
            "price_eur": [9.0, 18.0, 1800.0, 2700.0, 1350.0],
        }
    )


@pytest.mark.parametrize(
    "question",
    [
        "how many rows have a price above 1000",
        "Wie viele Zeilen haben einen price über 1000?",
        "price 大于 1000 的有几行？",
    ],
)
def test_a_word_for_two_columns_is_answered_when_both_give_the_same_answer(
    tmp_path: Path, prices: pd.DataFrame, question: str
) -> None:
    usd, eur = int((prices["price_usd"] > 1000).sum()), int((prices["price_eur"] > 1000).sum())
    assert usd == eur  # the premise: both readings count the same rows
    out = ask(tmp_path, prices, question)
    assert not out.needs_clarification, out.answer
    assert scalar(out) == usd
    assert "price_eur" in out.answer and "price_usd" in out.answer  # the readings are named


@pytest.mark.parametrize("question", ["average price", "Durchschnitt von price", "price的平均值"])
def test_a_word_for_two_columns_is_asked_when_the_answers_differ(
    tmp_path: Path, prices: pd.DataFrame, question: str
) -> None:
    assert prices["price_usd"].mean() != prices["price_eur"].mean()
    out = ask(tmp_path, prices, question)
    assert out.needs_clarification
    assert sorted(out.candidates) == ["price_eur", "price_usd"]


def test_two_aggregations_that_agree_are_answered(tmp_path: Path) -> None:
    """ "Which model has the most seats": the mean per model or the maximum per model: where
    every plane of a model has its model's seats both name the same model."""
    planes = pd.DataFrame({"model": ["A320", "A320", "747-451", "747-451", "E190"], "seats": [180, 180, 450, 450, 100]})
    assert planes.groupby("model")["seats"].mean().idxmax() == planes.groupby("model")["seats"].max().idxmax()
    out = ask(tmp_path, planes, "Which model has the most seats?")
    assert not out.needs_clarification, out.answer
    assert first_cell(out) == planes.loc[planes["seats"].idxmax(), "model"]


def test_two_aggregations_that_differ_are_asked(tmp_path: Path) -> None:
    planes = pd.DataFrame({"model": ["A320", "A320", "747-451", "747-451", "E190"], "seats": [180, 500, 450, 300, 100]})
    by_mean = planes.groupby("model")["seats"].mean().idxmax()
    by_max = planes.groupby("model")["seats"].max().idxmax()
    assert by_mean != by_max
    assert ask(tmp_path, planes, "Which model has the most seats?").needs_clarification


# Values listed inside cells ---------------------------------------------------------------


@pytest.fixture
def zones() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "countries": ["AU", "AE,AU", "US", "US,CA", "NZ", "AU,NZ", "CA,US", "GB", "AUS"],
            "tz": [f"Zone/{i}" for i in range(9)],
            "coordinates": [f"+{i}" for i in range(9)],
        }
    )


@pytest.fixture
def lexers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Bash", "Zsh", "Python", "Perl", "Ruby", "Tcsh"],
            "aliases": ["bash, sh, ksh", "zsh, sh", "python, py", "perl, pl", "ruby, rb", "tcsh; csh"],
        }
    )


def test_has_item_keeps_the_cells_that_list_the_value(zones: pd.DataFrame) -> None:
    got = filter_mask(zones, [{"column": "countries", "op": "has_item", "value": "AU"}])
    assert got.tolist() == [listed(c, "AU") for c in zones["countries"]]  # not "AUS"


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("How many rows list AU?", "AU"),
        ("Wie viele Zeilen haben countries CA?", "CA"),  # CA is never a cell of its own
        ("countries 为 CA 的有几行？", "CA"),
    ],
)
def test_a_listed_value_counts_the_rows_listing_it(
    tmp_path: Path, zones: pd.DataFrame, question: str, item: str
) -> None:
    out = ask(tmp_path, zones, question)
    assert not out.needs_clarification, out.answer
    assert scalar(out) == sum(listed(c, item) for c in zones["countries"])
    assert any(f["op"] == "has_item" for step in out.plan for f in step["args"].get("filters") or [])


@pytest.mark.parametrize(
    "question", ["how many rows have aliases sh", "Wie viele Zeilen haben den Alias sh?", "aliases 包含 csh 的有几行？"]
)
def test_items_written_with_spaces_or_semicolons(tmp_path: Path, lexers: pd.DataFrame, question: str) -> None:
    item = "csh" if "csh" in question else "sh"
    out = ask(tmp_path, lexers, question)
    assert not out.needs_clarification, out.answer
    assert scalar(out) == sum(listed(c, item) for c in lexers["aliases"])


def test_a_name_with_a_comma_is_no_list() -> None:
    """ "Gambia, The" among country names is one name: "the" is no value of the column."""
    names = [f"Country {i}" for i in range(30)] + ["Gambia, The", "Korea, Rep.", "Bahamas, The"]
    frame = pd.DataFrame({"name": names, "rate": [float(i) for i in range(len(names))]})
    intent = parse(frame, "What is the rate of Gambia, The?")
    assert all(f["op"] != "has_item" for f in intent.filters)


def _list_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "countries": ["AU", "AE,AU", "US", "US, CA", "NZ", "AU;NZ", "CA ,US", "GB", "AUS", None],
            "n": list(range(10)),
        }
    )


def _live_count(source: LiveSource, item: str) -> Any:
    ws = Workspace([TableRef("t", Path(), live=source)])
    args = {"filters": [{"column": "countries", "op": "has_item", "value": item}]}
    return REGISTRY.check("count_rows", args).run(ws, args)[0]["value"]


@pytest.mark.parametrize("item", ["AU", "ca", "NZ", "US", "XX"])
def test_has_item_live_on_sqlite(tmp_path: Path, item: str) -> None:
    path = tmp_path / "lists.db"
    frame = _list_rows()
    with sqlite3.connect(path) as conn:
        frame.to_sql("lists", conn, index=False)
    source = LiveSource(url=f"sqlite:///{path}", query="SELECT * FROM lists", timeout_s=20)
    assert _live_count(source, item) == sum(listed(c, item) for c in frame["countries"])


def test_has_item_live_on_postgresql() -> None:
    with fresh_postgres_schema("r13") as schema:
        frame = _list_rows()
        engine = create_engine(POSTGRES_URL)
        frame.to_sql("lists", engine, schema=schema, index=False)
        engine.dispose()
        source = LiveSource(url=POSTGRES_URL, query=f'SELECT * FROM "{schema}".lists', timeout_s=20)
        for item in ("AU", "ca", "NZ", "US", "XX"):
            assert _live_count(source, item) == sum(listed(c, item) for c in frame["countries"]), item


@pytest.mark.parametrize("question", ["AU（澳大利亚）有多少个时区？", "Wie viele Zeilen haben countries AU?"])
def test_a_value_also_a_cell_of_its_own_is_still_a_list_membership(tmp_path: Path, question: str) -> None:
    """A cell "AU" and an item of "AE,AU": the zones of AU are both (round 12 asked back)."""
    frame = pd.DataFrame(
        {"countries": ["AU", "AU", "AE,AU", "AD", "AE,OM", "AQ,AU", "AD,FR"], "tz": [f"z{i}" for i in range(7)]}
    )
    out = ask(tmp_path, frame, question)
    assert not out.needs_clarification, out.answer
    assert scalar(out) == sum(listed(c, "AU") for c in frame["countries"])


# A bound on a year with the year column's name in between --------------------------------


@pytest.fixture
def doses() -> pd.DataFrame:
    n = 60
    return pd.DataFrame(
        {
            "sex": ["male", "female", "female"] * (n // 3),
            "age": [20 + (7 * i) % 60 for i in range(n)],
            "dose": [round(5 + (i * 37 % 11) * 0.75, 2) for i in range(n)],
            "year": [2000 + (i * 7) % 10 for i in range(n)],
        }
    )


@pytest.mark.parametrize(
    ("question", "keep"),
    [
        ("how many rows since year 2005", lambda y: y >= 2005),
        ("how many rows from year 2005 on", lambda y: y >= 2005),
        ("how many rows before year 2005", lambda y: y < 2005),
        ("how many rows after year 2005", lambda y: y > 2005),
        ("Wie viele Zeilen seit year 2005?", lambda y: y >= 2005),
        ("Wie viele Zeilen ab year 2005?", lambda y: y >= 2005),
        ("Wie viele Zeilen vor year 2005?", lambda y: y < 2005),
        ("Wie viele Zeilen nach year 2005?", lambda y: y > 2005),
        ("how many rows in year 2005", lambda y: y == 2005),
    ],
)
def test_a_bound_word_before_the_year_column_bounds_the_year(
    tmp_path: Path, doses: pd.DataFrame, question: str, keep: Any
) -> None:
    """ "since year 2005" was read "year = 2005", the bound silently dropped."""
    out = ask(tmp_path, doses, question)
    assert not out.needs_clarification, out.answer
    assert scalar(out) == int(doses["year"].map(keep).sum())


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("average dose for age above 50", "only from year 2005 on?"),
        ("Wie hoch ist die durchschnittliche dose bei age über 50?", "nur ab year 2005?"),
    ],
)
def test_a_narrowing_follow_up_bounds_the_year_and_keeps_the_rest(
    tmp_path: Path, doses: pd.DataFrame, first: str, then: str
) -> None:
    context = ask(tmp_path, doses, first).context
    out = ask(tmp_path, doses, then, context)
    want = doses[(doses["age"] > 50) & (doses["year"] >= 2005)]["dose"].mean()
    assert scalar(out) == pytest.approx(want)


# Codes written another way than the column writes them ------------------------------------


@pytest.fixture
def quarters() -> pd.DataFrame:
    n = 24
    return pd.DataFrame(
        {
            "period": ["Q01", "Q02", "Q03", "Q04"] * (n // 4),
            "code": ["A-1", "B-2", "A-1"] * (n // 3),
            "rate": [round(4 + (i * 13 % 7) * 0.5, 2) for i in range(n)],
        }
    )


@pytest.mark.parametrize(
    ("question", "column", "value"),
    [
        ("average rate in Q4", "period", "Q04"),
        ("Durchschnittliche rate im Q4", "period", "Q04"),
        ("Q4的平均rate是多少？", "period", "Q04"),
        ("average rate for period q01", "period", "Q01"),
        ("average rate for code A1", "code", "A-1"),
    ],
)
def test_a_code_matches_the_one_value_of_its_normal_form(
    tmp_path: Path, quarters: pd.DataFrame, question: str, column: str, value: str
) -> None:
    out = ask(tmp_path, quarters, question)
    assert not out.needs_clarification, out.answer
    assert scalar(out) == pytest.approx(quarters[quarters[column] == value]["rate"].mean())
    assert value in (out.interpretation or "")  # the reading says which value it matched


def test_a_code_of_two_values_is_not_guessed(quarters: pd.DataFrame) -> None:
    """Q1 where the column writes both "Q01" and "Q001": which one is not guessed."""
    frame = quarters.assign(period=["Q01", "Q001", "Q03", "Q04"] * (len(quarters) // 4))
    with pytest.raises(Clarify):
        parse(frame, "average rate in Q1")


def test_readings_that_agree_because_neither_uses_its_column_are_asked(
    tmp_path: Path, prices: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two readings that both drop the word's column (both count every row) agree by accident:
    that is no answer to the question about the column."""
    import datapulse.agents.agree as agree

    real = agree.parse_question

    def dropping(question: str, *args: Any) -> Any:
        intent = real(question, *args)
        intent.filters = []
        return intent

    monkeypatch.setattr(agree, "parse_question", dropping)
    out = ask(tmp_path, prices, "how many rows have a price above 1000")
    assert out.needs_clarification


@pytest.mark.parametrize("question", ["How many rows are 'Yes'?", "Wie viele Zeilen sind 'Yes'?"])
@pytest.mark.parametrize("second", [["No", "Yes", "Yes", "No", "No", "Yes"], ["No", "Yes", "Yes", "No", "Yes", "Yes"]])
def test_a_value_of_two_columns_is_asked_only_when_the_counts_differ(
    tmp_path: Path, question: str, second: list[str]
) -> None:
    births = pd.DataFrame(
        {
            "fbaby": ["Yes", "No", "Yes", "No", "No", "Yes"],
            "prenatal1": second,
            "bweight": [3100.0, 2900.0, 3500.0, 3300.0, 2800.0, 3000.0],
        }
    )
    counts = {int((births[c] == "Yes").sum()) for c in ("fbaby", "prenatal1")}
    out = ask(tmp_path, births, question)
    assert out.needs_clarification == (len(counts) > 1), out.answer
    if len(counts) == 1:
        assert scalar(out) == counts.pop()


# One value asked with no period, over a whole-number year column ------------------------


@pytest.fixture
def yearly() -> pd.DataFrame:
    n = 40
    return pd.DataFrame({"year": range(1970, 1970 + n), "price": [100 + 1.25 * i for i in range(n)]})


@pytest.mark.parametrize(
    "question",
    ["What was the price?", "How much did the price rise?", "Wie hoch war der price?", "price是多少？"],
)
def test_a_value_with_no_year_over_a_year_column_asks_which_year(
    tmp_path: Path, yearly: pd.DataFrame, question: str
) -> None:
    """A summary of every year answers a question not asked (as over a date column)."""
    out = ask(tmp_path, yearly, question)
    assert out.needs_clarification, out.answer
    assert out.clarification is not None and out.clarification["slot"] == "reading"
    assert any(str(yearly["year"].max()) in c for c in out.candidates)


def test_a_value_in_a_year_is_still_answered(tmp_path: Path, yearly: pd.DataFrame) -> None:
    out = ask(tmp_path, yearly, "What was the price in 1990?")
    assert not out.needs_clarification, out.answer
    want = yearly.loc[yearly["year"] == 1990, "price"].iloc[0]
    cells = [v for r in out.results if r["kind"] == "table" for row in r["rows"] for v in row]
    assert want in cells, out.answer


@pytest.mark.parametrize(
    "question",
    ["How many rows have a score?", "Wie viele Zeilen haben einen score?", "Wie viele Einträge haben einen score?"],
)
def test_rows_that_have_a_value_of_a_numeric_column_with_gaps(tmp_path: Path, question: str) -> None:
    """Read before as the count of each score value (a table), not the rows that have one."""
    n = 40
    frame = pd.DataFrame(
        {"name": [f"n{i}" for i in range(n)], "score": [None if i % 4 == 0 else float(i % 6) for i in range(n)]}
    )
    out = ask(tmp_path, frame, question)
    assert not out.needs_clarification, out.answer
    assert scalar(out) == int(frame["score"].notna().sum())
