"""The chat runs' analyses in child processes, so that every core computes Python.

Under gunicorn's gevent worker all of an API worker's Python shares one GIL: the hub
(requests, streams, the event writer) and the runs' native threads, so a second core
only ever ran DuckDB. `AnalysisProcesses` is an `analyse(request, sink, settings)` that
runs the engine's `analyse()` (planner, tools, chart, the results made JSON-safe) in a
child of the fork server (`datapulse.data.pool.Child`, the SQL processes' mechanism:
forked from a server that imported and warmed the agents once, dying with the API).
The run's thread in the API only relays: each report the child makes comes back over
its pipe, in order, and goes to the run's own sink (stored, streamed) as if made here.

One job at a time per child. To the child: `("run", job, request, settings)` and
`("cancel", job)`; from it: `("agent", ...)`, `("delta", text)`, `("result", result)`,
then one of `("ok", outcome)`, `("cancelled",)`, `("error", fields)` (a DataPulseError,
rebuilt here) or `("crash", text)` (a bug: the run fails as internal_error).

A cancel of the run (its QueryScope) reaches the child at once: its reports stop and its
DuckDB queries are interrupted; one that has not answered `kill_grace_s` later is killed.
A child that dies ends its run as failed (`analysis_process_died`) and the next run gets
a new one. `size` children are kept warm (their tables stay loaded); a run that finds
none idle waits for one, except that a child busy for `long_after_s` lets one more start
beside it (up to twice `size`): the executor's slot logic (a long run gives its slot to
the next) has a process to give the next run too.
"""

from __future__ import annotations

import importlib
import itertools
import logging
import os
import pickle
import queue
import signal
import struct
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from datapulse.agents.contract import AnalysisCancelled, AnalysisOutcome, AnalysisRequest, RunSink
from datapulse.data.interrupt import QueryCancelled, QueryScope, interruptible
from datapulse.data.pool import (
    IDLE_EXIT_S,
    KILL_GRACE_S,
    Child,
    context,
    die_with_parent,
    error_fields,
    preload,
    rebuilt,
)
from datapulse.errors import DataPulseError
from datapulse.runtime import native_primitives
from datapulse.settings import Settings

log = logging.getLogger(__name__)
ENGINE = "datapulse.agents.engine:analyse"
# Imported, and the agents warmed, once in the fork server: a child starts ready.
PRELOAD = "datapulse.agents.warm"
EVENTS = frozenset({"agent", "delta", "result"})
READ_BYTES = 1 << 20
SLICE_S = 0.5  # how often a waiting run looks again (its cancel's grace, a long-busy child, its own cancel)
LONG_AFTER_S = 3.0  # a child busy this long lets another start beside it (the executor's slots do the same)


class AnalysisProcessError(RuntimeError):
    """The analysis raised an unexpected error in its process (logged there)."""


def _resolve(target: str) -> Callable[[AnalysisRequest, RunSink, Settings], AnalysisOutcome]:
    module, _, name = target.partition(":")
    fn: Callable[[AnalysisRequest, RunSink, Settings], AnalysisOutcome] = getattr(importlib.import_module(module), name)
    return fn


# The child's side ------------------------------------------------------------------------
class _PipeSink:
    """The sink the agents report to in the child: each report goes to the API, in order."""

    def __init__(self, replies: Connection, cancel: threading.Event) -> None:
        self.replies = replies
        self.cancel = cancel

    def agent(self, agent: str, status: str, progress: int, message: str) -> None:
        self._send(("agent", agent, str(status), progress, message))

    def delta(self, text: str) -> None:
        self._send(("delta", text))

    def result(self, result: dict[str, Any]) -> None:
        self._send(("result", result))

    def cancelled(self) -> bool:
        return self.cancel.is_set()

    def _send(self, message: tuple[Any, ...]) -> None:
        if self.cancel.is_set():
            raise AnalysisCancelled("the run was cancelled")
        self.replies.send(message)


