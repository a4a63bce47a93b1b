"""Migrations run once per deployment: the launcher's step (`migrate_database`) under a
lock, not in each API worker, and building an app never migrates.

Two real processes start at once on one empty database (SQLite file, PostgreSQL schema):
both succeed, and each migration is applied once (alembic logs each revision it runs).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from datapulse.bus.base import MemoryBus
from datapulse.settings import Settings, load_settings
from datapulse.storage.db import Database, _normalise_url, head_revision, migrate_database, scripts
from tests.conftest import TEST_DB, postgres_schema

ROOT = Path(__file__).resolve().parents[2]
# Waits on stdin after its imports, so that the test releases both processes together.
CHILD = """
import logging, sys
from datapulse.settings import load_settings
from datapulse.storage.db import migrate_database
logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(name)s: %(message)s")
settings = load_settings(env_file=None)
print("ready", flush=True)
sys.stdin.readline()
migrate_database(settings)
print("done", flush=True)
"""


@contextmanager
def empty_database(backend: str) -> Iterator[str]:
    """The DATABASE_URL of an empty database ('' is SQLite in DATA_DIR)."""
    if backend == "sqlite":
        yield ""
        return
    with postgres_schema() as url:
        yield url


def env_for(tmp_path: Path, url: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATA_DIR": str(tmp_path / "data"),
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret-key-0123456789",
    }


def revision_of(settings: Settings) -> str | None:
    db = Database(settings.database_url)
    try:
        return db.revision()
    finally:
        db.dispose()


# The database of the pass: each variant ran in both passes, identically (the test names
# its database itself), so each pass now runs its own.
@pytest.mark.database
@pytest.mark.parametrize("backend", ["postgres" if TEST_DB == "postgres" else "sqlite"])
def test_two_processes_starting_at_once_migrate_once(tmp_path: Path, backend: str) -> None:
    with empty_database(backend) as url:
        env = env_for(tmp_path, url)
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", CHILD],
                env=env,
                cwd=tmp_path,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(2)
        ]
        try:
            for proc in procs:
                assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
            for proc in procs:  # both released before either migrates
                assert proc.stdin is not None
                proc.stdin.write("go\n")
                proc.stdin.flush()
            outputs = [proc.communicate(timeout=120)[0] for proc in procs]
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()
        assert [proc.returncode for proc in procs] == [0, 0], outputs
        assert all(out.rstrip().endswith("done") for out in outputs), outputs
        runs = [line for out in outputs for line in out.splitlines() if "Running upgrade" in line]
        revisions = [rev.revision for rev in scripts().walk_revisions()]
        assert len(runs) == len(revisions), outputs  # each migration once, by one of the two
        settings = load_settings(environ=env, env_file=None)
        assert revision_of(settings) == head_revision()


def test_building_an_app_does_not_migrate_and_start_does(settings: Settings) -> None:
    """Construction has no side effect; start() migrates a database nobody migrated."""
    from datapulse.api.app import create_app

    app = create_app(settings, bus=MemoryBus())
    platform = app.extensions["datapulse"]
    assert revision_of(settings) is None
    platform.start()
    try:
        assert revision_of(settings) == head_revision()
    finally:
        platform.stop()


def test_migrate_database_says_whether_it_migrated(settings: Settings) -> None:
    """The launch step migrates an empty database, then only reads the revision."""
    assert migrate_database(settings) is True
    assert migrate_database(settings) is False
    engine = create_engine(_normalise_url(settings.database_url))
    try:
        assert "alembic_version" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_launcher_migrates_before_starting_servers(settings: Settings) -> None:
    """run_server.py's step: the schema is current before any child is spawned; a
    database that cannot be migrated stops the launch with the reason."""
    from datapulse.launcher.cli import build_parser, migrate_step

    out = io.StringIO()
    assert migrate_step(settings, build_parser().parse_args([]), out) is None
    assert revision_of(settings) == head_revision()
    assert "migrated" in out.getvalue()
    # --ws-only in local mode reads no database: nothing to migrate, nothing to fail.
    broken = settings.replace(DATABASE_URL="postgresql://nobody@127.0.0.1:1/none")
    assert migrate_step(broken, build_parser().parse_args(["--ws-only"]), out) is None
    failed = migrate_step(broken, build_parser().parse_args([]), out)
    assert failed is not None and failed.startswith("the database could not be migrated: OperationalError")
