"""What a question asks, as data: the intent the rule planner reads and the context a
follow-up question builds on."""

from __future__ import annotations

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
