"""The analyses in child processes (CHAT_PROCESSES): the same events and answers as in
process, a cancel that reaches the child, a child that dies or will not stop."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from datapulse.agents.contract import AnalysisCancelled, AnalysisOutcome, AnalysisRequest, TableRef
from datapulse.agents.engine import analyse
from datapulse.agents.processes import AnalysisProcessError, AnalysisProcesses
from datapulse.data.interrupt import QueryScope
from datapulse.errors import DataPulseError
from datapulse.settings import Settings
from tests.agents import child_targets
from tests.agents.conftest import RecordingSink
from tests.agents.datasets import DatasetStore

TARGET = "tests.agents.child_targets:analyse"
WAIT_S = 60.0  # bounds a wait that should end at once (a hang fails instead of blocking)


@pytest.fixture
def processes() -> Iterator[AnalysisProcesses]:
    # A cooperative stop may take seconds on a loaded machine: only the kill tests' own
    # pools (kill_grace_s=0) kill at once.
    pool = AnalysisProcesses(1, TARGET, kill_grace_s=WAIT_S)
    yield pool
    pool.close()


def request(datasets: DatasetStore, question: str, name: str = "penguins") -> AnalysisRequest:
    return AnalysisRequest(question=question, tables=[TableRef(name, datasets.path(name))])


class SignallingSink(RecordingSink):
    """A RecordingSink that says when its first report came."""

    def __init__(self) -> None:
        super().__init__()
        self.reported = threading.Event()

    def agent(self, agent: str, status: str, progress: int, message: str) -> None:
        super().agent(agent, status, progress, message)
        self.reported.set()


def in_thread(call: Callable[[], AnalysisOutcome], scope: QueryScope) -> tuple[threading.Thread, dict[str, Any]]:
    """`call()` in a thread under `scope` (as the executor runs a run); its outcome or error in the dict."""
    box: dict[str, Any] = {}

    def run() -> None:
        with scope.active():
            try:
                box["outcome"] = call()
            except BaseException as exc:  # handed to the test
                box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, box


@pytest.mark.parametrize(
    "dataset, question",
    [
        ("penguins", "average body mass by species"),  # group-by, a chart
        ("seattle_weather", "monthly average wind"),  # a trend
        ("penguins", "How many rows are there?"),
        ("penguins", "average flavour by colour"),  # a clarification
        ("penguins", "SELECT species, count(*) AS n FROM penguins GROUP BY species"),
    ],
)
def test_a_run_in_a_child_gives_the_same_events_and_answer(
    processes: AnalysisProcesses, datasets: DatasetStore, agent_settings: Settings, dataset: str, question: str
) -> None:
    """Every report the child makes reaches the run's sink, in order, and the outcome is the one computed in process."""
    here, there = RecordingSink(), RecordingSink()
    expected = analyse(request(datasets, question, dataset), here, agent_settings)
    got = processes(request(datasets, question, dataset), there, agent_settings)
    assert there.events == here.events and len(there.events) > 5
    assert got == expected


def test_errors_come_back_as_the_same_api_errors(
    processes: AnalysisProcesses, datasets: DatasetStore, agent_settings: Settings
) -> None:
    """A DataPulseError raised in the child is raised here with its class, code and message; the child is kept."""
    sql = "DELETE FROM penguins"
    with pytest.raises(DataPulseError) as here:
        analyse(request(datasets, sql), RecordingSink(), agent_settings)
    with pytest.raises(DataPulseError) as there:
        processes(request(datasets, sql), RecordingSink(), agent_settings)
    assert type(there.value) is type(here.value)
    assert (there.value.code, there.value.message, there.value.status) == (
        here.value.code,
        here.value.message,
        here.value.status,
    )
    pids = processes.pids()
    with pytest.raises(AnalysisProcessError, match="KeyError"):
        processes(request(datasets, child_targets.BUG), RecordingSink(), agent_settings)
    processes(request(datasets, "How many rows are there?"), RecordingSink(), agent_settings)
    assert processes.pids() == pids


def test_a_cancel_interrupts_the_childs_query_and_keeps_the_child(
    processes: AnalysisProcesses, datasets: DatasetStore, agent_settings: Settings
) -> None:
    """The run's cancel (its QueryScope) reaches the DuckDB query in the child: the run ends
    cancelled, the child stays and answers the next question."""
    scope, sink = QueryScope(), SignallingSink()
    thread, box = in_thread(lambda: processes(request(datasets, child_targets.QUERY), sink, agent_settings), scope)
    assert sink.reported.wait(WAIT_S), "the child never reported"
    pids = processes.pids()
    scope.cancel()
    thread.join(WAIT_S)
    assert not thread.is_alive() and isinstance(box.get("error"), AnalysisCancelled)
    answer = processes(request(datasets, "How many rows are there?"), RecordingSink(), agent_settings)
    assert answer.answer and processes.pids() == pids


def test_a_child_that_does_not_stop_after_a_cancel_is_killed(datasets: DatasetStore, agent_settings: Settings) -> None:
    """A child whose work no cancel reaches is killed once the grace has passed; the next run gets a new one."""
    pool = AnalysisProcesses(1, TARGET, kill_grace_s=0.0)
    try:
        scope, sink = QueryScope(), SignallingSink()
        thread, box = in_thread(lambda: pool(request(datasets, child_targets.STUCK), sink, agent_settings), scope)
        assert sink.reported.wait(WAIT_S), "the child never reported"
        [stuck] = pool.pids()
        scope.cancel()
        thread.join(WAIT_S)
        assert not thread.is_alive() and isinstance(box.get("error"), AnalysisCancelled)
        assert pool(request(datasets, "How many rows are there?"), RecordingSink(), agent_settings).answer
        assert stuck not in pool.pids()
    finally:
        pool.close()


