"""Interval refresh: the atomic claim, back-off of failing sources, a scheduler that
survives errors, and exactly one refresh per interval across two real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from datapulse.datasources.refresh import MAX_BACKOFF_S, RETRY_BASE_S, backoff_s
from datapulse.datasources.scheduler import RefreshScheduler
from datapulse.events import utcnow
from datapulse.storage.db import Database
from datapulse.storage.models import DatasetVersion, DataSource
from tests.datasources.test_datasources import make_sqlite, sql_body

ROOT = Path(__file__).resolve().parents[2]


def scheduler_of(app: Any) -> RefreshScheduler:
    return app.extensions["datapulse"].scheduler  # type: ignore[no-any-return]


def make_due(app: Any, datasource_id: str) -> None:
    with app.extensions["datapulse"].db.session() as session:
        session.get(DataSource, datasource_id).next_refresh_at = utcnow() - timedelta(seconds=1)


def version_count(app: Any, datasource_id: str) -> int:
    with app.extensions["datapulse"].db.session() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(DatasetVersion).where(DatasetVersion.datasource_id == datasource_id)
            )
        )


def test_tick_refreshes_due_sources_once(app, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A due source is refreshed by a round and scheduled one interval later; a second round does nothing."""
    ds = client.post("/api/datasources", json=sql_body(make_sqlite(tmp_path / "a.db"), refresh_interval=60)).json
    assert ds["next_refresh_at"] is not None
    scheduler = scheduler_of(app)
    assert scheduler.tick() == []  # not due yet
    make_due(app, ds["id"])
    assert scheduler.tick() == [ds["id"]]
    assert scheduler.tick() == []
    assert version_count(app, ds["id"]) == 2
    after = client.get(f"/api/datasources/{ds['id']}").json
    assert after["version"] == 2 and after["next_refresh_at"] > after["last_refreshed"]


