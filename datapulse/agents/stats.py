"""Per-agent counters for `GET /api/agents` and `/api/health/agents` (this process only)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from datapulse.events import iso, utcnow


@dataclass
class AgentCounter:
    runs: int = 0
    failures: int = 0
    total_ms: float = 0.0
    active: int = 0
    last_run_at: str | None = None
    last_error: str | None = None


class AgentStats:
    """Thread-safe counters: a step starts, then ends as done or failed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counters: dict[str, AgentCounter] = {}

    def start(self, agent: str) -> float:
        with self._lock:
            counter = self._counters.setdefault(agent, AgentCounter())
            counter.active += 1
            counter.last_run_at = iso(utcnow())
        return time.perf_counter()

    def end(self, agent: str, started: float, error: str | None = None) -> None:
        with self._lock:
            counter = self._counters.setdefault(agent, AgentCounter())
            counter.active = max(0, counter.active - 1)
            counter.runs += 1
            counter.total_ms += (time.perf_counter() - started) * 1000
            if error is not None:
                counter.failures += 1
                counter.last_error = error

    def snapshot(self, agent: str) -> dict[str, Any]:
        with self._lock:
            c = self._counters.get(agent, AgentCounter())
            return {
                "state": "processing" if c.active else "idle",
                "runs": c.runs,
                "failures": c.failures,
                "mean_duration_ms": round(c.total_ms / c.runs, 2) if c.runs else None,
                "last_run_at": c.last_run_at,
                "last_error": c.last_error,
            }

    def reset(self) -> None:
        with self._lock:
            self._counters.clear()


STATS = AgentStats()
