"""Runs and their stored events: the single source of truth every SSE reader follows.

Every event is inserted (with the next `seq` of its run) and committed before it is
published anywhere, so a reader in any worker that polls `events_after` sees exactly
what a live reader saw. A run's final event is written in the same transaction as its
final status, and only by the one transition that wins (`UPDATE ... WHERE status IN
(...)`), so a run never has two endings.
"""

from __future__ import annotations

import functools
import json
import logging
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError

from datapulse.agents.contract import AnalysisCancelled
from datapulse.bus.base import EventBus, emit
from datapulse.chat.conversations import NewRun
from datapulse.chat.notify import Notifier, RecentEvents
from datapulse.chat.writer import BatchState, Contended, EventWriter, QuietJob
from datapulse.data.values import json_safe as safe
from datapulse.errors import NotFound
from datapulse.events import FINAL_EVENTS, Event, RunEventData, RunFailed, RunStarted, bus_copy, utcnow
from datapulse.lease import Lease, LeaseCheck
from datapulse.runtime import hub_calls
from datapulse.storage.db import Database
from datapulse.storage.models import ACTIVE_RUN_STATES, Conversation, Message, Run, RunEvent, RunState

# Built once: the hot path (one insert per event) skips statement construction and the ORM.
log = logging.getLogger(__name__)
_EVENTS = cast(Table, RunEvent.__table__)
_RUNS = cast(Table, Run.__table__)
_MESSAGES = cast(Table, Message.__table__)
_CONVERSATIONS = cast(Table, Conversation.__table__)
_INSERT_MESSAGE = insert(_MESSAGES)
_TOUCH = update(_CONVERSATIONS).where(_CONVERSATIONS.c.id == bindparam("cid")).values(updated_at=bindparam("ts"))
_TOUCH_WITH_CONTEXT = _TOUCH.values(context=bindparam("ctx"))
_END_FIELDS = ("result", "error", "duration_ms")  # what a run's ending may set besides status
_END_RUN = (
    update(_RUNS)
    .where(_RUNS.c.id == bindparam("rid"), _RUNS.c.status.in_(bindparam("states", expanding=True)))
    .values(
        status=bindparam("status"),
        finished_at=bindparam("ts"),
        **{name: bindparam(f"v_{name}") for name in _END_FIELDS},
    )
    .returning(_RUNS.c.conversation_id)
)
_INSERT_EVENT = insert(_EVENTS)
_MAX_SEQ = select(func.max(_EVENTS.c.seq)).where(_EVENTS.c.run_id == bindparam("run_id"))


def _plain(data: dict[str, Any]) -> bool:
    """A flat dict of JSON-native scalars (every progress report) needs no conversion."""
    return all(
        value is None or type(value) in (str, int, bool) or (type(value) is float and math.isfinite(value))
        for value in data.values()
    )


class RunGone(AnalysisCancelled):
    """The run was deleted (with its conversation) while it executed: stop it."""


