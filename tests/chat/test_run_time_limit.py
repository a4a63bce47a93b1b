"""RUN_TIME_LIMIT_S: a run still active past the limit ends as failed (`run_timeout`) with
one final event, its readers' streams end and its work is cancelled, even when its
thread never returns; the thread's later return changes nothing. The executor's clock
is moved on by the tests (no waiting for the limit)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from datapulse.agents.contract import AnalysisOutcome, AnalysisRequest, RunSink
from datapulse.errors import RunTimeout
from datapulse.settings import SETTINGS, Settings
from tests.chat.conftest import ask, new_conversation, wait_run
from tests.chat.helpers import ScriptedAgents, SseEvent, parse_sse
from tests.files.helpers import csv_bytes, upload

WAIT_S = 30.0
LIMIT_S = 300.0
# Hours of work for DuckDB: only an interrupt ends it within the test.
LONG_SQL = "SELECT count(*) AS n FROM range(10000000000000) t(i) WHERE i % 7 = 3"


class Stuck:
    """The agents, except that the question "stuck" blocks on an Event the test holds
    (as on a lock that is never released), then answers without asking about a cancel."""

    def __init__(self, agents: ScriptedAgents) -> None:
        self.agents = agents
        self.entered = threading.Event()
        self.release = threading.Event()
        self.cancelled_after: list[bool] = []  # what the sink said once the thread was let go

    def __call__(self, request: AnalysisRequest, sink: RunSink, settings: Settings) -> AnalysisOutcome:
        if request.question != "stuck":
            return self.agents(request, sink, settings)
        sink.agent("planner", "processing", 10, "planning")
        self.entered.set()
        self.release.wait(WAIT_S * 4)
        self.cancelled_after.append(sink.cancelled())
        return AnalysisOutcome(answer="too late", results=[], plan=[])


@pytest.fixture
def clock(chat_app: Any) -> list[float]:
    """The executor's clock, moved on by the test."""
    now = [1000.0]
    chat_app.extensions["datapulse"].executor.clock = lambda: now[0]
    return now


@pytest.fixture
def stuck(chat_app: Any, agents: ScriptedAgents) -> Iterator[Stuck]:
    executor = chat_app.extensions["datapulse"].executor
    blocker = executor.analyse = Stuck(agents)
    yield blocker
    blocker.release.set()  # the app's stop waits for the run's thread


def events_of(app: Any, run_id: str) -> list[tuple[int, str, dict[str, Any]]]:
    store = app.extensions["datapulse"].chat_store
    store.writer.flush()
    return [(e.seq, e.event, e.data) for e in store.events_after(run_id, limit=100_000)]


