"""The language model's tool calls, checked against the question the way the rule
planner's intents are (SPEC 5): a column, value, number or date the question names
must appear in the calls, and words the planner does not know must be explained by
something in the calls the question did not name. Otherwise the run asks back.
"""

from __future__ import annotations

from typing import Any

from datapulse.agents.planner.columns import ColumnIndex
from datapulse.agents.planner.coverage import allowed_words, uncovered_words
from datapulse.agents.planner.intent import Clarify, Intent
from datapulse.agents.planner.linking import column_candidates
from datapulse.agents.planner.scan import scan


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _leaves(v)]
    if isinstance(value, list | tuple):
        return [x for v in value for x in _leaves(v)]
    return [value]


def _has_number(leaves: list[Any], num: Any, text: str) -> bool:
    for leaf in leaves:
        if isinstance(leaf, int | float) and not isinstance(leaf, bool):
            try:
                if float(leaf) == float(num):
                    return True
            except (TypeError, ValueError):
                continue
        elif isinstance(leaf, str) and str(num) in leaf:
            return True
    return str(num) in text


def check_llm_plan(question: str, plan: list[dict[str, Any]], index: ColumnIndex, table: str, lang: str) -> None:
    """Raise Clarify when the calls leave out something the question says."""
    leaves = _leaves([step.get("args", {}) for step in plan])
    strings = [str(x) for x in leaves if isinstance(x, str)]
    text = " ".join(strings).lower()
    used_cols = {c for c in index.columns if c in strings or c.lower() in text}
    spans = scan(question, index, lang, table)
    dropped: list[str] = []
    named_cols: set[str] = set()
    for s in spans:
        if s.kind == "col":
            named_cols |= set(s.payload)
            if not set(s.payload) & used_cols:
                dropped.append(s.text)
        elif s.kind == "val" and not any(str(v).lower() in text for _c, v in s.payload):
            dropped.append(s.text)
        elif s.kind == "num" and not _has_number(leaves, s.payload, text):
            dropped.append(s.text)
        elif s.kind == "date" and not any(str(v) in text for v in s.payload.values()):
            dropped.append(s.text)
    probe = Intent(kind="aggregate", measures=sorted(used_cols))
    unknown = uncovered_words(question, spans, lang, allowed_words(probe, index, table))
    asked_aggs = {k[4:] for s in spans if s.kind == "kw" for k in s.payload if k.startswith("agg:")}
    plan_aggs = {str(step.get("args", {}).get("agg")) for step in plan if step.get("args", {}).get("agg")}
    # an unknown word ("typical") may be what the model read as a column or an aggregate the question did not name
    explained = bool(used_cols - named_cols) or bool(plan_aggs - asked_aggs)
    words = dropped + ([] if explained else unknown)
    if words:
        about = " ".join(words)
        cands = column_candidates(words, index) or list(index.columns)
        raise Clarify("uncovered", cands, word=about, slot="column", ignored=words)
