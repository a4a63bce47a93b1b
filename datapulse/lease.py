"""One recovery model for work a process owned and may have left behind when it died.

Every piece of such work has a lease: its owner (`process_identity()`, `host:pid:start`)
and its last sign of life. The work is recovered when the lease is lost:

- the owner is known dead: on this host its pid is gone or now belongs to another
  process (the start time tells reused pids apart);
- or, for an owner this host cannot check (another host, or none recorded), its last
  sign of life is older than the staleness limit;
- or the work is older than it can legitimately be (`max_age`), live owner or not.

The three kinds of work use it as follows. Runs: owner `runs.worker_id`, life
`runs.heartbeat_at` (the executor's housekeeping renews it), no max age. Refreshes:
owner `datasources.worker_id`, life `updated_at` (set when the refresh starts; a fetch
cannot outlast its timeouts, which give the max age). Uploaded files: the lease is an
exclusive `flock` on the file (`file_lease`): the kernel drops it when the owner dies, so
"owner known dead" is exact and needs no clock; files live on this host's disk only.
"""

from __future__ import annotations

import fcntl
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO


def process_identity() -> str:
    """`host:pid:start-time`: tells a live owner from a dead or reused pid."""
    return f"{socket.gethostname()}:{os.getpid()}:{start_time(os.getpid())}"


def start_time(pid: int) -> str:
    import psutil

    try:
        return f"{psutil.Process(pid).create_time():.2f}"
    except psutil.Error:
        return "gone"


@dataclass(frozen=True)
class Lease:
    owner: str | None  # process_identity() of the owner
    seen_at: datetime | None  # its last sign of life
    started_at: datetime | None = None  # when the work began (for max_age)


class LeaseCheck:
    """Judges leases against one moment; each local owner's process is looked up once."""

    def __init__(self, now: datetime, stale_after_s: float, max_age_s: float | None = None) -> None:
        self.now = _aware(now)
        self.stale_after_s = stale_after_s
        self.max_age_s = max_age_s
        self._host = socket.gethostname()
        self._local: dict[str, bool] = {}

    def lost(self, lease: Lease) -> bool:
        if self.max_age_s is not None and lease.started_at is not None:
            if (self.now - _aware(lease.started_at)).total_seconds() > self.max_age_s:
                return True
        host, _, rest = (lease.owner or "").partition(":")
        if lease.owner and host == self._host:
            if lease.owner not in self._local:
                self._local[lease.owner] = _local_owner_alive(rest)
            return not self._local[lease.owner]
        if lease.seen_at is None:
            return True
        return (self.now - _aware(lease.seen_at)).total_seconds() > self.stale_after_s


def _local_owner_alive(pid_and_start: str) -> bool:
    """The owner's process runs: its pid exists with the recorded start time and is no
    zombie. A gunicorn worker killed with its master (the parent-death signal) stays a
    zombie until something reaps it, for seconds under a slow reaper; it can do no more
    work, and a standby's start-up check that took it for alive left its runs `running`."""
    import psutil

    pid_text, _, started = pid_and_start.partition(":")
    try:
        process = psutil.Process(int(pid_text))
        return f"{process.create_time():.2f}" == started and process.status() != psutil.STATUS_ZOMBIE
    except (ValueError, psutil.Error):
        return False


def file_lease(path: Path) -> IO[bytes] | None:
    """Take the lease on a stored file: an open handle holding an exclusive lock on
    `path`, or None when a live process holds it (or the file is gone)."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - the caller owns and closes it
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def _aware(ts: datetime) -> datetime:
    """SQLite keeps no zone; every stored time is UTC."""
    return ts if ts.tzinfo is not None else ts.replace(tzinfo=UTC)
