"""Check the bank itself, without the product: every expectation computes (no exception,
no NaN, no tie in a ranking), and the counts per language, dataset and kind.

    .venv/bin/python -m tests.agents.blind.check [MODULE]
"""

from __future__ import annotations

import importlib
import math
import sys
import tempfile
from collections import Counter
from pathlib import Path

from tests.agents.bank import Case
from tests.agents.blind.datasets import store
from tests.agents.expect import All, Clarify


def kind(case: Case, kinds: dict[str, str]) -> str:
    """The kind of question: the module's KIND, else what its expectation and history say."""
    if case.id in kinds:
        return kinds[case.id]
    if isinstance(case.expect, Clarify):
        return "clarification"
    return "follow-up" if case.before else type(case.expect).__name__


def bad(case: Case, frame) -> str | None:  # type: ignore[no-untyped-def]
    expect = case.expect
    parts = expect.parts if isinstance(expect, All) else [expect]
    for part in parts:
        fn = getattr(part, "fn", None)
        if fn is None:
            continue
        try:
            value = fn(frame)
        except Exception as exc:  # noqa: BLE001 - reported, the point of this check
            return f"{type(exc).__name__}: {exc}"
        values = list(value) if hasattr(value, "__iter__") and not isinstance(value, str) else [value]
        if not values:
            return "empty"
        if any(isinstance(v, float) and math.isnan(v) for v in values):
            return f"NaN in {value!r}"
    return None


def main(argv: list[str]) -> int:
    module = importlib.import_module(f"tests.agents.blind.{argv[0] if argv else 'questions'}")
    cases: list[Case] = module.BLIND
    ids = Counter(c.id for c in cases)
    problems = [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    with tempfile.TemporaryDirectory() as tmp:
        s = store(Path(tmp))
        for case in cases:
            why = bad(case, s.frame(case.dataset))
            if why:
                problems.append(f"{case.id}: {why}")
    langs = Counter(lang for c in cases for lang, _ in c.questions())
    kinds = Counter(kind(c, getattr(module, "KIND", {})) for c in cases for _ in c.questions())
    sets = Counter(c.dataset for c in cases for _ in c.questions())
    print(f"{len(cases)} cases, {sum(langs.values())} questions; languages {dict(langs)}")
    print("kinds:")
    for k, n in kinds.most_common():
        print(f"  {n:4}  {k}")
    print(f"datasets {dict(sets)}")
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
