"""Checks the bank's own expectations without running the product: every expected
value evaluates on its dataset and is not NaN; prints the counts per language and kind.

    .venv/bin/python -m tests.agents.blind_fresh.check [-v]
"""

from __future__ import annotations

import math
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from tests.agents.bank import Case
from tests.agents.blind_fresh.datasets import BlindStore
from tests.agents.blind_fresh.questions import BLIND
from tests.agents.datasets import DatasetStore
from tests.agents.expect import Clarify


def kind(case: object) -> str:
    name = type(case.expect).__name__  # type: ignore[attr-defined]
    return "follow-up" if case.before else name  # type: ignore[attr-defined]


def main(argv: list[str], store_type: type[DatasetStore] = BlindStore, bank: Sequence[Case] = BLIND) -> int:
    """Also the check of the later sealed banks (tests/agents/blind2), given their store and cases."""
    problems = []
    ids = Counter(c.id for c in bank)
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    with tempfile.TemporaryDirectory() as tmp:
        store = store_type(Path(tmp))
        for case in bank:
            for lang in case.before:
                if lang not in case.q:
                    problems.append(f"{case.id}: earlier question in {lang} without a question")
            if isinstance(case.expect, Clarify):
                continue
            try:
                value = case.expect.fn(store.frame(case.dataset))  # type: ignore[attr-defined]
            except Exception as exc:  # noqa: BLE001 - reported
                problems.append(f"{case.id}: {type(exc).__name__}: {exc}")
                continue
            values = list(value.values) if isinstance(value, pd.Series) else [value]
            if not values or any(isinstance(v, float) and math.isnan(v) for v in values):
                problems.append(f"{case.id}: NaN or empty: {value!r}")
            if "-v" in argv:
                shown = value.to_dict() if isinstance(value, pd.Series) else value
                print(f"{case.id:28} {shown!r}"[:200])
    langs = Counter(lang for c in bank for lang, _ in c.questions())
    kinds = Counter(kind(c) for c in bank for _ in c.questions())
    print("questions", sum(langs.values()), "cases", len(bank), dict(langs))
    print("kinds", dict(kinds), "datasets", len({c.dataset for c in bank}))
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
