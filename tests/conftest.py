"""Shared fixtures: real settings in a temporary folder, a real database (SQLite, or a
fresh PostgreSQL schema when DATAPULSE_TEST_DB=postgres), the app and its client."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from datapulse.bus.base import MemoryBus
from datapulse.settings import Settings, load_settings
from datapulse.storage.db import migrate_database

TEST_DB = os.environ.get("DATAPULSE_TEST_DB", "sqlite")
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The PostgreSQL pass repeats only what reaches the database: a test without the
    `database_url` fixture (directly or through `settings`, `app`, ...) ran identically
    in the SQLite pass, so running it again would only cost time. Nor does a test marked
    `sqlite_pass`: it takes the settings, but what it checks never reaches their database."""
    if TEST_DB != "postgres":
        return
    kept, dropped = [], []
    for item in items:
        marked = item.get_closest_marker("postgres") or item.get_closest_marker("database")
        uses_db = "database_url" in getattr(item, "fixturenames", ()) or marked
        if item.get_closest_marker("sqlite_pass"):
            uses_db = False
        (kept if uses_db else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def migrated(settings: Settings) -> Settings:
    """The settings, their database migrated as the launcher does before any server
    starts: for a test that builds an app without starting its platform (building never
    migrates; `Platform.start()` would)."""
    from_template(settings)
    migrate_database(settings)
    return settings


_SQLITE_TEMPLATE: list[Path] = []


def from_template(settings: Settings) -> None:
    """Put a copy of the session's migrated SQLite database in place of a database that
    does not exist yet, so a test's set-up copies one file instead of running every
    migration again (about a tenth of a CPU second per app). Only the fixtures' set-up
    calls this; the tests of migrating itself (tests/storage) build their own databases
    and still start from nothing. An empty test schema on PostgreSQL gets the tables of
    a migrated one the same way (`_pg_from_template`); other explicit DATABASE_URLs are
    left alone: the platform's own start-up check migrates them."""
    if settings.DATABASE_URL:
        schema = _TEST_SCHEMA.search(settings.DATABASE_URL)
        if schema and settings.DATABASE_URL.startswith(POSTGRES_URL):
            _pg_from_template(schema.group(1))
        return
    target = settings.DATA_DIR / "datapulse.db"
    if target.exists():
        return
    if not _SQLITE_TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="datapulse-template-"))
        atexit.register(shutil.rmtree, folder, True)
        migrate_database(load_settings(environ={"DATA_DIR": str(folder), "DATABASE_URL": ""}, env_file=None))
        _SQLITE_TEMPLATE.append(folder / "datapulse.db")
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_SQLITE_TEMPLATE[0], target)


_TEST_SCHEMA = re.compile(r"options=-csearch_path%3D(t_[0-9a-f]{12})$")
_PG_TEMPLATE: list[str] = []  # the migrated schema's DDL and rows, its name as TEMPLATE_NAME
_PG_ADMIN: list[Engine] = []
TEMPLATE_NAME = f"t_tpl_{uuid.uuid4().hex[:12]}"  # one per test process: the passes run side by side


_PG_POOL: list[str] = []  # filled schemas their tests left, emptied back to the template's rows
_PG_FILLED: set[str] = set()  # the test schemas filled from the template, by name
_PG_SHAPE: list[str] = []  # the template's tables, columns, constraints, indexes, ... (`_pg_shape`)


def _pg_from_template(schema: str) -> None:
    """Fill an empty test schema with the tables, indexes, constraints and rows of a schema
    migrated once per test process (dumped by pg_dump, replayed in one transaction: about
    half the wall time of the migrations, a tenth of their CPU). A schema an earlier test
    left, of the template's shape and emptied back to its rows (`_pg_pool_back`), takes the
    empty schema's name instead: a rename, not the replay's 40 CREATE INDEX. Without
    pg_dump, or when the schema already holds tables, nothing is done and the platform
    migrates."""
    if not _PG_ADMIN:
        _PG_ADMIN.append(create_engine(POSTGRES_URL))
        atexit.register(_PG_ADMIN[0].dispose)
        atexit.register(_pg_drop_pool)  # before the dispose (atexit runs last in, first out)
        _PG_TEMPLATE.append(_pg_template_sql())
    if not _PG_TEMPLATE[0]:
        return
    with _PG_ADMIN[0].begin() as conn:
        objects = conn.execute(
            text("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s"),
            {"s": schema},
        ).scalar()
        if objects:
            return
        if _PG_POOL:
            ready = _PG_POOL.pop()
            conn.execute(text(f'DROP SCHEMA "{schema}"; ALTER SCHEMA "{ready}" RENAME TO "{schema}"'))
        else:
            conn.exec_driver_sql(_PG_TEMPLATE[0].replace(TEMPLATE_NAME, schema))
            if not _PG_SHAPE:
                _PG_SHAPE.append(_pg_shape(conn, schema))
    _PG_FILLED.add(schema)


