"""The process's concurrency runtime: gevent detection, native-thread offload, hub callbacks.

Under gunicorn's gevent worker every request is a greenlet on one OS thread, and
`threading` is monkey-patched: a DuckDB call or an agent run of a second would freeze
every other request and stream of that worker. So blocking native work goes to gevent's
pool of real threads (`offload`, `HubCalls.run_in_thread`), and what such a thread must
do on the hub's side (wake readers, publish on the bus) is handed back to the hub with
`run_callback_threadsafe` (`HubCalls`, `HubBus`). Code that needs an OS primitive even
when gevent patched it (the event writer's thread, its queue, a run's cancel flag)
takes it from `native_primitives`. Without gevent every helper here is a plain call.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar, copy_context
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar, cast

from datapulse.errors import RateLimited
from datapulse.oslocks import gevent_patched as gevent_patched
from datapulse.oslocks import os_lock as os_lock
from datapulse.oslocks import os_rlock as os_rlock

if TYPE_CHECKING:
    from datapulse.bus.base import EventBus

T = TypeVar("T")

log = logging.getLogger(__name__)


def gevent_hub() -> Any | None:
    """The gevent hub when `threading` is monkey-patched (gunicorn -k gevent), else None."""
    if not gevent_patched():
        return None
    import gevent

    return gevent.get_hub()


# True inside a call `offload` or a Lane already moved to a native thread: nested
# offloads run in place there (a native thread blocks nobody's greenlets).
_OFFLOADED: ContextVar[bool] = ContextVar("datapulse_offloaded", default=False)


def _captured(fn: Callable[..., T], args: Any, kwargs: Any) -> Callable[[], tuple[bool, Any]]:
    """`fn` as a native thread runs it: its outcome returned, never raised there."""

    def call() -> tuple[bool, Any]:
        token = _OFFLOADED.set(True)
        try:
            return True, fn(*args, **kwargs)
        except BaseException as exc:  # handed back to the caller, raised there
            return False, exc
        finally:
            _OFFLOADED.reset(token)

    return call


def _outcome(ok: bool, value: Any) -> Any:
    if not ok:
        raise value
    return value


def offload(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)`, in a native thread when running under gevent (the calling
    greenlet waits cooperatively); in place otherwise."""
    if not gevent_patched() or _OFFLOADED.get():
        return fn(*args, **kwargs)
    import gevent

    return _outcome(*gevent.get_hub().threadpool.apply(_captured(fn, args, kwargs)))  # type: ignore[no-any-return]


def in_background(fn: Callable[[], None]) -> None:
    """`fn()` in a thread of its own (a greenlet under gevent), not waited for."""
    threading.Thread(target=fn, name=getattr(fn, "__name__", "background"), daemon=True).start()


class Kept(Generic[T]):
    """A value `compute` makes, kept for `max_age_s`; once stale it is given as it is while
    one refresh runs behind the caller (`start`), so that only the very first reader waits
    for a computation a loaded database or a busy peer makes slow. A failed refresh keeps
    the last value (logged); the next stale read tries again."""

    def __init__(
        self,
        compute: Callable[[], T],
        max_age_s: float,
        clock: Callable[[], float] = time.monotonic,
        start: Callable[[Callable[[], None]], None] = in_background,
    ) -> None:
        self.compute = compute
        self.max_age_s = max_age_s
        self.clock = clock
        self.start = start  # tests pass one that refreshes at once
        self._lock = threading.Lock()
        self.refreshing = threading.Lock()  # one refresh at a time
        self._kept: tuple[float, T] | None = None

    def get(self) -> T:
        with self._lock:
            kept = self._kept
        if kept and self.clock() - kept[0] < self.max_age_s:
            return kept[1]
        if kept is None:
            with self.refreshing:  # the first value: every caller waits for it
                with self._lock:
                    if self._kept is not None:
                        return self._kept[1]  # computed while this caller waited
                self._refresh()
        elif self.refreshing.acquire(blocking=False):  # the others skip it
            self.start(self._refresh_and_release)
        with self._lock:
            assert self._kept is not None
            return self._kept[1]

    def clear(self) -> None:
        """Drop the kept value: the next read computes a new one and waits for it."""
        with self._lock:
            self._kept = None

    def _refresh_and_release(self) -> None:
        try:
            self._refresh()
        except Exception:
            log.exception("a kept value could not be refreshed; the last one stays")
        finally:
            self.refreshing.release()

    def _refresh(self) -> None:
        value = self.compute()
        with self._lock:
            self._kept = (self.clock(), value)


