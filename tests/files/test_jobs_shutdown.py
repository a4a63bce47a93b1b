"""A profiling job handed a file's lease but cancelled before it ran (the app shutting
down while it waited behind another job) closes that lease: the handle is not left to the
garbage collector (an unclosed-file warning at some later moment), and the file's lock is
free for the next process."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

from datapulse.lease import file_lease


class _Lease(io.BufferedReader):
    """A lease handle that says when it is closed."""

    def __init__(self, path: Path) -> None:
        super().__init__(io.FileIO(path, "rb"))
        self.closed_event = threading.Event()

    def close(self) -> None:
        super().close()
        self.closed_event.set()


def _block_the_worker(jobs: Any, until: threading.Event) -> None:
    """Keep the one profiling thread busy until `until` is set (or 60 s pass)."""
    started = threading.Event()

    def busy() -> None:
        started.set()
        until.wait(60)

    jobs._pool.submit(busy)
    assert started.wait(60)


def test_a_job_cancelled_before_it_ran_closes_its_lease(app: Any, tmp_path: Path) -> None:
    jobs = app.extensions["datapulse"].uploads.jobs
    stored = tmp_path / "waiting.csv"
    stored.write_bytes(b"a,b\n1,2\n")
    held = _Lease(stored)
    _block_the_worker(jobs, until=held.closed_event)
    future = jobs.submit("no-such-file", held=held, copy_only=True)
    assert future.cancel()
    assert held.closed
    lock = file_lease(stored)
    assert lock is not None  # nobody holds the file any more
    lock.close()


def test_shutdown_closes_the_leases_of_the_jobs_it_cancels(app: Any, tmp_path: Path) -> None:
    jobs = app.extensions["datapulse"].uploads.jobs
    stored = tmp_path / "queued.csv"
    stored.write_bytes(b"a,b\n1,2\n")
    held = _Lease(stored)
    _block_the_worker(jobs, until=held.closed_event)  # the busy job ends once the lease is closed
    future = jobs.submit("no-such-file", held=held, copy_only=True)
    jobs.shutdown()
    assert future.cancelled()
    assert held.closed


def test_a_job_that_ran_closes_its_lease_once(app: Any, tmp_path: Path) -> None:
    jobs = app.extensions["datapulse"].uploads.jobs
    stored = tmp_path / "ran.csv"
    stored.write_bytes(b"a,b\n1,2\n")
    held = _Lease(stored)
    jobs.submit("no-such-file", held=held, copy_only=True).result(60)
    assert held.closed  # the job's own `finally`; the done-callback leaves a run job's lease alone
