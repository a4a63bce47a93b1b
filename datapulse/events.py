"""Events are data: the one vocabulary the API, the agents and the WebSocket server share.

Two families, each event one frozen dataclass whose `payload()` is its only builder:

- bus events (`FileUpdate`, `DataUpdate`, `Activity`, `Notification`): `(type, topic,
  data)`, which the WebSocket server wraps in the envelope `{"type", "topic", "seq",
  "ts", "data"}` (SPEC 6); every publisher goes through `datapulse.bus.emit`.
- run events (`RunStarted`, `AgentUpdate`, `Delta`, `ResultEvent`, `RunCompleted`,
  `RunFailed`): stored first, then streamed as SSE (SPEC 5). A run event whose type also
  travels on the bus (`agent_update`) is published from the *stored* event by
  `bus_copy`: the same payload plus `run_id`, so the two copies cannot drift apart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Final

# Topics a client can subscribe to.
AGENTS: Final = "agents"
DATA: Final = "data"
FILES: Final = "files"
SYSTEM: Final = "system"
ACTIVITY: Final = "activity"
NOTIFICATIONS: Final = "notifications"
TOPICS: Final = (AGENTS, DATA, FILES, SYSTEM, ACTIVITY, NOTIFICATIONS)

# Event types published on the bus, each with the topic it travels on.
EVENT_TOPICS: Final[dict[str, str]] = {
    "agent_update": AGENTS,
    "data_update": DATA,
    "file_update": FILES,
    "system_metrics": SYSTEM,
    "system_health": SYSTEM,
    "activity": ACTIVITY,
    "notification": NOTIFICATIONS,
    "user_status": ACTIVITY,
    "plugin_execution": AGENTS,
}

# Types only the WebSocket server itself sends to one client.
CONTROL_TYPES: Final = ("welcome", "pong", "resumed", "error")

# File and data-source actions.
CREATED: Final = "created"
UPDATED: Final = "updated"
DELETED: Final = "deleted"
# Made private again: only `{"id", "owner_id"}`, sent to everyone (it was shared), so that
# a client who may no longer read it drops it from its lists (the owner and admins keep it).
HIDDEN: Final = "hidden"


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A time in UTC; one without a zone is taken as UTC (the zone of every stored time)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def iso(ts: datetime | None = None) -> str:
    """ISO 8601 in UTC with a Z, the one time format of the platform."""
    ts = ts or utcnow()
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(UTC).isoformat().replace("+00:00", "Z")


def payload(view: Any) -> dict[str, Any]:
    """A dataclass the domain returns (a data source as shown ...) as event data: its
    fields, datetimes in the platform's one format. The API dumps the same dataclass
    with its schema (datapulse.api.schemas), so event and answer agree."""
    return {k: iso(v) if isinstance(v, datetime) else v for k, v in asdict(view).items()}


@dataclass(frozen=True)
class Event:
    """What goes on the bus: a type, its topic and the payload."""

    type: str
    topic: str
    data: dict[str, Any]

    @classmethod
    def of(cls, type: str, data: dict[str, Any]) -> Event:
        return cls(type, EVENT_TOPICS[type], data)


class BusEvent:
    """Base of the events published on the bus; `emit` accepts these and plain `Event`s."""

    type: ClassVar[str]

    def payload(self) -> dict[str, Any]:
        raise NotImplementedError

    def event(self) -> Event:
        return Event.of(self.type, self.payload())


@dataclass(frozen=True)
class FileUpdate(BusEvent):
    type: ClassVar[str] = "file_update"
    action: str  # CREATED, UPDATED, DELETED, HIDDEN
    file: dict[str, Any]  # the FileInfo (SPEC 3); for HIDDEN only its id and owner

    def payload(self) -> dict[str, Any]:
        return {"action": self.action, "file": self.file}


@dataclass(frozen=True)
class DataUpdate(BusEvent):
    type: ClassVar[str] = "data_update"
    action: str
    datasource: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)  # `version` or `error` after a refresh

    def payload(self) -> dict[str, Any]:
        return {"action": self.action, "datasource": self.datasource, **self.extra}


@dataclass(frozen=True)
class Activity(BusEvent):
    type: ClassVar[str] = "activity"
    action: str
    message: str
    extra: dict[str, Any] = field(default_factory=dict)  # run_id, file_id ...

    def payload(self) -> dict[str, Any]:
        return {"action": self.action, "message": self.message, **self.extra}


@dataclass(frozen=True)
class Notification(BusEvent):
    type: ClassVar[str] = "notification"
    level: str  # info, success, warning, error
    title: str
    message: str
    extra: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        return {"level": self.level, "title": self.title, "message": self.message, **self.extra}


@dataclass(frozen=True)
class PluginExecution(BusEvent):
    """An execution's state (SPEC 12), as GET /api/plugin-executions/<id> shows it."""

    type: ClassVar[str] = "plugin_execution"
    execution: dict[str, Any]

    def payload(self) -> dict[str, Any]:
        return dict(self.execution)


