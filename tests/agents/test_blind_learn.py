"""The learning half of the blind bank guards the planner: never confidently wrong, and at
least 92 % correct. (Only the learning half: the frozen half is never run from here.)"""

from __future__ import annotations

from pathlib import Path

from datapulse.settings import Settings
from tests.agents.bankrun import assert_guarded, grade
from tests.agents.blind.datasets import store
from tests.agents.blind.learn import BLIND

MIN_CORRECT = 0.92


def test_learning_half(tmp_path: Path) -> None:
    """Every learning-half question: no confidently wrong answer, at least 92 % correct."""
    datasets = store(tmp_path / "datasets")
    (tmp_path / "datasets").mkdir(parents=True, exist_ok=True)
    settings = Settings(DATA_DIR=tmp_path / "data", UPLOAD_FOLDER=tmp_path / "uploads")
    graded = [grade(case, lang, q, datasets, settings) for case in BLIND for lang, q in case.questions()]
    assert_guarded(graded, MIN_CORRECT)
