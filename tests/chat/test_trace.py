"""The agents' trace: each agent's last step and how long it worked, kept with the answer."""

from __future__ import annotations

import threading
from typing import Any

from datapulse.chat.sink import StoredRunSink
from tests.chat.conftest import AGENTS, ask, new_conversation, wait_run


class Recorder:
    """The store's `record`, kept in a list (the sink's only use of its store here)."""

    def __init__(self) -> None:
        self.events: list[Any] = []

    def record(self, run_id: str, event: Any, wait: bool = True) -> None:
        self.events.append(event)


def test_sink_times_each_agent_from_its_first_step_to_its_last() -> None:
    """Durations come from the injected clock: queued does not start the clock, completed stops it."""
    ticks = iter([0.0, 1.0, 1.5, 4.0, 4.25, 4.5])
    store = Recorder()
    sink = StoredRunSink("r1", store, threading.Event(), clock=lambda: next(ticks))  # type: ignore[arg-type]
    sink.agent("planner", "queued", 0, "waiting")  # 0.0
    sink.agent("planner", "processing", 10, "reading")  # 1.0
    sink.agent("analyst", "processing", 0, "grouping")  # 1.5
    sink.agent("planner", "completed", 100, "language: de")  # 4.0
    sink.agent("analyst", "processing", 50, "half")  # 4.25
    sink.agent("analyst", "failed", 50, "no such column")  # 4.5
    assert [e.payload().get("duration_ms") for e in store.events] == [None, None, None, 3000.0, None, 3000.0]
    assert sink.trace() == [
        {"agent": "planner", "status": "completed", "message": "language: de", "duration_ms": 3000.0},
        {"agent": "analyst", "status": "failed", "message": "no such column", "duration_ms": 3000.0},
    ]


def test_the_answer_keeps_the_trace(chat_client) -> None:
    """The completed answer's metadata and the run_completed event carry every agent's step."""
    cid = new_conversation(chat_client)
    run_id = ask(chat_client, cid, "hi")["run_id"]
    run = wait_run(chat_client, run_id)
    trace = run["result"]["trace"]
    assert [step["agent"] for step in trace] == list(AGENTS)
    assert all(step["status"] == "completed" and step["duration_ms"] >= 0 for step in trace)
    answer = chat_client.get(f"/api/chat/conversations/{cid}").json["messages"][-1]
    assert answer["metadata"]["trace"] == trace