def test_a_child_killed_mid_run_fails_the_run_and_is_replaced(
    processes: AnalysisProcesses, datasets: DatasetStore, agent_settings: Settings
) -> None:
    """A child that dies during a run fails it with a clear error; the next question is answered by a new child."""
    scope, sink = QueryScope(), SignallingSink()
    thread, box = in_thread(lambda: processes(request(datasets, child_targets.STUCK), sink, agent_settings), scope)
    assert sink.reported.wait(WAIT_S), "the child never reported"
    [pid] = processes.pids()
    os.kill(pid, signal.SIGKILL)
    thread.join(WAIT_S)
    error = box.get("error")
    assert isinstance(error, DataPulseError) and error.code == "analysis_process_died"
    assert "ended unexpectedly" in error.message and error.details["exit_code"] == -signal.SIGKILL
    assert processes(request(datasets, "How many rows are there?"), RecordingSink(), agent_settings).answer
    assert pid not in processes.pids()


def test_a_run_cancelled_before_it_starts_asks_no_child(datasets: DatasetStore, agent_settings: Settings) -> None:
    """A run whose cancel came first raises AnalysisCancelled and starts no process."""
    pool = AnalysisProcesses(1, TARGET)
    try:
        sink = RecordingSink(cancel_after=0)
        with pytest.raises(AnalysisCancelled):
            pool(request(datasets, "How many rows are there?"), sink, agent_settings)
        assert pool.pids() == [] and sink.events == []
    finally:
        pool.close()


def test_a_long_run_lets_another_child_start_beside_it(datasets: DatasetStore, agent_settings: Settings) -> None:
    """With every child busy a run waits for one; once a child has been busy for
    long_after_s, a new one starts beside it."""
    now = [0.0]
    pool = AnalysisProcesses(1, TARGET, long_after_s=3.0, clock=lambda: now[0])
    try:
        scope, sink = QueryScope(), SignallingSink()
        thread, box = in_thread(lambda: pool(request(datasets, child_targets.QUERY), sink, agent_settings), scope)
        assert sink.reported.wait(WAIT_S)
        [busy] = pool.pids()
        waiting = SignallingSink()
        second, second_box = in_thread(
            lambda: pool(request(datasets, "How many rows are there?"), waiting, agent_settings), QueryScope()
        )
        second.join(1.0)  # not a timing assert: it must not have been answered at all yet
        assert second.is_alive() and not waiting.events and pool.pids() == [busy]
        now[0] = 3.0  # the busy child is now a long one
        second.join(WAIT_S)
        assert "outcome" in second_box and len(pool.pids()) == 2
        scope.cancel()
        thread.join(WAIT_S)
        assert isinstance(box.get("error"), AnalysisCancelled)
    finally:
        pool.close()


def test_the_setting_sizes_the_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """CHAT_PROCESSES: off by default; auto is one per core from two cores, 0 on one core;
    a number is taken as it is; anything else is refused."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2})
    assert Settings(CHAT_PROCESSES="auto").chat_processes == 3 and Settings().chat_processes == 0
    assert Settings(CHAT_PROCESSES="2").chat_processes == 2
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert Settings(CHAT_PROCESSES="auto").chat_processes == 0
    assert any("CHAT_PROCESSES" in p for p in Settings(CHAT_PROCESSES="many").value_problems())
    assert any("CHAT_PROCESSES" in p for p in Settings(CHAT_PROCESSES="65").value_problems())


def test_long_runs_start_at_most_twice_size_children(datasets: DatasetStore, agent_settings: Settings) -> None:
    """Children started beside long runs stop at twice `size`: a cold child's long first run
    must not start yet another; the next run waits for one given back."""
    now = [0.0]
    pool = AnalysisProcesses(1, TARGET, long_after_s=3.0, clock=lambda: now[0])

    def start(question: str) -> tuple[QueryScope, SignallingSink, threading.Thread, dict[str, Any]]:
        scope, sink = QueryScope(), SignallingSink()
        thread, box = in_thread(lambda: pool(request(datasets, question), sink, agent_settings), scope)
        return scope, sink, thread, box

    try:
        first = start(child_targets.QUERY)
        assert first[1].reported.wait(WAIT_S)
        now[0] = 3.0
        second = start(child_targets.QUERY)
        assert second[1].reported.wait(WAIT_S) and len(pool.pids()) == 2
        now[0] = 6.0  # both long now
        third = start("How many rows are there?")
        third[2].join(1.0)  # not a timing assert: it must not have been answered at all yet
        assert third[2].is_alive() and not third[1].events and len(pool.pids()) == 2
        first[0].cancel()  # its child, given back, answers the third
        third[2].join(WAIT_S)
        assert "outcome" in third[3] and len(pool.pids()) == 2
        second[0].cancel()
        for run in (first, second):
            run[2].join(WAIT_S)
            assert isinstance(run[3].get("error"), AnalysisCancelled)
    finally:
        pool.close()
