"""Events are data: the one vocabulary the API, the agents and the WebSocket server share.

An event is `(type, topic, data)`. The WebSocket server wraps it in the envelope
`{"type", "topic", "seq", "ts", "data"}` (SPEC section 6); every publisher goes
through `EventBus.publish` (datapulse.bus) with a payload built here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Final

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


def utcnow() -> datetime:
    return datetime.now(UTC)


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
    type: str
    topic: str
    data: dict[str, Any]

    @classmethod
    def of(cls, type: str, data: dict[str, Any]) -> Event:
        return cls(type, EVENT_TOPICS[type], data)


def file_update(action: str, file: dict[str, Any]) -> Event:
    return Event.of("file_update", {"action": action, "file": file})


def data_update(action: str, datasource: dict[str, Any], **extra: Any) -> Event:
    return Event.of("data_update", {"action": action, "datasource": datasource, **extra})


def agent_update(run_id: str, agent: str, status: str, progress: int, message: str, **extra: Any) -> Event:
    return Event.of(
        "agent_update",
        {"run_id": run_id, "agent": agent, "status": status, "progress": progress, "message": message, **extra},
    )


def activity(action: str, message: str, **extra: Any) -> Event:
    return Event.of("activity", {"action": action, "message": message, **extra})


def notification(level: str, title: str, message: str, **extra: Any) -> Event:
    """level: info, success, warning, error."""
    return Event.of("notification", {"level": level, "title": title, "message": message, **extra})


def plugin_execution(execution: dict[str, Any]) -> Event:
    """An execution's state (SPEC 12): its id, plugin, function, status and timings."""
    return Event.of("plugin_execution", execution)
