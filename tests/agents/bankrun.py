"""Runs bank questions through the engine and grades them: correct, asked back, wrong."""

from __future__ import annotations

from dataclasses import dataclass

from datapulse.agents.contract import AnalysisRequest, TableRef
from datapulse.agents.engine import analyse
from datapulse.settings import Settings
from tests.agents.bank import Case
from tests.agents.datasets import DatasetStore
from tests.agents.expect import Clarify

BANK_VERDICTS: list[tuple[str, str]] = []  # (case-lang, verdict) graded in this pytest run


class _QuietSink:
    def agent(self, agent: str, status: str, progress: int, message: str) -> None:
        pass

    def delta(self, text: str) -> None:
        pass

    def result(self, result: dict) -> None:  # type: ignore[type-arg]
        pass

    def cancelled(self) -> bool:
        return False


@dataclass
class Graded:
    case: str
    lang: str
    question: str
    verdict: str  # correct, clarified (asked back when an answer was expected), wrong, error
    detail: str


def grade(case: Case, lang: str, question: str, store: DatasetStore, settings: Settings) -> Graded:
    tables = [TableRef(case.dataset, store.path(case.dataset))]
    context: dict = {}  # type: ignore[type-arg]
    try:
        for earlier in case.before.get(lang, []):
            context = analyse(AnalysisRequest(earlier, tables, context=context), _QuietSink(), settings).context
        out = analyse(AnalysisRequest(question, tables, context=context), _QuietSink(), settings)
    except Exception as exc:  # noqa: BLE001 - graded, not hidden: an error is never "correct"
        return Graded(case.id, lang, question, "error", f"{type(exc).__name__}: {exc}")
    ok, detail = case.expect.check(store.frame(case.dataset), out)
    if ok:
        verdict = "correct"
    elif out.needs_clarification and not isinstance(case.expect, Clarify):
        verdict = "clarified"
    else:
        verdict = "wrong"
    return Graded(case.id, lang, question, verdict, detail)


def assert_guarded(graded: list[Graded], min_correct: float, known: frozenset[str] = frozenset()) -> None:
    """A guarding bank's verdict: no confidently wrong answer (nor error) but the `known` ones
    (case-lang ids, each still wrong: a fixed one leaves the list), and at least `min_correct`
    of the questions right; every miss listed when not."""
    correct = [g for g in graded if g.verdict == "correct"]
    wrong = [g for g in graded if g.verdict in ("wrong", "error") and f"{g.case}-{g.lang}" not in known]
    fixed = {f"{g.case}-{g.lang}" for g in graded if g.verdict != "wrong"} & known
    assert not fixed, f"no longer wrong, take them off the known list: {sorted(fixed)}"
    failures = "\n".join(
        f"{g.verdict:9} {g.case}-{g.lang}: {g.question} -> {g.detail[:200]}" for g in graded if g.verdict != "correct"
    )
    share = len(correct) / len(graded)
    assert not wrong, f"{len(wrong)} confidently wrong of {len(graded)}:\n{failures}"
    assert share >= min_correct, f"{share:.1%} correct of {len(graded)} (< {min_correct:.0%}):\n{failures}"