class Lane:
    """A bounded share of the native threads for one kind of slow work (user SQL, exports).

    Every `offload` uses the hub's one thread pool: a dozen long SQL queries once took
    all of it, and previews, uploads and health waited 27 s behind them. A lane lets at
    most `workers` of its calls run at once (and adds as many threads to the hub's pool,
    so they never take the others'); more wait their turn (the calling greenlet or thread
    yields), and beyond `workers + queue` they are refused with 429. `fn` runs in the
    caller and offloads its blocking parts itself (`run_query` keeps its time-limit timer
    on the hub that way); pure CPU work is passed as `lane.run(offload, fn, ...)`.
    `stats()` tells health how full the lane is."""

    def __init__(self, name: str, workers: int, queue: int) -> None:
        self.name, self.workers, self.queue = name, workers, queue
        self._slots = threading.BoundedSemaphore(workers)
        self._lock = threading.Lock()
        self._busy = self._waiting = 0
        hub = gevent_hub()
        if hub is not None:
            hub.threadpool.maxsize += workers

    def stats(self) -> dict[str, Any]:
        with self._lock:
            busy, waiting = self._busy, self._waiting
        return {"workers": self.workers, "queue": self.queue, "busy": busy, "waiting": waiting}

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self._lock:
            if self._busy + self._waiting >= self.workers + self.queue:
                figures = {"workers": self.workers, "busy": self._busy, "waiting": self._waiting}
                raise RateLimited(
                    f"Too much {self.name} work is running or waiting; try again shortly.",
                    retry_after=2,
                    details={"lane": self.name, **figures},
                )
            self._waiting += 1
        acquired = False
        try:
            self._slots.acquire()
            acquired = True
        finally:
            with self._lock:
                self._waiting -= 1
                self._busy += acquired
        try:
            return fn(*args, **kwargs)
        finally:
            with self._lock:
                self._busy -= 1
            self._slots.release()


def cooperate() -> None:
    """Let other greenlets run (gunicorn's heartbeat among them) inside a long loop that
    never waits on a socket, such as reading an upload whose bytes keep arriving."""
    if gevent_patched():
        import gevent

        gevent.sleep(0)


class OSEvent:
    """`threading.Event` made of the OS's locks only, for waits in native threads under gevent.

    After monkey patching even the original `threading.Event` class builds its Condition
    from the patched Lock (a gevent lock), and a wake-up between native threads through
    it can be lost: a run's thread waited forever in `Condition.wait` for the commit of
    its events while the event writer had set it (seen twice on 2026-12-05, with two API
    workers and with the launcher's executor; the run stayed `running`)."""

    def __init__(self) -> None:
        self._lock = os_lock()
        self._flag = False
        self._waiters: list[Any] = []

    def is_set(self) -> bool:
        return self._flag

    def set(self) -> None:
        with self._lock:
            self._flag = True
            waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            waiter.release()

    def clear(self) -> None:
        with self._lock:
            self._flag = False

    def wait(self, timeout: float | None = None) -> bool:
        with self._lock:
            if self._flag:
                return True
            waiter = os_lock()
            waiter.acquire()
            self._waiters.append(waiter)
        if waiter.acquire(True, -1 if timeout is None else max(0.0, timeout)):
            return True
        with self._lock:  # timed out: unless set meanwhile, stop waiting
            if waiter in self._waiters:
                self._waiters.remove(waiter)
            return self._flag


