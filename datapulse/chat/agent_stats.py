"""The agents with their state and counts, read from the stored `agent_update` events of
recent runs (folded by datapulse.agents.stats), so that every API worker reports the
same figures.

Health asks for them every few seconds, under load too: re-reading the last day's
reports each time (up to MAX_EVENTS rows, each a JSON document) cost hundreds of ms of
the hub's time per refresh once a few thousand questions had been asked, and froze
every request and stream of the worker meanwhile (bench/bench_concurrent_askers.py:
health p99 0.4-0.6 s at 50 askers). So a refresh reads only the reports stored since the
last one and folds them into the figures it keeps, in a native thread; a full re-read
every FULL_S drops what left the window and anything an incremental read missed.

A refresh runs in the background: the caller that finds the figures stale gets them as
they are and starts the refresh (stale while revalidating), so that health never waits for
a read that a loaded database makes slow (bench/bench_concurrent_askers.py at 200
askers: the agents check took up to 3.5 s on the one health call a refresh fell to).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from datapulse.agents.stats import AgentStats, AgentStep
from datapulse.events import AGENT_UPDATE, utcnow
from datapulse.runtime import Kept, in_background, offload
from datapulse.storage.db import Database
from datapulse.storage.models import ACTIVE_RUN_STATES, Run, RunEvent

WINDOW = timedelta(hours=24)  # counts cover the runs of the last day
MAX_EVENTS = 50_000  # at most this many agent_update rows are read for one answer
CACHE_S = 2.0
# A full re-read this often: reports that left the window are dropped, and a report an
# incremental read missed (on PostgreSQL a row can commit after one with a higher id
# was read) is counted. Between full reads the figures may lag by these at most.
FULL_S = 60.0


def describe_agents() -> list[dict[str, Any]]:
    """The engine's agents: name, title and description."""
    from datapulse.agents.engine import list_agents

    return list_agents()


@dataclass
class _Folded:
    stats: AgentStats
    last_id: int  # the highest report id folded
    full_at: float  # when the window was last read in full


class RecentAgentStats:
    """The last day's agent statistics from the database, kept for CACHE_S (`Kept`: only the
    first caller waits; later a stale value is given while one refresh runs behind it)."""

    def __init__(
        self,
        db: Database,
        clock: Callable[[], float] = time.monotonic,
        start: Callable[[Callable[[], None]], None] = in_background,
    ) -> None:
        self.db = db
        self.clock = clock
        self._folded: _Folded | None = None
        # Off the hub: the reads and the fold are CPU work. `_compute` is looked up per call.
        self.kept: Kept[list[dict[str, Any]]] = Kept(lambda: offload(self._compute), CACHE_S, clock, start)

    def agents(self) -> list[dict[str, Any]]:
        return self.kept.get()

    def _compute(self) -> list[dict[str, Any]]:
        now = self.clock()
        folded = self._folded
        if folded is None or now - folded.full_at >= FULL_S:
            folded = self._read(_Folded(AgentStats(), 0, now))
        else:
            folded = self._read(folded)
        self._folded = folded
        return folded.stats.summaries(describe_agents())

    def _read(self, folded: _Folded) -> _Folded:
        """Fold the reports after `folded.last_id` (all of the window's for a new fold)."""
        query = (
            select(RunEvent.id, RunEvent.run_id, RunEvent.data, RunEvent.created_at, Run.status)
            .join(Run, Run.id == RunEvent.run_id)
            .where(RunEvent.event == AGENT_UPDATE, RunEvent.created_at >= utcnow() - WINDOW)
            .order_by(RunEvent.id.desc())
            .limit(MAX_EVENTS)
        )
        incremental = folded.last_id > 0
        with self.db.session() as session:
            if incremental:
                rows = session.execute(query.where(RunEvent.id > folded.last_id)).all()
                if len(rows) >= MAX_EVENTS:  # more than one read holds: read the window anew
                    return self._read(_Folded(AgentStats(), 0, self.clock()))
                # Runs counted as processing that ended since without a final step of
                # that agent (cancelled, interrupted): as a full read would count them.
                open_runs = folded.stats.processing_runs()
                if open_runs:
                    active = set(
                        session.scalars(select(Run.id).where(Run.id.in_(open_runs), Run.status.in_(ACTIVE_RUN_STATES)))
                    )
                    folded.stats.runs_ended(open_runs - active)
            else:
                rows = session.execute(query).all()
        stats = folded.stats
        for _, run_id, data, created_at, run_status in reversed(rows):
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
        if rows:
            folded.last_id = max(folded.last_id, rows[0][0])
        return folded
