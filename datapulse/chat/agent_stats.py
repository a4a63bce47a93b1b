"""The agents with their state and counts, computed from the stored `agent_update`
events of recent runs, so that every API worker reports the same figures."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from datapulse.agents.contract import COMPLETED, FAILED, PROCESSING, QUEUED
from datapulse.chat.store import ACTIVE_STATES, AGENT_UPDATE
from datapulse.events import iso, utcnow
from datapulse.storage.db import Database
from datapulse.storage.models import Run, RunEvent

WINDOW = timedelta(hours=24)  # counts cover the runs of the last day
MAX_EVENTS = 50_000  # at most this many agent_update rows are read for one answer
CACHE_S = 2.0


def describe_agents() -> list[dict[str, Any]]:
    """The engine's agents as dicts with at least `name`."""
    from datapulse.agents.engine import list_agents

    out = []
    for agent in list_agents():
        if isinstance(agent, str):
            out.append({"name": agent})
        elif isinstance(agent, dict):
            out.append(dict(agent))
        else:
            fields = ("name", "title", "description", "role")
            out.append({f: getattr(agent, f) for f in fields if getattr(agent, f, None) is not None})
    return out


class AgentStats:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._cached: tuple[float, list[dict[str, Any]]] | None = None

    def agents(self) -> list[dict[str, Any]]:
        with self._lock:
            if self._cached and time.monotonic() - self._cached[0] < CACHE_S:
                return self._cached[1]
        agents = self._compute()
        with self._lock:
            self._cached = (time.monotonic(), agents)
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
        per: dict[str, dict[str, Any]] = {}
        for run_id, data, created_at, run_status in reversed(rows):
            name = str(data.get("agent"))
            status = data.get("status")
            entry = per.setdefault(name, {"runs": {}, "started": {}, "durations": [], "failures": 0, "last": None})
            entry["last"] = (status, created_at, data.get("message"))
            if status in (QUEUED, PROCESSING):
                if status == PROCESSING:
                    entry["started"].setdefault(run_id, created_at)
                if run_status in ACTIVE_STATES:
                    entry["runs"][run_id] = PROCESSING
            elif status in (COMPLETED, FAILED):
                entry["runs"][run_id] = status
                began = entry["started"].get(run_id)
                if began is not None:
                    entry["durations"].append(_ms(created_at) - _ms(began))
        listed = describe_agents()
        names = [a["name"] for a in listed] + sorted(set(per) - {a["name"] for a in listed})
        by_name = {a["name"]: a for a in listed}
        return [self._summary(by_name.get(name, {"name": name}), per.get(name)) for name in names]

    @staticmethod
    def _summary(agent: dict[str, Any], entry: dict[str, Any] | None) -> dict[str, Any]:
        out = dict(agent)
        if entry is None:
            return {**out, "state": "idle", "active": 0, "runs": 0, "failures": 0, "mean_duration_ms": None,
                    "last_status": None, "last_active": None}  # fmt: skip
        finished = [s for s in entry["runs"].values() if s in (COMPLETED, FAILED)]
        active = sum(1 for s in entry["runs"].values() if s == PROCESSING)
        durations = entry["durations"]
        last_status, last_at, last_message = entry["last"]
        out.update(
            state="processing" if active else ("error" if last_status == FAILED else "idle"),
            active=active,
            runs=len(finished),
            failures=sum(1 for s in finished if s == FAILED),
            mean_duration_ms=round(sum(durations) / len(durations), 1) if durations else None,
            last_status=last_status,
            last_message=last_message,
            last_active=iso(last_at),
        )
        return out


def _ms(ts: datetime) -> float:
    return ts.timestamp() * 1000