class _Jobs:
    """The child's current job: its cancel flag and query scope, set by the listener."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.current: tuple[int, threading.Event, QueryScope] | None = None
        self.cancelled: set[int] = set()  # cancels that came before their job started

    def begin(self, job: int) -> tuple[threading.Event, QueryScope]:
        cancel, scope = threading.Event(), QueryScope()
        with self.lock:
            self.current = (job, cancel, scope)
            if job in self.cancelled:
                cancel.set()
                scope.cancel()
            self.cancelled.clear()
        return cancel, scope

    def end(self) -> None:
        with self.lock:
            self.current = None

    def cancel(self, job: int) -> None:
        with self.lock:
            current = self.current
            if current is None or current[0] != job:
                self.cancelled.add(job)
                return
        current[1].set()
        current[2].cancel()  # its DuckDB queries stop now


def _listen(requests: Connection, jobs: queue.SimpleQueue[Any], state: _Jobs) -> None:
    while True:
        try:
            message = requests.recv()
        except (EOFError, OSError):
            jobs.put(None)
            return
        if message[0] == "run":
            jobs.put(message[1:])
        elif message[0] == "cancel":
            state.cancel(message[1])


def serve_analyses(requests: Connection, replies: Connection, target: str) -> None:
    """A child's loop: one analysis at a time, its reports and its end sent back."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's Ctrl-C is the API's to handle
    analyse = _resolve(target)
    jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
    state = _Jobs()
    threading.Thread(target=_listen, args=(requests, jobs, state), name="datapulse-analysis-pipe", daemon=True).start()
    while True:
        try:
            item = jobs.get(timeout=IDLE_EXIT_S)
        except queue.Empty:
            return
        if item is None:
            return
        job, request, settings = item
        cancel, scope = state.begin(job)
        reply: tuple[Any, ...]
        try:
            with scope.active():
                reply = ("ok", analyse(request, _PipeSink(replies, cancel), settings))
        except AnalysisCancelled:
            reply = ("cancelled",)
        except DataPulseError as exc:
            reply = ("cancelled",) if cancel.is_set() else ("error", error_fields(exc))
        except Exception as exc:  # a bug: logged here, the run fails as internal_error
            log.exception("analysis failed")
            reply = ("crash", f"{type(exc).__name__}: {exc}")
        finally:
            state.end()
        try:
            replies.send(reply)
        except Exception as exc:  # an outcome that cannot be sent (pickled)
            replies.send(("crash", f"the answer could not be sent: {type(exc).__name__}: {exc}"))


