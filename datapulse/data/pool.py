"""User SQL over the platform's tables in child processes with an operating-system memory limit.

DuckDB materialises a whole vector (up to 2,048 rows) before the first row can be
fetched, and neither its `memory_limit` nor an interrupt bounds that:
`SELECT repeat('x', 10000000) FROM range(2048)` asks for 20 GB. So `POST /api/query`
runs each statement over local tables (read-only Parquet copies and stored sources) in
a child process whose data segment is capped (RLIMIT_DATA: DuckDB then fails the
allocation cleanly with its OutOfMemoryException; RLIMIT_AS counts reserved address
space and fails ordinary queries first). A query past the limit is answered 422
`query_memory_exceeded` and its process replaced; one past its time limit that does
not stop, or whose work is cancelled, is killed; a child that dies answers an error
and never takes the API with it.

The children come from multiprocessing's fork server (a fresh interpreter that
preloads DuckDB and the engine once per API process, so a child starts in tens of
milliseconds and none is forked from a gevent-patched process), on demand, at most as
many as run at once (the SQL lane bounds that to SQL_WORKERS). Each dies with the fork
server (parent-death signal), which dies with the API process; `close()` (the
platform's stop) kills them. The rows come back over a pipe already cut at
QUERY_MAX_RESULT_MB by the engine in the child.

The mechanism (`Child`: one process of the fork server with its two pipes, its death
watched natively; `die_with_parent`; the errors rebuilt on this side) is also the chat
runs' (`datapulse.agents.processes`): one way to run work in other processes.
"""

from __future__ import annotations

import ctypes
import importlib
import logging
import multiprocessing
import os
import signal
import sys
import time
import weakref
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from datapulse.data.interrupt import QueryCancelled, interruptible
from datapulse.data.relation import Relation
from datapulse.errors import DataPulseError, QueryMemoryExceeded, QueryTimeout
from datapulse.runtime import native_primitives, offload

log = logging.getLogger(__name__)
KILL_GRACE_S = 2.0  # past its time limit, a child has this long to stop itself before it is killed
# What the fork server imports once for every child (`preload` adds to it before it starts).
PRELOAD = ["datapulse.data.engine"]
IDLE_EXIT_S = 300.0  # an idle child ends itself (a platform dropped without stop() leaves none for long)
MIB = 1024 * 1024


def preload(*modules: str) -> None:
    """Have the fork server import `modules` too (once for all children); it takes the
    list when it starts, at the first child of this process: call this before."""
    for module in modules:
        if module not in PRELOAD:
            PRELOAD.append(module)


def context() -> Any:
    """The fork-server context, made safe for native threads under gevent: its client
    socket is the OS's (a gevent socket would give the calling native thread a hub of its
    own whose deferred os.close then failed with EBADF on reused descriptors)."""
    import multiprocessing.forkserver as forkserver

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(list(PRELOAD))
    if "gevent" in sys.modules:
        import socket

        from gevent import monkey

        forkserver.socket = SimpleNamespace(  # type: ignore[attr-defined]
            socket=monkey.get_original("socket", "socket"), AF_UNIX=socket.AF_UNIX
        )
    return ctx


# One child starts at a time in this process (the fork server's own locks are gevent's
# once patched, and must never be contended from native threads).
_STARTING = native_primitives().allocate_lock()


def _memory_error(reason: str) -> QueryMemoryExceeded:
    return QueryMemoryExceeded(
        "The query needs more memory than it may take; select fewer or smaller values.",
        details={"reason": reason},
    )


def error_fields(exc: DataPulseError) -> tuple[str, str, str, str, dict[str, Any], int]:
    cls = type(exc)
    return cls.__module__, cls.__qualname__, exc.message, exc.code, exc.details, exc.status


def rebuilt(module: str, name: str, message: str, code: str, details: dict[str, Any], status: int) -> DataPulseError:
    """The child's error as the API raises it (the class when importable, else the base)."""
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        cls = DataPulseError
    if not (isinstance(cls, type) and issubclass(cls, DataPulseError)):
        cls = DataPulseError
    exc = cls.__new__(cls)
    DataPulseError.__init__(exc, message, code=code, details=details, status=status)
    return exc


