"""Deriving a file's Parquet copy and profile, in the request for small files and on
a background thread for large ones; each completion is broadcast as `file_update`.

A job holds an exclusive `flock` on the stored file while it runs, so the start-up
recovery of another worker process never profiles the same file twice.
"""

from __future__ import annotations

import fcntl
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

from datapulse.bus.base import EventBus, emit
from datapulse.data.offload import offload
from datapulse.data.profile import profile_parquet
from datapulse.data.readers import to_parquet
from datapulse.errors import DataPulseError
from datapulse.events import UPDATED, activity, file_update
from datapulse.storage.db import Database
from datapulse.storage.models import StoredFile

log = logging.getLogger(__name__)
PROCESSING, READY, FAILED = "processing", "ready", "failed"


def derive(stored: Path, file_type: str, derived: Path) -> dict[str, Any]:
    """Write the Parquet copy and return its profile (`rows`, `columns`, `schema`)."""
    return offload(_derive, stored, file_type, derived)


def _derive(stored: Path, file_type: str, derived: Path) -> dict[str, Any]:
    to_parquet(stored, file_type, derived)
    try:
        return profile_parquet(derived)
    except Exception:
        derived.unlink(missing_ok=True)
        raise


def file_info(row: StoredFile, with_schema: bool = False) -> dict[str, Any]:
    """FileInfo (SPEC 3)."""
    from datapulse.events import iso

    info: dict[str, Any] = {
        "id": row.id,
        "name": row.name,
        "table_name": row.table_name,
        "size": row.size,
        "type": row.type,
        "checksum": row.checksum,
        "status": row.status,
        "rows": row.rows,
        "columns": row.columns,
        "error": row.error,
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at) if row.updated_at else None,
    }
    if with_schema:
        info["schema"] = row.schema
    return info


def try_lock(path: Path) -> IO[bytes] | None:
    """An open handle holding an exclusive lock on `path`, or None if someone holds it."""
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


class ProfileJobs:
    """Runs derive+profile for stored files and records the outcome on their rows."""

    def __init__(self, db: Database, bus: EventBus, derived_dir: Path, workers: int = 1) -> None:
        self.db, self.bus, self.derived_dir = db, bus, derived_dir
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="datapulse-profile")
        self._futures: set[Future[None]] = set()
        self._lock = threading.Lock()

    def derived_path(self, file_id: str) -> Path:
        return self.derived_dir / f"{file_id}.parquet"

    def submit(self, file_id: str, held: IO[bytes] | None = None) -> Future[None]:
        """Profile `file_id` in the background; `held` is a lock handle handed over."""
        future = self._pool.submit(self._run_safely, file_id, held)
        with self._lock:
            self._futures.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future[None]) -> None:
        with self._lock:
            self._futures.discard(future)

    def wait_idle(self, timeout: float | None = None) -> None:
        """Block until every submitted job is done (tests, shutdown)."""
        with self._lock:
            pending = list(self._futures)
        for future in pending:
            future.result(timeout=timeout)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run_safely(self, file_id: str, held: IO[bytes] | None) -> None:
        try:
            self.run(file_id, held)
        except Exception:  # a job must never kill its thread silently
            log.exception("profiling file %s failed unexpectedly", file_id)

    def run(self, file_id: str, held: IO[bytes] | None = None) -> dict[str, Any] | None:
        """Derive and profile now; returns the new FileInfo (None if the row is gone)."""
        with self.db.session() as session:
            row = session.get(StoredFile, file_id)
            if row is None:
                return None
            stored, file_type = Path(row.stored_path), row.type
        lock = held or try_lock(stored)
        derived = self.derived_path(file_id)
        try:
            if lock is None and stored.exists():
                return self.current(file_id)  # another worker is on it: report its state
            try:
                if not stored.is_file():
                    raise FileNotFoundError("The stored bytes of this file are missing.")
                profile = derive(stored, file_type, derived)
                outcome: dict[str, Any] = {"status": READY, "error": None, **profile, "derived_path": str(derived)}
            except DataPulseError as exc:
                outcome = {"status": FAILED, "error": exc.message}
            except FileNotFoundError as exc:
                outcome = {"status": FAILED, "error": str(exc)}
            except Exception as exc:  # any reader failure becomes the file's error
                outcome = {"status": FAILED, "error": f"{type(exc).__name__}: {exc}"[:1000]}
            return self._record(file_id, outcome, derived)
        finally:
            if lock is not None:
                lock.close()

    def current(self, file_id: str) -> dict[str, Any] | None:
        with self.db.session() as session:
            row = session.get(StoredFile, file_id)
            return file_info(row) if row is not None else None

    def _record(self, file_id: str, outcome: dict[str, Any], derived: Path) -> dict[str, Any] | None:
        with self.db.session() as session:
            row = session.get(StoredFile, file_id)
            if row is None:  # deleted meanwhile: leave nothing behind
                derived.unlink(missing_ok=True)
                return None
            row.status, row.error = outcome["status"], outcome["error"]
            if outcome["status"] == READY:
                row.rows, row.columns = outcome["rows"], outcome["columns"]
                row.schema, row.derived_path = outcome["schema"], outcome["derived_path"]
            else:  # a failed file is not a table: no stale Parquet copy stays behind
                row.rows = row.columns = row.schema = row.derived_path = None
            info = file_info(row)
        if outcome["status"] != READY:
            derived.unlink(missing_ok=True)
        emit(self.bus, file_update(UPDATED, info))
        verb = "profiled" if info["status"] == READY else "failed to profile"
        emit(self.bus, activity("file_profiled", f"{verb} {info['name']}", file_id=file_id, status=info["status"]))
        return info