@dataclass(frozen=True)
class Answer:
    """The assistant's message a run's ending stores (a plain value: no ORM object is
    built per run on the hub)."""

    content: str
    results: list[Any] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredEvent:
    seq: int
    event: str
    data: dict[str, Any]

    @property
    def final(self) -> bool:
        return self.event in FINAL_EVENTS

    @functools.cached_property
    def sse(self) -> str:
        """The event as SSE text: `id:`, `event:` and one JSON `data:` line (JSON never
        holds a raw newline). Made once per event, by the writer's thread for the events
        it stores, not once per reader on the hub."""
        data = json.dumps(self.data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return f"id: {self.seq}\nevent: {self.event}\ndata: {data}\n\n"


class EventStore:
    """Appends and reads run events; owns the run state transitions. Every write goes
    through the process's one `EventWriter` (group commit)."""

    def __init__(
        self,
        db: Database,
        notifier: Notifier | None = None,
        *,
        stale_after_s: float = 60.0,
        bus: EventBus | None = None,
    ) -> None:
        self.db = db
        self.stale_after_s = stale_after_s
        self.bus = bus  # where the copies of stored events go (`publish=`), after the commit
        self.notifier = notifier or Notifier()
        self.recent = RecentEvents()
        calls = hub_calls()
        if calls is not None:  # readers are woken on the hub's thread
            self.notifier.dispatch = calls
        self.writer = EventWriter(db, calls, on_commit=self._committed)
        self._broken: dict[str, BaseException] = {}  # runs whose unawaited write failed

    # Writing ------------------------------------------------------------------------
    def append(self, run_id: str, event: str, data: dict[str, Any], *, wait: bool = True) -> StoredEvent | None:
        """Store one event with the next seq of its run; once it is committed, a type that
        also travels on the bus goes there as `bus_copy` of the stored event. `wait=False`
        returns at once (a run's progress reports): a failure is then raised by the run's
        next append."""
        broken = self._broken.pop(run_id, None)
        if broken is not None:
            raise broken
        job = _Append(self, run_id, event, data if _plain(data) else safe(data))
        if not wait:
            self.writer.submit_nowait(job)
            return None
        try:
            return cast(StoredEvent, self.writer.submit(job))
        except IntegrityError as exc:
            raise self._explain(run_id, exc) from None

    def record(self, run_id: str, event: RunEventData, *, wait: bool = True) -> StoredEvent | None:
        """Store one typed run event (datapulse.events)."""
        return self.append(run_id, event.name, event.payload(), wait=wait)

    def finish(
        self,
        run_id: str,
        status: str,
        event: str,
        data: dict[str, Any],
        *,
        from_states: tuple[str, ...] = ACTIVE_RUN_STATES,
        assistant: Answer | None = None,
        context: dict[str, Any] | None = None,
        **fields: Any,
    ) -> StoredEvent | None:
        """Move a run from one of `from_states` to the final `status` and store its final
        event, the assistant's message and the conversation's new context, atomically
        (after every event the run queued before). Returns None when the run had
        already left those states (another transition won)."""
        self._broken.pop(run_id, None)
        job = _Finish(self, run_id, status, event, data, from_states, assistant, context, fields)
        return cast(StoredEvent | None, self.writer.submit(job))

    def fail(
        self,
        failure: RunFailed,
        *,
        from_states: tuple[str, ...] = ACTIVE_RUN_STATES,
        answer: bool = True,
        duration_ms: float | None = None,
    ) -> StoredEvent | None:
        """End a run without an answer (failed, cancelled, interrupted): the one place the
        `run_failed` event, the run's error and (with `answer`) the assistant's note are made."""
        note = Answer(failure.message, [], {"status": str(failure.status), "error": failure.error}) if answer else None
        fields: dict[str, Any] = {"error": failure.error}
        if duration_ms is not None:
            fields["duration_ms"] = duration_ms
        return self.finish(
            failure.run_id, failure.status, failure.name, failure.payload(),
            from_states=from_states, assistant=note, **fields,
        )  # fmt: skip

    def settle(self, run_id: str | None = None) -> None:
        """Wait until every report queued so far is committed and its readers are woken;
        with `run_id`, raise what failed of that run's unawaited writes (its results are
        not awaited either: the run must not complete without them).
        A run calls it when its answer is ready, before building its ending: under gevent,
        the endings of many runs that finish at once then queue behind the readers of
        their last reports instead of in front of them (bench/bench_chat.py)."""
        self.writer.flush()
        broken = None if run_id is None else self._broken.pop(run_id, None)
        if broken is not None:
            raise broken

    def _explain(self, run_id: str, exc: BaseException) -> BaseException:
        """A write that failed for good: RunGone when the run was deleted meanwhile."""
        if isinstance(exc, IntegrityError) and self.run_status(run_id) is None:
            return RunGone(run_id)
        return exc

    def _committed(self, items: list[tuple[str, Event | None]]) -> None:
        """Once a batch is committed (on the hub's thread): wake the readers of its runs,
        then publish the bus copies, in order."""
        self.notifier.notify_many([run_id for run_id, _ in items])
        if self.bus is not None:
            for _, copy in items:
                if copy is not None:
                    emit(self.bus, copy)

    def _next_seq(self, conn: Connection, state: BatchState, run_id: str) -> int:
        seq = state.next_seq.get(run_id) or self.recent.next_seq(run_id)
        if seq is None:
            seq = (conn.scalar(_MAX_SEQ, {"run_id": run_id}) or 0) + 1
        state.next_seq[run_id] = seq + 1
        return seq

    def _insert(self, conn: Connection, state: BatchState, run_id: str, event: str, data: Any) -> StoredEvent:
        seq = self._next_seq(conn, state, run_id)
        state.add_row(
            _INSERT_EVENT, {"run_id": run_id, "seq": seq, "event": event, "data": data, "created_at": utcnow()}
        )
        return StoredEvent(seq, event, data)

    def _stored(self, run_id: str, stored: StoredEvent | None) -> tuple[str, Event | None] | None:
        """After the commit: the memory copy; the writer then hands (run, bus copy) to
        `_committed`."""
        if stored is None:
            return None
        stored.sse  # noqa: B018 - rendered here, off the hub, for every reader
        self.recent.add(run_id, stored)
        return run_id, bus_copy(run_id, stored.event, stored.data)

    def start(self, run_id: str) -> bool:
        """queued → running; False when the run was cancelled (or taken) meanwhile.
        Through the writer: on SQLite a write of its own would wait for the writer's
        lock (busy sleeps), and it commits with the other runs' events for free."""
        return cast(_Started, self.writer.submit(_Start(run_id))).applied

    def create_runs(self, runs: list[NewRun], agents: list[str]) -> None:
        """Store questions' messages and queued runs (`conversations.new_run`) through the
        writer: under gevent an insert of the hub's own would wait for the writer's lock on
        SQLite (busy sleeps that freeze the whole worker), and a thousand questions asked
        at once are committed in a few transactions, not one each. 404 when the
        conversation was deleted meanwhile.

        Each run's `run_started` (seq 1, naming `agents`) is stored with it: a stream
        opened on a queued run has its first event at once, not when a worker picks the
        run up (behind every run queued before it, bench/bench_stream_startup.py). The
        runs are then in memory (`recent`): the caller submits them or retires them."""
        try:
            self.writer.submit(_Create(self, runs, agents))
        except IntegrityError:
            cid = runs[0].message["conversation_id"]
            raise NotFound(f"No conversation with id '{cid}'.", details={"conversation_id": cid}) from None

    def request_cancel(self, run_id: str) -> None:
        with self.db.session() as session:
            session.execute(
                update(Run)
                .where(Run.id == run_id)
                .values(cancel_requested=True)
                .execution_options(synchronize_session=False)
            )

    # Reading ------------------------------------------------------------------------
    def events_after(self, run_id: str, after_seq: int = 0, limit: int = 500) -> list[StoredEvent]:
        """From memory while the run executes in this process, else from the database."""
        recent = self.recent.after(run_id, after_seq, limit)
        if recent is not None:
            return recent
        with self.db.session() as session:
            rows = session.execute(
                select(RunEvent.seq, RunEvent.event, RunEvent.data)
                .where(RunEvent.run_id == run_id, RunEvent.seq > after_seq)
                .order_by(RunEvent.seq)
                .limit(limit)
            ).all()
        return [StoredEvent(seq, event, data) for seq, event, data in rows]

    def run_status(self, run_id: str) -> str | None:
        """The run's status, None when there is no such run."""
        with self.db.session() as session:
            return session.scalar(select(Run.status).where(Run.id == run_id))

    def cancel_requested(self, run_id: str) -> bool:
        with self.db.session() as session:
            return bool(session.scalar(select(Run.cancel_requested).where(Run.id == run_id)))

    # Recovery -----------------------------------------------------------------------
    def heartbeat(self, worker_id: str) -> int:
        """Mark every active run of `worker_id` alive now; returns how many. Through the
        writer: a second writer in the hub would wait on SQLite's lock, freezing it."""
        return cast(int, self.writer.submit(_Heartbeat(worker_id)))

    def active_run_ids(self, worker_id: str) -> list[str]:
        """The queued or running runs `worker_id` owns."""
        with self.db.session() as session:
            query = select(Run.id).where(Run.worker_id == worker_id, Run.status.in_(ACTIVE_RUN_STATES))
            return list(session.scalars(query))

    def interrupt_orphans(self) -> list[str]:
        """Mark runs whose owning process died (a crash, a kill, a host that went away)
        as interrupted, each with a final stored event, so that no reader waits forever.
        Called at start and, by the executor, every little while."""
        with self.db.session() as session:
            candidates = session.execute(
                select(Run.id, Run.worker_id, func.coalesce(Run.heartbeat_at, Run.created_at)).where(
                    Run.status.in_(ACTIVE_RUN_STATES)
                )
            ).all()
        interrupted = []
        check = LeaseCheck(utcnow(), self.stale_after_s)
        for run_id, worker_id, last_seen in candidates:
            if not check.lost(Lease(worker_id, last_seen)):
                continue
            cut = "The run was cut off by a restart of the server."
            if self.fail(RunFailed(run_id, RunState.INTERRUPTED, RunState.INTERRUPTED, cut)):
                interrupted.append(run_id)
        return interrupted


class _Append:
    """One event of a run (the writer's hot path: one row of an executemany, no ORM)."""

    __slots__ = ("data", "event", "run_id", "store")
    attempts = 5  # another process may take the same seq (then the memory copy is dropped)
    early = True

    def __init__(self, store: EventStore, run_id: str, event: str, data: Any) -> None:
        self.store, self.run_id, self.event, self.data = store, run_id, event, data

    def apply(self, conn: Connection, state: BatchState) -> StoredEvent:
        return self.store._insert(conn, state, self.run_id, self.event, self.data)

    def after(self, result: StoredEvent) -> tuple[str, Event | None] | None:
        return self.store._stored(self.run_id, result)

    def conflict(self) -> None:
        self.store.recent.untrack(self.run_id)

    def failed(self, error: BaseException) -> None:
        self.store._broken[self.run_id] = self.store._explain(self.run_id, error)


_INSERT_QUESTION = insert(_MESSAGES)  # not _INSERT_MESSAGE: one executemany needs rows of one shape
_INSERT_RUN = insert(_RUNS)
# Not _INSERT_EVENT: its rows are inserted after the runs of the batch (the rows of one
# statement go in the order the statements were first used in the batch).
_INSERT_STARTED = insert(_EVENTS)
_TITLE = (
    update(_CONVERSATIONS)
    .where(_CONVERSATIONS.c.id == bindparam("cid"), or_(_CONVERSATIONS.c.title.is_(None), _CONVERSATIONS.c.title == ""))
    .values(title=bindparam("title"), updated_at=bindparam("ts"))
)


class _Create(QuietJob):
    """Questions' messages, runs and each run's `run_started`: rows of the batch's executemany."""

    def __init__(self, store: EventStore, runs: list[NewRun], agents: list[str]) -> None:
        self.store, self.runs, self.agents = store, runs, list(agents)

    def apply(self, conn: Connection, state: BatchState) -> list[tuple[str, StoredEvent]]:
        started = []
        for new in self.runs:
            message = dict(new.message)
            message["metadata"] = message.pop("meta")  # the column's name
            state.add_row(_INSERT_QUESTION, message)
            state.add_row(_INSERT_RUN, new.run)
            if new.title is not None:
                values = {"cid": new.run["conversation_id"], "title": new.title, "ts": new.run["created_at"]}
                state.add_row(_TITLE, values)
            event = RunStarted(new.run_id, new.run["conversation_id"], self.agents)
            first = StoredEvent(1, event.name, event.payload())
            state.next_seq[new.run_id] = 2
            row = {"run_id": new.run_id, "seq": 1, "event": first.event, "data": first.data, "created_at": utcnow()}
            state.add_row(_INSERT_STARTED, row)
            started.append((new.run_id, first))
        return started

    def after(self, result: list[tuple[str, StoredEvent]]) -> None:
        for run_id, first in result:
            first.sse  # noqa: B018 - rendered here, off the hub
            self.store.recent.begin(run_id, first)


_START = (
    update(_RUNS)
    .where(_RUNS.c.id == bindparam("rid"), _RUNS.c.status == RunState.QUEUED)
    .values(status=RunState.RUNNING, started_at=bindparam("ts"))
)


_START_MANY = (
    update(_RUNS)
    .where(_RUNS.c.id.in_(bindparam("rids", expanding=True)), _RUNS.c.status == RunState.QUEUED)
    .values(status=RunState.RUNNING, started_at=bindparam("ts"))
    .returning(_RUNS.c.id)
)


class _Started:
    """A start's outcome, known once its batch's step ran (true: queued → running)."""

    __slots__ = ("applied",)

    def __init__(self) -> None:
        self.applied = False


class _Start(QuietJob):
    """queued → running. In a batch, every start is one row of the batch's one UPDATE
    (`_Starts`); alone (its batch failed), its own statement."""

    def __init__(self, run_id: str) -> None:
        self.run_id = run_id

    def apply(self, conn: Connection, state: BatchState) -> _Started:
        started = _Started()
        if state.grouped:
            state.step("starts", _Starts).add(self.run_id, started)
        else:
            started.applied = bool(conn.execute(_START, {"rid": self.run_id, "ts": utcnow()}).rowcount)
        return started


class _Starts:
    """The run starts of one batch: one `UPDATE ... WHERE id IN (...) AND status =
    'queued' RETURNING id` instead of a statement per run (runs that start together, a
    thousand questions asked at once, issue 16); each start learns whether its run was
    still queued (a run cancelled while queued is not started)."""

    def __init__(self) -> None:
        self.items: dict[str, list[_Started]] = {}

    def add(self, run_id: str, started: _Started) -> None:
        self.items.setdefault(run_id, []).append(started)

    def __call__(self, conn: Connection, state: BatchState) -> None:
        applied = set(conn.execute(_START_MANY, {"rids": list(self.items), "ts": utcnow()}).scalars())
        for run_id, outcomes in self.items.items():
            if run_id in applied:
                outcomes[0].applied = True  # a second start of the same run found it running


class _Heartbeat(QuietJob):
    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id

    def apply(self, conn: Connection, state: BatchState) -> int:
        return int(
            conn.execute(
                update(_RUNS)
                .where(_RUNS.c.worker_id == self.worker_id, _RUNS.c.status.in_(ACTIVE_RUN_STATES))
                .values(heartbeat_at=utcnow())
            ).rowcount
        )


class _Finish:
    """A run's ending: status, final event, the assistant's message, the new context.
    One UPDATE ... RETURNING per run; the other rows join the batch's executemany."""

    attempts = 5
    early = False

    def __init__(
        self,
        store: EventStore,
        run_id: str,
        status: str,
        event: str,
        data: Any,
        from_states: tuple[str, ...],
        assistant: Answer | None,
        context: dict[str, Any] | None,
        fields: dict[str, Any],
    ) -> None:
        # Converted here, in the caller's thread, not in the writer's transaction; and
        # once: the message's results and metadata are the payload's own parts (by
        # identity), which are not walked again.
        self.data = safe(data)
        converted = {id(value): self.data[str(key)] for key, value in data.items()}

        def once(value: Any) -> Any:
            return converted[id(value)] if id(value) in converted else safe(value)

        self.store, self.run_id, self.status, self.event = store, run_id, status, event
        unknown = set(fields) - set(_END_FIELDS)
        if unknown:
            raise TypeError(f"a run's ending sets only {_END_FIELDS}, not {sorted(unknown)}")
        self.from_states, self.fields = from_states, fields
        self.message = (
            None
            if assistant is None
            else {
                "run_id": run_id,
                "role": "assistant",
                "content": assistant.content or "",
                "results": once(assistant.results) if assistant.results else [],
                "metadata": {str(key): once(value) for key, value in (assistant.meta or {}).items()},
            }
        )
        self.context = None if context is None else safe(context)
        self.touch = assistant is not None or context is not None

    def conflict(self) -> None:
        self.store.recent.untrack(self.run_id)

    def failed(self, error: BaseException) -> None:
        log.error("ending run %s failed: %s", self.run_id, error)

    def values(self, now: datetime) -> dict[str, Any]:
        values = {"rid": self.run_id, "status": self.status, "ts": now}
        values.update({f"v_{name}": self.fields.get(name) for name in _END_FIELDS})
        return values

    def apply(self, conn: Connection, state: BatchState) -> StoredEvent | None:
        now = utcnow()
        if state.grouped:  # optimistic: the batch's endings all apply (else redone alone)
            state.step("endings", _Endings).add(self, now)
            return self.store._insert(conn, state, self.run_id, self.event, self.data)
        conversation_id = conn.execute(_END_RUN, {**self.values(now), "states": list(self.from_states)}).scalar()
        if conversation_id is None:
            return None  # another transition won (or the run is gone)
        stored = self.store._insert(conn, state, self.run_id, self.event, self.data)
        self.answer_rows(state, conversation_id, now)
        return stored

    def answer_rows(self, state: BatchState, conversation_id: str, now: datetime) -> None:
        if self.message is not None:
            state.add_row(_INSERT_MESSAGE, {**self.message, "conversation_id": conversation_id})
        if self.context is not None:
            state.add_row(_TOUCH_WITH_CONTEXT, {"cid": conversation_id, "ts": now, "ctx": self.context})
        elif self.touch:
            state.add_row(_TOUCH, {"cid": conversation_id, "ts": now})

    def after(self, result: StoredEvent | None) -> tuple[str, Event | None] | None:
        return self.store._stored(self.run_id, result)


class _Endings:
    """The run endings of one batch: one executemany UPDATE per set of from-states and
    one SELECT of their conversations, instead of a statement or two per run. If any
    run had left its from-states (another transition won), the batch is redone job by
    job, where each ending tells for itself."""

    def __init__(self) -> None:
        self.items: list[tuple[_Finish, datetime]] = []

    def add(self, finish: _Finish, now: datetime) -> None:
        self.items.append((finish, now))

    def __call__(self, conn: Connection, state: BatchState) -> None:
        by_states: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for finish, now in self.items:
            by_states.setdefault(finish.from_states, []).append(finish.values(now))
        for states, rows in by_states.items():
            changed = conn.execute(_end_many(states), rows).rowcount
            if not conn.dialect.supports_sane_multi_rowcount or changed != len(rows):
                raise Contended(f"{len(rows) - changed} of {len(rows)} run endings did not apply")
        ids = [finish.run_id for finish, _ in self.items]
        conversations = dict(conn.execute(select(_RUNS.c.id, _RUNS.c.conversation_id).where(_RUNS.c.id.in_(ids))).all())
        for finish, now in self.items:
            finish.answer_rows(state, conversations[finish.run_id], now)


@functools.cache
def _end_many(states: tuple[str, ...]) -> Any:
    """_END_RUN for executemany: its from-states are fixed in the statement (an expanding
    IN cannot be used with executemany)."""
    return (
        update(_RUNS)
        .where(_RUNS.c.id == bindparam("rid"), _RUNS.c.status.in_([literal(s) for s in states]))
        .values(
            status=bindparam("status"),
            finished_at=bindparam("ts"),
            **{name: bindparam(f"v_{name}") for name in _END_FIELDS},
        )
    )
