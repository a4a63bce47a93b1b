"""The one event-bus interface every publisher uses (API, agents, refresh workers)."""

from __future__ import annotations

import threading
from collections import deque
from typing import Any, Protocol, runtime_checkable

from datapulse.events import BusEvent, Event


@runtime_checkable
class EventBus(Protocol):
    """Fire-and-forget: `publish` never blocks a request and never raises."""

    def publish(self, type: str, topic: str, data: dict[str, Any]) -> None: ...

    def stats(self) -> dict[str, Any]:
        """Counts for health: at least `published` and `dropped`, and `transport`."""
        ...

    def close(self) -> None: ...


def emit(bus: EventBus, event: Event | BusEvent) -> None:
    """Publish an event built by datapulse.events."""
    if isinstance(event, BusEvent):
        event = event.event()
    bus.publish(event.type, event.topic, event.data)


class MemoryBus:
    """Keeps the last events in memory: the transport of a process with nobody to tell
    (`config.py` checks, one-off scripts) and what tests read to see what was published."""

    def __init__(self, maxlen: int = 10_000) -> None:
        self.events: deque[Event] = deque(maxlen=maxlen)
        self._lock = threading.Lock()
        self.published = 0

    def publish(self, type: str, topic: str, data: dict[str, Any]) -> None:
        with self._lock:
            self.events.append(Event(type, topic, data))
            self.published += 1

    def stats(self) -> dict[str, Any]:
        return {"transport": "memory", "published": self.published, "dropped": 0}

    def close(self) -> None:
        pass