def die_with_parent() -> None:
    """SIGKILL when the fork server (our parent, single-threaded) ends; it ends with the API.

    The fork server ends when its "alive" pipe has no writer left, and hands every child a
    copy of that writer (to start processes of its own): ours is closed, else a child
    running a long query would keep the fork server, and so itself, alive after the API."""
    import multiprocessing.forkserver as forkserver

    server: Any = getattr(forkserver, "_forkserver")  # noqa: B009 (private: untyped)
    if server._forkserver_alive_fd is not None:
        os.close(server._forkserver_alive_fd)
        server._forkserver_alive_fd = None
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def _data_bytes() -> int:
    """This process's data segment as RLIMIT_DATA counts it (VmData)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def serve(requests: Connection, replies: Connection, memory_bytes: int) -> None:
    """A child's loop: one request at a time, answered `("ok", result)` or `("error", fields)`."""
    import resource

    from datapulse.data.engine import run_query, sandbox

    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's Ctrl-C is the API's to handle
    # The limit is on top of what the process holds with a DuckDB running (its threads'
    # stacks count as data: a bare 256 MiB made DuckDB crash before any query).
    with sandbox({}) as warm:
        warm.execute("SELECT 1").fetchall()
        base = _data_bytes()
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = base + memory_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    # DuckDB's own limit below the process's, so its operators fail or spill before malloc does.
    duckdb_limit = f"{max(memory_bytes // 2 // MIB, 16)}MB"
    while True:
        try:
            if not requests.poll(IDLE_EXIT_S):
                return
            sql, tables, limit, timeout_s, max_bytes = requests.recv()
        except (EOFError, OSError):
            return
        reply: tuple[str, Any]
        try:
            reply = ("ok", run_query(sql, tables, limit, timeout_s, max_bytes, memory_limit=duckdb_limit))
        except MemoryError:
            reply = ("error", error_fields(_memory_error("out of memory")))
        except DataPulseError as exc:
            reply = ("error", error_fields(exc))
        except Exception as exc:  # reported to the API as a 500, the child lives on
            reply = ("error", error_fields(DataPulseError(f"The query failed: {type(exc).__name__}")))
        try:
            replies.send(reply)
        except MemoryError:  # the answer itself did not fit: say so in a few bytes
            del reply
            replies.send(("error", error_fields(_memory_error("the answer did not fit"))))


