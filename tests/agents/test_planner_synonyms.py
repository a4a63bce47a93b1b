"""English words for a column in other words than its name, through WordNet
(planner/synonyms.py): a synonym that fits one column is that column; one that fits two asks
which; without WordNet (no Debian `wordnet-base`, or no nltk) the planner links as before."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from datapulse.agents.contract import AnalysisRequest, TableRef
from datapulse.agents.engine import analyse
from datapulse.agents.planner import synonyms
from datapulse.agents.planner.columns import ColumnIndex
from datapulse.agents.planner.intent import Clarify
from datapulse.agents.planner.linking import link
from datapulse.settings import Settings
from tests.agents.conftest import RecordingSink
from tests.agents.planning import parse


@pytest.fixture(autouse=True)
def _fresh_wordnet() -> Iterator[None]:
    synonyms.reset()
    yield
    synonyms.reset()


@pytest.fixture
def staff() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Ann", "Bob", "Cid", "Dee", "Eve", "Fay"],
            "job": ["nurse", "teacher", "nurse", "cook", "teacher", "nurse"],
            "salary": [41.0, 38.5, 45.0, 30.0, 39.5, 43.0],
            "age": [31, 45, 29, 52, 38, 41],
        }
    )


def _ask(frame: pd.DataFrame, question: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "staff.parquet"
    frame.to_parquet(path)
    settings = Settings(DATA_DIR=tmp_path / "data", UPLOAD_FOLDER=tmp_path / "uploads")
    return analyse(AnalysisRequest(question, [TableRef("staff", path)]), RecordingSink(), settings)


def test_a_synonym_names_the_one_column_it_fits(staff: pd.DataFrame, tmp_path: Path) -> None:
    """'earnings' is `salary` (wage, pay, earnings, salary: one sense), 'occupation' is `job`."""
    out = _ask(staff, "What is the average earnings of the nurses?", tmp_path)
    assert not out.needs_clarification, out.answer
    assert out.results[0]["value"] == pytest.approx(staff.loc[staff.job == "nurse", "salary"].mean())

    out = _ask(staff, "How many different occupations are there?", tmp_path)
    assert not out.needs_clarification and out.results[0]["value"] == staff.job.nunique(), out.answer


def test_a_synonym_that_fits_two_columns_asks_between_them(tmp_path: Path) -> None:
    """'earnings' fits `salary` (a synonym) and `income` (its parent sense): asked, with those two."""
    frame = pd.DataFrame(
        {
            "name": ["Ann", "Bob", "Cid", "Dee"],
            "salary": [41.0, 38.5, 45.0, 30.0],
            "income": [50.0, 40.0, 60.0, 35.0],
            "age": [31, 45, 29, 52],
        }
    )
    assert sorted(link("earnings", ColumnIndex.build(frame))) == ["income", "salary"]
    out = _ask(frame, "What is the average earnings?", tmp_path)
    assert out.needs_clarification and out.clarification is not None
    assert sorted(c["value"] for c in out.clarification["candidates"]) == ["income", "salary"]


def test_a_spelled_column_name_beats_a_synonym(tmp_path: Path) -> None:
    """'salary' spelled is `salary` alone, though it shares a sense with `wage_band`; 'class' alone
    is `family` (class, category, family: one sense), but "weight class" describes `weight`."""
    frame = pd.DataFrame({"salary": [41.0, 38.5, 45.0], "wage_band": ["a", "b", "a"]})
    assert link("salary", ColumnIndex.build(frame)) == ["salary"]
    assert link("pay", ColumnIndex.build(frame)) == ["salary", "wage_band"]

    fonts = pd.DataFrame(
        {
            "family": ["Sans", "Sans", "Serif", "Serif", "Mono", "Mono"],
            "weight": [400, 700, 400, 700, 400, 400],
            "glyphs": [3000, 3100, 2500, 2600, 900, 950],
        }
    )
    assert link("class", ColumnIndex.build(fonts)) == ["family"]
    path = tmp_path / "fonts.parquet"
    fonts.to_parquet(path)
    settings = Settings(DATA_DIR=tmp_path / "data", UPLOAD_FOLDER=tmp_path / "uploads")
    question = "What is the mean number of glyphs for each weight class?"
    out = analyse(AnalysisRequest(question, [TableRef("fonts", path)]), RecordingSink(), settings)
    assert not out.needs_clarification, out.answer
    assert out.plan[0]["args"]["group_by"] == ["weight"]
    expected = fonts.groupby("weight")["glyphs"].mean()
    assert {row[0]: row[1] for row in out.results[0]["rows"]} == expected.to_dict()


@pytest.mark.parametrize("missing", ["folder", "nltk"])
def test_without_wordnet_the_planner_links_as_before(
    staff: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    """No /usr/share/wordnet (or no nltk): 'earnings' names nothing and the planner asks, as it did."""
    if missing == "folder":
        monkeypatch.setattr(synonyms, "FOLDER", tmp_path / "no-wordnet")
    else:
        monkeypatch.setitem(sys.modules, "nltk", None)  # `import nltk` raises ImportError
        monkeypatch.setitem(sys.modules, "nltk.data", None)
    synonyms.reset()
    index = ColumnIndex.build(staff)
    assert link("earnings", index) == [] and link("occupation", index) == []
    with pytest.raises(Clarify):
        parse(staff, "What is the average earnings?", "staff")
    assert parse(staff, "average salary per job", "staff").group_by == ["job"]  # spelled names as ever
