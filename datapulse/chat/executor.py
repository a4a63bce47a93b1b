"""The run executor: runs the agents for one question in a bounded background pool.

A plain thread pool; under gunicorn's gevent worker `threading` is monkey-patched, so
the same pool runs greenlets and waits (database, sleeps, cancel) yield to the hub.
Each run moves queued → running → completed | failed | cancelled; `interrupted` is set
at the next start by `EventStore.interrupt_orphans` when the owning process died. A run
still active RUN_TIME_LIMIT_S after its question ends as failed (`run_timeout`) by the
executor's housekeeping, even when its thread never returns (`end_overdue_runs`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import select

from datapulse.agents.contract import AnalysisCancelled, AnalysisOutcome, AnalysisRequest, RunSink, TableRef
from datapulse.auth.access import owner_principal
from datapulse.auth.principal import acting_as
from datapulse.bus.base import EventBus, emit
from datapulse.chat.clarify import bindings_of, clarification_of
from datapulse.chat.sink import StoredRunSink
from datapulse.chat.store import Answer, EventStore
from datapulse.data.interrupt import QueryScope
from datapulse.data.relation import Relation
from datapulse.errors import Conflict, DataPulseError, NotFound, RateLimited, RunTimeout
from datapulse.events import Activity, RunCompleted, RunFailed
from datapulse.lease import process_identity
from datapulse.runtime import HubBus, HubCalls, gevent_hub, real_event
from datapulse.settings import Settings
from datapulse.sqlsource.allow import checked_live
from datapulse.sqlsource.live import LiveSource
from datapulse.storage.db import Database
from datapulse.storage.models import ACTIVE_RUN_STATES, Conversation, Message, Run, RunState, StoredFile
from datapulse.storage.plugin_models import Assistant

log = logging.getLogger(__name__)

Analyse = Callable[[AnalysisRequest, RunSink, Settings], AnalysisOutcome]
CANCEL_POLL_S = 0.5  # how often the database is asked for cancels sent to other workers
LONG_AFTER_S = 3.0  # a run computing longer gives its slot to the next run (see RunExecutor)
NOT_READY_WAIT_S = 20.0  # how long a run waits for an attached file that is still being profiled


def default_analyse(request: AnalysisRequest, sink: RunSink, settings: Settings) -> AnalysisOutcome:
    from datapulse.agents.engine import analyse

    return analyse(request, sink, settings)


def agent_names() -> list[str]:
    """The agents' names as the engine lists them (dicts, objects or plain names)."""
    from datapulse.agents.engine import list_agents

    names = []
    for agent in list_agents():
        if isinstance(agent, str):
            names.append(agent)
        elif isinstance(agent, dict):
            names.append(str(agent.get("name")))
        else:
            names.append(str(agent.name))
    return names


def assistant_profile(db: Database, assistant_id: str | None) -> dict[str, Any]:
    """The AnalysisRequest fields the conversation's assistant sets: its tool subset,
    answer language, instructions, planner, detail and chart preference (empty: no
    assistant, every tool, the question's language, the default answer)."""
    if not assistant_id:
        return {}
    with db.session() as session:
        assistant = session.get(Assistant, assistant_id)
        if assistant is None:
            return {}
        defaults = assistant.defaults or {}
        language = defaults.get("language")
        return {
            "tools": tuple(assistant.tools),
            "language": language if language in ("en", "de", "zh") else None,
            "instructions": assistant.instructions or "",
            "planner": assistant.planner,
            "detail": defaults.get("detail"),
            "chart": defaults.get("chart"),
        }