_SHAPE_SQL = """SELECT string_agg(x, E'\n' ORDER BY x) FROM (
  SELECT concat_ws(' ', 'c', c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid)) AS x
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum WHERE n.nspname = :s
  UNION ALL SELECT concat_ws(' ', 'k', conname, pg_get_constraintdef(k.oid))
    FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = :s
  UNION ALL SELECT concat_ws(' ', 'i', indexdef) FROM pg_indexes WHERE schemaname = :s
  UNION ALL SELECT concat_ws(' ', 'p', proname) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = :s
  UNION ALL SELECT concat_ws(' ', 't', typname) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = :s
  UNION ALL SELECT concat_ws(' ', 'g', tgname) FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s AND NOT g.tgisinternal
) shape"""


def _pg_shape(conn: Any, schema: str) -> str:
    """Every table, column (type, NOT NULL, default), constraint, index, function, type and
    trigger of the schema, its name left out: equal shapes hold the same objects."""
    shape = conn.execute(text(_SHAPE_SQL), {"s": schema}).scalar() or ""
    return str(shape).replace(f'"{schema}"', "<schema>").replace(schema, "<schema>")


def _pg_pool_back(conn: Any, schema: str) -> str | None:
    """At the end of its test, a schema filled from the template and still of its shape is
    emptied back to the template's rows (a DELETE of every table, the dump's INSERTs and
    its setvals of every sequence; a TRUNCATE took 0.1-1 s) and renamed aside for the next
    test; its pool name, or None: any other schema is dropped as before."""
    if schema not in _PG_FILLED or not _PG_SHAPE or not _PG_TEMPLATE or not _PG_TEMPLATE[0]:
        return None
    _PG_FILLED.discard(schema)
    rows = [line for line in _PG_TEMPLATE[0].splitlines() if line.startswith(_TEMPLATE_ROWS)]
    if any(not line.endswith(";") for line in rows):  # a row over several lines: not taken apart here
        return None
    try:
        with conn.begin_nested():
            conn.execute(text("SET LOCAL lock_timeout = '5s'"))
            if _pg_shape(conn, schema) != _PG_SHAPE[0]:
                return None
            conn.execute(text("SET LOCAL session_replication_role = replica"))  # every table empties: no FK to check
            tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema})
            conn.exec_driver_sql("; ".join(f'DELETE FROM "{schema}"."{name}"' for (name,) in tables.all()))
            conn.execute(text("SET LOCAL session_replication_role = DEFAULT"))
            if rows:
                conn.exec_driver_sql("\n".join(rows).replace(TEMPLATE_NAME, schema))
            pooled = f"t_pool_{uuid.uuid4().hex[:12]}"
            conn.execute(text(f'ALTER SCHEMA "{schema}" RENAME TO "{pooled}"'))
    except Exception:  # noqa: BLE001 - a lock held on, anything unexpected: dropped instead
        return None
    return pooled


_TEMPLATE_ROWS = ("INSERT INTO ", "SELECT pg_catalog.setval(")


def _pg_drop_pool() -> None:
    if not _PG_POOL:
        return
    with _PG_ADMIN[0].begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {', '.join(f'{chr(34)}{n}{chr(34)}' for n in _PG_POOL)} CASCADE"))
    _PG_POOL.clear()


