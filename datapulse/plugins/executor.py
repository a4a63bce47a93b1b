"""The execution engine (SPEC 12): every call stored, run on a bounded pool with each
kind's time limit and retries, its progress published as `plugin_execution` events.
A plugin that hangs or fails ends `failed` with a message and holds one worker for at
most its time limit; a full queue refuses new work instead of growing."""

from __future__ import annotations

import contextvars
import json
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sqlalchemy import update

from datapulse.bus.base import EventBus, emit
from datapulse.errors import DataPulseError, NotFound, RateLimited, Unprocessable
from datapulse.events import PluginExecution as PluginExecutionEvent
from datapulse.events import iso, utcnow
from datapulse.plugins.manifest import check_parameters
from datapulse.plugins.registry import CallContext, PluginRegistry, PluginSpec
from datapulse.plugins.store import PluginStore
from datapulse.settings import Settings
from datapulse.storage.db import Database
from datapulse.storage.plugin_models import PluginExecution

log = logging.getLogger(__name__)
PENDING, RUNNING, COMPLETED, FAILED = "pending", "running", "completed", "failed"
MAX_OUTPUT = 1024 * 1024


def execution_dict(row: PluginExecution) -> dict[str, Any]:
    return {
        "id": row.id,
        "plugin_id": row.plugin_id,
        "assistant_id": row.assistant_id,
        "run_id": row.run_id,
        "function_name": row.function_name,
        "status": row.status,
        "input_parameters": row.input_parameters,
        "output_result": row.output_result,
        "execution_time_ms": row.execution_time_ms,
        "attempts": row.attempts,
        "error_message": row.error_message,
        "cost": row.cost,
        "created_at": iso(row.created_at),
        "finished_at": iso(row.finished_at) if row.finished_at else None,
    }


def find_function(spec: PluginSpec, name: str) -> dict[str, Any]:
    for function in spec.manifest.get("functions", []):
        if function["name"] == name:
            return function  # type: ignore[no-any-return]
    names = [f["name"] for f in spec.manifest.get("functions", [])]
    raise Unprocessable(
        f"The plugin '{spec.name}' has no function '{name}'.",
        code="unknown_function",
        details={"function_name": name, "functions": names},
    )


class ExecutionEngine:
    def __init__(
        self, db: Database, bus: EventBus, settings: Settings, registry: PluginRegistry, store: PluginStore
    ) -> None:
        self.db, self.bus, self.settings, self.registry, self.store = db, bus, settings, registry, store
        self.capacity = settings.PLUGIN_WORKERS + settings.PLUGIN_QUEUE
        self._pool: ThreadPoolExecutor | None = None
        self._futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        """Executions that a stopped process left unfinished end as failed, never silently."""
        with self.db.session() as session:
            session.execute(
                update(PluginExecution)
                .where(PluginExecution.status.in_((PENDING, RUNNING)))
                .values(status=FAILED, error_message="Interrupted by a restart of the platform.", finished_at=utcnow())
            )
        self._pool = ThreadPoolExecutor(self.settings.PLUGIN_WORKERS, thread_name_prefix="plugin-exec")

    def stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def submit(
        self,
        plugin_id: str,
        function_name: str,
        parameters: dict[str, Any],
        *,
        assistant_id: str | None = None,
        run_id: str | None = None,
        config: dict[str, Any] | None = None,
    ) -> str:
        """Store a pending execution and queue it; 422 for an unknown function or bad parameters."""
        spec = self.store.spec(plugin_id, config)
        check_parameters(find_function(spec, function_name)["parameters"], parameters, function_name)
        if self._pool is None:
            self.start()
        with self._lock:
            self._futures = {k: f for k, f in self._futures.items() if not f.done()}
            if len(self._futures) >= self.capacity:
                raise RateLimited("Too many plugin executions are waiting; try again shortly.", retry_after=2)
            with self.db.session() as session:
                row = PluginExecution(
                    plugin_id=plugin_id,
                    assistant_id=assistant_id,
                    run_id=run_id,
                    function_name=function_name,
                    status=PENDING,
                    input_parameters=parameters,
                    attempts=0,
                    cost=0.0,
                )
                session.add(row)
                session.flush()
                execution = execution_dict(row)
            assert self._pool is not None
            emit(self.bus, PluginExecutionEvent(execution))  # pending goes out before running can
            # The worker acts as the submitter (contextvars do not follow a task into a pool
            # thread by themselves): what the plugin reads is scoped to what they may read.
            context = contextvars.copy_context()
            self._futures[row.id] = self._pool.submit(
                context.run, self._run, row.id, spec, function_name, parameters, assistant_id
            )
        return row.id

    def wait(self, execution_id: str, timeout: float | None = None) -> dict[str, Any]:
        future = self._futures.get(execution_id)
        if future is not None:
            future.result(timeout)
        return self.get(execution_id)

    def get(self, execution_id: str) -> dict[str, Any]:
        with self.db.session() as session:
            row = None if "\x00" in execution_id else session.get(PluginExecution, execution_id)
            if row is None:
                raise NotFound(f"No plugin execution with id '{execution_id}'.", details={"execution_id": execution_id})
            return execution_dict(row)

    def _update(self, execution_id: str, **values: Any) -> None:
        with self.db.session() as session:
            row = session.get(PluginExecution, execution_id)
            if row is None:
                return
            for key, value in values.items():
                setattr(row, key, value)
            session.flush()
            execution = execution_dict(row)
        emit(self.bus, PluginExecutionEvent(execution))

    def _run(
        self, execution_id: str, spec: PluginSpec, function: str, parameters: dict[str, Any], assistant: str | None
    ) -> None:
        self._update(execution_id, status=RUNNING)
        started = time.monotonic()
        ctx = CallContext(self.settings, execution_id, assistant)
        try:
            outcome = self.registry.kind(spec.kind).call(spec, function, parameters, ctx)
            if len(json.dumps(outcome.output)) > MAX_OUTPUT:
                raise DataPulseError(f"The plugin's answer is larger than {MAX_OUTPUT // 1024} KiB.")
            values: dict[str, Any] = {
                "status": COMPLETED,
                "output_result": outcome.output,
                "attempts": outcome.attempts,
                "cost": outcome.cost,
            }
        except Exception as exc:  # noqa: BLE001 - every failure is recorded, none escapes the worker
            message = exc.message if isinstance(exc, DataPulseError) else f"The plugin failed: {exc}"
            attempts = exc.details.get("attempts", 1) if isinstance(exc, DataPulseError) else 1
            if not isinstance(exc, DataPulseError):
                log.exception("plugin execution %s failed", execution_id)
            values = {"status": FAILED, "error_message": message, "attempts": attempts}
        values["execution_time_ms"] = round((time.monotonic() - started) * 1000, 3)
        values["finished_at"] = utcnow()
        self._update(execution_id, **values)
