"""User SQL over local tables runs in child processes with a memory limit (issue 11 row 3):
a query past it answers 422 `query_memory_exceeded` and the API stays healthy; a child
past its time limit or whose work is cancelled is killed and replaced; a killed child is
replaced; stopping the platform leaves no child behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from datapulse.bus.base import MemoryBus
from datapulse.data.interrupt import QueryCancelled, QueryScope
from datapulse.data.pool import QueryProcesses
from datapulse.errors import QueryTimeout
from datapulse.settings import Settings
from tests.attack import tree_rss
from tests.conftest import started_app

MIB = 1024 * 1024
LONG_SQL = "SELECT count(*) FROM range(10000000000000) t(i) WHERE i % 7 = 3"  # hours of work


def gone(pid: int) -> bool:
    """Ended (a zombie counts: the fork server reaps its children)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def wait_until(condition: Any, what: str, timeout_s: float = 30.0) -> None:
    event = threading.Event()
    for _ in range(int(timeout_s / 0.02)):
        if condition():
            return
        event.wait(0.02)
    raise AssertionError(f"never: {what}")


def run_aside(processes: QueryProcesses, limit_s: float, scope: QueryScope | None = None) -> Any:
    """LONG_SQL run in a thread (within `scope`, if given); (the thread, what it raised)."""
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            if scope is None:
                processes.run(LONG_SQL, {}, 10, limit_s, None)
            else:
                with scope.active():
                    processes.run(LONG_SQL, {}, 10, limit_s, None)
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def run_script(tmp_path: Path, source: str, *args: str, **popen: Any) -> subprocess.Popen[str]:
    """A Python script run with this checkout on its path."""
    script = tmp_path / "script.py"
    script.write_text(source)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen([sys.executable, str(script), *args], text=True, env=env, **popen)


@pytest.fixture
def processes() -> Iterator[QueryProcesses]:
    pool = QueryProcesses(workers=2, memory_mb=256)
    yield pool
    pool.close()


def test_a_query_over_the_memory_limit_answers_json_and_the_api_stays_healthy(settings: Settings) -> None:
    """1 GB of values in one DuckDB vector against 256 MiB: 422 query_memory_exceeded (it
    once took the whole GB, then a reply of QUERY_MAX_RESULT_MB), the process tree grows by
    far less, health answers, and the next query runs in a new process."""
    with started_app(settings, MemoryBus(), QUERY_PROCESS_MEMORY_MB=256) as app:
        client = app.test_client()
        memory = tree_rss(os.getpid())
        before = memory()
        huge = client.post("/api/query", json={"sql": "SELECT repeat('x', 10000000) AS s FROM range(100)"})
        grown = memory() - before
        assert huge.status_code == 422, huge.get_json()
        assert huge.get_json()["error"]["code"] == "query_memory_exceeded"
        assert grown < 600 * MIB, f"grew {grown / MIB:.0f} MiB"
        assert client.get("/api/health").status_code in (200, 503)
        assert client.get("/api/health").get_json()["status"] != "unhealthy"
        again = client.post("/api/query", json={"sql": "SELECT 6 * 7 AS a"})
        assert again.status_code == 200 and again.get_json()["rows"] == [[42]]


def test_a_child_past_its_time_limit_is_killed_and_replaced(processes: QueryProcesses) -> None:
    """A child that never answers (stopped with SIGSTOP, as one stuck building a vector) is
    killed at its time limit plus the grace; the next query gets a new process."""
    thread, outcome = run_aside(processes, 1.0)
    wait_until(lambda: processes.pids(), "a child started")
    stuck = processes.pids()[0]
    os.kill(stuck, signal.SIGSTOP)
    thread.join(30)
    assert not thread.is_alive()
    assert outcome and isinstance(outcome[0], QueryTimeout), outcome
    wait_until(lambda: gone(stuck), "the stuck child killed")
    assert processes.run("SELECT 1 AS a", {}, 10, 10.0, None)["rows"] == [[1]]
    assert stuck not in processes.pids()


def test_cancel_kills_the_child_at_once(processes: QueryProcesses) -> None:
    """A cancel of the work the query runs for (a chat run's QueryScope) kills its process:
    the query ends cancelled long before its time limit."""
    scope = QueryScope()
    thread, outcome = run_aside(processes, 600.0, scope)
    wait_until(lambda: scope.running_queries() == 1, "the query running")
    child = processes.pids()[0]
    scope.cancel()
    thread.join(30)  # far below the 600 s limit
    assert not thread.is_alive()
    assert outcome and isinstance(outcome[0], QueryCancelled), outcome
    wait_until(lambda: gone(child), "the cancelled child killed")
    assert processes.run("SELECT 2 AS a", {}, 10, 10.0, None)["rows"] == [[2]]


def test_a_child_is_kept_however_large_it_is_at_rest() -> None:
    """A child is judged by what it grew since its first query, not by its size: at rest
    (Python, DuckDB and their libraries) it is larger than half of a small allowance, and
    it once was replaced after every query on a machine where it was."""
    pool = QueryProcesses(workers=1, memory_mb=128)  # half: below any size at rest
    try:
        assert pool.run("SELECT 1 AS a", {}, 10, 10.0, None)["rows"] == [[1]]
        first = pool.pids()
        assert pool.run("SELECT 2 AS a", {}, 10, 10.0, None)["rows"] == [[2]]
        assert pool.pids() == first and len(first) == 1
    finally:
        pool.close()