# Run events (SPEC 5): the SSE event names.
RUN_STARTED: Final = "run_started"
AGENT_UPDATE: Final = "agent_update"
DELTA: Final = "delta"
RESULT: Final = "result"
RUN_COMPLETED: Final = "run_completed"
RUN_FAILED: Final = "run_failed"
FINAL_EVENTS: Final = frozenset({RUN_COMPLETED, RUN_FAILED})


class RunEventData:
    """Base of the events a run stores and streams; `name` is the SSE event name."""

    name: ClassVar[str]

    def payload(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class RunStarted(RunEventData):
    name: ClassVar[str] = RUN_STARTED
    run_id: str
    conversation_id: str
    agents: list[str]

    def payload(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "conversation_id": self.conversation_id, "agents": self.agents}


@dataclass(frozen=True)
class AgentUpdate(RunEventData):
    name: ClassVar[str] = AGENT_UPDATE
    agent: str
    status: str  # an AgentState
    progress: int  # 0-100
    message: str
    duration_ms: float | None = None  # on the agent's last report: the time since its first

    def payload(self) -> dict[str, Any]:
        progress = max(0, min(100, int(self.progress)))
        out: dict[str, Any] = {"agent": self.agent, "status": str(self.status), "progress": progress}
        out["message"] = self.message
        if self.duration_ms is not None:
            out["duration_ms"] = self.duration_ms
        return out


@dataclass(frozen=True)
class Delta(RunEventData):
    name: ClassVar[str] = DELTA
    text: str

    def payload(self) -> dict[str, Any]:
        return {"text": self.text}


@dataclass(frozen=True)
class ResultEvent(RunEventData):
    """One result (table, scalar, chart, text): the payload is the result itself."""

    name: ClassVar[str] = RESULT
    result: dict[str, Any]

    def payload(self) -> dict[str, Any]:
        return self.result


@dataclass(frozen=True)
class RunCompleted(RunEventData):
    name: ClassVar[str] = RUN_COMPLETED
    run_id: str
    answer: str
    results: list[dict[str, Any]]
    plan: list[dict[str, Any]]
    duration_ms: float
    # The reading of the question and the words that did not become part of the plan.
    interpretation: str = ""
    ignored: list[str] = field(default_factory=list)
    needs_clarification: bool = False
    candidates: list[str] = field(default_factory=list)
    # What is unclear, when needs_clarification: {"slot", "about", "candidates": [...]}.
    clarification: dict[str, Any] | None = None
    planner: str = "rules"
    notes: list[str] = field(default_factory=list)
    # The agents' steps: [{"agent", "status", "message", "duration_ms"}], in order, kept
    # with the answer so that its trace outlives the stream.
    trace: list[dict[str, Any]] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "answer": self.answer,
            "results": self.results,
            "plan": self.plan,
            "duration_ms": self.duration_ms,
            "interpretation": self.interpretation,
            "ignored": self.ignored,
            "needs_clarification": self.needs_clarification,
            "candidates": self.candidates,
            "clarification": self.clarification,
            "planner": self.planner,
            "notes": self.notes,
            "trace": self.trace,
        }

    def result(self) -> dict[str, Any]:
        """What the run row keeps (`runs.result`): the payload without the run id."""
        return {k: v for k, v in self.payload().items() if k != "run_id"}

    def meta(self) -> dict[str, Any]:
        """What the assistant's message keeps besides its text and results."""
        skip = ("run_id", "answer", "results")
        return {k: v for k, v in self.payload().items() if k not in skip}


@dataclass(frozen=True)
class RunFailed(RunEventData):
    """A run that ended without an answer: failed, cancelled or interrupted (SPEC 5)."""

    name: ClassVar[str] = RUN_FAILED
    run_id: str
    status: str  # a final RunState other than completed
    code: str
    message: str

    @property
    def error(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}

    def payload(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "status": str(self.status), "error": self.error}


def bus_copy(run_id: str, event: str, data: dict[str, Any]) -> Event | None:
    """The bus copy of a stored run event: its payload plus `run_id`, for the run events
    that also travel on the bus (agent_update); None for the others."""
    if event not in EVENT_TOPICS:
        return None
    return Event.of(event, {**data, "run_id": run_id})
