"""Ask back only when the readings differ (issue 9).

A clarification between readings that can all be executed (two columns a word names, two
aggregations, "= AU" or "lists AU") is worth asking only when the readings give different
answers. Each candidate is planned and run, quietly (nothing reaches the user); when every
one gives the same answer, the question is answered, with the readings named in the text;
when any differs, cannot be planned or cannot run, the clarification stands.

The same holds for the choices the planner makes without asking (`intent.Choice`: a word that
names two columns narrowed to one, "how many X" read as X's distinct values and not the rows):
every dropped reading that can run is run too, quietly; when one gives another answer the
question is asked back naming the readings (SPEC 5), never answered with one of them.
"""

from __future__ import annotations

import copy
import math
from typing import Any

from datapulse.agents.planner.bindings import apply_bindings, intent_of, reading_value
from datapulse.agents.planner.columns import ColumnIndex
from datapulse.agents.planner.intent import Choice, Clarify, Intent, not_recording
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


def _answer_of(intent: Intent, index: ColumnIndex, registry: ToolRegistry, ws: Workspace) -> list[Any] | None:
    """What a reader would see of one reading's answer, or None when it cannot be planned or run."""
    try:
        plan = plan_for(intent)
        ask_for_missing_measure(plan, list(index.numeric))
        results = [r for step in plan for r in registry.check(step["tool"], step["args"]).run(ws, step["args"])]
    except (Clarify, ToolError, ValueError, KeyError, TypeError):
        return None
    return _canonical(results) or None


def _column_reading(
    choice: Choice, column: str, question: str, index: ColumnIndex, table: str, lang: str, previous: Intent | None
) -> Intent | None:
    """The question planned with the choice's words bound to another column, as a reply would bind
    them; None when that reading cannot be planned or does not use the column."""
    bound, _ = apply_bindings(question, [{"slot": "column", "about": choice.about, "value": column}])
    if bound == question:
        return None
    try:
        with not_recording():
            intent = parse_question(bound, index, table, lang, previous)
    except Clarify:
        return None  # a reading that is itself unclear is not one to weigh
    intent.table = table
    try:
        plan = plan_for(intent)
    except (ValueError, KeyError):
        return None
    return intent if column in _names_in(plan) else None


def _variant(choice: Choice, k: int, intent: Intent) -> Intent | None:
    """The k-th dropped reading of a reading choice, made from the final intent (a copy)."""
    if k >= len(choice.variants):
        return None
    try:
        return choice.variants[k](copy.deepcopy(intent))
    except (KeyError, ValueError, TypeError, IndexError):
        return None  # a dropped reading that cannot be made is skipped, like one that cannot run


def _headline(answer: list[Any]) -> Any:
    """The figure an answer leads with (its first number; a count's table of values beside it
    is detail), else the whole answer."""
    return next((a for a in answer if a[0] == "scalar"), answer)


def _label(intent: Intent, lang: str) -> str:
    from datapulse.agents.reading import W, interpretation

    text = interpretation(plan_for(intent), lang, [])
    head = W.get(lang, W["en"])["head"]
    return text.removeprefix(head).rstrip(".。") or intent.kind


def silent_readings(
    choices: list[Choice],
    intent: Intent,
    question: str,
    index: ColumnIndex,
    table: str,
    lang: str,
    previous: Intent | None,
    registry: ToolRegistry,
    ws: Workspace,
) -> Clarify | None:
    """The clarification to ask instead of answering: the first silent choice one of whose
    dropped readings runs and gives another answer than the chosen reading; None when every
    dropped reading that can run agrees (or none can). At most MAX_READINGS - 1 readings are
    tried besides the chosen one."""
    if not choices:
        return None
    chosen = _answer_of(intent, index, registry, ws)
    if chosen is None:
        return None  # the chosen reading itself fails: the run reports that, as before
    budget = MAX_READINGS - 1
    for choice in choices:
        differing: list[tuple[str, Intent]] = []
        for k, other in enumerate(choice.others):
            if budget <= 0:
                break
            if choice.slot == "column":
                alt = _column_reading(choice, other, question, index, table, lang, previous)
            else:
                alt = _variant(choice, k, intent)
            if alt is None:
                continue  # a reading that cannot run is no evidence either way
            budget -= 1
            answer = _answer_of(alt, index, registry, ws)
            if answer is not None and _headline(answer) != _headline(chosen):
                differing.append((other, alt))
        if differing and choice.slot == "column":
            cands = [choice.chosen, *(c for c, _ in differing)]
            return Clarify("ambiguous_column", cands, word=choice.about, slot="column", silent=True)
        if differing:
            readings = [intent, *(alt for _, alt in differing)]
            labels = [_label(r, lang) for r in readings]
            if len(set(labels)) < len(labels):
                labels = [f"{k + 1}. {label}" for k, label in enumerate(labels)]
            values = [reading_value(r) for r in readings]
            return Clarify("two_readings", labels, word=choice.about, slot="reading", values=values, silent=True)
    return None
