"""Group commit of run events: one writer thread per process stores what every run reports.

A thousand runs that each commit their own insert serialise on the database's write
lock (SQLite) or on round trips (PostgreSQL), and under gevent each commit also stalls
every stream of the worker. The writer instead takes everything queued since its last
commit and stores it in ONE transaction, in submission order; only then are the events
visible to readers (the in-memory copy, the wake-ups and the bus copies follow the
commit), so "written before sent" holds.

A caller either waits for its job (a native thread on a native Event, a greenlet on a
gevent Event set from the hub) or does not (a run's progress reports: the run learns of
a failure at its next report). If a batch fails, its jobs are retried one by one, each
up to `attempts` times, so one bad job fails alone.

It is our own code on purpose: neither SQLAlchemy nor a queue library commits the work of
many callers in one transaction while each waits for its own result, and a commit per
event was measured far slower under many concurrent runs (bench/bench_chat.py).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from datapulse.runtime import native_primitives, os_lock
from datapulse.storage.db import Database

log = logging.getLogger(__name__)
MAX_BATCH = 2000  # jobs per transaction: bounds one commit's time when a backlog built up


class Job(Protocol):
    """One unit of work inside the writer's transaction."""

    attempts: int  # tries when it fails alone on a conflict (IntegrityError)
    early: bool  # may be committed before the other jobs of its batch (progress reports)

    def apply(self, conn: Connection, batch: BatchState) -> Any:
        """Execute the statements; the return value goes to `after` and to the caller."""

    def after(self, result: Any) -> Any:
        """Effects once the transaction committed (the memory copy); returns what the
        writer hands to `on_commit` (None: nothing)."""

    def conflict(self) -> None:
        """Called before a retry after an IntegrityError (drop what may be stale)."""

    def failed(self, error: BaseException) -> None:
        """The job failed for good and nobody waits for it."""


class BatchState:
    """What the jobs of one transaction share: the next seq of each run they wrote to, the
    rows to insert (one executemany per statement when the batch ends), and `steps` that
    jobs registered to run just before those rows, once for the whole batch.

    `grouped` is False when a job runs alone (after its batch failed): jobs then do
    their work directly, without optimistic grouping."""

    def __init__(self, grouped: bool = True) -> None:
        self.grouped = grouped
        self.next_seq: dict[str, int] = {}
        self.rows: dict[Any, list[dict[str, Any]]] = {}
        self.steps: dict[str, Callable[[Connection, BatchState], None]] = {}

    def add_row(self, statement: Any, row: dict[str, Any]) -> None:
        self.rows.setdefault(statement, []).append(row)

    def step(self, name: str, make: Callable[[], Any]) -> Any:
        """The batch's step called `name`, made on first use."""
        if name not in self.steps:
            self.steps[name] = make()
        return self.steps[name]

    def flush(self, conn: Connection) -> None:
        for step in self.steps.values():
            step(conn, self)
        self.steps.clear()
        for statement, rows in self.rows.items():
            conn.execute(statement, rows)
        self.rows.clear()


class Contended(Exception):
    """A grouped step found the database other than it assumed: redo the batch job by job."""


class _Ticket:
    __slots__ = ("done", "error", "job", "result")

    def __init__(self, job: Job, done: Any) -> None:
        self.job, self.done = job, done
        self.result: Any = None
        self.error: BaseException | None = None


