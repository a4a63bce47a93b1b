"""Agent statistics, the one definition: each agent's state and counts folded from its
`agent_update` reports (SPEC 5).

The reports are the stored events of every worker's runs, so every API worker answers
the same figures (datapulse.chat.agent_stats reads them from the database); nothing is
counted in a process's memory, which would make the answer depend on the worker asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from datapulse.agents.contract import AgentState
from datapulse.events import iso


@dataclass(frozen=True)
class AgentStep:
    """One `agent_update` as the statistics read it."""

    run_id: str
    agent: str
    status: str
    message: str | None
    at: datetime
    run_active: bool  # the run is still queued or running


@dataclass
class _Tally:
    runs: dict[str, str] = field(default_factory=dict)  # run → processing / completed / failed
    started: dict[str, datetime] = field(default_factory=dict)
    durations: list[float] = field(default_factory=list)
    last: AgentStep | None = None
    last_error: str | None = None


class AgentStats:
    """Folds agent steps, in the order they were stored, into one summary per agent."""

    def __init__(self) -> None:
        self._tallies: dict[str, _Tally] = {}

    def add(self, step: AgentStep) -> None:
        tally = self._tallies.setdefault(step.agent, _Tally())
        tally.last = step
        if step.status in (AgentState.QUEUED, AgentState.PROCESSING):
            if step.status == AgentState.PROCESSING:
                tally.started.setdefault(step.run_id, step.at)
            if step.run_active:
                tally.runs[step.run_id] = AgentState.PROCESSING
        elif step.status in (AgentState.COMPLETED, AgentState.FAILED):
            tally.runs[step.run_id] = step.status
            began = tally.started.get(step.run_id)
            if began is not None:
                tally.durations.append((_aware(step.at) - _aware(began)).total_seconds() * 1000)
            if step.status == AgentState.FAILED:
                tally.last_error = step.message

    def processing_runs(self) -> set[str]:
        """The runs some agent is counted as processing in (they were active when read)."""
        processing = AgentState.PROCESSING
        return {run for tally in self._tallies.values() for run, state in tally.runs.items() if state == processing}

    def runs_ended(self, run_ids: Iterable[str]) -> None:
        """These runs are no longer active: count them as a fold read now would, where
        a queued or processing step of an inactive run counts nothing (a run cancelled or
        interrupted in an agent's step sends no final step of that agent)."""
        ended = set(run_ids)
        for tally in self._tallies.values():
            for run in ended & tally.runs.keys():
                if tally.runs[run] == AgentState.PROCESSING:
                    del tally.runs[run]

    def summaries(self, agents: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """`agents` (name, title, description ...) first, in their order, then any other
        agent that reported; each with its state and counts."""
        listed = list(agents)
        names = [a["name"] for a in listed] + sorted(set(self._tallies) - {a["name"] for a in listed})
        by_name = {a["name"]: a for a in listed}
        return [self._summary(by_name.get(name, {"name": name}), self._tallies.get(name)) for name in names]

    @staticmethod
    def _summary(agent: dict[str, Any], tally: _Tally | None) -> dict[str, Any]:
        out = dict(agent)
        if tally is None or tally.last is None:
            return {**out, "state": "idle", "active": 0, "runs": 0, "failures": 0, "mean_duration_ms": None,
                    "last_status": None, "last_message": None, "last_active": None, "last_run_at": None,
                    "last_error": None}  # fmt: skip
        finished = [s for s in tally.runs.values() if s in (AgentState.COMPLETED, AgentState.FAILED)]
        active = sum(1 for s in tally.runs.values() if s == AgentState.PROCESSING)
        last = tally.last
        last_active = iso(last.at)
        out.update(
            state="processing" if active else ("error" if last.status == AgentState.FAILED else "idle"),
            active=active,
            runs=len(finished),
            failures=sum(1 for s in finished if s == AgentState.FAILED),
            mean_duration_ms=round(sum(tally.durations) / len(tally.durations), 1) if tally.durations else None,
            last_status=last.status,
            last_message=last.message,
            last_active=last_active,
            last_run_at=last_active,  # the name GET /api/agents has always had for it
            last_error=tally.last_error,
        )
        return out


def _aware(ts: datetime) -> datetime:
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)
