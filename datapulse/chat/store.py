"""Runs and their stored events: the single source of truth every SSE reader follows.

Every event is inserted (with the next `seq` of its run) and committed before it is
published anywhere, so a reader in any worker that polls `events_after` sees exactly
what a live reader saw. A run's final event is written in the same transaction as its
final status, and only by the one transition that wins (`UPDATE ... WHERE status IN
(...)`), so a run never has two endings.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from typing import Any, Final, cast

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from datapulse.agents.contract import AnalysisCancelled
from datapulse.agents.jsonsafe import safe
from datapulse.chat.notify import Notifier, RecentEvents
from datapulse.events import utcnow
from datapulse.storage.db import Database
from datapulse.storage.models import Conversation, Message, Run, RunEvent

# Run states (SPEC 5).
QUEUED: Final = "queued"
RUNNING: Final = "running"
COMPLETED: Final = "completed"
FAILED: Final = "failed"
CANCELLED: Final = "cancelled"
INTERRUPTED: Final = "interrupted"
ACTIVE_STATES: Final = (QUEUED, RUNNING)
FINAL_STATES: Final = (COMPLETED, FAILED, CANCELLED, INTERRUPTED)

# SSE event names (SPEC 5).
RUN_STARTED: Final = "run_started"
AGENT_UPDATE: Final = "agent_update"
DELTA: Final = "delta"
RESULT: Final = "result"
RUN_COMPLETED: Final = "run_completed"
RUN_FAILED: Final = "run_failed"
FINAL_EVENTS: Final = frozenset({RUN_COMPLETED, RUN_FAILED})


# Built once: the hot path (one insert per event) skips statement construction and the ORM.
_EVENTS = cast(Table, RunEvent.__table__)
_INSERT_EVENT = insert(_EVENTS)
_MAX_SEQ = select(func.max(_EVENTS.c.seq)).where(_EVENTS.c.run_id == bindparam("run_id"))


class RunGone(AnalysisCancelled):
    """The run was deleted (with its conversation) while it executed: stop it."""


@dataclass(frozen=True)
class StoredEvent:
    seq: int
    event: str
    data: dict[str, Any]

    @property
    def final(self) -> bool:
        return self.event in FINAL_EVENTS


def process_identity() -> str:
    """`host:pid:start-time`: tells a live owner of a run from a dead or reused pid."""
    return f"{socket.gethostname()}:{os.getpid()}:{_start_time(os.getpid())}"


def _start_time(pid: int) -> str:
    import psutil

    try:
        return f"{psutil.Process(pid).create_time():.2f}"
    except psutil.Error:
        return "gone"


def owner_alive(worker_id: str | None) -> bool:
    """False when the process that owned a run on this host is gone (or its pid was reused).
    Runs owned by another host are assumed alive: only that host can tell."""
    if not worker_id:
        return False
    host, _, rest = worker_id.partition(":")
    pid_text, _, started = rest.partition(":")
    if host != socket.gethostname():
        return True
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    return _start_time(pid) == started


class EventStore:
    """Appends and reads run events; owns the run state transitions."""

    def __init__(self, db: Database, notifier: Notifier | None = None) -> None:
        self.db = db
        self.notifier = notifier or Notifier()
        self.recent = RecentEvents()

    # Writing ------------------------------------------------------------------------
    def append(self, run_id: str, event: str, data: dict[str, Any]) -> StoredEvent:
        """Store one event with the next seq of its run (retried if another writer raced)."""
        clean = safe(data)
        for attempt in range(5):
            try:
                with self.db.engine.begin() as conn:
                    stored = self._insert(conn, run_id, event, clean)
                break
            except IntegrityError:
                self.recent.untrack(run_id)  # another process wrote too: the buffer is not whole
                if self.run_status(run_id) is None:
                    raise RunGone(run_id) from None
                if attempt == 4:
                    raise
        self.recent.add(run_id, stored)
        self.notifier.notify(run_id)
        return stored

    def finish(
        self,
        run_id: str,
        status: str,
        event: str,
        data: dict[str, Any],
        *,
        from_states: tuple[str, ...] = ACTIVE_STATES,
        assistant: Message | None = None,
        context: dict[str, Any] | None = None,
        **fields: Any,
    ) -> StoredEvent | None:
        """Move a run from one of `from_states` to the final `status` and store its final
        event, the assistant's message and the conversation's new context, atomically.
        Returns None when the run had already left those states (another transition won)."""
        clean = safe(data)
        for attempt in range(5):
            try:
                with self.db.session() as session:
                    changed = session.execute(
                        update(Run)
                        .where(Run.id == run_id, Run.status.in_(from_states))
                        .values(status=status, finished_at=utcnow(), **fields)
                        .execution_options(synchronize_session=False)
                    ).rowcount  # type: ignore[attr-defined]
                    if not changed:
                        return None
                    stored = self._insert(session.connection(), run_id, event, clean)
                    if assistant is not None or context is not None:
                        self._record_answer(session, run_id, assistant, context)
                break
            except IntegrityError:
                self.recent.untrack(run_id)
                if attempt == 4:
                    raise
        self.recent.add(run_id, stored)
        self.notifier.notify(run_id)
        return stored

    @staticmethod
    def _record_answer(
        session: Session, run_id: str, assistant: Message | None, context: dict[str, Any] | None
    ) -> None:
        conversation_id = session.scalar(select(Run.conversation_id).where(Run.id == run_id))
        if conversation_id is None:
            return
        if assistant is not None:
            session.add(
                Message(
                    conversation_id=conversation_id,
                    role=assistant.role,
                    content=assistant.content,
                    run_id=run_id,
                    results=safe(assistant.results or []),
                    meta=safe(assistant.meta or {}),
                )
            )
        values: dict[str, Any] = {"updated_at": utcnow()}
        if context is not None:
            values["context"] = safe(context)
        session.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )

    def start(self, run_id: str) -> bool:
        """queued → running; False when the run was cancelled (or taken) meanwhile."""
        with self.db.session() as session:
            changed = session.execute(
                update(Run)
                .where(Run.id == run_id, Run.status == QUEUED)
                .values(status=RUNNING, started_at=utcnow())
                .execution_options(synchronize_session=False)
            ).rowcount  # type: ignore[attr-defined]
        return bool(changed)

    def request_cancel(self, run_id: str) -> None:
        with self.db.session() as session:
            session.execute(
                update(Run)
                .where(Run.id == run_id)
                .values(cancel_requested=True)
                .execution_options(synchronize_session=False)
            )

    def _insert(self, conn: Connection, run_id: str, event: str, data: Any) -> StoredEvent:
        seq = self.recent.next_seq(run_id)
        if seq is None:
            seq = (conn.scalar(_MAX_SEQ, {"run_id": run_id}) or 0) + 1
        row = {"run_id": run_id, "seq": seq, "event": event, "data": data, "created_at": utcnow()}
        conn.execute(_INSERT_EVENT, row)
        return StoredEvent(seq, event, data)

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
    def interrupt_orphans(self) -> list[str]:
        """Mark runs whose owning process died (a crash or a kill) as interrupted, each
        with a final stored event, so that no reader waits forever. Called at start."""
        with self.db.session() as session:
            candidates = session.execute(
                select(Run.id, Run.worker_id).where(Run.status.in_(ACTIVE_STATES))
            ).all()
        interrupted = []
        for run_id, worker_id in candidates:
            if owner_alive(worker_id):
                continue
            error = {"code": INTERRUPTED, "message": "The run was cut off by a restart of the server."}
            data = {"run_id": run_id, "status": INTERRUPTED, "error": error}
            note = Message(role="assistant", content=error["message"], meta={"status": INTERRUPTED, "error": error})
            if self.finish(run_id, INTERRUPTED, RUN_FAILED, data, error=error, assistant=note):
                interrupted.append(run_id)
        return interrupted