class EventWriter:
    """The one writer of run events (and run endings) of this process.

    `on_commit(items)` receives, once per batch and in order, what the committed jobs'
    `after` returned; it runs on the hub's thread under gevent (one hand-over a batch)."""

    def __init__(
        self, db: Database, hub_calls: Any | None = None, on_commit: Callable[[list[Any]], None] | None = None
    ) -> None:
        self.db = db
        self.calls = hub_calls
        self.on_commit = on_commit
        self._native_event, queue_type, self._start_thread, *_ = native_primitives()
        self._queue: Any = queue_type()
        self._lock = os_lock()  # run threads (native) and greenlets both start the writer
        self._started = False
        self.batches = 0
        self.jobs = 0

    def submit(self, job: Job) -> Any:
        """Queue `job` and wait until its transaction committed; its result, or raise."""
        ticket = _Ticket(job, self._event_for_caller())
        self._put(ticket)
        _wait(ticket.done)
        if ticket.error is not None:
            raise ticket.error
        return ticket.result

    def submit_nowait(self, job: Job) -> None:
        """Queue `job` and return at once; a failure goes to `job.failed`."""
        self._put(_Ticket(job, None))

    def flush(self) -> None:
        """Wait until everything queued before this call is committed (tests, shutdown)."""
        self.submit(_Barrier())

    def close(self) -> None:
        """Write everything queued so far, then stop the writer thread (shutdown); a
        later submission starts a new one."""
        with self._lock:
            if not self._started:
                return
            self._started = False
        ticket = _Ticket(_Stop(), self._event_for_caller())
        self._queue.put(ticket)
        _wait(ticket.done)

    def stats(self) -> dict[str, Any]:
        return {"batches": self.batches, "jobs": self.jobs, "mean_batch": round(self.jobs / max(1, self.batches), 2)}

    def _put(self, ticket: _Ticket) -> None:
        if not self._started:
            with self._lock:
                if not self._started:
                    self._start_thread(self._loop, ())
                    self._started = True
        self._queue.put(ticket)

    def _event_for_caller(self) -> Any:
        if self.calls is not None and self.calls.in_hub():
            return threading.Event()  # patched by gevent: a greenlet primitive
        return self._native_event()

    # The writer thread --------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            batch: list[_Ticket] = []
            ticket = self._queue.get()
            while not isinstance(ticket.job, _Stop):
                batch.append(ticket)
                if len(batch) >= MAX_BATCH:
                    break
                try:
                    ticket = self._queue.get_nowait()
                except Exception:  # queue.Empty, whichever module's it is
                    break
            if batch:
                self._write_batch(batch)
            if isinstance(ticket.job, _Stop):  # everything queued before it is written
                self._complete([ticket], [])
                return

    def _write_batch(self, batch: list[_Ticket]) -> None:
        early = [ticket for ticket in batch if ticket.job.early]
        if early and len(early) < len(batch):
            # Progress reports first, in a transaction of their own, so that a burst of
            # run endings (heavier) does not delay them. A run's order is kept: its
            # ending is queued after all of its reports.
            self._write_safely(early)
            self._write_safely([ticket for ticket in batch if not ticket.job.early])
        else:
            self._write_safely(batch)

    def _write_safely(self, batch: list[_Ticket]) -> None:
        try:
            self._write_part(batch)
        except BaseException as exc:  # the thread must survive anything one batch does
            log.exception("the event writer failed a batch of %d", len(batch))
            for ticket in batch:
                if ticket.error is None:
                    ticket.error = exc
            self._complete(batch, [])

    def _write_part(self, batch: list[_Ticket]) -> None:
        try:
            state = BatchState(grouped=len(batch) > 1)
            with self.db.engine.begin() as conn:
                results = [ticket.job.apply(conn, state) for ticket in batch]
                state.flush(conn)
            for ticket, result in zip(batch, results, strict=True):
                ticket.result = result
        except Exception:  # one job spoilt the transaction: give each its own
            for ticket in batch:
                self._write_alone(ticket)
        self.batches += 1
        self.jobs += len(batch)
        committed: list[Any] = []
        for ticket in batch:
            if ticket.error is not None:
                continue
            try:
                item = ticket.job.after(ticket.result)
            except Exception as exc:  # noqa: BLE001 - reported to the caller
                ticket.error = exc
                continue
            if item is not None:
                committed.append(item)
        self._complete(batch, committed)

    def _write_alone(self, ticket: _Ticket) -> None:
        ticket.result = ticket.error = None
        for attempt in range(max(1, ticket.job.attempts)):
            try:
                state = BatchState(grouped=False)
                with self.db.engine.begin() as conn:
                    ticket.result = ticket.job.apply(conn, state)
                    state.flush(conn)
                return
            except IntegrityError as exc:
                ticket.error = exc
                if attempt + 1 < ticket.job.attempts:
                    ticket.job.conflict()
            except Exception as exc:  # noqa: BLE001 - handed to the caller, raised there
                ticket.error = exc
                return

    def _complete(self, batch: list[_Ticket], committed: list[Any]) -> None:
        hub_side = []
        for ticket in batch:
            if ticket.done is None:
                if ticket.error is not None:
                    try:
                        ticket.job.failed(ticket.error)
                    except Exception:
                        log.exception("reporting a failed event write failed")
            elif isinstance(ticket.done, self._native_event):
                ticket.done.set()
            else:
                hub_side.append(ticket.done)
        if self.calls is not None:
            if committed or hub_side:  # one hand-over to the hub for the whole batch
                self.calls(self._on_hub, committed, hub_side)
        else:
            self._on_hub(committed, hub_side)

    def _on_hub(self, committed: list[Any], waiters: list[Any]) -> None:
        try:
            if committed and self.on_commit is not None:
                self.on_commit(committed)
        finally:
            for event in waiters:
                event.set()


WAKE_S = 1.0  # a waiting greenlet's timer: keeps an otherwise idle hub's loop alive


def _wait(done: Any) -> None:
    """Wait for the writer to set `done`. In a greenlet the hand-back comes through the
    hub's thread-safe callback, which does not keep the loop alive: with nothing else to
    wait for (a gunicorn worker's start-up check and its stop, before and after it
    serves) a bare wait raised gevent's LoopExit, the worker failed to boot or stopped
    without writing. A timed wait holds a timer, so the loop runs until the writer is done."""
    while not done.wait(WAKE_S):
        pass


class QuietJob:
    """Defaults for a job that stores no run event: one try, not early, nothing to
    hand over after the commit, nothing to drop on a conflict or to report on failure."""

    attempts = 1
    early = False

    def after(self, result: Any) -> None:
        return None

    def conflict(self) -> None:
        return None

    def failed(self, error: BaseException) -> None:
        return None


class _Stop(QuietJob):
    """Not written: the writer thread ends when it reaches it."""

    def apply(self, conn: Connection, batch: BatchState) -> None:
        raise AssertionError("a stop is never applied")


class _Barrier(QuietJob):
    """A job that writes nothing: `flush` waits for it."""

    def apply(self, conn: Connection, batch: BatchState) -> None:
        return None