def until(condition: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_a_stuck_run_ends_as_run_timeout_once_and_its_readers_streams_end(
    chat_app: Any, chat_client: Any, server: str, clock: list[float], stuck: Stuck
) -> None:
    """Past the limit the housekeeping ends the stuck run: stored failed with run_timeout,
    one run_failed that ends the open stream, the run cancelled; releasing its thread
    afterwards adds no event and changes no state, and the next question is answered."""
    executor = chat_app.extensions["datapulse"].executor
    assert executor.time_limit_s == LIMIT_S
    cid = new_conversation(chat_client)
    run_id = ask(chat_client, cid, "stuck")["run_id"]
    assert stuck.entered.wait(WAIT_S)

    read: list[SseEvent] = []
    following = threading.Event()

    def reader() -> None:
        with requests.get(f"{server}/api/chat/runs/{run_id}/events", stream=True, timeout=WAIT_S) as response:
            for event in parse_sse(response.iter_lines(chunk_size=1, decode_unicode=True)):
                read.append(event)
                if event.event == "agent_update":
                    following.set()

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    assert following.wait(WAIT_S), "the reader never got the run's first report"

    clock[0] += LIMIT_S - 1  # not yet
    assert executor.end_overdue_runs() == []
    assert chat_client.get(f"/api/chat/runs/{run_id}").json["status"] == "running"

    clock[0] += 1  # the limit: the housekeeping's next round ends it
    run = wait_run(chat_client, run_id)
    assert run["status"] == "failed"
    assert run["error"]["code"] == "run_timeout" and "RUN_TIME_LIMIT_S" in run["error"]["message"]
    thread.join(WAIT_S)
    assert not thread.is_alive(), "the reader's stream did not end"
    assert read[-1].event == "run_failed" and read[-1].data["error"]["code"] == "run_timeout"
    assert [e.id for e in read] == list(range(1, len(read) + 1))
    assert executor.is_local(run_id)  # its thread is still stuck
    before = events_of(chat_app, run_id)
    assert [e for _, e, _ in before].count("run_failed") == 1 and before[-1][1] == "run_failed"

    stuck.release.set()
    until(lambda: not executor.is_local(run_id), "the released run never returned")
    assert stuck.cancelled_after == [True]  # the time limit cancelled the run
    assert events_of(chat_app, run_id) == before  # no second ending, no late report
    run = chat_client.get(f"/api/chat/runs/{run_id}").json
    assert run["status"] == "failed" and run["error"]["code"] == "run_timeout"
    notes = [m for m in chat_client.get(f"/api/chat/conversations/{cid}").json["messages"] if m["role"] == "assistant"]
    assert len(notes) == 1 and "RUN_TIME_LIMIT_S" in notes[0]["content"]
    assert executor.end_overdue_runs() == []

    after = ask(chat_client, cid, "and now?")["run_id"]
    assert wait_run(chat_client, after)["status"] == "completed"


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    return settings.replace(**getattr(request, "param", {}))


@pytest.mark.parametrize("settings", [{"CHAT_MAX_WORKERS": 1}], indirect=True)
def test_queued_runs_count_from_their_question(
    chat_app: Any, chat_client: Any, clock: list[float], stuck: Stuck
) -> None:
    """A run that never got a thread (the pool's two held by stuck runs) is ended at the
    limit too, and its thread, when it comes, does not start it."""
    executor = chat_app.extensions["datapulse"].executor
    cid = new_conversation(chat_client)
    runs = [ask(chat_client, cid, "stuck")["run_id"] for _ in range(3)]
    assert stuck.entered.wait(WAIT_S)
    clock[0] += 5  # the first gives its slot to the second (long_after_s), both stuck then
    until(lambda: len(events_of(chat_app, runs[1])) > 1, "the second run never started")
    assert chat_client.get(f"/api/chat/runs/{runs[2]}").json["status"] == "queued"  # no pool thread left
    clock[0] += LIMIT_S
    executor.end_overdue_runs()  # (or the housekeeping's round, whichever comes first)
    for run_id in runs:
        run = chat_client.get(f"/api/chat/runs/{run_id}").json
        assert run["status"] == "failed" and run["error"]["code"] == "run_timeout"
    stuck.release.set()
    until(lambda: executor.active() == 0, "the released runs never returned")
    assert [e for _, e, _ in events_of(chat_app, runs[2])] == ["run_started", "run_failed"]
    for run_id in runs:
        assert [e for _, e, _ in events_of(chat_app, run_id)].count("run_failed") == 1


def test_runs_that_end_in_time_are_left_alone(chat_app: Any, chat_client: Any, clock: list[float]) -> None:
    """A run that ended before the limit is forgotten: moving the clock past it changes nothing."""
    executor = chat_app.extensions["datapulse"].executor
    run_id = ask(chat_client, new_conversation(chat_client), "how many rows?")["run_id"]
    assert wait_run(chat_client, run_id)["status"] == "completed"
    until(lambda: not executor.is_local(run_id), "the run never left the executor")
    clock[0] += 10 * LIMIT_S
    assert executor.end_overdue_runs() == []
    assert chat_client.get(f"/api/chat/runs/{run_id}").json["status"] == "completed"


@pytest.mark.parametrize("settings", [{"CHAT_PROCESSES": "1", "QUERY_TIMEOUT_S": 120.0}], indirect=True)
def test_a_run_in_a_child_past_the_limit_is_ended_and_its_query_interrupted(app: Any, client: Any) -> None:
    """CHAT_PROCESSES: the run computing an hours-long query in its child ends as
    run_timeout; the cancel reaches the child (its query interrupted, the run's thread
    returns) and the same child answers the next question."""
    platform = app.extensions["datapulse"]
    executor, processes = platform.executor, platform.analysis_processes
    processes.kill_grace_s = 60.0  # a loaded machine's slow stop is no kill here
    now = [1000.0]
    executor.clock = lambda: now[0]
    file_id = upload(client, (csv_bytes(40), "small.csv")).get_json()["files"][0]["id"]
    cid = new_conversation(client, file_ids=[file_id])
    run_id = ask(client, cid, LONG_SQL)["run_id"]
    until(lambda: executor.running_queries(run_id), "the run never reached its child")
    pids = processes.pids()
    now[0] += LIMIT_S
    run = wait_run(client, run_id)
    assert run["status"] == "failed" and run["error"]["code"] == "run_timeout"
    until(lambda: not executor.is_local(run_id), "the child's query was not interrupted")
    assert [e for _, e, _ in events_of(app, run_id)].count("run_failed") == 1
    assert client.get(f"/api/chat/runs/{run_id}").json["error"]["code"] == "run_timeout"
    assert wait_run(client, ask(client, cid, "how many rows are there?")["run_id"])["status"] == "completed"
    assert processes.pids() == pids


def test_the_setting_and_its_error() -> None:
    """RUN_TIME_LIMIT_S: 300 s by default, at least 1 s (no 'no limit'); run_timeout is a 504."""
    assert Settings().RUN_TIME_LIMIT_S == LIMIT_S
    assert any(s.name == "RUN_TIME_LIMIT_S" for s in SETTINGS)
    assert any("RUN_TIME_LIMIT_S" in p for p in Settings(RUN_TIME_LIMIT_S=0).value_problems())
    assert not any("RUN_TIME_LIMIT_S" in p for p in Settings(RUN_TIME_LIMIT_S=1).value_problems())
    error = RunTimeout("slow")
    assert (error.status, error.code) == (504, "run_timeout")
