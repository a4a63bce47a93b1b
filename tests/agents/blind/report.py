"""Run the blind bank through the product and print its figures.

    .venv/bin/python -m tests.agents.blind.report [-v] [MODULE]

MODULE (default: questions) names tests.agents.blind.<MODULE>, whose BLIND list is run.
Every question goes through tests.agents.bankrun.grade with this bank's datasets; the
summary is tests.agents.bank_report.summary's, with the datasets counted from this bank.
With -v, each question that was not answered correctly is printed with its detail.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from datapulse.settings import Settings
from tests.agents.bank import Case
from tests.agents.bank_report import summary
from tests.agents.bankrun import Graded, grade
from tests.agents.blind.datasets import store


def run(cases: list[Case], folder: Path) -> list[Graded]:
    datasets = store(folder / "datasets")
    (folder / "datasets").mkdir(parents=True, exist_ok=True)
    settings = Settings(DATA_DIR=folder / "data", UPLOAD_FOLDER=folder / "uploads")
    return [grade(case, lang, q, datasets, settings) for case in cases for lang, q in case.questions()]


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    names = [a for a in argv if not a.startswith("-")]
    module = importlib.import_module(f"tests.agents.blind.{names[0] if names else 'questions'}")
    cases: list[Case] = module.BLIND
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        graded = run(cases, Path(tmp))
        seconds = time.perf_counter() - started
    if verbose:
        for g in graded:
            if g.verdict != "correct":
                print(f"{g.verdict:9} {g.case}-{g.lang}: {g.question} -> {g.detail[:200]}")
    figures = summary(graded) | {"datasets": len({c.dataset for c in cases}), "seconds": round(seconds, 1)}
    print(figures)
    by_lang: dict[str, Counter[str]] = {}
    for g in graded:
        by_lang.setdefault(g.lang, Counter())[g.verdict] += 1
    for lang, counts in sorted(by_lang.items()):
        print(f"  {lang}: {sum(counts.values())} questions, {dict(counts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
