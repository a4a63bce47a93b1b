"""German words only the Ding dictionary (Debian's trans-de-en) knows name columns through
their English glosses, as Chinese words do through CC-CEDICT: one column that fits is
used, two that fit are asked about, and without the dictionary file the planner reads
German as it did before (the lexicon's word list only)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from datapulse.agents.contract import AnalysisOutcome, AnalysisRequest, TableRef
from datapulse.agents.engine import analyse
from datapulse.agents.planner import german
from datapulse.agents.planner.intent import Clarify
from datapulse.settings import Settings
from tests.agents.conftest import RecordingSink
from tests.agents.planning import parse


@pytest.fixture
def readings() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 60
    return pd.DataFrame(
        {
            "station": [f"S{k % 4}" for k in range(n)],
            "brightness": rng.uniform(0, 100, n).round(1),
            "blood_pressure": rng.uniform(90, 160, n).round(1),
            "slope": rng.uniform(0, 30, n).round(1),
            "weight": rng.uniform(50, 90, n).round(1),
        }
    )


def ask(tmp_path: Path, frame: pd.DataFrame, question: str) -> AnalysisOutcome:
    path = tmp_path / f"{uuid.uuid4().hex}.parquet"
    frame.to_parquet(path)
    settings = Settings(DATA_DIR=tmp_path / "data", UPLOAD_FOLDER=tmp_path / "uploads")
    return analyse(AnalysisRequest(question=question, tables=[TableRef("t", path)]), RecordingSink(), settings)


def scalar(outcome: AnalysisOutcome) -> Any:
    values = [r["value"] for r in outcome.results if r["kind"] == "scalar"]
    assert values, outcome.answer
    return values[0]


@pytest.mark.parametrize(
    ("questions", "expected"),
    [
        (
            ("What is the average brightness?", "Wie hoch ist die durchschnittliche Helligkeit?"),
            lambda f: f["brightness"].mean(),
        ),
        (
            ("What is the average blood pressure?", "Wie hoch ist der durchschnittliche Blutdruck?"),
            lambda f: f["blood_pressure"].mean(),
        ),
        (("What is the maximum slope?", "Was ist die maximale Steigung?"), lambda f: f["slope"].max()),
    ],
)
def test_a_word_only_the_dictionary_knows_names_its_column(
    tmp_path: Path, readings: pd.DataFrame, questions: tuple[str, str], expected: Any
) -> None:
    """Helligkeit → brightness, Blutdruck → blood pressure, Steigung → slope: the German
    question gets the English question's answer, the one pandas computes."""
    want = expected(readings)
    for question in questions:
        assert scalar(ask(tmp_path, readings, question)) == pytest.approx(want), question


def test_a_plural_the_dictionary_lists_and_a_grouping(readings: pd.DataFrame) -> None:
    """'Steigungen' is the plural Ding lists ({pl}); 'pro station' groups."""
    intent = parse(readings, "Durchschnittliche Steigungen pro station")
    assert intent.measures == ["slope"] and intent.group_by == ["station"] and intent.agg == "mean"


def test_two_columns_the_glosses_fit_are_asked_about_unless_the_word_list_speaks() -> None:
    """Lautstärke is loudness and volume: with both columns the planner asks, never guesses;
    with one of them it answers. Note is grade in the lexicon's own list (Ding also says
    mark): the list wins, no question."""
    frame = pd.DataFrame(
        {
            "track": list("abcd"),
            "loudness": [1.0, 2.0, 3.0, 4.0],
            "volume": [9.0, 8.0, 7.0, 1.0],
            "tempo": [90.0, 120.0, 100.0, 80.0],
        }
    )
    question = "Wie hoch ist die durchschnittliche Lautstärke?"
    with pytest.raises(Clarify) as asked:
        parse(frame, question)
    assert {"loudness", "volume"} <= set(asked.value.candidates)
    assert parse(frame.drop(columns="volume"), question).measures == ["loudness"]
    assert parse(frame.drop(columns="loudness"), question).measures == ["volume"]
    marks = pd.DataFrame({"pupil": list("abcd"), "grade": [1.0, 2.0, 2.0, 3.0], "mark": [50.0, 60.0, 70.0, 80.0]})
    assert parse(marks, "Wie hoch ist die durchschnittliche Note?").measures == ["grade"]


def test_the_tables_word_for_its_rows_is_not_linked() -> None:
    """'Währung' in a table of currencies is the rows: asked about, as without Ding (not a
    count of rows); in a table of territories it is the `currency` column."""
    currencies = pd.DataFrame({"currency": ["EUR", "USD", "EUR"], "territory": ["DE", "US", "FR"]})
    question = "Welche Währung gibt es am häufigsten?"
    with pytest.raises(Clarify):
        parse(currencies, question, "currency_history")
    assert parse(currencies, question, "territories").measures == ["currency"]  # its most common value


def test_without_the_dictionary_file_german_reads_as_before(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, readings: pd.DataFrame
) -> None:
    """A machine without trans-de-en: no crash, the word list still links (Gewicht), and a
    word only the dictionary knows is asked about as before (no column it could name)."""
    question = "Wie hoch ist die durchschnittliche Helligkeit?"
    assert parse(readings, question).measures == ["brightness"]  # with the file
    monkeypatch.setattr(german, "DING_PATH", tmp_path / "missing" / "de-en")
    german.reset()
    try:
        assert german.english("Helligkeit") == ()
        assert parse(readings, "Wie hoch ist das durchschnittliche Gewicht?").measures == ["weight"]
        with pytest.raises(Clarify) as asked:
            parse(readings, question)
        assert "brightness" in asked.value.candidates and len(asked.value.candidates) > 1
    finally:
        monkeypatch.undo()
        german.reset()
    assert german.english("Helligkeit")  # the file read again once it is back


def test_only_german_questions_reach_the_german_dictionary() -> None:
    """German 'Gift' is poison; 'gift' in an English question is not: no `poison` column."""
    frame = pd.DataFrame({"donor": list("abcd"), "poison": [1.0, 2.0, 3.0, 4.0], "amount": [5.0, 6.0, 7.0, 8.0]})
    assert parse(frame, "Wie hoch ist das durchschnittliche Gift?").measures == ["poison"]
    with pytest.raises(Clarify):
        parse(frame, "What is the average gift?")
