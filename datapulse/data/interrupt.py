"""Stopping the DuckDB queries of one piece of work (a chat run) the moment it is cancelled.

A cancel used to be cooperative only: the run stopped at its next step, while the query
it was running went on to its time limit and held an executor worker meanwhile. The
work opens a `QueryScope` around itself (`scope.active()`); each query started inside it
(`run_query`, the agents' table loads) registers its connection (`scope.running(conn)`);
`scope.cancel()`, from any thread, calls DuckDB's `interrupt()` on each, and refuses
queries that start later. The scope travels in a context variable, so the code between
(the agents) passes nothing along.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

import duckdb

from datapulse.errors import DataPulseError
from datapulse.runtime import os_lock


class QueryCancelled(DataPulseError):
    """The work this query ran for was cancelled (the query was interrupted or never ran)."""

    status, code = 409, "cancelled"


class Interruptible(Protocol):
    """What a scope can stop: a DuckDB connection, or a query in a child process."""

    def interrupt(self) -> None: ...


class QueryScope:
    def __init__(self) -> None:
        # The OS's lock: the run's native thread and the hub (a cancel) both take it.
        self._lock = os_lock()
        self._connections: set[Interruptible] = set()
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        """Interrupt every query running in the scope now; later ones are refused."""
        with self._lock:
            self._cancelled = True
            running = list(self._connections)
        for conn in running:
            try:
                conn.interrupt()
            except duckdb.Error:  # finished and closed meanwhile
                pass

    def running_queries(self) -> int:
        with self._lock:
            return len(self._connections)

    @contextmanager
    def running(self, conn: Interruptible) -> Iterator[None]:
        """Register `conn` for the duration of its query; QueryCancelled if the scope was
        cancelled before it started, or its interruption was the scope's doing."""
        with self._lock:
            if self._cancelled:
                raise QueryCancelled("The query was cancelled.")
            self._connections.add(conn)
        try:
            yield
        except duckdb.InterruptException as exc:
            if self._cancelled:
                raise QueryCancelled("The query was cancelled.") from exc
            raise
        finally:
            with self._lock:
                self._connections.discard(conn)

    @contextmanager
    def active(self) -> Iterator[QueryScope]:
        """Make this the scope of the queries the current context starts."""
        token = _CURRENT.set(self)
        try:
            yield self
        finally:
            _CURRENT.reset(token)


_CURRENT: ContextVar[QueryScope | None] = ContextVar("datapulse_query_scope", default=None)


@contextmanager
def interruptible(conn: Interruptible) -> Iterator[None]:
    """Run a query on `conn` under the current scope, if there is one."""
    scope = _CURRENT.get()
    if scope is None:
        yield
        return
    with scope.running(conn):
        yield
