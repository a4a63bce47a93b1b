"""Grade the sealed blind bank once and print its figures.

    .venv/bin/python -m tests.agents.blind_fresh.report [-v]

Prints the summary (questions, correct %, confidently wrong %, asked back %, errors %,
datasets) and the verdicts per language; with -v every question that was not correct.
Run it only for the final scoring (README.md).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from datapulse.settings import Settings
from tests.agents.bank import Case
from tests.agents.bankrun import Graded, grade
from tests.agents.blind_fresh.datasets import BlindStore
from tests.agents.blind_fresh.questions import BLIND
from tests.agents.datasets import DatasetStore


def run_bank(store: DatasetStore, settings: Settings, bank: Sequence[Case] = BLIND) -> list[Graded]:
    return [grade(case, lang, q, store, settings) for case in bank for lang, q in case.questions()]


def summary(graded: list[Graded], bank: Sequence[Case] = BLIND) -> dict[str, float]:
    counts = Counter(g.verdict for g in graded)
    total = len(graded) or 1
    return {
        "questions": len(graded),
        "correct_pct": round(100 * counts["correct"] / total, 2),
        "confidently_wrong_pct": round(100 * counts["wrong"] / total, 2),
        "asked_back_pct": round(100 * counts["clarified"] / total, 2),
        "errors_pct": round(100 * counts["error"] / total, 2),
        "datasets": len({c.dataset for c in bank}),
    }


def main(argv: list[str], store_type: type[DatasetStore] = BlindStore, bank: Sequence[Case] = BLIND) -> int:
    """Also the runner of the later sealed banks (tests/agents/blind2), given their store and cases."""
    verbose = "-v" in argv
    with tempfile.TemporaryDirectory() as tmp:
        store = store_type(Path(tmp))
        settings = Settings(DATA_DIR=Path(tmp) / "data", UPLOAD_FOLDER=Path(tmp) / "uploads")
        started = time.perf_counter()
        graded = run_bank(store, settings, bank)
        seconds = time.perf_counter() - started
    by_lang: dict[str, Counter[str]] = {}
    for g in graded:
        by_lang.setdefault(g.lang, Counter())[g.verdict] += 1
        if verbose and g.verdict != "correct":
            print(f"{g.verdict:9} {g.case}-{g.lang}: {g.question} -> {g.detail[:160]}")
    print(summary(graded, bank) | {"seconds": round(seconds, 1)})
    for lang, counts in sorted(by_lang.items()):
        print(f"  {lang}: {sum(counts.values())} questions, {dict(counts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
