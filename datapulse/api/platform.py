"""The object graph of one API process, built from the settings, with a life cycle.

Construction starts nothing: no thread, no pool worker, no recovery, no migration, so
that building an app (at import, in a test, in gunicorn's master) has no side effect
worth undoing. `start()` makes sure the schema is current (the launcher migrated it
before starting the servers; this is one read then), runs the crash recoveries and
starts the background work; `stop()` drains and closes it all. Gunicorn calls them from
its worker hooks (`datapulse.api.serve.gunicorn_conf`), the development server around
`run()`, the tests from their fixtures.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from datapulse.agents.processes import AnalysisProcesses
from datapulse.api.latency import LatencyRecorder
from datapulse.assistants.service import AssistantService
from datapulse.assistants.templates import TemplateService
from datapulse.auth.access import scope_sessions
from datapulse.auth.service import AuthService
from datapulse.bus.base import EventBus
from datapulse.bus.internal import INTERNAL_TOPIC, REVOKING_ACTIONS, SIGN_IN_REVOKED
from datapulse.chat.agent_stats import RecentAgentStats
from datapulse.chat.executor import RunExecutor
from datapulse.chat.store import EventStore
from datapulse.data.pool import QueryProcesses
from datapulse.datasources.refresh import recover_interrupted
from datapulse.datasources.scheduler import RefreshScheduler
from datapulse.errors import DataPulseError
from datapulse.files.uploads import UploadStore
from datapulse.metrics.system import SystemSampler
from datapulse.plugins import PluginSystem
from datapulse.plugins.chat_step import PluginStep
from datapulse.runtime import Lane, offload
from datapulse.settings import Settings
from datapulse.storage.db import Database, connect_database

log = logging.getLogger(__name__)
LANE_QUEUE_PER_WORKER = 4  # work a lane lets wait, per worker, before it refuses more

# A health check: the platform in, `{"status": ..., ...}` out (see datapulse.api.health).
Check = Callable[["Platform"], dict[str, Any]]


class Platform:
    """Every long-lived helper a request handler needs, each a typed attribute."""

    def __init__(
        self,
        settings: Settings,
        bus: EventBus | None = None,
        *,
        should_refresh: Callable[[], bool] = lambda: True,
    ) -> None:
        settings.UPLOAD_FOLDER.mkdir(parents=True, exist_ok=True)
        if bus is None:
            from datapulse.bus import make_bus

            bus = make_bus(settings)
        self.settings = settings
        self.db: Database = connect_database(settings)
        if settings.auth_mode == "users":
            scope_sessions(self.db.Session)  # every query sees what the request's user may see
        self.auth = AuthService(settings, self.db)
        self.bus: EventBus = bus
        self.auth.listeners.append(self._announce_revocation)
        self.uploads = UploadStore(settings, self.db, bus)
        self.chat_store = EventStore(self.db, stale_after_s=settings.RUN_STALE_AFTER_S, bus=bus)
        # The runs' analyses in child processes (CHAT_PROCESSES), so that every core
        # computes Python; None: in this process's threads.
        processes = settings.chat_processes
        self.analysis_processes = AnalysisProcesses(processes) if processes else None
        self.executor = RunExecutor(
            self.chat_store,
            bus,
            settings,
            max_workers=settings.CHAT_MAX_WORKERS,
            max_pending=settings.CHAT_MAX_PENDING,
            analyse=self.analysis_processes,
        )
        self.scheduler = RefreshScheduler(self.db, settings, bus, should_run=should_refresh)
        self.agent_stats = RecentAgentStats(self.db)
        self.sampler = SystemSampler(settings.UPLOAD_FOLDER)
        self.sampler_lock = threading.Lock()  # one sample at a time: it diffs counters
        self.latency = LatencyRecorder(bus)
        self.templates = TemplateService(self.db)
        self.assistants = AssistantService(self.db, self.templates)
        self.plugins = PluginSystem.build(self.db, bus, settings)
        self.executor.plugin_step = PluginStep(self.db, self.plugins, settings.IMAGE_TIMEOUT_S + 30, settings)
        # Slow work in its own bounded threads, so previews, uploads and health never
        # wait behind it (health reports a full lane as degraded).
        self.lanes = {
            "sql": Lane("sql", settings.SQL_WORKERS, LANE_QUEUE_PER_WORKER * settings.SQL_WORKERS),
            "export": Lane("export", settings.EXPORT_WORKERS, LANE_QUEUE_PER_WORKER * settings.EXPORT_WORKERS),
        }
        # POST /api/query's statements over local tables, in child processes with a memory
        # limit (started on the first query, killed by stop()).
        self.sql_processes = QueryProcesses(settings.SQL_WORKERS, settings.QUERY_PROCESS_MEMORY_MB)
        # Named health checks the areas register (websocket, agents, refresh_scheduler ...).
        self.checks: dict[str, Check] = {}
        self.started = False
        self._warm_up: threading.Thread | None = None

    def start(self) -> None:
        """Bring the schema up to date if nobody did, recover what a dead process left
        behind, then start the background work."""
        if self.started:
            return
        if self.db.ensure_schema(self.settings.DATA_DIR):
            log.info("migrated the database at start-up (the launcher or `datapulse db migrate` did not)")
        self.started = True
        self.uploads.recover()
        recover_interrupted(self.db, self.settings)
        interrupted = self.chat_store.interrupt_orphans()
        if interrupted:
            log.warning("marked %d run(s) interrupted that a previous process left unfinished", len(interrupted))
        self.executor.start()  # its timer ends the runs of dead processes
        self.scheduler.start()
        self.plugins.start()
        # Load the agents now (in the background: start-up stays fast), not in the first
        # question's time to first event.
        self._warm_up = threading.Thread(target=self._load_agents, name="datapulse-agents-warm-up", daemon=True)
        self._warm_up.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Drain and close, most dependent first: no new refresh, the runs and the
        profiling jobs end, their events are sent, then the database pool closes."""
        self.scheduler.stop(timeout=timeout)
        self.executor.shutdown()
        self.plugins.stop()
        self.sql_processes.close()
        if self.analysis_processes is not None:
            self.analysis_processes.close()
        self.uploads.stop()
        if self._warm_up is not None:
            self._warm_up.join(timeout)
        self.bus.close()
        self.db.dispose()
        self.started = False

    def _announce_revocation(self, action: str, details: dict[str, Any]) -> None:
        """Tell the WebSocket servers that a user's sign-in ended: they close its sockets now
        instead of at their next periodic re-check."""
        if action not in REVOKING_ACTIONS or details.get("user_id") is None:
            return
        if action == "user_updated" and not details.get("revoked"):
            return
        self.bus.publish(SIGN_IN_REVOKED, INTERNAL_TOPIC, {"user_id": int(details["user_id"])})

    def _load_agents(self) -> None:
        try:
            self.executor.list_agents()
        except ImportError as exc:
            log.warning("the analysis agents cannot be loaded: %s", exc)
        if self.analysis_processes is not None:
            try:  # in a native thread: the fork server starts (and warms the agents) meanwhile
                offload(self.analysis_processes.start)
            except DataPulseError:
                pass  # stopped meanwhile
            except Exception as exc:  # the runs start their processes themselves then
                log.warning("the analysis processes did not start: %s", exc)
