"""The metadata database: one engine per process, sessions as context managers, and
the migrations, applied under a lock (an advisory lock on PostgreSQL, a file lock on
SQLite) so that several processes starting at once apply them once.

Who migrates: the launcher, before it starts any server (`migrate_database`); the
deployment's one-shot `datapulse db migrate`; and, as a safety net, every API process's
`Platform.start()` (`Database.ensure_schema`: one read when the schema is current, the
locked upgrade only when it is not). Opening a database never migrates it, so building
an app has no side effect; `open_database` (open and ensure) is for one-shot tools.
"""

from __future__ import annotations

import fcntl
import itertools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, Select, create_engine, event, func, select, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool
from sqlalchemy.util.queue import Empty, Full, Queue

from datapulse.oslocks import gevent_patched, original, os_lock, os_rlock
from datapulse.settings import Settings
from datapulse.storage import sealed

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK = 72_011_001


def scripts() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS))


@cache
def head_revision() -> str:
    """The newest revision this code's migrations reach (read once: they ship with the code)."""
    head = scripts().get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def _normalise_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs (the driver we install)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


POOL_POLL_S = 0.002  # how often a checkout that waits for a connection looks again (OSLockedPool)


class _OSLockedQueue(Queue[Any]):
    """SQLAlchemy's pool queue on a lock of the OS's, with no Condition.

    After gevent patched `threading` the stock queue's mutex and Conditions are gevent
    locks, and every thread takes them: the hub's greenlets, the event writer's native
    thread on each batch and the runs' native threads on each session. A gevent lock's
    wake-up between native threads can be lost (datapulse.runtime.os_lock): the writer,
    or a run, then waited forever for the pool's mutex, the run stayed `running` and its
    stream open with no final event (bench/bench_concurrent_askers.py). Here the mutex is
    the OS's and held only for a deque operation; a checkout that has to wait (every
    connection out) looks again every POOL_POLL_S, yielding to the hub in a greenlet:
    no wake-up to lose."""

    def __init__(self, maxsize: int = 0, use_lifo: bool = False) -> None:
        super().__init__(maxsize, use_lifo)
        self.mutex = os_rlock()
        ident: Callable[[], int] = original("_thread", "get_ident")
        self._ident, self._hub_ident = ident, ident()  # built on the hub's thread (the app)
        self._sleep: Callable[[float], None] = original("time", "sleep")

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        self._when(self._full, block, timeout, Full, lambda: self._put(item))

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        return self._when(self._empty, block, timeout, Empty, self._get)

    def _when(
        self,
        busy: Callable[[], bool],
        block: bool,
        timeout: float | None,
        error: type[Exception],
        act: Callable[[], Any],
    ) -> Any:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self.mutex:
                if not busy():
                    return act()
            if not block or (deadline is not None and time.monotonic() >= deadline):
                raise error()
            self._pause()

    def _pause(self) -> None:
        if self._ident() == self._hub_ident:
            import gevent

            gevent.sleep(POOL_POLL_S)  # a greenlet: the one holding a connection runs meanwhile
        else:
            self._sleep(POOL_POLL_S)


class OSLockedPool(QueuePool):
    """QueuePool whose locks are the OS's (see _OSLockedQueue): the engine's pool under gevent."""

    _queue_class = _OSLockedQueue

    def __init__(self, creator: Any, **kw: Any) -> None:
        super().__init__(creator, **kw)
        self._overflow_lock = os_lock()


def _os_counters() -> None:
    """The ORM's id counters without a lock: `util.counter()` guards `next()` with a
    `threading.Lock`, a gevent lock after patching that every session (native threads
    too) takes. `itertools.count().__next__` is atomic under the GIL."""
    from sqlalchemy.orm import loading
    from sqlalchemy.orm import session as orm_session

    for module, name in ((orm_session, "_new_sessionid"), (loading, "_new_runid")):
        current = getattr(module, name, None)
        if current is not None and not isinstance(getattr(current, "__self__", None), itertools.count):
            # Far above what the old counter gave: ids stay unique (sessions are found by them).
            setattr(module, name, itertools.count(1 << 40).__next__)


class Database:
    """Owns the engine and the session factory of one process."""

    def __init__(self, url: str) -> None:
        self.url = _normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {"future": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
        if gevent_patched() and ":memory:" not in self.url and self.url.rstrip("/") != "sqlite:":
            kwargs["poolclass"] = OSLockedPool
            _os_counters()
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.Session = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        with self.Session() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def migrate(self, lock_dir: Path) -> None:
        """Bring the schema to the newest revision; safe when several processes start at once."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
                try:
                    self._upgrade(conn)
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATION_LOCK})
                    conn.commit()
            return
        with _file_lock(lock_dir):
            with self.engine.connect() as conn:
                self._upgrade(conn)

    def _upgrade(self, conn: Any) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()

    def revision(self) -> str | None:
        """The schema's current revision; None for an empty database."""
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def ensure_schema(self, lock_dir: Path) -> bool:
        """Migrate unless the schema is already current; True when it was not. The check
        is one read without the lock, so processes started after the launcher's (or the
        deployment's) migration step never wait on each other."""
        if self.engine.dialect.name != "postgresql":
            # SQLite: even the check waits for the lock. A connection opened while another
            # process creates the file and switches it to WAL can fail at once with
            # "database is locked" (seen with two processes starting on an empty database).
            with _file_lock(lock_dir):
                if self.revision() == head_revision():
                    return False
                with self.engine.connect() as conn:
                    self._upgrade(conn)
                return True
        if self.revision() == head_revision():
            return False
        self.migrate(lock_dir)
        return True

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def _file_lock(lock_dir: Path) -> Iterator[None]:
    """The SQLite migration lock: one process at a time, across processes (flock)."""
    lock_dir.mkdir(parents=True, exist_ok=True)
    with open(lock_dir / ".migrate.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def connect_database(settings: Settings) -> Database:
    """The platform's database, opened (lazily: no connection yet) and not migrated."""
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    sealed.configure(settings.secret_key)
    return Database(settings.database_url)


def open_database(settings: Settings) -> Database:
    """Opened and brought to the newest schema: for one-shot tools and tests."""
    db = connect_database(settings)
    db.ensure_schema(settings.DATA_DIR)
    return db


def migrate_database(settings: Settings) -> bool:
    """The launch step: bring the schema to the newest revision before any server starts
    (True when it migrated). Safe when several launchers or instances start at once."""
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    db = Database(settings.database_url)
    try:
        return db.ensure_schema(settings.DATA_DIR)
    finally:
        db.dispose()


def contains_pattern(text: str) -> str:
    """A LIKE pattern (escape character `\\`) matching `text` anywhere, lower-cased: a
    search for `50%` or `a_b` finds those characters, not any."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def paginate_select(session: Session, stmt: Select[Any], page: int, per_page: int) -> tuple[list[Any], int]:
    """Run `stmt` for one page and count all its rows (the services' lists; the API
    wraps them as SPEC 2's page, datapulse.api.pagination)."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = list(session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return rows, total
