"""Print the question bank's figures: share correct, asked back, confidently wrong.

    .venv/bin/python -m tests.agents.bank_report [-v]

Not a test (the tests assert each question); this is the summary for notes and CI logs.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from datapulse.settings import Settings
from tests.agents.bank import all_cases
from tests.agents.bankrun import Graded, grade
from tests.agents.datasets import DatasetStore


def run_bank(store: DatasetStore, settings: Settings) -> list[Graded]:
    return [grade(case, lang, q, store, settings) for case in all_cases() for lang, q in case.questions()]


def summary(graded: list[Graded]) -> dict[str, float]:
    counts = Counter(g.verdict for g in graded)
    total = len(graded)
    return {
        "questions": total,
        "correct_pct": round(100 * counts["correct"] / total, 2),
        "confidently_wrong_pct": round(100 * counts["wrong"] / total, 2),
        "asked_back_pct": round(100 * counts["clarified"] / total, 2),
        "errors_pct": round(100 * counts["error"] / total, 2),
        "datasets": len({c.dataset for c in all_cases()}),
    }


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        store = DatasetStore(Path(tmp))
        settings = Settings(DATA_DIR=Path(tmp) / "data", UPLOAD_FOLDER=Path(tmp) / "uploads")
        started = time.perf_counter()
        graded = run_bank(store, settings)
        seconds = time.perf_counter() - started
    by_lang: dict[str, Counter[str]] = {}
    for g in graded:
        by_lang.setdefault(g.lang, Counter())[g.verdict] += 1
        if g.verdict != "correct" and ("-v" in argv or g.verdict != "clarified"):
            print(f"{g.verdict:9} {g.case}-{g.lang}: {g.question} -> {g.detail[:160]}")
    print(summary(graded) | {"seconds": round(seconds, 1)})
    for lang, counts in sorted(by_lang.items()):
        print(f"  {lang}: {dict(counts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
