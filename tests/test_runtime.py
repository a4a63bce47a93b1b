"""The runtime module: plain calls without gevent; native threads and hub hand-overs with it."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from datapulse import runtime
from datapulse.runtime import Kept

ROOT = Path(__file__).resolve().parents[1]


def run_script(script: str) -> None:
    """Run `script` in a fresh interpreter (gevent's patching cannot be undone in this one);
    it prints "ok" when every assertion held."""
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_without_gevent_everything_runs_in_place() -> None:
    """No gevent patching: offload calls in this thread, there is no hub, primitives are
    threading's, also when gevent is imported (the suite's other tests, a library) but
    nothing is patched."""
    import gevent  # noqa: F401 - imported, not patched

    assert not runtime.gevent_patched() and runtime.hub_calls() is None
    assert runtime.offload(threading.get_ident) == threading.get_ident()
    runtime.cooperate()  # a no-op, not an error
    assert runtime.native_primitives().Event is threading.Event
    assert isinstance(runtime.real_event(), threading.Event)


GEVENT_SCRIPT = """
from gevent import monkey
monkey.patch_all()
import gevent
from datapulse import runtime

assert runtime.gevent_patched()
calls = runtime.hub_calls()
greenlet_ran = runtime.real_event()
gevent.spawn(greenlet_ran.set)  # runs only if the hub is free while the native thread waits
hub_ident = calls.hub_thread

def native_work():
    assert greenlet_ran.wait(30), "the hub was blocked while the work ran"
    return monkey.get_original("_thread", "get_ident")()

worker = runtime.offload(native_work)
assert worker != hub_ident, "offload ran on the hub's thread"
try:
    runtime.offload(lambda: 1 / 0)
except ZeroDivisionError:
    pass
else:
    raise AssertionError("the error was not handed back")
seen = []
done = runtime.real_event()
def from_native():
    calls(lambda: (seen.append(calls.in_hub()), done.set()))
calls.run_in_thread(from_native)
while not done.is_set():
    gevent.sleep(0.01)
assert seen == [True], seen
print("ok")
"""


def test_under_gevent_work_leaves_the_hub_and_callbacks_come_back() -> None:
    """Offloaded work runs in a native thread while greenlets go on; errors come back;
    a callback from a native thread runs on the hub."""
    run_script(GEVENT_SCRIPT)


PATCHED = """
from gevent import monkey
monkey.patch_all()

def gevent_parts(obj, depth=3):
    # every object the event is made of, a few levels down: none may be gevent's
    found = []
    if type(obj).__module__.split(".")[0] == "gevent":
        found.append(type(obj))
    if depth:
        for value in getattr(obj, "__dict__", {}).values():
            for item in value if isinstance(value, list) else [value]:
                found += gevent_parts(item, depth - 1)
    return found
"""

NATIVE_EVENT_SCRIPT = """
from datapulse import runtime
for event in (runtime.real_event(), runtime.native_primitives().Event()):
    assert gevent_parts(event) == [], gevent_parts(event)
    assert event.wait(0.01) is False and not event.is_set()
start = monkey.get_original("_thread", "start_new_thread")
event, woke = runtime.real_event(), runtime.real_event()
start(lambda: event.wait(30) and woke.set(), ())  # two native threads, the hub not involved
event.set()
assert woke.wait(30) and event.is_set() and event.wait(0)
event.clear()
assert not event.is_set()
# what the agents' run threads contend on: two runs building one table at once waited forever
from datapulse.agents import engine
from datapulse.agents.tools import base, local
from datapulse.data.interrupt import QueryScope
for lock in (engine._INDEX_LOCK, base._CACHE_LOCK, base._LOCAL_BUILD, local._DB_LOCK, QueryScope()._lock):
    assert gevent_parts(lock) == [], lock
print("ok")
"""


def test_under_gevent_native_threads_wait_on_no_gevent_lock() -> None:
    """The Event for native threads, and the locks the agents' run threads contend on, are
    the OS's: the original threading.Event, after patching, waited through a gevent lock,
    and a gevent lock's wake-up between native threads was lost (a run's thread waited
    forever for its commit, or for another run building the same table)."""
    run_script(PATCHED + NATIVE_EVENT_SCRIPT)


MORE_LOCKS_SCRIPT = """
import logging
from datapulse import runtime
from datapulse.agents.planner import linking, llm
from datapulse.api.audit import AuditWriter
from datapulse.chat.writer import EventWriter
from datapulse.sqlsource import live
locks = {
    "writer": EventWriter(None)._lock, "breakers": llm._BREAKERS_LOCK, "cedict": linking._LOCK,
    "idle sessions": live._IDLE_LOCK, "planning frames": live._PLANNING_LOCK,
    "audit losses": AuditWriter(None)._lock,  # counted by the writer's thread too
}
logging.basicConfig()
runtime.os_logging_locks()
locks["logging"] = logging._lock
locks.update({f"handler {h}": h.lock for h in logging.getLogger().handlers})
bad = {name: gevent_parts(lock) for name, lock in locks.items() if gevent_parts(lock)}
assert not bad, bad
handler = logging.getLogger().handlers[0]
with handler.lock:
    with handler.lock:  # reentrant: a handler's error path logs through it again
        pass
