"""The agents with their state and counts, read from the stored `agent_update` events of
recent runs (folded by datapulse.agents.stats), so that every API worker reports the
same figures."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from datapulse.agents.stats import AgentStats, AgentStep
from datapulse.events import AGENT_UPDATE, utcnow
from datapulse.storage.db import Database
from datapulse.storage.models import ACTIVE_RUN_STATES, Run, RunEvent

WINDOW = timedelta(hours=24)  # counts cover the runs of the last day
MAX_EVENTS = 50_000  # at most this many agent_update rows are read for one answer
CACHE_S = 2.0


def describe_agents() -> list[dict[str, Any]]:
    """The engine's agents: name, title and description."""
    from datapulse.agents.engine import list_agents

    return list_agents()


class RecentAgentStats:
    """The last day's agent statistics from the database, cached for CACHE_S."""

    def __init__(self, db: Database, clock: Callable[[], float] = time.monotonic) -> None:
        self.db = db
        self.clock = clock
        self._lock = threading.Lock()
        self._cached: tuple[float, list[dict[str, Any]]] | None = None

    def agents(self) -> list[dict[str, Any]]:
        with self._lock:
            if self._cached and self.clock() - self._cached[0] < CACHE_S:
                return self._cached[1]
        agents = self._compute()
        with self._lock:
            self._cached = (self.clock(), agents)
        return agents

    def _compute(self) -> list[dict[str, Any]]:
        since = utcnow() - WINDOW
        with self.db.session() as session:
            rows = session.execute(
                select(RunEvent.run_id, RunEvent.data, RunEvent.created_at, Run.status)
                .join(Run, Run.id == RunEvent.run_id)
                .where(RunEvent.event == AGENT_UPDATE, RunEvent.created_at >= since)
                .order_by(RunEvent.id.desc())
                .limit(MAX_EVENTS)
            ).all()
        stats = AgentStats()
        for run_id, data, created_at, run_status in reversed(rows):
            message = data.get("message")
            stats.add(
                AgentStep(
                    run_id=run_id,
                    agent=str(data.get("agent")),
                    status=str(data.get("status")),
                    message=None if message is None else str(message),
                    at=created_at,
                    run_active=run_status in ACTIVE_RUN_STATES,
                )
            )
        return stats.summaries(describe_agents())
