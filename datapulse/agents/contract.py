"""The contract between the chat runs (datapulse.chat) and the analysis agents.

The chat side builds an `AnalysisRequest`, passes a `RunSink`, and calls
`datapulse.agents.engine.analyse(request, sink, settings)`, which returns an
`AnalysisOutcome`. The agents never touch HTTP, the database or the bus: everything
they show the user goes through the sink, which stores each event before it is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from datapulse.data.relation import Relation
from datapulse.sqlsource.live import LiveSource


class AgentState(StrEnum):
    """An agent's step (SPEC 5, agent_update.status)."""

    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


@dataclass(frozen=True)
class TableRef:
    """One table the conversation may use: its SQL name and its data, a Parquet file at
    `path` unless `relation` says how to read it (a stored upload whose Parquet copy is
    still being written, read with the options its profile used)."""

    name: str
    path: Path
    display_name: str = ""
    relation: Relation | None = None
    live: LiveSource | None = None  # a live sql source: the tools run inside its database

    def source(self) -> Relation:
        """What to read: `relation`, or the Parquet file at `path`."""
        return self.relation or Relation(self.path)


@dataclass
class AnalysisRequest:
    question: str
    tables: list[TableRef]
    # What the previous answer in this conversation left behind (its plan, the
    # filters, the grouping ...), so that "and by sex?" can build on it.
    context: dict[str, Any] = field(default_factory=dict)
    language: str | None = None  # en, de, zh; None: detect from the question
    # The user's answers to an earlier clarification of this same question (SPEC 5):
    # each {"slot": "column" | "reading" | "value", "about": "<the words>", "value": "<chosen>"}.
    # The planner reads `about` as meaning `value` instead of asking again.
    bindings: list[dict[str, str]] = field(default_factory=list)
    # The tools the conversation's assistant may use (SPEC 12); None: every tool. A plan
    # that needs another tool is refused ("this assistant does not do that"), never run.
    tools: tuple[str, ...] | None = None
    # The rest of the assistant (SPEC 12). `instructions` go to the language-model planner
    # as part of its system prompt; `planner` "rules" never asks the model, "llm" or None
    # asks it when one is configured; `detail` "brief" answers with the figures alone,
    # "detailed" adds the tables and the steps behind them (None: the default answer);
    # `chart` "never" leaves charts out, "always" draws one for every table it can.
    instructions: str = ""
    planner: str | None = None
    detail: str | None = None
    chart: str | None = None


class RunSink(Protocol):
    """Where the agents report, in order. Each call becomes one stored SSE event."""

    def agent(self, agent: str, status: str, progress: int, message: str) -> None: ...

    def delta(self, text: str) -> None: ...

    def result(self, result: dict[str, Any]) -> None: ...

    def cancelled(self) -> bool:
        """True once the user asked to cancel: the agents stop at the next step."""
        ...


@dataclass
class AnalysisOutcome:
    answer: str  # markdown
    results: list[dict[str, Any]]  # table, scalar, chart, text (SPEC 5)
    plan: list[dict[str, Any]]  # [{"tool": ..., "args": {...}}]
    needs_clarification: bool = False
    candidates: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)  # for the next question
    planner: str = "rules"  # rules or llm
    notes: list[str] = field(default_factory=list)  # e.g. "language model unreachable; used built-in planner"
    # The reading of the question in its own language, naming every constraint the plan
    # used (SPEC 5), and the words of the question that did not become part of the plan.
    interpretation: str = ""
    ignored: list[str] = field(default_factory=list)
    # What is unclear, when needs_clarification: {"slot": "column" | "reading" | "value",
    # "about": "<the words>", "candidates": [{"label": ..., "value": ...}]}.
    clarification: dict[str, Any] | None = None


class AnalysisCancelled(Exception):
    """Raised by the agents when `sink.cancelled()` turned true."""