start = monkey.get_original("_thread", "start_new_thread")
done = runtime.real_event()
start(lambda: (logging.getLogger("native").warning("from a native thread"), done.set()), ())
assert done.wait(30)
print("ok")
"""


def test_under_gevent_the_locks_native_threads_share_with_greenlets_are_the_oss() -> None:
    """What runs' native threads and the event writer take beside the hub's greenlets is
    made of the OS's locks: the writer's start lock, the planner's breaker and dictionary
    locks, the live sources' session and vocabulary caches, the audit's loss count, and
    logging's locks (every native thread logs). A gevent lock's wake-up between native threads can be lost."""
    run_script(PATCHED + MORE_LOCKS_SCRIPT)


HUB_CALL_SCRIPT = """
import contextvars
from concurrent.futures import ThreadPoolExecutor
import gevent
from datapulse import runtime
calls = runtime.hub_calls()
who = contextvars.ContextVar("who", default="nobody")
pool = ThreadPoolExecutor(2)  # patched: greenlets, as the plugins' pool
def plugin_like():
    # a greenlet primitive waited on: the future of a patched pool's task
    return calls.in_hub(), who.get(), pool.submit(lambda: gevent.sleep(0.01) or 42).result(30)
seen, done = [], runtime.real_event()
def from_native():
    who.set("asker")
    seen.append(calls.call(plugin_like))
    try:
        calls.call(lambda: 1 / 0)
    except ZeroDivisionError:
        seen.append("raised")
    done.set()
monkey.get_original("_thread", "start_new_thread")(from_native, ())
while not done.is_set():
    gevent.sleep(0.01)
assert seen == [(True, "asker", 42), "raised"], seen
assert calls.call(lambda: calls.in_hub()) is True  # on the hub already: in place
print("ok")
"""


def test_under_gevent_a_native_thread_hands_greenlet_work_to_the_hub_and_waits() -> None:
    """`HubCalls.call`: work that waits on greenlet primitives (a patched pool's future,
    as a run's plugin step does) runs on the hub, with the caller's context; the native
    thread waits on an OSEvent for its result or its error."""
    run_script(PATCHED + HUB_CALL_SCRIPT)


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _kept(values: list[object]) -> tuple[Kept[object], _Clock, list[Callable[[], None]], list[int]]:
    """A Kept over `values` (one per computation; an exception is raised) whose refreshes
    are collected, not started, so the test runs each when it chooses."""
    clock, started, calls = _Clock(), [], [0]

    def compute() -> object:
        value = values[calls[0]]
        calls[0] += 1
        if isinstance(value, Exception):
            raise value
        return value

    return Kept(compute, 2.0, clock, started.append), clock, started, calls


def test_kept_value_is_computed_once_then_given_until_stale() -> None:
    kept, clock, started, calls = _kept(["a", "b"])
    assert kept.get() == "a" and kept.get() == "a"
    clock.now = 1.9
    assert kept.get() == "a" and calls == [1] and not started


def test_a_stale_read_gives_the_last_value_and_starts_one_refresh() -> None:
    """The reader does not wait; a second stale read while it runs starts no second one."""
    kept, clock, started, calls = _kept(["a", "b", "c"])
    kept.get()
    clock.now = 2.0
    assert kept.get() == "a" and kept.get() == "a"
    assert len(started) == 1 and calls == [1]
    started[0]()
    assert kept.get() == "b" and calls == [2] and not kept.refreshing.locked()


def test_a_failed_refresh_keeps_the_last_value_and_lets_the_next_read_retry() -> None:
    kept, clock, started, calls = _kept(["a", RuntimeError("gone"), "c"])
    kept.get()
    clock.now = 5.0
    kept.get()
    started[0]()  # raises inside, logged
    assert not kept.refreshing.locked()
    assert kept.get() == "a" and len(started) == 2
    started[1]()
    assert kept.get() == "c"


def test_clear_makes_the_next_read_compute_and_wait() -> None:
    kept, _, started, calls = _kept(["a", "b"])
    kept.get()
    kept.clear()
    assert kept.get() == "b" and not started and calls == [2]


def test_the_first_read_raises_what_the_computation_raised() -> None:
    kept, _, _, _ = _kept([ValueError("no database"), "b"])
    with pytest.raises(ValueError, match="no database"):
        kept.get()
    assert kept.get() == "b" and not kept.refreshing.locked()