class RunExecutor:
    def __init__(
        self,
        store: EventStore,
        bus: EventBus,
        settings: Settings,
        *,
        max_workers: int = 4,
        max_pending: int = 256,
        analyse: Analyse | None = None,
        offload: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
        long_after_s: float = LONG_AFTER_S,
    ) -> None:
        """`max_workers` runs compute at once, and beside them up to as many long ones:
        a run still computing after `long_after_s` gives its slot to the next queued run,
        so that one slow question does not hold up the quick ones queued behind it (with
        the launcher's four slots, 20 s of one question cost the others a quarter of
        their capacity, bench/bench_concurrent_askers.py --slow)."""
        self.store = store
        self.db = store.db
        self.bus = bus
        self.settings = settings
        self.analyse = analyse or default_analyse
        # Set by the platform: runs a plugin call the question asks for (SPEC 12), or None.
        self.plugin_step: Callable[[str, str, str, RunSink], AnalysisOutcome | None] | None = None
        self.list_agents: Callable[[], list[str]] = agent_names
        self.identity = process_identity()
        # Alive-marks come 4x within the staleness limit, and the orphan check twice.
        self.heartbeat_s = min(5.0, store.stale_after_s / 4)
        self.orphan_check_s = store.stale_after_s / 2
        self.clock = clock  # the housekeeping's time (tests move it on)
        self.max_workers = max_workers
        self.max_pending = max_pending
        self.long_after_s = long_after_s
        self.time_limit_s = settings.RUN_TIME_LIMIT_S  # from the question to the run's ending
        # Twice the slots: a run waits for a slot in its pool thread, so the long runs that
        # gave theirs up and the runs that took them over compute side by side.
        self._pool = ThreadPoolExecutor(max_workers=2 * max_workers, thread_name_prefix="datapulse-run")
        self._slots = threading.BoundedSemaphore(max_workers)
        self._holding: dict[str, float] = {}  # run -> when it took its slot (self.clock)
        self._asked: dict[str, float] = {}  # local run -> when it was submitted (self.clock), until it ends
        # Under gevent (offload None means: whenever gevent patched threading) each run
        # computes in a native thread so that the hub keeps serving streams meanwhile.
        hub = gevent_hub()
        self._calls = HubCalls(hub) if hub is not None and offload is not False else None
        self.run_bus: EventBus = bus
        if self._calls is not None:
            pool = self._calls.hub.threadpool
            pool.maxsize = max(pool.maxsize, 2 * max_workers)
            self.run_bus = HubBus(bus, self._calls)
        self._lock = threading.Lock()
        self._flags: dict[str, threading.Event] = {}
        # Each local run's DuckDB queries, interrupted the moment the run is cancelled.
        self._scopes: dict[str, QueryScope] = {}
        self.completed = 0
        self.failed = 0
        self._stopped = threading.Event()
        self._watcher: threading.Thread | None = None
        # Runs this executor finished executing (their ending submitted) -> checks seen since.
        self._done: dict[str, int] = {}

    # Control ------------------------------------------------------------------------
    def start(self) -> None:
        """Start the housekeeping with the platform, not with the first question: the
        runs of a process that died (a worker, or its whole gunicorn master with it) end
        as interrupted within RUN_STALE_AFTER_S even if nobody asks anything here."""
        with self._lock:
            self._start_housekeeping()

    def _start_housekeeping(self) -> None:
        """Start the watcher once (caller holds the lock)."""
        if self._watcher is None and not self._stopped.is_set():
            self._watcher = threading.Thread(target=self._watch_cancels, name="datapulse-cancels", daemon=True)
            self._watcher.start()

    def submit(self, run_id: str, *, step_delay: float = 0.0) -> None:
        with self._lock:
            if len(self._flags) >= self.max_pending:
                raise RateLimited(
                    "Too many questions are being answered; try again shortly.",
                    retry_after=2,
                    details={"pending": len(self._flags)},
                )
            flag = self._flags[run_id] = real_event() if self._calls is not None else threading.Event()
            scope = self._scopes[run_id] = QueryScope()
            self._asked[run_id] = self.clock()
            self._start_housekeeping()
        self.store.recent.track(run_id, fresh=True)  # the API just created it: no events yet
        self._pool.submit(self._run_safely, run_id, flag, scope, step_delay)

    def cancel(self, run_id: str) -> None:
        """The flag stops a local run at its next step and its running query at once;
        the database flag reaches a run executing in another worker; a queued run ends
        at once."""
        self.store.request_cancel(run_id)
        with self._lock:
            self._stop_local(run_id)
        message = "The run was cancelled before it started."
        failure = RunFailed(run_id, RunState.CANCELLED, RunState.CANCELLED, message)
        self.store.fail(failure, from_states=(RunState.QUEUED,), answer=False)

    def is_local(self, run_id: str) -> bool:
        """True while the run is queued or executing in this process."""
        with self._lock:
            return run_id in self._flags

    def active(self) -> int:
        with self._lock:
            return len(self._flags)

    def stats(self) -> dict[str, Any]:
        return {
            "max_workers": self.max_workers,
            "max_pending": self.max_pending,
            "active": self.active(),
            "completed": self.completed,
            "failed": self.failed,
        }

    def running_queries(self, run_id: str) -> int:
        """DuckDB queries the local run has running now (0 when not local)."""
        with self._lock:
            scope = self._scopes.get(run_id)
        return scope.running_queries() if scope is not None else 0

    def _stop_local(self, run_id: str) -> None:
        """Set a local run's cancel flag and interrupt its queries (caller holds the lock)."""
        flag, scope = self._flags.get(run_id), self._scopes.get(run_id)
        if flag is not None:
            flag.set()
        if scope is not None:
            scope.cancel()

    def shutdown(self) -> None:
        """Ask every local run to stop (their queries interrupted), then wait for the pool."""
        self._stopped.set()
        with self._lock:
            for run_id in list(self._flags):
                self._stop_local(run_id)
        self._pool.shutdown(wait=True, cancel_futures=True)
        watcher = self._watcher
        if watcher is not None and watcher is not threading.current_thread():
            watcher.join(timeout=30)  # a round in progress (one small query) ends first
        self.store.writer.close()

    def _watch_cancels(self) -> None:
        """The executor's housekeeping, one small query a round: set the flag of each local
        run whose cancel reached another worker (`runs.cancel_requested`); end the local
        runs past RUN_TIME_LIMIT_S; every HEARTBEAT_S mark this worker's runs alive; every
        ORPHAN_CHECK_S end the runs of workers that stopped doing so (another host that
        went away)."""
        last_beat = last_orphans = self.clock()
        while not self._stopped.wait(CANCEL_POLL_S):
            with self._lock:
                local = set(self._flags)
            self.store.recent.sweep()
            now = self.clock()
            self._release_long(now)
            try:
                if local:
                    with self.db.session() as session:
                        wanted = set(
                            session.scalars(
                                select(Run.id).where(Run.cancel_requested.is_(True), Run.status.in_(ACTIVE_RUN_STATES))
                            )
                        )
                    with self._lock:
                        for run_id in wanted & local:
                            self._stop_local(run_id)
                    self.end_overdue_runs(now)
                if now - last_beat >= self.heartbeat_s:
                    last_beat = now
                    self.store.heartbeat(self.identity)
                if now - last_orphans >= self.orphan_check_s:
                    last_orphans = now
                    self.store.interrupt_orphans()
                    self.end_lost_runs()
            except Exception as exc:  # the database may be briefly away; try again next round
                log.warning("run housekeeping: %s", exc)

    def end_lost_runs(self) -> list[str]:
        """End the runs this executor finished executing that are still active in the
        database a check later: their ending was never stored (the writer failed), and
        the heartbeat keeps a live worker's runs from the orphan check, so such a run
        stayed `running` and its readers waited forever. One check apart (half the
        staleness limit), an ending still in the event writer's queue has long been
        stored. Only this executor's own runs: another app in the same process shares
        the worker identity."""
        with self._lock:
            finished = dict(self._done)
        if not finished:
            return []
        active = set(self.store.active_run_ids(self.identity)) & set(finished)
        ended = []
        message = "The server stopped working on this run without ending it; please ask again."
        for run_id in sorted(active):
            if finished[run_id] >= 1 and self.store.fail(
                RunFailed(run_id, RunState.INTERRUPTED, RunState.INTERRUPTED, message)
            ):
                log.warning("run %s: executed here but never ended; ended as interrupted", run_id)
                ended.append(run_id)
        with self._lock:
            for run_id, checks in finished.items():
                if run_id in active and checks < 1:
                    self._done[run_id] = checks + 1
                else:  # stored ending, or ended now: forget it
                    self._done.pop(run_id, None)
        return ended

    def end_overdue_runs(self, now: float | None = None) -> list[str]:
        """End as failed (`run_timeout`) each local run submitted RUN_TIME_LIMIT_S ago or
        more that is still queued or running, then cancel it (its flag, its DuckDB query,
        its analysis child). The ending is stored first, so that it is the run's one
        ending: whatever its thread does later (a cancel noticed, an answer, nothing ever)
        finds the run ended and changes nothing. Its readers are woken by the stored
        `run_failed`. The thread of a run stuck for good keeps its pool thread: Python
        cannot stop a thread."""
        now = self.clock() if now is None else now
        limit = self.time_limit_s
        with self._lock:
            overdue = [(run_id, since) for run_id, since in self._asked.items() if now - since >= limit]
        ended = []
        for run_id, since in overdue:
            error = RunTimeout(
                f"The question took longer than the time limit for one run (RUN_TIME_LIMIT_S, {limit:g} s) "
                "and was stopped; ask again, or ask a narrower question."
            )
            failure = RunFailed(run_id, RunState.FAILED, error.code, error.message)
            stored = self.store.fail(failure, duration_ms=round((now - since) * 1000, 1))
            with self._lock:
                self._asked.pop(run_id, None)  # checked once: ended now, or already ended
                self._stop_local(run_id)
            if stored is None:
                continue  # its own ending won meanwhile
            log.warning("run %s: still active %g s after its question; ended as run_timeout", run_id, now - since)
            self.failed += 1
            ended.append(run_id)
            self.store.recent.retire(run_id)  # its events leave memory even if its thread never returns
            emit(self.run_bus, Activity("run_failed", error.message, {"run_id": run_id}))
        return ended

    def _release_long(self, now: float) -> None:
        """Give the slots of the runs computing for `long_after_s` to the runs queued next."""
        with self._lock:
            long = [run_id for run_id, since in self._holding.items() if now - since >= self.long_after_s]
            for run_id in long:
                del self._holding[run_id]
        for _ in long:
            self._slots.release()

    # Execution ----------------------------------------------------------------------
    def _run_safely(self, run_id: str, flag: threading.Event, scope: QueryScope, step_delay: float) -> None:
        self._slots.acquire()
        with self._lock:
            self._holding[run_id] = self.clock()
        try:
            if self._calls is not None:
                self._calls.run_in_thread(self._execute, run_id, flag, scope, step_delay)
            else:
                self._execute(run_id, flag, scope, step_delay)
        except Exception:  # the pool must never lose a run silently
            log.exception("run %s crashed", run_id)
            self._fail(run_id, "internal_error", "The run failed unexpectedly; it has been logged.", 0.0)
        finally:
            with self._lock:
                self._flags.pop(run_id, None)
                self._scopes.pop(run_id, None)
                self._asked.pop(run_id, None)
                self._done[run_id] = 0
                held = self._holding.pop(run_id, None) is not None
            if held:  # else a long run: its slot went to the next one already
                self._slots.release()
            self.store.recent.retire(run_id)
            self.store.notifier.notify(run_id)  # readers re-check: the run is no longer local

    def _execute(self, run_id: str, flag: threading.Event, scope: QueryScope, step_delay: float) -> None:
        if flag.is_set() or not self.store.start(run_id):
            return  # cancelled while queued: `cancel` already ended it
        with scope.active():  # the queries the agents run are this run's
            self._analyse(run_id, flag, step_delay)

    def _analyse(self, run_id: str, flag: threading.Event, step_delay: float) -> None:
        started = time.perf_counter()
        with self.db.session() as session:
            row = session.execute(
                select(Run.question, Conversation.file_ids, Conversation.datasource_ids,
                       Conversation.context, Message.meta, Conversation.assistant_id, Run.owner_id)
                .join(Conversation, Conversation.id == Run.conversation_id)
                .outerjoin(Message, Message.id == Run.message_id)
                .where(Run.id == run_id)
            ).first()  # fmt: skip
        if row is None:
            return  # deleted with its conversation meanwhile
        question = row[0]
        file_ids, datasource_ids, context = list(row[1] or []), list(row[2] or []), dict(row[3] or {})
        bindings = bindings_of(row[4])
        sink = StoredRunSink(run_id, self.store, flag, step_delay=step_delay)
        try:
            # Its run_started was stored with the run (EventStore.create_runs).
            emit(self.run_bus, Activity("run_started", f"Question asked: {question[:120]}", {"run_id": run_id}))
            asker = owner_principal(self.db, row[6])
            outcome = None
            if self.plugin_step and row[5]:
                with acting_as(asker):  # the plugin call (and its execution) is the asker's
                    outcome = self._plugin_call(run_id, question, row[5], sink)
            if outcome is None:
                with acting_as(asker):  # the agents see what the asker may
                    tables = self._tables(file_ids, datasource_ids, sink)
                profile = assistant_profile(self.db, row[5])
                request = AnalysisRequest(question, tables, context=context, bindings=bindings, **profile)
                outcome = self.analyse(request, sink, self.settings)
            if sink.cancelled():
                raise AnalysisCancelled(run_id)
            self.store.settle(run_id)  # its reports and results stored (or their failure raised)
        except AnalysisCancelled:
            self._end(run_id, RunState.CANCELLED, "cancelled", "The run was cancelled.", started)
            return
        except DataPulseError as exc:
            if sink.cancelled():  # e.g. its query interrupted by the cancel (QueryCancelled)
                self._end(run_id, RunState.CANCELLED, "cancelled", "The run was cancelled.", started)
            else:
                self._end(run_id, RunState.FAILED, exc.code, exc.message, started)
            return
        self._complete(run_id, outcome, started, sink.trace())

    def _plugin_call(
        self, run_id: str, question: str, assistant_id: str, sink: StoredRunSink
    ) -> AnalysisOutcome | None:
        """The plugin step, on the hub under gevent: it submits to the plugins' pool and
        waits on its future, greenlet primitives that a native thread must not wait on."""
        assert self.plugin_step is not None
        if self._calls is not None:
            return self._calls.call(self.plugin_step, run_id, question, assistant_id, sink)
        return self.plugin_step(run_id, question, assistant_id, sink)

    def _tables(self, file_ids: list[str], datasource_ids: list[str], sink: StoredRunSink) -> list[TableRef]:
        """The conversation's tables; a file deleted since is left out, one still being
        profiled is waited for (up to NOT_READY_WAIT_S)."""
        from datapulse.catalog.tables import resolve_tables

        if not file_ids and not datasource_ids:
            return []  # no data: nothing to resolve (no session, no query per run)
        deadline = time.monotonic() + NOT_READY_WAIT_S
        while True:
            try:
                with self.db.session() as session:
                    paths: dict[str, Relation | LiveSource] = {}
                    for fid in file_ids:
                        paths.update(self._one(session, resolve_tables, [fid], []))
                    for dsid in datasource_ids:
                        paths.update(self._one(session, resolve_tables, [], [dsid]))
                    names = dict(
                        session.execute(
                            select(StoredFile.table_name, StoredFile.name).where(StoredFile.table_name.in_(paths))
                        ).all()
                    )
                return [
                    TableRef(name=t, path=Path(), display_name=t, live=checked_live(r, self.settings))
                    if isinstance(r, LiveSource)
                    else TableRef(
                        name=t, path=r.path, display_name=names.get(t, t), relation=None if r.is_parquet else r
                    )
                    for t, r in paths.items()
                ]
            except Conflict:
                if time.monotonic() >= deadline:
                    raise
                if sink.cancelled():
                    raise AnalysisCancelled(sink.run_id) from None
                time.sleep(0.25)

    @staticmethod
    def _one(
        session: Any, resolve: Callable[..., dict[str, Relation | LiveSource]], fids: list[str], ds: list[str]
    ) -> dict[str, Relation | LiveSource]:
        try:
            return resolve(session, fids, ds)
        except NotFound:
            return {}

    def _complete(
        self, run_id: str, outcome: AnalysisOutcome, started: float, trace: list[dict[str, Any]] | None = None
    ) -> None:
        """Store the answer. A clarification is not an answer: it leaves the conversation's
        follow-up context as it was, so that its reply runs as the original question did."""
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        clarification = clarification_of(outcome)
        ending = RunCompleted(
            run_id, outcome.answer, outcome.results, outcome.plan, duration_ms,
            interpretation=outcome.interpretation, ignored=list(outcome.ignored),
            needs_clarification=clarification is not None,
            candidates=outcome.candidates or [c["label"] for c in (clarification or {}).get("candidates", [])],
            clarification=clarification, planner=outcome.planner, notes=outcome.notes, trace=trace or [],
        )  # fmt: skip
        stored = self.store.finish(
            run_id, RunState.COMPLETED, ending.name, ending.payload(),
            result=ending.result(), duration_ms=duration_ms,
            assistant=Answer(outcome.answer, outcome.results, ending.meta()),
            context=None if clarification is not None else outcome.context,
        )  # fmt: skip
        if stored is not None:
            self.completed += 1
            extra = {"run_id": run_id, "duration_ms": duration_ms}
            emit(self.run_bus, Activity("run_completed", "Answer ready.", extra))

    def _end(self, run_id: str, status: RunState, code: str, message: str, started: float) -> None:
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        stored = self.store.fail(RunFailed(run_id, status, code, message), duration_ms=duration_ms)
        if stored is not None and status == RunState.FAILED:
            self.failed += 1
        if stored is not None:
            emit(self.run_bus, Activity(f"run_{status}", message, {"run_id": run_id}))

    def _fail(self, run_id: str, code: str, message: str, started: float) -> None:
        try:
            self._end(run_id, RunState.FAILED, code, message, time.perf_counter())
        except Exception:
            log.exception("could not mark run %s failed", run_id)
