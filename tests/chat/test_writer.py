"""The event store's group commit (datapulse/chat/writer.py) on a real database: batching,
order, isolation of a failing job, run endings that race, heartbeats and the orphan check
for runs of another host, and the in-memory copy of finished runs."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import delete, select, update

from datapulse.bus.base import MemoryBus
from datapulse.chat.executor import RunExecutor
from datapulse.chat.notify import RecentEvents
from datapulse.chat.store import Answer, EventStore, RunGone, StoredEvent
from datapulse.chat.writer import BatchState, Contended, QuietJob
from datapulse.events import AGENT_UPDATE, RUN_COMPLETED, RUN_FAILED, RunFailed, utcnow
from datapulse.storage.db import Database, open_database
from datapulse.storage.models import Conversation, Message, Run, RunEvent, RunState

QUEUED, RUNNING, COMPLETED = RunState.QUEUED, RunState.RUNNING, RunState.COMPLETED
FAILED, CANCELLED, INTERRUPTED = RunState.FAILED, RunState.CANCELLED, RunState.INTERRUPTED


@pytest.fixture
def db(settings) -> Database:  # type: ignore[no-untyped-def]
    database = open_database(settings)
    yield database
    database.dispose()


def new_runs(db: Database, count: int, status: str = RUNNING, worker_id: str = "test:1:1") -> tuple[str, list[str]]:
    with db.session() as session:
        conv = Conversation(title="t", file_ids=[], datasource_ids=[], context={})
        session.add(conv)
        session.flush()
        runs = [
            Run(conversation_id=conv.id, question="q", status=status, worker_id=worker_id, heartbeat_at=utcnow())
            for _ in range(count)
        ]
        session.add_all(runs)
        session.flush()
        return conv.id, [run.id for run in runs]


def stored(db: Database, run_id: str) -> list[tuple[int, str, dict[str, Any]]]:
    with db.session() as session:
        rows = session.execute(
            select(RunEvent.seq, RunEvent.event, RunEvent.data).where(RunEvent.run_id == run_id).order_by(RunEvent.seq)
        ).all()
    return [(seq, event, data) for seq, event, data in rows]


class Gate(QuietJob):
    """A job that holds the writer until opened, so that what is queued meanwhile is
    written as one batch (deterministic batching, no sleeps)."""

    def __init__(self) -> None:
        self.entered, self.opened = threading.Event(), threading.Event()

    def apply(self, conn: Any, state: BatchState) -> None:
        self.entered.set()
        assert self.opened.wait(10)


def wait_queued(store: EventStore, count: int) -> None:
    """Until `count` jobs wait in the writer's queue (the writer is held by a Gate)."""
    deadline = time.monotonic() + 5
    while store.writer._queue.qsize() < count and time.monotonic() < deadline:
        time.sleep(0.005)


def hold(store: EventStore) -> tuple[Gate, threading.Thread]:
    gate = Gate()
    thread = threading.Thread(target=store.writer.submit, args=(gate,))
    thread.start()
    assert gate.entered.wait(10)
    return gate, thread


def queue_behind(store: EventStore, gate: Gate, holder: threading.Thread, callers: list[threading.Thread]) -> None:
    """Start `callers` while `holder` keeps the writer busy, let the writer go once each
    has queued its job, and wait for all of them: their jobs are committed together."""
    for caller in callers:
        caller.start()
    wait_queued(store, len(callers))
    gate.opened.set()
    for caller in [*callers, holder]:
        caller.join(10)


def test_reports_queued_together_are_committed_in_one_transaction_in_order(db: Database) -> None:
    store = EventStore(db)
    _, runs = new_runs(db, 4)
    gate, thread = hold(store)
    for i in range(50):
        for run_id in runs:
            store.append(run_id, AGENT_UPDATE, {"agent": "a", "progress": i}, wait=False)
    gate.opened.set()
    thread.join(10)
    store.writer.flush()
    assert store.writer.stats()["batches"] == 3  # the gate, the 200 reports, the flush barrier
    for run_id in runs:
        events = stored(db, run_id)
        assert [seq for seq, _, _ in events] == list(range(1, 51))
        assert [data["progress"] for _, _, data in events] == list(range(50))


