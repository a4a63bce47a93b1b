"""The RunSink the agents report to: each report is stored first; the store then wakes
the readers and publishes the bus copy of the stored `agent_update` (topic agents)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from datapulse.agents.contract import AnalysisCancelled
from datapulse.chat.store import EventStore
from datapulse.events import AgentUpdate, Delta, ResultEvent

FINAL_AGENT_STATES = frozenset({"completed", "failed"})


class StoredRunSink:
    """One run's sink. Once a cancel is seen every further report raises
    `AnalysisCancelled`, so that even an agent that forgot to ask stops at its next step."""

    def __init__(
        self,
        run_id: str,
        store: EventStore,
        cancel_flag: threading.Event,
        *,
        step_delay: float = 0.0,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.run_id = run_id
        self.store = store
        self.cancel_flag = cancel_flag
        self.step_delay = step_delay
        self.clock = clock
        self.agent_states: dict[str, str] = {}
        self._started: dict[str, float] = {}
        self._trace: dict[str, dict[str, Any]] = {}

    def agent(self, agent: str, status: str, progress: int, message: str) -> None:
        self._before_report()
        now = self.clock()
        first = self._started.setdefault(agent, now) if str(status) != "queued" else None
        final = str(status) in FINAL_AGENT_STATES
        duration_ms = round((now - first) * 1000, 1) if final and first is not None else None
        # Not awaited: the writer commits it with other runs' reports, then wakes the
        # readers and publishes the bus copy (a failure stops the run at its next report).
        self.store.record(self.run_id, AgentUpdate(agent, status, progress, message, duration_ms), wait=False)
        self.agent_states[agent] = status
        step = {"agent": agent, "status": str(status), "message": message, "duration_ms": duration_ms}
        self._trace[agent] = step if final or agent not in self._trace else {**self._trace[agent], **step}

    def trace(self) -> list[dict[str, Any]]:
        """Each agent's last report and how long it worked, in the order they started."""
        return [dict(step) for step in self._trace.values()]

    def delta(self, text: str) -> None:
        self._before_report()
        self.store.record(self.run_id, Delta(text), wait=False)

    def result(self, result: dict[str, Any]) -> None:
        # Not awaited either (one writer round trip less per result): the run's
        # `settle(run_id)` before its ending raises a write that failed.
        self._before_report()
        self.store.record(self.run_id, ResultEvent(result), wait=False)

    def cancelled(self) -> bool:
        """The flag is set by a cancel sent to this worker, or by the executor's watcher
        when the database says a cancel reached another worker."""
        return self.cancel_flag.is_set()

    def _before_report(self) -> None:
        if self.step_delay:
            # Only tests and benchmarks set this: it makes a run slow enough to watch,
            # resume and cancel deterministically. The wait ends early on a cancel.
            self.cancel_flag.wait(self.step_delay)
        if self.cancelled():
            raise AnalysisCancelled(self.run_id)
