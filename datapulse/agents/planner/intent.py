"""What a question asks, as data: the intent the rule planner reads and the context a
follow-up question builds on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from typing import Any

# The SQL function of each aggregate a planner-written query uses (one home: the change,
# group-difference and per-decade readings all write SQL).
SQL_AGG = {"mean": "avg", "sum": "sum", "median": "median", "max": "max", "min": "min"}


@dataclass
class Intent:
    kind: str  # count, schema, missing, duplicates, describe, distinct, top_n, aggregate, filter, correlation,
    # distribution, trend, outliers, compare, share, pivot, sql
    table: str | None = None
    measures: list[str] = field(default_factory=list)
    agg: str | None = None
    group_by: list[str] = field(default_factory=list)
    filters: list[dict[str, Any]] = field(default_factory=list)
    logic: str = "and"
    n: int | None = None
    sort: str | None = None  # desc, asc
    extra: dict[str, Any] = field(default_factory=dict)

    def to_context(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_context(cls, data: dict[str, Any]) -> Intent | None:
        if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
            return None
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        try:
            return cls(**known)
        except TypeError:
            return None


class Clarify(Exception):
    """The question cannot be answered without a guess: say why and offer candidates."""

    def __init__(self, reason: str, candidates: list[str], **words: Any) -> None:
        super().__init__(reason)
        self.reason = reason  # a key of the reporter's messages
        self.candidates = candidates
        self.words = words


@dataclass
class Choice:
    """A choice the planner made without asking (issue 9): the words, what it read them as and
    what else they genuinely read as. `slot` "column": `chosen` and `others` are columns the
    words name (an other is tried by binding the words to it, as a clarification's reply
    would); "reading": `others` name the dropped readings and `variants` make each of them from
    the final intent (None where the final intent is no longer the chosen reading)."""

    slot: str
    about: str
    chosen: str
    others: list[str]
    variants: list[Callable[[Intent], Intent | None]] = field(default_factory=list)


_CHOICES: ContextVar[list[Choice] | None] = ContextVar("planner_choices", default=None)


@contextmanager
def recording_choices() -> Iterator[list[Choice]]:
    """Collect the silent choices made while planning inside the block (engine → agree)."""
    found: list[Choice] = []
    token = _CHOICES.set(found)
    try:
        yield found
    finally:
        _CHOICES.reset(token)


@contextmanager
def not_recording() -> Iterator[None]:
    """Plan an alternative reading without recording its own choices."""
    token = _CHOICES.set(None)
    try:
        yield
    finally:
        _CHOICES.reset(token)


def note_choice(choice: Choice) -> None:
    """Record a silent choice when someone collects them (a no-op otherwise)."""
    found = _CHOICES.get()
    if found is None or not choice.others:
        return
    if any(c.slot == choice.slot and c.about == choice.about and c.chosen == choice.chosen for c in found):
        return  # the same words planned twice (a follow-up, a retry): one choice
    found.append(choice)
