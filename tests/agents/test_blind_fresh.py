"""The spent blind bank (blind_fresh, scored once on 2026-12-04 and now learning material)
guards the planner like the learning half does: never confidently wrong, and at least 80 %
correct (it was 45 % at its first run; 72.8 % after the third planner round, 78.6 % after the
fourth, 80.9 % after the fifth)."""

from __future__ import annotations

from pathlib import Path

from datapulse.settings import Settings
from tests.agents.bankrun import assert_guarded
from tests.agents.blind_fresh.datasets import BlindStore
from tests.agents.blind_fresh.report import run_bank

MIN_CORRECT = 0.80


def test_blind_fresh(tmp_path: Path) -> None:
    """Every blind_fresh question: no confidently wrong answer, at least 78 % correct."""
    store = BlindStore(tmp_path)
    settings = Settings(DATA_DIR=tmp_path / "data", UPLOAD_FOLDER=tmp_path / "uploads")
    graded = run_bank(store, settings)
    assert_guarded(graded, MIN_CORRECT)