def test_appends_from_many_threads_get_gapless_seqs(db: Database) -> None:
    store = EventStore(db)
    _, (run_id,) = new_runs(db, 1)
    threads = [
        threading.Thread(target=lambda: [store.append(run_id, AGENT_UPDATE, {"n": i}) for i in range(20)])
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [seq for seq, _, _ in stored(db, run_id)] == list(range(1, 161))


def test_a_failing_job_fails_alone_and_the_batch_around_it_is_stored(db: Database) -> None:
    """A report for a run that no longer exists (foreign key) spoils its batch: the
    others are redone one by one and stored; the bad one raises RunGone to its caller."""
    store = EventStore(db)
    _, (good,) = new_runs(db, 1)
    gate, thread = hold(store)
    results: dict[str, Any] = {}

    def waiting_append(run_id: str) -> None:
        try:
            results[run_id] = store.append(run_id, AGENT_UPDATE, {"x": 1})
        except Exception as exc:  # noqa: BLE001 - what the caller sees
            results[run_id] = exc

    callers = [threading.Thread(target=waiting_append, args=(run_id,)) for run_id in (good, "no-such-run")]
    queue_behind(store, gate, thread, callers)
    assert isinstance(results["no-such-run"], RunGone)
    assert isinstance(results[good], StoredEvent) and results[good].seq == 1
    assert [seq for seq, _, _ in stored(db, good)] == [1]


def test_an_unawaited_report_that_failed_stops_the_run_at_its_next_report(db: Database) -> None:
    store = EventStore(db)
    _, (run_id,) = new_runs(db, 1)
    with db.session() as session:  # the run deleted mid-run (with its conversation)
        session.execute(delete(Run).where(Run.id == run_id))
    store.append(run_id, AGENT_UPDATE, {"x": 1}, wait=False)
    store.writer.flush()
    with pytest.raises(RunGone):
        store.append(run_id, AGENT_UPDATE, {"x": 2}, wait=False)
    store.append(run_id, AGENT_UPDATE, {"x": 3}, wait=False)  # reported once, not forever
    store.writer.flush()


def test_bus_copies_follow_the_commit_and_failed_writes_publish_nothing(db: Database) -> None:
    bus = MemoryBus()
    store = EventStore(db, bus=bus)
    _, (run_id,) = new_runs(db, 1)
    store.append(run_id, AGENT_UPDATE, {"x": 1})
    store.append("no-such-run", AGENT_UPDATE, {"x": 1}, wait=False)
    store.writer.flush()
    published = [e for e in bus.events if e.type == "agent_update"]
    assert [e.data for e in published] == [{"x": 1, "run_id": run_id}]  # the stored payload plus run_id


def test_values_that_are_not_plain_json_are_converted_before_storing(db: Database) -> None:
    store = EventStore(db)
    _, (run_id,) = new_runs(db, 1)
    event = store.append(run_id, AGENT_UPDATE, {"nan": float("nan"), "when": utcnow() - timedelta(seconds=5)})
    assert event is not None and event.data["nan"] is None and event.data["when"].endswith("Z")
    assert stored(db, run_id)[0][2] == event.data


def test_two_endings_of_one_run_in_one_batch_only_the_first_wins(db: Database) -> None:
    """Grouped endings are optimistic: the loser makes the batch fall back to one job
    at a time, where it returns None and stores nothing."""
    store = EventStore(db)
    conversation_id, (run_id,) = new_runs(db, 1)
    gate, thread = hold(store)
    outcomes: list[Any] = []
    enders = [
        threading.Thread(
            target=lambda status=status: outcomes.append(
                (status, store.finish(run_id, status, RUN_COMPLETED, {"s": status}, assistant=Answer(status)))
            )
        )
        for status in (COMPLETED, CANCELLED)
    ]
    for queued, ender in enumerate(enders, start=1):
        ender.start()
        wait_queued(store, queued)  # in this order: COMPLETED is queued first
    gate.opened.set()
    for ender in [*enders, thread]:
        ender.join(10)
    winners = [status for status, result in outcomes if result is not None]
    assert winners == [COMPLETED]
    with db.session() as session:
        assert session.scalar(select(Run.status).where(Run.id == run_id)) == winners[0]
        contents = session.scalars(select(Message.content).where(Message.conversation_id == conversation_id)).all()
    assert contents == winners
    assert [event for _, event, _ in stored(db, run_id)] == [RUN_COMPLETED]


def test_grouped_endings_raise_contended_when_a_run_left_its_state(db: Database) -> None:
    store = EventStore(db)
    _, (run_id,) = new_runs(db, 1, status=RUNNING)
    from datapulse.chat.store import _Endings, _Finish

    endings = _Endings()
    endings.add(_Finish(store, run_id, CANCELLED, RUN_FAILED, {}, (QUEUED,), None, None, {}), utcnow())
    with pytest.raises(Contended), db.engine.begin() as conn:
        endings(conn, BatchState())


def test_many_endings_in_one_batch_store_answers_and_context(db: Database) -> None:
    store = EventStore(db)
    conversation_id, runs = new_runs(db, 5)
    gate, thread = hold(store)
    enders = [
        threading.Thread(
            target=store.finish,
            args=(run_id, COMPLETED, RUN_COMPLETED, {"n": i}),
            kwargs={
                "assistant": Answer(f"answer {i}", [{"kind": "text"}], {"i": i}),
                "context": {"last": i},
                "duration_ms": 1.5,
            },
        )  # fmt: skip
        for i, run_id in enumerate(runs)
    ]
    queue_behind(store, gate, thread, enders)
    with db.session() as session:
        states = dict(session.execute(select(Run.id, Run.status).where(Run.id.in_(runs))).all())
        messages = session.execute(select(Message.content, Message.meta).where(Message.run_id.in_(runs))).all()
        context = session.scalar(select(Conversation.context).where(Conversation.id == conversation_id))
    assert set(states.values()) == {COMPLETED}
    assert sorted(content for content, _ in messages) == [f"answer {i}" for i in range(5)]
    assert context["last"] in range(5)


def test_an_ending_refuses_fields_it_does_not_know(db: Database) -> None:
    store = EventStore(db)
    _, (run_id,) = new_runs(db, 1)
    with pytest.raises(TypeError):
        store.finish(run_id, FAILED, RUN_FAILED, {}, status_text="x")


def test_the_writer_survives_a_job_that_raises_after_its_commit(db: Database) -> None:
    store = EventStore(db)
    _, (run_id,) = new_runs(db, 1)

    class Boom(Gate):
        def apply(self, conn: Any, state: BatchState) -> None:
            return None

        def after(self, result: Any) -> None:
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        store.writer.submit(Boom())
    assert store.append(run_id, AGENT_UPDATE, {"still": "writing"}) is not None


def test_heartbeat_marks_only_the_workers_active_runs(db: Database) -> None:
    store = EventStore(db)
    _, mine = new_runs(db, 2, worker_id="me:1:1")
    _, done = new_runs(db, 1, status=COMPLETED, worker_id="me:1:1")
    _, theirs = new_runs(db, 1, worker_id="other:1:1")
    old = utcnow() - timedelta(hours=1)
    with db.session() as session:
        session.execute(update(Run).values(heartbeat_at=old))
    assert store.heartbeat("me:1:1") == 2
    with db.session() as session:
        beats = dict(session.execute(select(Run.id, Run.heartbeat_at)).all())
    fresh = {run_id for run_id, beat in beats.items() if beat.replace(tzinfo=None) > old.replace(tzinfo=None)}
    assert fresh == set(mine) and not fresh & set(done + theirs)


def test_runs_of_another_host_are_interrupted_once_their_heartbeat_is_stale(db: Database) -> None:
    store = EventStore(db, stale_after_s=60)
    _, (stale, fresh, never) = new_runs(db, 3, worker_id="elsewhere:42:1.00")
    with db.session() as session:
        session.execute(update(Run).where(Run.id == stale).values(heartbeat_at=utcnow() - timedelta(seconds=61)))
        session.execute(
            update(Run).where(Run.id == never).values(heartbeat_at=None, created_at=utcnow() - timedelta(hours=1))
        )  # noqa: E501
    assert sorted(store.interrupt_orphans()) == sorted([stale, never])
    with db.session() as session:
        states = dict(session.execute(select(Run.id, Run.status)).all())
    assert states == {stale: INTERRUPTED, never: INTERRUPTED, fresh: RUNNING}
    assert stored(db, stale)[-1][1] == RUN_FAILED


def test_the_executor_keeps_its_runs_alive_and_ends_those_of_a_vanished_host(db: Database, settings) -> None:  # type: ignore[no-untyped-def]
    """Without a restart: the housekeeping round marks this worker's runs alive and ends
    a run whose host stopped doing so."""
    store = EventStore(db, stale_after_s=0.4)
    started = threading.Event()

    def analyse(request: Any, sink: Any, settings: Any) -> Any:
        started.set()
        while not sink.cancelled():
            time.sleep(0.02)
        raise RunGone("stop")

    executor = RunExecutor(store, MemoryBus(), settings, analyse=analyse)
    executor.list_agents = lambda: ["a"]
    _, (vanished,) = new_runs(db, 1, worker_id="gone-host:1:1.00")
    _, (local,) = new_runs(db, 1, status=QUEUED, worker_id=executor.identity)
    try:
        executor.submit(local)
        assert started.wait(10)
        deadline = time.monotonic() + 10
        while store.run_status(vanished) != INTERRUPTED and time.monotonic() < deadline:
            time.sleep(0.05)
        assert store.run_status(vanished) == INTERRUPTED
        assert store.run_status(local) == RUNNING  # its heartbeat kept it alive
    finally:
        executor.shutdown()


def test_finished_runs_stay_readable_from_memory_for_a_while() -> None:
    now = [100.0]
    recent = RecentEvents(retain_s=0.2, clock=lambda: now[0])
    recent.track("r", fresh=True)
    recent.add("r", StoredEvent(1, RUN_COMPLETED, {}))
    recent.retire("r")
    assert recent.after("r", 0, 10) == [StoredEvent(1, RUN_COMPLETED, {})]
    now[0] += 0.19
    recent.sweep()
    assert recent.after("r", 0, 10) == [StoredEvent(1, RUN_COMPLETED, {})]
    now[0] += 0.02
    recent.sweep()
    assert recent.after("r", 0, 10) is None


GEVENT_SCRIPT = """
from gevent import monkey
monkey.patch_all()
import sys, threading
from pathlib import Path
import gevent
from datapulse.chat.store import EventStore
from datapulse.events import AGENT_UPDATE, RUN_COMPLETED
from datapulse.storage.models import RunState
COMPLETED = RunState.COMPLETED
from datapulse.settings import load_settings
from datapulse.storage.db import open_database
from datapulse.storage.models import Conversation, Run

root = Path(sys.argv[1])
settings = load_settings(environ={"DATA_DIR": str(root / "data"), "UPLOAD_FOLDER": str(root / "up"),
                                  "DATABASE_URL": sys.argv[2]}, env_file=None)
db = open_database(settings)
store = EventStore(db)
assert store.writer.calls is not None  # under gevent the writer hands back to the hub
with db.session() as session:
    conv = Conversation(title="t", file_ids=[], datasource_ids=[], context={})
    session.add(conv)
    session.flush()
    runs = [Run(conversation_id=conv.id, question="q", status="running") for _ in range(40)]
    session.add_all(runs)
    session.flush()
    ids = [run.id for run in runs]
def run(run_id):  # a greenlet: waits on a gevent Event set from the hub
    for i in range(5):
        store.append(run_id, AGENT_UPDATE, {"i": i}, wait=(i % 2 == 0))
    return store.finish(run_id, COMPLETED, RUN_COMPLETED, {"done": True})
def native(run_id, out):  # a native thread: waits on a native Event
    out.append(store.append(run_id, AGENT_UPDATE, {"native": True}))
greenlets = [gevent.spawn(run, run_id) for run_id in ids[:30]]
out = []
pool = gevent.get_hub().threadpool
natives = [pool.spawn(native, run_id, out) for run_id in ids[30:]]
gevent.joinall(greenlets, timeout=150)
gevent.joinall(natives, timeout=150)
problems = [(g.exception, g.value) for g in greenlets if not g.successful() or g.value is None]
assert not problems, problems
assert len(out) == 10 and all(e.seq == 1 for e in out), out
for run_id in ids[:30]:
    seqs = [e.seq for e in store.events_after(run_id)]
    assert seqs == [1, 2, 3, 4, 5, 6], seqs
print("ok", store.writer.stats())
"""


def test_under_gevent_greenlets_and_native_threads_both_wait_for_their_commit(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [sys.executable, "-c", GEVENT_SCRIPT, str(tmp_path), settings.DATABASE_URL],
        capture_output=True,
        text=True,
        timeout=360,  # a safety net only: the joins inside wait for the commits, however busy the machine
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("ok")


def test_close_writes_what_was_queued_then_a_new_thread_takes_over(db: Database) -> None:
    store = EventStore(db)
    _, (run_id,) = new_runs(db, 1)
    for i in range(30):
        store.append(run_id, AGENT_UPDATE, {"i": i}, wait=False)
    store.writer.close()
    assert [seq for seq, _, _ in stored(db, run_id)] == list(range(1, 31))  # written before it stopped
    store.writer.close()  # closing a stopped writer is a no-op
    assert store.append(run_id, AGENT_UPDATE, {"i": 30}).seq == 31  # a new writer thread
    store.writer.close()


def test_questions_asked_together_are_stored_in_one_transaction_and_titled_once(db: Database) -> None:
    """Questions' messages and queued runs go through the writer: those queued together
    commit as one batch, and an untitled conversation takes one title from them. Each run
    is stored with its run_started (seq 1), also in a batch whose first job is another
    run's event (its rows go in after the runs they belong to)."""
    from datapulse.chat import conversations as convs

    store = EventStore(db)
    _, (other,) = new_runs(db, 1)
    with db.session() as session:
        conv = Conversation(title="", file_ids=[], datasource_ids=[], context={})
        session.add(conv)
        session.flush()
        session.expunge(conv)
    made = [convs.new_run(conv, f"question {i}\nmore", "test:1:1") for i in range(20)]
    gate, thread = hold(store)
    ending = threading.Thread(target=store.fail, args=(RunFailed(other, FAILED, "x", "y"),))
    ending.start()
    wait_queued(store, 1)
    askers = [threading.Thread(target=store.create_runs, args=([new], ["a", "b"])) for new in made]
    for asker in askers:
        asker.start()
    wait_queued(store, len(made) + 1)
    batches = store.writer.stats()["batches"]
    transactions: list[object] = []
    began = transactions.append
    sqlalchemy.event.listen(db.engine, "begin", began)
    gate.opened.set()
    for asker in [thread, ending, *askers]:
        asker.join(10)
    sqlalchemy.event.remove(db.engine, "begin", began)
    assert store.writer.stats()["batches"] == batches + 2  # the gate, then the ending and the twenty questions
    assert len(transactions) == 1  # none of the jobs had to be redone alone
    assert stored(db, other)[0][:2] == (1, RUN_FAILED)
    for new in made:
        started = {"run_id": new.run_id, "conversation_id": conv.id, "agents": ["a", "b"]}
        assert stored(db, new.run_id) == [(1, "run_started", started)]
        assert [(e.seq, e.event, e.data) for e in store.events_after(new.run_id)] == [(1, "run_started", started)]
    store.recent.track(made[0].run_id, fresh=True)  # as the executor does when it is submitted
    assert store.append(made[0].run_id, AGENT_UPDATE, {"agent": "a"}).seq == 2
    assert [seq for seq, _, _ in stored(db, made[0].run_id)] == [1, 2]
    with db.session() as session:
        runs = {r.id: r for r in session.scalars(select(Run).where(Run.conversation_id == conv.id))}
        messages = {m.id: m for m in session.scalars(select(Message).where(Message.conversation_id == conv.id))}
        title = session.get(Conversation, conv.id).title
    assert title in {f"question {i}" for i in range(20)}  # the first line of the first stored
    for new in made:
        run, message = runs[new.run_id], messages[new.message_id]
        assert run.status == QUEUED and run.message_id == message.id and message.run_id == run.id
        assert message.role == "user" and run.question == message.content == new.message["content"]


def test_a_question_for_a_deleted_conversation_is_not_found(db: Database) -> None:
    from datapulse.chat import conversations as convs
    from datapulse.errors import NotFound

    store = EventStore(db)
    with db.session() as session:
        conv = Conversation(title="t", file_ids=[], datasource_ids=[], context={})
        session.add(conv)
        session.flush()
        session.expunge(conv)
    new = convs.new_run(conv, "q", "test:1:1")
    with db.session() as session:
        session.execute(delete(Conversation).where(Conversation.id == conv.id))
    with pytest.raises(NotFound):
        store.create_runs([new], ["a"])
    with db.session() as session:
        assert session.get(Run, new.run_id) is None
    assert not store.recent.tracked(new.run_id)


IDLE_HUB_SCRIPT = """
from gevent import monkey
monkey.patch_all()
import sys
from pathlib import Path
from datapulse.api.app import create_app
from datapulse.settings import load_settings
from datapulse.storage.db import migrate_database
from datapulse.storage.models import Conversation, Run

root = Path(sys.argv[1])
settings = load_settings(environ={"DATA_DIR": str(root / "data"), "UPLOAD_FOLDER": str(root / "up"),
                                  "DATABASE_URL": sys.argv[2], "WS_PORT": "1"}, env_file=None)
migrate_database(settings)  # as the launcher does before any worker starts
platform = create_app(settings).extensions["datapulse"]
with platform.db.session() as session:
    conv = Conversation(title="t", file_ids=[], datasource_ids=[], context={})
    session.add(conv)
    session.flush()
    run = Run(conversation_id=conv.id, question="q", status="running", worker_id=sys.argv[3])
    session.add(run)
    session.flush()
    run_id = run.id
platform.start()  # as gunicorn's post_worker_init: the hub has nothing else to wait for
with platform.db.session() as session:
    assert session.get(Run, run_id).status == "interrupted"
platform.stop(timeout=3)  # as worker_exit: the writer closes, after writing
print("ok")
"""


def test_a_workers_start_and_stop_write_through_an_idle_hub(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """A gunicorn worker starts its platform before it serves and stops it after: its hub
    then waits for nothing but the writer. The start-up check that ends a dead worker's
    runs raised gevent's LoopExit there (the worker failed to boot; with a worker killed
    alone, gunicorn's master gave up), and the stop did not close the writer."""
    dead = f"{socket.gethostname()}:999999999:1.00"
    result = subprocess.run(
        [sys.executable, "-c", IDLE_HUB_SCRIPT, str(tmp_path), settings.DATABASE_URL, dead],
        capture_output=True,
        text=True,
        timeout=360,  # a safety net only
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0 and "LoopExit" not in result.stderr, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")


def _start_all(store: EventStore, run_ids: list[str], extra: list[threading.Thread]) -> dict[str, Any]:
    """Start `run_ids` from threads of their own, queued together behind a gate (one batch
    with `extra`, queued first); what each start answered."""
    results: dict[str, Any] = {}

    def start(run_id: str) -> None:
        results[run_id] = store.start(run_id)

    gate, holder = hold(store)
    for thread in extra:
        thread.start()
    wait_queued(store, len(extra))
    queue_behind(store, gate, holder, [threading.Thread(target=start, args=(r,)) for r in run_ids])
    for thread in extra:
        thread.join(10)
    return results


def test_runs_started_together_are_started_by_one_statement(db: Database) -> None:
    """Issue 16: the starts of one batch are one UPDATE (a thousand questions asked at once
    start together), and each start still learns whether its run was queued: a run
    cancelled before (also in the same batch, ahead of its start) or one that does not
    exist is not started. A job that spoils a batch of starts loses none of them."""
    store = EventStore(db)
    _, runs = new_runs(db, 30, status=QUEUED)
    _, (cancelled, cancelled_now) = new_runs(db, 2, status=QUEUED)
    with db.session() as session:
        session.execute(update(Run).where(Run.id == cancelled).values(status=CANCELLED))
    starts: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE RUNS") and "started_at" in statement:
            starts.append(statement)

    ended: list[Any] = []
    cancel = threading.Thread(
        target=lambda: ended.append(
            store.fail(RunFailed(cancelled_now, CANCELLED, "cancelled", "c"), from_states=(QUEUED,), answer=False)
        )
    )
    sqlalchemy.event.listen(db.engine, "before_cursor_execute", seen)
    try:
        results = _start_all(store, [*runs, cancelled, cancelled_now, "no-such-run"], [cancel])
    finally:
        sqlalchemy.event.remove(db.engine, "before_cursor_execute", seen)
    assert len(starts) == 1, starts
    assert results == {**dict.fromkeys(runs, True), cancelled: False, cancelled_now: False, "no-such-run": False}
    assert ended[0] is not None
    with db.session() as session:
        statuses = dict(session.execute(select(Run.id, Run.status)).all())
        started_at = dict(session.execute(select(Run.id, Run.started_at)).all())
    assert {statuses[r] for r in runs} == {RUNNING} and all(started_at[r] is not None for r in runs)
    assert statuses[cancelled] == statuses[cancelled_now] == CANCELLED and started_at[cancelled_now] is None

    # A report for a run that does not exist spoils the next batch: each job is redone
    # alone, every start is still applied and answers True, the bad report fails alone.
    _, more = new_runs(db, 10, status=QUEUED)
    failed: list[BaseException] = []

    def bad_report() -> None:
        try:
            store.append("no-such-run", AGENT_UPDATE, {"x": 1})
        except Exception as exc:  # noqa: BLE001 - what the caller sees
            failed.append(exc)

    assert _start_all(store, more, [threading.Thread(target=bad_report)]) == dict.fromkeys(more, True)
    assert len(failed) == 1 and isinstance(failed[0], RunGone)
    with db.session() as session:
        assert set(session.scalars(select(Run.status).where(Run.id.in_(more)))) == {RUNNING}