def test_a_child_dead_while_idle_gets_no_query_before_it_is_reaped(processes: QueryProcesses) -> None:
    """An idle child killed is a zombie until the fork server reaps it and reports its end;
    meanwhile it must not be handed a query (that query once failed as if it had run out of
    memory). The fork server is held stopped so that the report cannot come first."""
    import multiprocessing.forkserver as forkserver

    assert processes.run("SELECT 1 AS a", {}, 10, 10.0, None)["rows"] == [[1]]
    idle = processes.pids()[0]
    server = forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]
    os.kill(server, signal.SIGSTOP)
    try:
        os.kill(idle, signal.SIGKILL)
        wait_until(lambda: gone(idle), "the idle child a zombie")
        # The next child can start only once the fork server runs again.
        threading.Timer(0.5, os.kill, (server, signal.SIGCONT)).start()
        assert processes.run("SELECT 2 AS a", {}, 10, 10.0, None)["rows"] == [[2]]
    finally:
        os.kill(server, signal.SIGCONT)
    assert idle not in processes.pids()


def test_a_killed_child_is_replaced(processes: QueryProcesses) -> None:
    """A child killed while idle, or during a query (the query answers an error, never
    hangs or takes the caller down), is replaced by the next query."""
    assert processes.run("SELECT 1 AS a", {}, 10, 10.0, None)["rows"] == [[1]]
    idle = processes.pids()[0]
    os.kill(idle, signal.SIGKILL)
    wait_until(lambda: gone(idle), "the idle child dead")
    assert processes.run("SELECT 2 AS a", {}, 10, 10.0, None)["rows"] == [[2]]
    busy = processes.pids()[0]
    assert busy != idle
    thread, outcome = run_aside(processes, 600.0)
    wait_until(lambda: psutil.Process(busy).cpu_times().user > 0.2, "the child busy")
    os.kill(busy, signal.SIGKILL)
    thread.join(30)
    assert not thread.is_alive()
    assert outcome and getattr(outcome[0], "status", 0) >= 400, outcome
    assert processes.run("SELECT 3 AS a", {}, 10, 10.0, None)["rows"] == [[3]]
    assert busy not in processes.pids()


def test_stopping_the_platform_leaves_no_child(settings: Settings) -> None:
    """The SQL processes start with the first query, not with the platform, and end with it."""
    with started_app(settings, MemoryBus()) as app:
        platform = app.extensions["datapulse"]
        assert platform.sql_processes.pids() == []  # started lazily
        reply = app.test_client().post("/api/query", json={"sql": "SELECT 1 AS a"})
        assert reply.status_code == 200
        children = platform.sql_processes.pids()
        assert len(children) == 1
    wait_until(lambda: all(gone(pid) for pid in children), "every SQL process ended")
    assert platform.sql_processes.pids() == []


GEVENT_SCRIPT = """
from gevent import monkey

monkey.patch_all()
import gevent
import gevent.hub

hubs = []
original = gevent.hub.Hub.__init__


def counted(self, *args, **kwargs):
    hubs.append(1)
    original(self, *args, **kwargs)


gevent.hub.Hub.__init__ = counted
from datapulse.data.engine import run_query
from datapulse.data.pool import QueryProcesses
from datapulse.runtime import Lane

if __name__ == "__main__":
    gevent.get_hub()
    lane, pool = Lane("sql", 3, 12), QueryProcesses(3, 256)

    def query(i):
        return lane.run(run_query, f"SELECT {i} AS a", {}, 10, 30.0, None, runner=pool.run)["rows"]

    for _ in range(2):
        greenlets = [gevent.spawn(query, i) for i in range(6)]
        gevent.joinall(greenlets, raise_error=True)
        assert [g.value for g in greenlets] == [[[i]] for i in range(6)]
    pool.close()
    print("hubs", len(hubs))
"""


def test_under_gevent_no_native_thread_gets_a_hub(tmp_path: Any) -> None:
    """Under gunicorn's gevent worker the children are started and watched from native
    threads: none of them may touch a gevent primitive (a gevent socket gave such a thread
    a hub of its own, whose deferred os.close then failed with EBADF: a 500 now and then)."""
    proc = run_script(tmp_path, GEVENT_SCRIPT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        stdout, stderr = proc.communicate(timeout=300)
    finally:
        proc.kill()  # only if it outlived the timeout
        proc.wait()
    assert proc.returncode == 0, stderr[-3000:]
    assert stdout.split()[-2:] == ["hubs", "1"], stdout + stderr[-3000:]


DYING_SCRIPT = """
import sys
import threading

from datapulse.data.pool import QueryProcesses

if __name__ == "__main__":
    pool = QueryProcesses(1, 256)
    threading.Thread(target=pool.run, args=(sys.argv[1], {}, 10, 600.0, None), daemon=True).start()
    while not pool.pids():
        threading.Event().wait(0.02)
    print(pool.pids()[0], flush=True)
    threading.Event().wait(600)
"""


def test_a_killed_api_process_leaves_no_sql_process(tmp_path: Any) -> None:
    """SIGKILL of the process that owns the pool (no stop(), no atexit) while its child runs
    an hours-long query: the fork server sees its parent gone and ends, and its children
    die with it (parent-death signal)."""
    owner = run_script(tmp_path, DYING_SCRIPT, LONG_SQL, stdout=subprocess.PIPE)
    try:
        assert owner.stdout is not None
        child = int(owner.stdout.readline())
        assert not gone(child)
        owner.kill()
        owner.wait(30)
        wait_until(lambda: gone(child), "the SQL process ended with its owner")
    finally:
        owner.kill()
        owner.wait(30)
        if owner.stdout is not None:
            owner.stdout.close()