class Child:
    """One process of the fork server and its two pipes: `target(requests, replies, *args)`
    runs in it (by default the SQL loop, `serve`)."""

    def __init__(self, ctx: Any, *args: Any, target: Callable[..., None] = serve, name: str = "datapulse-sql") -> None:
        req_r, self.requests = ctx.Pipe(duplex=False)
        self.replies, rep_w = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=target, args=(req_r, rep_w, *args), name=name, daemon=True)
        with _STARTING:
            self.process.start()
        # Ours to watch: multiprocessing's own polling of its children (at each start) goes
        # through select.poll, which gevent patches.
        multiprocessing.process._children.discard(self.process)  # type: ignore[attr-defined]
        self.pid = int(self.process.pid or 0)
        self.sentinel = int(self.process.sentinel)
        self.exit_code: int | None = None
        req_r.close()
        rep_w.close()
        self.send_lock = native_primitives().allocate_lock()  # one message at a time on `requests`
        self.cancelled = False
        self.closed = False
        self.rss_base: int | None = None  # its resident size after its first query

    def ended(self, timeout_s: float = 0.0) -> bool:
        """True once the fork server reported its end (waits up to `timeout_s`, natively)."""
        if self.exit_code is not None:
            return True
        poller = native_primitives().poll()
        poller.register(self.sentinel, 1)
        if not poller.poll(timeout_s * 1000):
            return False
        import multiprocessing.forkserver as forkserver

        try:
            self.exit_code = forkserver.read_signed(self.sentinel)
        except (EOFError, OSError):
            self.exit_code = 255
        self.process._popen.returncode = self.exit_code  # type: ignore[attr-defined]
        return True

    def alive(self) -> bool:
        """False once the process is gone or a zombie (dead, not reaped yet)."""
        try:
            with open(f"/proc/{self.pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return not sys.platform.startswith("linux")  # no /proc: rely on ended()
        return state not in ("Z", "X")

    def interrupt(self) -> None:
        """The work it ran for was cancelled: kill it now (the waiting thread sees it die)."""
        self.cancelled = True
        self.kill()

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def rss_bytes(self) -> int:
        try:
            with open(f"/proc/{self.pid}/statm") as f:
                return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return 0

    def close(self, timeout: float = 2.0) -> None:
        if self.closed:
            return
        self.closed = True
        self.kill()
        ended = self.ended(timeout)
        for conn in (self.requests, self.replies):
            conn.close()
        if ended:
            self.process.close()  # its sentinel (the fork server reaps the process itself)


def _kill_all(children: set[Child]) -> None:
    for child in list(children):
        child.kill()


class QueryProcesses:
    """At most `workers` idle SQL processes kept, more started on demand; see the module."""

    def __init__(self, workers: int, memory_mb: int) -> None:
        self.workers = workers
        self.memory_bytes = memory_mb * MIB
        native = native_primitives()
        self._lock = native.allocate_lock()
        self._poll = native.poll
        self._idle: list[Child] = []
        self._children: set[Child] = set()
        self._ctx: Any = None
        self._closed = False
        # A platform dropped without stop() (a test's app) kills its children when collected.
        weakref.finalize(self, _kill_all, self._children)

    def pids(self) -> list[int]:
        """The processes alive now (for tests and health)."""
        with self._lock:
            return sorted(c.pid for c in self._children)

    def run(
        self, sql: str, tables: Mapping[str, Relation | Path], limit: int, timeout_s: float, max_bytes: int | None
    ) -> dict[str, Any]:
        """run_query's answer for local tables, computed in a child; a cancel of the
        work it runs for (QueryScope) kills the child."""
        child = offload(self._take)
        request = (sql, dict(tables), limit, timeout_s, max_bytes)
        sent = False
        try:
            with interruptible(child):  # refuses at once when the work was cancelled already
                sent = True
                return offload(self._exchange, child, request, timeout_s)
        finally:
            if not sent:
                self._give_back(child)

    def _take(self) -> Child:
        with self._lock:
            if self._closed:
                raise DataPulseError("The platform is stopping.", code="stopping", status=503)
            while self._idle:
                child = self._idle.pop()
                # A child killed while idle may not be reported by the fork server yet:
                # its process state says it (a zombie), so no query is sent to it.
                if not child.ended() and child.alive():
                    return child
                self._children.discard(child)
                child.close(0)
            if self._ctx is None:
                self._ctx = context()
            ctx = self._ctx
        child = Child(ctx, self.memory_bytes)  # outside the lock: the fork server may be starting
        with self._lock:
            self._children.add(child)
            closed = self._closed
        if closed:
            self._discard(child)
            raise DataPulseError("The platform is stopping.", code="stopping", status=503)
        return child

    def _give_back(self, child: Child) -> None:
        """Keep a healthy child for the next query, unless it grew by more than half its
        allowance since its first query (its heap stays) or enough wait. Growth, not size:
        a child's size at rest (Python, DuckDB, their libraries) differs between machines."""
        rss = child.rss_bytes()
        if child.rss_base is None:
            child.rss_base = rss
        with self._lock:
            keep = not self._closed and len(self._idle) < self.workers
            if keep and rss - child.rss_base <= self.memory_bytes // 2:
                self._idle.append(child)
                return
        self._discard(child)

    def _discard(self, child: Child) -> None:
        with self._lock:
            self._children.discard(child)
        child.close()

    def _exchange(self, child: Child, request: tuple[Any, ...], timeout_s: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s + KILL_GRACE_S
        try:
            child.requests.send(request)
            poller = self._poll()
            poller.register(child.replies.fileno(), 1)  # POLLIN (and HUP) when the reply or the end comes
            while not poller.poll(max(0.0, deadline - time.monotonic()) * 1000):
                if time.monotonic() >= deadline:
                    child.kill()
                    log.warning("SQL process %d did not stop at its time limit: killed", child.pid)
                    raise QueryTimeout(
                        f"The query ran longer than {timeout_s:g} s and was stopped.", details={"timeout_s": timeout_s}
                    )
            status, value = child.replies.recv()
        except (EOFError, OSError) as exc:
            child.ended(KILL_GRACE_S)  # its exit code, once the fork server reaped it
            code = child.exit_code
            self._discard(child)
            if child.cancelled:
                raise QueryCancelled("The query was cancelled.") from exc
            log.warning("SQL process %d ended during a query (exit code %s)", child.pid, code)
            if code == -signal.SIGKILL or code == -signal.SIGSEGV or code == -signal.SIGABRT:
                raise _memory_error(f"its process ended (exit code {code})") from exc
            raise DataPulseError(
                "The query's process ended unexpectedly.", code="query_process_died", details={"exit_code": code}
            ) from exc
        except BaseException:
            self._discard(child)
            raise
        if status == "ok":
            self._give_back(child)
            return value  # type: ignore[no-any-return]
        error = rebuilt(*value)
        if isinstance(error, QueryMemoryExceeded):
            self._discard(child)  # its heap may stay fragmented and large: a fresh one next time
        else:
            self._give_back(child)
        raise error

    def close(self) -> None:
        """Kill every child (the platform stops); running queries answer an error."""
        with self._lock:
            self._closed = True
            children = list(self._children)
            self._children.clear()
            self._idle.clear()
        for child in children:
            child.close()