def os_logging_locks() -> None:
    """Give logging's module lock and every configured handler the OS's locks under
    gevent: after patching they wait through gevent locks, and the runs' native threads
    and the event writer log beside the hub's greenlets (a lost wake-up hangs the one
    that logs). Call once logging is configured; later handlers keep their own."""
    if not gevent_patched():
        return
    import logging

    logging._lock = os_rlock()  # type: ignore[attr-defined]  # the module's lock for its registry
    loggers = [logging.getLogger(), *(lg for lg in logging.Logger.manager.loggerDict.values())]
    for logger in loggers:
        for handler in getattr(logger, "handlers", ()):
            handler.lock = os_rlock()


class NativePrimitives(NamedTuple):
    """The OS's own primitives, even when gevent patched the modules."""

    Event: type[Any]  # threading.Event, or OSEvent under gevent
    SimpleQueue: type[Any]
    start_new_thread: Callable[..., Any]
    allocate_lock: Callable[[], Any]
    poll: Callable[[], Any]  # select.poll: waits on file descriptors in a native thread


def native_primitives() -> NativePrimitives:
    if "gevent" in sys.modules:
        from gevent import monkey

        return NativePrimitives(
            OSEvent if gevent_patched() else threading.Event,  # gevent imported by a library, nothing patched
            monkey.get_original("queue", "SimpleQueue"),
            monkey.get_original("_thread", "start_new_thread"),
            monkey.get_original("_thread", "allocate_lock"),
            monkey.get_original("select", "poll"),
        )
    import _thread
    import queue
    import select

    return NativePrimitives(
        threading.Event, queue.SimpleQueue, _thread.start_new_thread, _thread.allocate_lock, select.poll
    )


def real_event() -> threading.Event:
    """A native-thread Event (the patched one is a greenlet primitive)."""
    return cast(threading.Event, native_primitives().Event())  # OSEvent under gevent: the same methods


class HubCalls:
    """Runs a call in the hub's thread: directly when already there, else scheduled."""

    def __init__(self, hub: Any) -> None:
        from gevent import monkey, spawn_raw

        self.hub = hub
        self.hub_thread = hub.thread_ident
        self._ident: Callable[[], int] = monkey.get_original("_thread", "get_ident")
        self._spawn = spawn_raw

    def in_hub(self) -> bool:
        """True on the hub's own thread (a greenlet), False in a native thread."""
        return bool(self._ident() == self.hub_thread)

    def __call__(self, fn: Callable[..., Any], *args: Any) -> None:
        if self.in_hub():
            fn(*args)
        else:
            # A loop callback must not block; the call may (it takes locks): run it in a greenlet.
            self.hub.loop.run_callback_threadsafe(self._spawn, fn, *args)

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in a greenlet on the hub, its outcome returned (or raised) to the
        caller; a native thread waits on an OSEvent. For work that waits on greenlet
        primitives (a patched pool's futures, its locks): from a native thread such a wait
        goes through a gevent lock, whose wake-up can be lost. The caller's context
        variables come along (whom the run acts for)."""
        if self.in_hub():
            return fn(*args)
        context, done = copy_context(), OSEvent()
        box: list[tuple[bool, Any]] = []

        def on_hub() -> None:
            _OFFLOADED.set(False)  # on the hub (in the copied context): offload blocking work again
            try:
                box.append((True, fn(*args)))
            except BaseException as exc:  # handed back to the caller, raised there
                box.append((False, exc))
            finally:
                done.set()

        self(context.run, on_hub)
        done.wait()
        return _outcome(*box[0])  # type: ignore[no-any-return]

    def run_in_thread(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run `fn` in a native thread; the calling greenlet waits without blocking the hub."""
        return self.hub.threadpool.spawn(fn, *args).get()


def hub_calls() -> HubCalls | None:
    """HubCalls for this process's hub under gevent, else None."""
    hub = gevent_hub()
    return HubCalls(hub) if hub is not None else None


class HubBus:
    """The bus as seen from a native thread: each publish is made on the hub's thread."""

    def __init__(self, bus: EventBus, calls: HubCalls) -> None:
        self.bus = bus
        self.calls = calls

    def publish(self, type: str, topic: str, data: dict[str, Any]) -> None:
        self.calls(self.bus.publish, type, topic, data)

    def stats(self) -> dict[str, Any]:
        return self.bus.stats()

    def close(self) -> None:
        self.calls(self.bus.close)
