"""Choices the planner makes without asking (issue 9): the readings it drops are run too,
quietly; when one gives another answer the question is asked back naming the readings
(SPEC 5), the reply binds the choice, and when all agree the answer stands. Expected
values come from pandas."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pandas as pd

from datapulse.agents.agree import MAX_READINGS, silent_readings
from datapulse.agents.contract import AnalysisOutcome, AnalysisRequest, TableRef
from datapulse.agents.engine import analyse, column_index
from datapulse.agents.planner.intent import Choice, Intent, recording_choices
from datapulse.agents.planner.rules import parse_question
from datapulse.agents.tools import Workspace, build_registry
from datapulse.settings import Settings
from tests.agents.conftest import RecordingSink

# One animal (frog) has two rows: "how many animals" is 6 rows or 5 distinct names.
ZOO = pd.DataFrame(
    {
        "animal": ["frog", "frog", "bass", "bear", "wasp", "crab"],
        "venomous": ["False", "True", "False", "True", "True", "False"],
        "legs": [4, 4, 0, 4, 6, 8],
    }
)
# Five years of quarterly rows, the quarter of the year in its own column (1-4).
QUARTERLY = pd.DataFrame(
    {
        "year": [2000 + k // 4 for k in range(20)],
        "quarter": [k % 4 + 1 for k in range(20)],
        "y": [float(k) for k in range(20)],
    }
)


def ask(tmp_path: Path, frame: pd.DataFrame, question: str, name: str = "zoo", **kw: Any) -> AnalysisOutcome:
    path = tmp_path / f"{uuid.uuid4().hex}.parquet"
    frame.to_parquet(path)
    settings = Settings(DATA_DIR=tmp_path / "data", UPLOAD_FOLDER=tmp_path / "uploads")
    request = AnalysisRequest(question=question, tables=[TableRef(name, path)], **kw)
    return analyse(request, RecordingSink(), settings)


def scalar(outcome: AnalysisOutcome) -> Any:
    values = [r["value"] for r in outcome.results if r["kind"] == "scalar"]
    assert values, outcome.answer
    return values[0]


def reply(tmp_path: Path, frame: pd.DataFrame, question: str, asked: AnalysisOutcome, k: int, name: str) -> Any:
    """Answer the clarification with its k-th candidate, as the chip does (SPEC 5)."""
    assert asked.clarification is not None
    slot = asked.clarification["slot"]
    chosen = asked.clarification["candidates"][k]["value"]
    binding = {"slot": slot, "about": asked.clarification["about"], "value": chosen}
    return ask(tmp_path, frame, question, name, bindings=[binding])


def test_how_many_animals_asks_rows_or_distinct_names_and_the_reply_binds(tmp_path: Path) -> None:
    question = "How many animals are in the table?"
    asked = ask(tmp_path, ZOO, question)
    assert asked.needs_clarification and not asked.results, asked.answer
    assert asked.clarification is not None and asked.clarification["slot"] == "reading"
    assert len(asked.clarification["candidates"]) == 2
    answers = {scalar(reply(tmp_path, ZOO, question, asked, k, "zoo")) for k in range(2)}
    assert answers == {len(ZOO), ZOO["animal"].nunique()}


def test_one_row_per_animal_agrees_and_is_answered(tmp_path: Path) -> None:
    frame = ZOO.drop_duplicates("animal")
    out = ask(tmp_path, frame, "How many animals are in the table?")
    assert not out.needs_clarification, out.answer
    assert scalar(out) == len(frame) == frame["animal"].nunique()


def test_a_yes_no_column_counted_asks_its_values_or_the_rows_it_marks(tmp_path: Path) -> None:
    question = "Wie viele giftige Tiere (venomous) gibt es?"
    asked = ask(tmp_path, ZOO, question)
    assert asked.needs_clarification and not asked.results, asked.answer
    answers = {scalar(reply(tmp_path, ZOO, question, asked, k, "zoo")) for k in range(2)}
    assert answers == {ZOO["venomous"].nunique(), int((ZOO["venomous"] == "True").sum())}


def test_how_many_quarters_over_quarterly_rows_asks(tmp_path: Path) -> None:
    question = "How many quarters does the table cover?"
    asked = ask(tmp_path, QUARTERLY, question, "t")
    assert asked.needs_clarification and not asked.results, asked.answer
    answers = {scalar(reply(tmp_path, QUARTERLY, question, asked, k, "t")) for k in range(2)}
    assert answers == {len(QUARTERLY), QUARTERLY["quarter"].nunique()}


def test_distinct_said_is_no_silent_choice(tmp_path: Path) -> None:
    out = ask(tmp_path, ZOO, "How many different animals are there?")
    assert not out.needs_clarification, out.answer
    assert scalar(out) == ZOO["animal"].nunique()


def test_the_planner_records_the_reading_it_dropped() -> None:
    index = column_index(ZOO)
    with recording_choices() as choices:
        intent = parse_question("How many animals are in the table?", index, "zoo", "en", None)
    assert intent.kind == "distinct" and intent.measures == ["animal"]
    assert [(c.slot, c.about) for c in choices] == [("reading", "animals")]


def _silent(tmp_path: Path, choice: Choice) -> Any:
    path = tmp_path / "zoo.parquet"
    ZOO.to_parquet(path)
    index = column_index(ZOO)
    ws = Workspace([TableRef("zoo", path)])
    intent = Intent(kind="aggregate", table="zoo", agg="count")
    return silent_readings([choice], intent, "how many rows", index, "zoo", "en", None, build_registry(), ws)


def test_a_dropped_reading_that_cannot_run_is_skipped(tmp_path: Path) -> None:
    def broken(final: Intent) -> Intent:
        return Intent(kind="aggregate", table=final.table, measures=["no_such_column"], agg="mean")

    def unmade(final: Intent) -> Intent:
        raise KeyError("a part of the reading the final intent lacks")

    assert _silent(tmp_path, Choice("reading", "rows", "count", ["broken"], [broken])) is None
    assert _silent(tmp_path, Choice("reading", "rows", "count", ["unmade", "none"], [unmade])) is None


def test_the_readings_tried_are_bounded(tmp_path: Path) -> None:
    tried: list[int] = []
    bounds = [0, 4, 6, 8, 10, 12, 14, 16]  # rows with more legs than each: every count differs from all rows

    def legs_over(k: int) -> Any:
        def variant(final: Intent) -> Intent:
            tried.append(k)
            return Intent(
                kind="aggregate", table=final.table, agg="count", filters=[{"column": "legs", "op": "gt", "value": k}]
            )

        return variant

    choice = Choice("reading", "rows", "count", [str(k) for k in bounds], [legs_over(k) for k in bounds])
    clar = _silent(tmp_path, choice)
    assert clar is not None
    assert tried == bounds[: MAX_READINGS - 1]
    assert all(int((ZOO["legs"] > k).sum()) != len(ZOO) for k in tried)
    assert len(clar.candidates) == MAX_READINGS  # the chosen reading and each one tried


# Passengers: two classes, survived 0/1.
SHIP = pd.DataFrame({"pclass": [1, 1, 1, 2, 2, 3, 3, 3, 3], "survived": [1, 1, 0, 1, 0, 0, 0, 1, 0]})


def test_a_measure_by_a_group_with_no_aggregation_asks_mean_or_total(tmp_path: Path) -> None:
    question = "survived by pclass"
    asked = ask(tmp_path, SHIP, question, "ship")
    assert asked.needs_clarification and not asked.results, asked.answer
    tables = []
    for k in range(2):
        out = reply(tmp_path, SHIP, question, asked, k, "ship")
        table = next(r for r in out.results if r["kind"] == "table")
        tables.append({row[0]: row[1] for row in table["rows"]})
    grouped = SHIP.groupby("pclass")["survived"]
    mean, total = grouped.mean().to_dict(), grouped.sum().to_dict()
    assert sorted(tables, key=str) == sorted([mean, total], key=str)


def test_a_rate_by_a_group_is_its_mean(tmp_path: Path) -> None:
    out = ask(tmp_path, SHIP, "survival rate (survived) by pclass", "ship")
    assert not out.needs_clarification, out.answer
    table = next(r for r in out.results if r["kind"] == "table")
    assert {row[0]: row[1] for row in table["rows"]} == SHIP.groupby("pclass")["survived"].mean().to_dict()


# Two columns one word ("price") names; in the second frame they hold the same values.
PRICES = pd.DataFrame({"price_usd": [1.0, 2.0, 6.0], "price_eur": [0.9, 1.8, 5.4], "n": [1, 2, 3]})


def _column_choice(tmp_path: Path, frame: pd.DataFrame) -> Any:
    path = tmp_path / f"{uuid.uuid4().hex}.parquet"
    frame.to_parquet(path)
    index = column_index(frame)
    intent = Intent(kind="aggregate", table="p", measures=["price_usd"], agg="mean")
    choice = Choice("column", "price", "price_usd", ["price_eur", "no_such_column"])
    ws = Workspace([TableRef("p", path)])
    return silent_readings([choice], intent, "average price", index, "p", "en", None, build_registry(), ws)


def test_a_column_dropped_silently_is_tried_by_binding_the_word(tmp_path: Path) -> None:
    clar = _column_choice(tmp_path, PRICES)
    assert PRICES["price_usd"].mean() != PRICES["price_eur"].mean()
    assert clar is not None and clar.reason == "ambiguous_column"
    assert clar.candidates == ["price_usd", "price_eur"]  # the column that cannot be bound is skipped
    assert clar.words["word"] == "price" and clar.words["slot"] == "column"


def test_a_column_dropped_silently_that_agrees_lets_the_answer_stand(tmp_path: Path) -> None:
    same = PRICES.assign(price_eur=PRICES["price_usd"])
    assert same["price_usd"].mean() == same["price_eur"].mean()
    assert _column_choice(tmp_path, same) is None
