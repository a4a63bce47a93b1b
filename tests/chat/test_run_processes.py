"""Chat runs whose analysis computes in a child process (CHAT_PROCESSES), through the API:
the same stored events and answer as in process, cancel, a child that dies, the
executor's slots, and the setting off."""

from __future__ import annotations

import os
import signal
import time
from typing import Any

import pytest

from datapulse.chat.executor import default_analyse
from datapulse.settings import Settings
from tests.chat.conftest import ask, new_conversation, wait_run
from tests.files.helpers import csv_bytes, upload

# Hours of work for DuckDB: only an interrupt ends it within the test.
LONG_SQL = "SELECT count(*) AS n FROM range(10000000000000) t(i) WHERE i % 7 = 3"
WAIT_S = 60.0


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """One analysis process, and a query time limit far beyond the test's waits (a test's
    parameters change more)."""
    changes = {"CHAT_PROCESSES": "1", "QUERY_TIMEOUT_S": 120.0, **getattr(request, "param", {})}
    return settings.replace(**changes)


def conversation(client: Any, file_id: str | None = None) -> str:
    """A new conversation over `file_id`, or over a new upload."""
    if file_id is None:
        file_id = upload(client, (csv_bytes(40), "small.csv")).get_json()["files"][0]["id"]
    return new_conversation(client, file_ids=[file_id])


def stored(app: Any, run_id: str) -> list[tuple[str, Any]]:
    """The run's stored events without what differs between two runs (ids, times)."""
    store = app.extensions["datapulse"].chat_store
    out = []
    for event in store.events_after(run_id):
        data = dict(event.data)
        for key in ("run_id", "conversation_id", "duration_ms", "trace", "message_id"):
            data.pop(key, None)
        out.append((event.event, data))
    return out


def wait_for(condition: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_a_run_in_a_child_stores_the_events_and_answer_of_one_in_process(app, client) -> None:
    """The same question gives the same stored events, in order, and the same answer,
    computed in a child or in process."""
    platform = app.extensions["datapulse"]
    assert platform.executor.analyse is platform.analysis_processes
    file_id = upload(client, (csv_bytes(40), "small.csv")).get_json()["files"][0]["id"]
    question = "average value by category"
    in_child = ask(client, conversation(client, file_id), question)["run_id"]
    assert wait_run(client, in_child)["status"] == "completed"
    assert platform.analysis_processes.pids()
    platform.executor.analyse = default_analyse
    in_process = ask(client, conversation(client, file_id), question)["run_id"]
    assert wait_run(client, in_process)["status"] == "completed"
    child_events, process_events = stored(app, in_child), stored(app, in_process)
    assert [e for e, _ in child_events].count("result") >= 2
    assert child_events == process_events
    messages = [client.get(f"/api/chat/runs/{r}").json["result"]["answer"] for r in (in_child, in_process)]
    assert messages[0] == messages[1] and messages[0]


def test_cancel_stops_a_run_computing_in_a_child(app, client) -> None:
    """A cancel interrupts the child's query: the run ends cancelled and the same child answers the next question."""
    platform = app.extensions["datapulse"]
    platform.analysis_processes.kill_grace_s = 60.0  # a loaded machine's slow stop is no kill here
    cid = conversation(client)
    run_id = ask(client, cid, LONG_SQL)["run_id"]
    wait_for(lambda: platform.executor.running_queries(run_id), "the run never reached its child")
    pids = platform.analysis_processes.pids()
    assert client.post(f"/api/chat/runs/{run_id}/cancel").status_code == 202
    assert wait_run(client, run_id)["status"] == "cancelled"
    assert wait_run(client, ask(client, cid, "how many rows are there?")["run_id"])["status"] == "completed"
    assert platform.analysis_processes.pids() == pids


def test_a_child_killed_mid_run_fails_the_run_and_the_next_question_is_answered(app, client) -> None:
    """A child that dies during a run ends it failed with a clear error; a new child answers the next question."""
    platform = app.extensions["datapulse"]
    cid = conversation(client)
    run_id = ask(client, cid, LONG_SQL)["run_id"]
    wait_for(lambda: platform.executor.running_queries(run_id), "the run never reached its child")
    [pid] = platform.analysis_processes.pids()
    os.kill(pid, signal.SIGKILL)
    run = wait_run(client, run_id)
    assert run["status"] == "failed" and run["error"]["code"] == "analysis_process_died"
    assert "ended unexpectedly" in run["error"]["message"]
    assert wait_run(client, ask(client, cid, "how many rows are there?")["run_id"])["status"] == "completed"
    assert pid not in platform.analysis_processes.pids()


@pytest.mark.parametrize("settings", [{"CHAT_MAX_WORKERS": 1}], indirect=True)
def test_a_long_run_in_a_child_gives_its_slot_and_a_process_to_the_next(app, client) -> None:
    """With one slot and one process, a run computing past long_after_s lets the next run start and finish beside it."""
    platform = app.extensions["datapulse"]
    executor, processes = platform.executor, platform.analysis_processes
    assert executor.max_workers == 1
    now = [0.0]
    executor.clock = processes.clock = lambda: now[0]
    cid = conversation(client)
    long_run = ask(client, cid, LONG_SQL)["run_id"]
    wait_for(lambda: executor.running_queries(long_run), "the long run never reached its child")
    quick = ask(client, conversation(client), "how many rows are there?")["run_id"]
    now[0] = 3.0  # the long run has computed for long_after_s (the executor's and the processes')
    assert wait_run(client, quick)["status"] == "completed"
    assert client.get(f"/api/chat/runs/{long_run}").json["status"] == "running"
    assert len(processes.pids()) == 2
    client.post(f"/api/chat/runs/{long_run}/cancel")
    assert wait_run(client, long_run)["status"] == "cancelled"


@pytest.mark.parametrize("settings", [{"CHAT_PROCESSES": "0"}], indirect=True)
def test_with_the_setting_off_runs_compute_in_process(app, client) -> None:
    """CHAT_PROCESSES=0: no analysis process; the executor runs the engine in its own threads as before."""
    platform = app.extensions["datapulse"]
    assert platform.analysis_processes is None and platform.executor.analyse is default_analyse
    run = wait_run(client, ask(client, conversation(client), "average value by category")["run_id"])
    assert run["status"] == "completed" and run["result"]["answer"]
