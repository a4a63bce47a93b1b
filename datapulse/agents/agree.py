"""Ask back only when the readings differ (issue 9).

A clarification between readings that can all be executed (two columns a word names, two
aggregations, "= AU" or "lists AU") is worth asking only when the readings give different
answers. Each candidate is planned and run, quietly (nothing reaches the user); when every
one gives the same answer, the question is answered, with the readings named in the text;
when any differs, cannot be planned or cannot run, the clarification stands.
"""

from __future__ import annotations

import math
from typing import Any

from datapulse.agents.planner.bindings import apply_bindings, intent_of
from datapulse.agents.planner.columns import ColumnIndex
from datapulse.agents.planner.intent import Clarify, Intent
from datapulse.agents.planner.plan import ask_for_missing_measure, plan_for
from datapulse.agents.planner.rules import parse_question
from datapulse.agents.tools import ToolError, ToolRegistry, Workspace

MAX_READINGS = 4  # more candidates than this are a list to choose from, not readings to try
# Column clarifications whose candidates are each a full reading of the word: the word
# names them all. ("no such column" offers every column: trying them would answer a
# question about something the data lacks with whatever the columns happen to agree on.)
_COLUMN_READINGS = {"ambiguous_column", "loose_filter", "which_measure"}
_VALUE_READINGS = {"ambiguous_value"}  # "'yes'" in two columns: "fbaby = yes" or "prenatal1 = yes"


def _readings(
    clar: Clarify, question: str, index: ColumnIndex, table: str, lang: str, previous: Intent | None
) -> list[Intent] | None:
    """The intent of every candidate, or None when one of them is not a reading that can run."""
    values = clar.words.get("values") or []
    if 1 < len(values) <= MAX_READINGS and len(values) == len(clar.candidates):
        intents = [intent_of(str(v)) for v in values]
        if all(i is not None for i in intents):
            out = [i for i in intents if i is not None]
            for i in out:
                i.table = table
            return out
        return None
    word = str(clar.words.get("word") or "")
    slot = "column" if clar.reason in _COLUMN_READINGS else "value" if clar.reason in _VALUE_READINGS else ""
    if not slot or not word or not 1 < len(clar.candidates) <= MAX_READINGS:
        return None
    out = []
    for candidate in clar.candidates:
        column = candidate.split(" = ", 1)[0] if slot == "value" else candidate
        bound, _ = apply_bindings(question, [{"slot": slot, "about": word, "value": candidate}])
        if bound == question:
            return None
        try:
            intent = parse_question(bound, index, table, lang, previous)
        except Clarify:
            return None  # a reading that is itself unclear is no answer
        intent.table = table
        if column not in _names_in(plan_for(intent)):
            return None  # a reading that does not use its column agrees with the others by accident
        out.append(intent)
    return out


def _names_in(value: Any) -> set[str]:
    """Every text in a plan's arguments (the columns it reads among them)."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {n for v in value.values() for n in _names_in(v)}
    if isinstance(value, list | tuple):
        return {n for v in value for n in _names_in(v)}
    return set()


def _canonical(results: list[dict[str, Any]]) -> list[Any]:
    """What a reader sees of the results: the values, numbers to nine significant digits."""

    def norm(v: Any) -> Any:
        if isinstance(v, bool) or v is None:
            return v
        if isinstance(v, int | float):
            f = float(v)
            return "nan" if math.isnan(f) else float(f"{f:.9g}")
        return str(v)

    out: list[Any] = []
    for r in results:
        kind = r.get("kind")
        if kind == "scalar":
            out.append(("scalar", norm(r.get("value"))))
        elif kind == "table":
            out.append(("table", [[norm(v) for v in row] for row in r.get("rows") or []]))
        elif kind == "text":
            out.append(("text", r.get("text")))
    return out


def agreeing_reading(
    clar: Clarify,
    question: str,
    index: ColumnIndex,
    table: str,
    lang: str,
    previous: Intent | None,
    registry: ToolRegistry,
    ws: Workspace,
) -> tuple[Intent, list[dict[str, Any]]] | None:
    """The first reading and its plan when every reading of the clarification gives the same
    answer; None when they differ (or one cannot be run): then the question is asked back."""
    intents = _readings(clar, question, index, table, lang, previous)
    if not intents:
        return None
    answers, plans = [], []
    for intent in intents:
        try:
            plan = plan_for(intent)
            ask_for_missing_measure(plan, list(index.numeric))
            results = [r for step in plan for r in registry.check(step["tool"], step["args"]).run(ws, step["args"])]
        except (Clarify, ToolError, ValueError, KeyError):
            return None
        canon = _canonical(results)
        if not canon:
            return None
        answers.append(canon)
        plans.append(plan)
    if any(a != answers[0] for a in answers[1:]):
        return None
    return intents[0], plans[0]
