"""The user's answers to a clarification, applied to the original question (SPEC 5).

A column choice makes the words it was about name that column (written in backticks,
which the scanner reads as a column name); a value choice puts the chosen column
beside the value; a reading choice carries the intent it stands for. The question is
then planned again and never asks about the same words twice.
"""

from __future__ import annotations

import json
import re
from typing import Any

from datapulse.agents.planner.intent import Intent

_CJK = re.compile(r"[\u3400-\u9fff]")
_POINTER = re.compile(  # "this country": a clarification about which one; the choice replaces it
    r"(?:this|that|diese[mnrs]?|jene[mnrs]?|这个|那个|这种|那种|这位|这|该|此)(?![a-z])", re.IGNORECASE
)


def _replace_once(question: str, word: str, new: str) -> tuple[str, bool]:
    if not word:
        return question, False
    if _CJK.search(word):
        pos = question.find(word)
    else:
        m = re.search(rf"(?<![\w`]){re.escape(word)}(?![\w`])", question, re.IGNORECASE)
        pos = m.start() if m else -1
    if pos < 0:
        return question, False
    return question[:pos] + new + question[pos + len(word) :], True


def apply_bindings(question: str, bindings: list[dict[str, Any]]) -> tuple[str, Intent | None]:
    """The question with each binding applied, and the intent a bound reading stands for."""
    reading: Intent | None = None
    for b in bindings:
        if not isinstance(b, dict):
            continue
        slot, about, value = str(b.get("slot") or ""), str(b.get("about") or ""), str(b.get("value") or "")
        if slot == "reading":
            reading = intent_of(value) or reading
            continue
        if slot == "value" and " = " in value:
            col, chosen = value.split(" = ", 1)
            if _POINTER.match(about):  # "this country" → the country chosen
                question, _ = _replace_once(question, about, chosen)
                continue
            question, _ = _replace_once(question, about, f"`{col}` {about}")
            continue
        if slot != "column" or not value:
            continue
        question, done = _replace_once(question, about, f"`{value}`")
        if done:
            continue
        words = [w for w in about.split() if not re.fullmatch(r"[\d.,]+", w)]
        for k, word in enumerate(words):  # the words were not contiguous: the first names the column
            question, _ = _replace_once(question, word, f"`{value}`" if k == 0 else "")
    return question, reading


def intent_of(value: str) -> Intent | None:
    """The intent a reading candidate's value carries (JSON), if it is one."""
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return None
    return Intent.from_context(data) if isinstance(data, dict) else None


def reading_value(intent: Intent) -> str:
    """A reading candidate's value: the intent it stands for, as JSON."""
    return json.dumps(intent.to_context(), sort_keys=True, default=str)