def _pg_template_sql() -> str:
    """Migrate a schema, dump it as SQL statements (no psql commands, no session settings,
    no CREATE SCHEMA: the test's schema exists), drop it; "" without a working pg_dump."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        return ""
    url = make_url(POSTGRES_URL)
    with _PG_ADMIN[0].begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{TEMPLATE_NAME}" CASCADE; CREATE SCHEMA "{TEMPLATE_NAME}"'))
    try:
        sep = "&" if "?" in POSTGRES_URL else "?"
        environ = {"DATA_DIR": tempfile.mkdtemp(prefix="datapulse-pgtemplate-")}
        environ["DATABASE_URL"] = f"{POSTGRES_URL}{sep}options=-csearch_path%3D{TEMPLATE_NAME}"
        migrate_database(load_settings(environ=environ, env_file=None))
        shutil.rmtree(environ["DATA_DIR"], ignore_errors=True)
        argv = [pg_dump, "--no-owner", "--no-privileges", "--inserts", "-n", TEMPLATE_NAME, "-d", url.database or ""]
        argv += ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres"]
        env = {**os.environ, "PGPASSWORD": url.password or ""}
        done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    finally:
        with _PG_ADMIN[0].begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{TEMPLATE_NAME}" CASCADE'))
    if done.returncode != 0:
        return ""
    skipped = ("\\", "--", "SET ", "SELECT pg_catalog.set_config(", f"CREATE SCHEMA {TEMPLATE_NAME};")
    return "\n".join(line for line in done.stdout.splitlines() if not line.startswith(skipped))


def service_missing(name: str, reason: str) -> None:
    """Locally a missing PostgreSQL/Redis skips its tests; in CI it fails them."""
    message = f"{name} is not reachable ({reason})"
    if IN_CI or os.environ.get("DATAPULSE_REQUIRE_SERVICES"):
        pytest.fail(message + ": CI must run these tests", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fresh_postgres_schema(prefix: str = "t") -> Iterator[str]:
    """The name of a fresh PostgreSQL schema, dropped afterwards together with any schema
    named after it (a restore keeps the replaced one aside as `<schema>_...`); a server
    that cannot be reached skips locally and fails in CI."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - any connection error
        service_missing("PostgreSQL", str(exc).splitlines()[0])
    try:
        yield schema
    finally:
        with admin.begin() as conn:
            pooled = _pg_pool_back(conn, schema)
            if pooled is None:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            aside = conn.execute(text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p"), {"p": f"{schema}_%"})
            for (name,) in aside.all():
                conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        if pooled is not None:
            _PG_POOL.append(pooled)
        admin.dispose()


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A database URL on a fresh PostgreSQL schema (see `fresh_postgres_schema`)."""
    sep = "&" if "?" in POSTGRES_URL else "?"
    with fresh_postgres_schema() as schema:
        yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    if TEST_DB != "postgres":
        yield ""  # SQLite in DATA_DIR, the default set-up
        return
    with postgres_schema() as url:
        yield url


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    flask_port, ws_port = free_port(), free_port()
    return load_settings(
        environ={
            "DATA_DIR": str(tmp_path / "data"),
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "DATABASE_URL": database_url,
            "FLASK_PORT": str(flask_port),
            "WS_PORT": str(ws_port),
            "SECRET_KEY": "test-secret-key-0123456789",
            "LOG_LEVEL": "WARNING",
            "SQL_SOURCE_ALLOWLIST": f"{tmp_path},127.0.0.1",  # sql sources of the tests live here
            "AUTH_MODE": "local",  # also when a test moves HOST off loopback; tests/auth set users
            "PASSWORD_HASH_TIME_COST": "1",  # cheap hashes: the tests sign in often
            "PASSWORD_HASH_MEMORY_KIB": "64",
        },
        env_file=None,
    )


@pytest.fixture
def bus() -> MemoryBus:
    return MemoryBus()


@contextmanager
def started_app(settings: Settings, bus: MemoryBus | None = None, **changes: Any) -> Iterator[Any]:
    """The API app as the platform builds it (`changes` are settings over `settings`),
    started, and stopped on exit."""
    from datapulse.api.app import create_app

    changed = settings.replace(**changes) if changes else settings
    from_template(changed)
    application = create_app(changed, bus=bus or MemoryBus())
    application.config["TESTING"] = True
    platform = application.extensions["datapulse"]
    platform.start()
    try:
        yield application
    finally:
        platform.stop()


@pytest.fixture
def app(settings: Settings, bus: MemoryBus) -> Iterator[Any]:
    with started_app(settings, bus) as application:
        yield application


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001
        service_missing("Redis", str(exc))
    return REDIS_URL
