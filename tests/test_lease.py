"""The one recovery model (datapulse.lease), one test per kind of work: runs, refreshes, files."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil

from datapulse.lease import Lease, LeaseCheck, file_lease, process_identity

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
HOST = socket.gethostname()


def dead_local_owner() -> str:
    """An owner on this host whose process is gone: this pid with another start time."""
    host, pid, _ = process_identity().split(":", 2)
    return f"{host}:{pid}:1.00"


def test_runs_lease_live_local_owner_dead_owner_and_other_hosts() -> None:
    """Runs (no max age): a live owner here keeps its runs whatever the heartbeat; a dead
    one loses them at once; another host's runs are lost only when its heartbeat is stale."""
    check = LeaseCheck(NOW, stale_after_s=60)
    long_ago = NOW - timedelta(hours=1)
    assert not check.lost(Lease(process_identity(), long_ago))
    assert check.lost(Lease(dead_local_owner(), NOW))
    assert not check.lost(Lease("elsewhere:42:1.00", NOW - timedelta(seconds=59)))
    assert check.lost(Lease("elsewhere:42:1.00", NOW - timedelta(seconds=61)))
    assert check.lost(Lease("elsewhere:42:1.00", None))
    assert check.lost(Lease(None, None)) and not check.lost(Lease(None, NOW))
    assert not check.lost(Lease("elsewhere:42:1.00", (NOW - timedelta(seconds=1)).replace(tzinfo=None)))  # SQLite


def test_refresh_lease_max_age_and_a_dead_owner() -> None:
    """Refreshes: lost when older than any refresh can take (even in a live process), and
    at once when their process on this host is gone; a recent one of a live owner is kept."""
    check = LeaseCheck(NOW, stale_after_s=300, max_age_s=300)
    recent, old = NOW - timedelta(seconds=10), NOW - timedelta(seconds=301)
    assert not check.lost(Lease(process_identity(), recent, started_at=recent))
    assert check.lost(Lease(process_identity(), old, started_at=old))
    assert check.lost(Lease(dead_local_owner(), recent, started_at=recent))
    assert not check.lost(Lease(None, recent, started_at=recent))  # written before owners were recorded


HOLDER = """
import fcntl, sys, time
handle = open(sys.argv[1], "rb")
fcntl.flock(handle, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(600)
"""


def test_file_lease_is_held_until_its_owner_dies(tmp_path: Path) -> None:
    """Files: the lease is a flock; while a live process holds it nobody else gets it, and
    the kernel hands it over the moment that process is killed."""
    stored = tmp_path / "upload.part"
    stored.write_bytes(b"x")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(stored)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert file_lease(stored) is None
        holder.kill()
        holder.wait(timeout=30)
        lease = file_lease(stored)
        assert lease is not None
        assert file_lease(stored) is None  # one owner at a time, in this process too
        lease.close()
        assert file_lease(tmp_path / "gone.part") is None
    finally:
        holder.kill()
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()


def test_a_zombie_owner_is_dead() -> None:
    """A worker killed with its gunicorn master stays a zombie until it is reaped (seconds
    under a slow reaper): its lease is lost at once, as a gone process's is."""
    child = subprocess.Popen([sys.executable, "-c", "input()"], stdin=subprocess.PIPE)
    try:
        owner = f"{HOST}:{child.pid}:{psutil.Process(child.pid).create_time():.2f}"
        assert not LeaseCheck(NOW, stale_after_s=60).lost(Lease(owner, NOW))  # alive: kept
        assert child.stdin is not None
        child.stdin.close()  # it exits; nobody reaps it yet
        deadline = time.monotonic() + 30
        while psutil.Process(child.pid).status() != psutil.STATUS_ZOMBIE:
            assert time.monotonic() < deadline, "the child never exited"
            time.sleep(0.01)
        assert LeaseCheck(NOW, stale_after_s=60).lost(Lease(owner, NOW))
    finally:
        child.kill()
        child.wait(timeout=30)