# The API's side --------------------------------------------------------------------------
class _Frames:
    """The child's messages (multiprocessing's framing: a 4-byte length, or -1 and an
    8-byte one), read in bulk: each read of this thread may wait for the GIL behind the
    hub, so one read takes every message waiting in the pipe, not one read per message."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()
        self.pending: deque[tuple[Any, ...]] = deque()

    def read(self) -> bool:
        """Read what is there (call it when the pipe is readable); False at its end."""
        try:
            data = os.read(self.fd, READ_BYTES)
        except OSError:
            return False
        if not data:
            return False
        buffer = self.buffer
        buffer += data
        start = 0
        while len(buffer) - start >= 4:
            (size,) = struct.unpack_from("!i", buffer, start)
            head = 4
            if size == -1:
                if len(buffer) - start < 12:
                    break
                (size,) = struct.unpack_from("!Q", buffer, start + 4)
                head = 12
            if len(buffer) - start < head + size:
                break
            self.pending.append(pickle.loads(buffer[start + head : start + head + size]))
            start += head + size
        del buffer[:start]
        return True


class _Job:
    """One run's use of a child: what the run's QueryScope interrupts."""

    def __init__(self, child: Child, number: int, clock: Callable[[], float]) -> None:
        self.child, self.number, self.clock = child, number, clock
        self.frames = _Frames(child.replies.fileno())
        self.cancel_at: float | None = None
        self.sent = False  # the child was asked: it must answer before another job
        self.done = False  # it answered (its reports all relayed or dropped)

    def send(self, message: tuple[Any, ...]) -> None:
        with self.child.send_lock:  # the run's thread and a cancel (the hub) both send
            self.child.requests.send(message)

    def interrupt(self) -> None:
        """The run was cancelled: ask the child to stop this job (killed after the grace)."""
        if self.cancel_at is not None:
            return
        self.cancel_at = self.clock()
        try:
            self.send(("cancel", self.number))
        except OSError:  # dead already: the run's thread sees it
            pass


class AnalysisProcesses:
    """`analyse()` in child processes, `size` of them kept; see the module."""

    def __init__(
        self,
        size: int,
        target: str = ENGINE,
        *,
        kill_grace_s: float = KILL_GRACE_S,
        long_after_s: float = LONG_AFTER_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.size = size
        self.long_after_s = long_after_s
        self.target = target
        self.kill_grace_s = kill_grace_s
        self.clock = clock
        preload(PRELOAD)
        native = native_primitives()
        self._lock = native.allocate_lock()
        self._poll = native.poll
        self._idle: list[Child] = []
        self._children: set[Child] = set()
        self._busy: dict[Child, float] = {}  # child -> when its job began (self.clock)
        self._waiters: list[_Waiter] = []
        self._starting = 0
        self._ctx: Any = None
        self._closed = False
        self._jobs = itertools.count(1)
        weakref.finalize(self, _kill_all, self._children)

    def pids(self) -> list[int]:
        """The processes alive now (for tests and health)."""
        with self._lock:
            return sorted(c.pid for c in self._children)

    def start(self) -> None:
        """Start the kept children now (call it in a native thread: the fork server may
        be starting), so that the first questions find them ready."""
        started = [self._take() for _ in range(self.size)]
        for child in started:
            self._give_back(child)

    def __call__(self, request: AnalysisRequest, sink: RunSink, settings: Settings) -> AnalysisOutcome:
        if sink.cancelled():
            raise AnalysisCancelled("the run was cancelled")
        job = _Job(self._take(sink), next(self._jobs), self.clock)
        try:
            with interruptible(job):  # the run's cancel reaches the child
                return self._exchange(job, request, sink, settings)
        except QueryCancelled:  # cancelled before the child was asked
            raise AnalysisCancelled("the run was cancelled") from None
        finally:
            if job.done or not job.sent:
                self._give_back(job.child)
            else:
                self._discard(job.child)

    def _exchange(self, job: _Job, request: AnalysisRequest, sink: RunSink, settings: Settings) -> AnalysisOutcome:
        job.sent = True
        poller = self._poll()
        poller.register(job.child.replies.fileno(), 1)  # POLLIN (and HUP) when a message or the end comes
        try:
            job.send(("run", job.number, request, settings))
        except OSError:
            return self._died(job, sink)
        relaying = True
        while True:
            message = self._receive(job, poller)
            if message is None:
                return self._died(job, sink)
            kind = message[0]
            if kind in EVENTS:
                if relaying:
                    try:
                        getattr(sink, kind)(*message[1:])
                    except AnalysisCancelled:
                        relaying = False  # the child is told; its further reports are dropped
                        job.interrupt()
                    except BaseException:
                        job.child.kill()
                        raise
                continue
            job.done = True
            if not relaying or kind == "cancelled":
                raise AnalysisCancelled("the run was cancelled")
            if kind == "ok":
                return message[1]  # type: ignore[no-any-return]
            if kind == "error":
                raise rebuilt(*message[1])
            raise AnalysisProcessError(f"the analysis failed in its process: {message[1]}")

    def _receive(self, job: _Job, poller: Any) -> tuple[Any, ...] | None:
        """The child's next message; None once it is gone (a child that has not stopped
        `kill_grace_s` after a cancel is killed)."""
        child, frames = job.child, job.frames
        while not frames.pending:
            wait = SLICE_S
            if job.cancel_at is not None:
                left = job.cancel_at + self.kill_grace_s - self.clock()
                if left <= 0:
                    if child.alive():
                        log.warning("analysis process %d did not stop within %g s of a cancel: killed",
                                    child.pid, self.kill_grace_s)  # fmt: skip
                    child.kill()
                    wait = KILL_GRACE_S
                else:
                    wait = min(wait, left)
            if poller.poll(wait * 1000) and not frames.read():
                return None
        return frames.pending.popleft()

    def _died(self, job: _Job, sink: RunSink) -> AnalysisOutcome:
        child = job.child
        child.ended(KILL_GRACE_S)  # its exit code, once the fork server reaped it
        if job.cancel_at is not None or sink.cancelled():
            raise AnalysisCancelled("the run was cancelled")
        log.warning("analysis process %d ended during a run (exit code %s)", child.pid, child.exit_code)
        raise DataPulseError(
            f"The process computing this answer ended unexpectedly (exit code {child.exit_code}); ask again.",
            code="analysis_process_died",
            status=500,
            details={"exit_code": child.exit_code},
        )

    # The children ----------------------------------------------------------------------
    def _take(self, sink: RunSink | None = None) -> Child:
        """An idle child; else a new one while fewer than `size` (plus one per child busy
        for `long_after_s`, up to twice `size` in all) exist; else wait for one given
        back. A new child pays its tables' first load (seconds for a large one), so
        children are few and kept: more would start each other when that first load
        made them long."""
        waiter = None
        while True:
            with self._lock:
                if self._closed:
                    raise DataPulseError("The platform is stopping.", code="stopping", status=503)
                if waiter is not None and waiter.child is not None:
                    child = waiter.child
                    self._busy[child] = self.clock()
                    return child
                while self._idle:
                    child = self._idle.pop()
                    if not child.ended() and child.alive():
                        self._busy[child] = self.clock()
                        return child
                    self._children.discard(child)
                    child.close(0)
                now = self.clock()
                long = sum(1 for since in self._busy.values() if now - since >= self.long_after_s)
                if len(self._children) + self._starting < self.size + min(long, self.size):
                    if waiter is not None:
                        self._waiters.remove(waiter)
                    self._starting += 1
                    break
                if waiter is None:
                    waiter = _Waiter()
                    self._waiters.append(waiter)
            if sink is not None and sink.cancelled():
                with self._lock:
                    if waiter.child is None:
                        self._waiters.remove(waiter)
                        raise AnalysisCancelled("the run was cancelled")
                continue  # handed a child meanwhile: taken above
            waiter.wake.acquire(True, SLICE_S)  # a child given back, or look again for long ones
        try:
            if self._ctx is None:
                self._ctx = context()
            child = Child(self._ctx, self.target, target=serve_analyses, name="datapulse-analysis")
        finally:
            with self._lock:
                self._starting -= 1
        with self._lock:
            self._children.add(child)
            self._busy[child] = self.clock()
            closed = self._closed
        if closed:
            self._discard(child)
            raise DataPulseError("The platform is stopping.", code="stopping", status=503)
        return child

    def _give_back(self, child: Child) -> None:
        """To the first run waiting, else kept idle (up to `size`), else ended."""
        with self._lock:
            self._busy.pop(child, None)
            if not self._closed and self._waiters:
                waiter = self._waiters.pop(0)
                waiter.child = child
                waiter.wake.release()
                return
            if not self._closed and len(self._idle) < self.size:
                self._idle.append(child)
                return
        self._discard(child)

    def _discard(self, child: Child) -> None:
        with self._lock:
            self._children.discard(child)
            self._busy.pop(child, None)
        child.close()

    def close(self) -> None:
        """Kill every child (the platform stops); running analyses end as failed."""
        with self._lock:
            self._closed = True
            children = list(self._children)
            self._children.clear()
            self._idle.clear()
            self._busy.clear()
            waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            waiter.wake.release()
        for child in children:
            child.close()


class _Waiter:
    """A run waiting for a child: woken with one (`child`), or to look again."""

    def __init__(self) -> None:
        self.child: Child | None = None
        self.wake = native_primitives().allocate_lock()
        self.wake.acquire()


def _kill_all(children: set[Child]) -> None:
    for child in list(children):
        child.kill()