def test_claim_is_won_by_exactly_one(app, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two schedulers (two engines on one database) racing for the same row: one wins."""
    ds = client.post("/api/datasources", json=sql_body(make_sqlite(tmp_path / "a.db"), refresh_interval=60)).json
    svc = app.extensions["datapulse"]
    other_db = Database(svc.db.url)
    try:
        first = RefreshScheduler(svc.db, svc.settings, svc.bus)
        second = RefreshScheduler(other_db, svc.settings, svc.bus)
        make_due(app, ds["id"])
        (sid, seen, interval), *_ = first.due(utcnow())
        now = utcnow()
        assert [first.claim(sid, seen, interval, now), second.claim(sid, seen, interval, now)] == [True, False]
    finally:
        other_db.dispose()


def test_backoff_grows_and_is_capped() -> None:
    """Delays double per failure, capped at an hour (or the interval when longer); sources without interval give up."""
    assert [backoff_s(10, n) for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert backoff_s(10, 30) == MAX_BACKOFF_S
    assert backoff_s(7200, 5) == 7200
    assert backoff_s(None, 1) == RETRY_BASE_S and backoff_s(None, 2) == 2 * RETRY_BASE_S
    assert backoff_s(None, 6) is None


def test_failing_source_backs_off_and_keeps_failing_softly(app, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Each failed round counts a failure and pushes the next try further; the API stays up."""
    db_file = make_sqlite(tmp_path / "a.db")
    ds = client.post("/api/datasources", json=sql_body(db_file, refresh_interval=5)).json
    db_file.unlink()
    scheduler = scheduler_of(app)
    gaps = []
    for expected_failures in (1, 2, 3):
        make_due(app, ds["id"])
        before = utcnow()
        assert scheduler.tick() == [ds["id"]]
        with app.extensions["datapulse"].db.session() as session:
            source = session.get(DataSource, ds["id"])
            assert source.status == "failed" and source.failures == expected_failures
            nxt = source.next_refresh_at
        nxt = nxt if nxt.tzinfo else nxt.replace(tzinfo=before.tzinfo)
        gaps.append((nxt - before).total_seconds())
    assert 5 <= gaps[0] < 10 <= gaps[1] < 20 <= gaps[2] < 40  # 5 s, then 10 s, then 20 s
    assert client.get("/api/health").status_code in (200, 503)  # answered, not crashed
    assert client.get(f"/api/datasources/{ds['id']}").json["status"] == "failed"


def test_scheduler_thread_survives_database_errors(app) -> None:  # type: ignore[no-untyped-def]
    """A round that raises is counted and logged; the thread keeps polling."""
    svc = app.extensions["datapulse"]
    broken = Database("sqlite:////nonexistent-folder/x.db")
    scheduler = RefreshScheduler(broken, svc.settings, svc.bus, poll_s=0.02)
    scheduler.start()
    try:
        deadline = time.monotonic() + 5
        while scheduler.stats["errors"] < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert scheduler.stats["errors"] >= 3 and scheduler.running
    finally:
        scheduler.stop()
        broken.dispose()
    assert not scheduler.running


def test_start_stop_and_testing_guard(app) -> None:  # type: ignore[no-untyped-def]
    """The app's scheduler ends itself under TESTING; an explicit should_run keeps it; stop() ends it."""
    scheduler = scheduler_of(app)
    scheduler.stop()
    scheduler.start(poll_s=0.02)
    deadline = time.monotonic() + 5
    while scheduler.running and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not scheduler.running  # app.testing is True
    scheduler.should_run = lambda: True
    scheduler.start(poll_s=0.02)
    deadline = time.monotonic() + 10
    while scheduler.stats["rounds"] < 1 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert scheduler.running and scheduler.stats["rounds"] >= 1
    scheduler.stop()
    assert not scheduler.running


WORKER = """
import json, sys, time
from datapulse.api.app import create_app
from datapulse.bus.base import MemoryBus
from datapulse.settings import load_settings

born = time.time()  # the app's own scheduler may claim while the app is being built
app = create_app(load_settings(env_file=None), bus=MemoryBus())
scheduler = app.extensions["datapulse"].scheduler
scheduler.stop()
print("ready", flush=True)
sys.stdin.readline()
scheduler.start(poll_s=0.05)
started = time.monotonic()
# Poll for the whole duration and for at least 5 rounds, however slow a busy machine makes them.
while time.monotonic() - started < 60 and (
    time.monotonic() - started < float(sys.argv[1]) or scheduler.stats["rounds"] < 5
):
    time.sleep(0.05)
scheduler.stop()
print(json.dumps({"claims": scheduler.claims, "window": [born, time.time()], **scheduler.stats}), flush=True)
"""


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_two_processes_refresh_once_per_interval(app, client, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two API processes polling one database (SQLite file or PostgreSQL) refresh a 1 s source once per second."""
    interval, duration = 1, 3.0
    ds = client.post("/api/datasources", json=sql_body(make_sqlite(tmp_path / "a.db"), refresh_interval=interval)).json
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DATA_DIR": str(settings.DATA_DIR),
        "UPLOAD_FOLDER": str(settings.UPLOAD_FOLDER),
        "DATABASE_URL": settings.DATABASE_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        "LOG_LEVEL": "WARNING",
        "SQL_SOURCE_ALLOWLIST": ",".join(settings.SQL_SOURCE_ALLOWLIST),
        "PYTHONPATH": str(ROOT),
    }
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(duration)],
            env=env,
            cwd=tmp_path,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        for proc in procs:  # start both rounds together
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for proc in procs:  # no process left behind, no pipe left open
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            for stream in (proc.stdin, proc.stdout, proc.stderr):
                if stream is not None and not stream.closed:
                    stream.close()
    claims = sorted(c for r in results for c in r["claims"])
    assert all(r["rounds"] >= 5 for r in results)  # both really polled the whole time
    window = max(r["window"][1] for r in results) - min(r["window"][0] for r in results)
    assert 2 <= len(claims) <= window / interval + 1, (claims, window)
    assert all(b - a >= interval - 1e-3 for a, b in zip(claims, claims[1:], strict=False)), claims
    assert version_count(app, ds["id"]) == 1 + len(claims)
    assert sum(r["errors"] for r in results) == 0
    print("claims per process:", [r["claimed"] for r in results], "lost races:", [r["lost"] for r in results])


def test_interrupted_refresh_is_recovered_at_start(app, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A source a dead process left `refreshing` is marked failed and due at the next start;
    a refresh that is recent (maybe still running elsewhere) is left alone."""
    from datapulse.datasources.refresh import recover_interrupted

    db_file = make_sqlite(tmp_path / "a.db")
    stale = client.post("/api/datasources", json=sql_body(db_file, name="stale")).json
    fresh = client.post("/api/datasources", json=sql_body(db_file, name="fresh")).json
    svc = app.extensions["datapulse"]
    with svc.db.session() as session:
        for ds_id in (stale["id"], fresh["id"]):
            session.get(DataSource, ds_id).status = "refreshing"
    with svc.db.engine.begin() as conn:  # set updated_at directly (onupdate would reset it)
        conn.execute(
            update(DataSource).where(DataSource.id == stale["id"]).values(updated_at=utcnow() - timedelta(seconds=3600))
        )
    assert recover_interrupted(svc.db, svc.settings) == 1
    assert client.get(f"/api/datasources/{stale['id']}").json["status"] == "failed"
    assert client.get(f"/api/datasources/{fresh['id']}").json["status"] == "refreshing"
    assert scheduler_of(app).tick() == [stale["id"]]
    assert client.get(f"/api/datasources/{stale['id']}").json["status"] == "ready"


def test_refresh_of_a_dead_process_is_recovered_without_waiting(app, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A refresh whose process on this host is gone is recovered at once, not after the
    age limit; one owned by a live process is left alone (datapulse.lease)."""
    from datapulse.datasources.refresh import recover_interrupted
    from datapulse.lease import process_identity

    db_file = make_sqlite(tmp_path / "a.db")
    dead = client.post("/api/datasources", json=sql_body(db_file, name="dead")).json
    live = client.post("/api/datasources", json=sql_body(db_file, name="live")).json
    host, pid, _ = process_identity().split(":", 2)
    svc = app.extensions["datapulse"]
    with svc.db.session() as session:
        for ds_id, owner in ((dead["id"], f"{host}:{pid}:1.00"), (live["id"], process_identity())):
            source = session.get(DataSource, ds_id)
            source.status, source.worker_id = "refreshing", owner
    assert recover_interrupted(svc.db, svc.settings) == 1
    assert client.get(f"/api/datasources/{dead['id']}").json["status"] == "failed"
    assert client.get(f"/api/datasources/{live['id']}").json["status"] == "refreshing"
