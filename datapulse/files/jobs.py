"""Profiling a stored file and writing its Parquet copy, in the request for small files
and on a background thread for large ones; each profile is broadcast as `file_update`.

A file is `ready` once one DuckDB pass over its stored source has profiled it; the
Parquet copy (faster for every later read) is written right after, by the same job.
Until the copy exists, readers read the source with the options the profile used
(`schema["read"]`, see datapulse.data.relation and datapulse.catalog.tables.file_relation).

A job holds an exclusive `flock` on the stored file while it runs, so the start-up
recovery of another worker process never profiles or copies the same file twice.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import IO, Any

from sqlalchemy import update

from datapulse.bus.base import EventBus, emit
from datapulse.data.ingest_warnings import csv_warnings, xlsx_warnings
from datapulse.data.profile import connect, profile_parquet, profile_relation
from datapulse.data.readers import NO_CHOICE, open_source, to_parquet, write_parquet
from datapulse.data.relation import XLSX, ReadChoice, Relation
from datapulse.errors import DataPulseError, InvalidContent
from datapulse.events import UPDATED, Activity
from datapulse.files.info import FileInfo, announce
from datapulse.lease import file_lease
from datapulse.runtime import offload
from datapulse.storage.db import Database
from datapulse.storage.models import FileStatus, StoredFile

log = logging.getLogger(__name__)
_FD_DIR = Path("/proc/self/fd")  # a descriptor as a path DuckDB can open (Linux)


def profile_source(stored: Path, file_type: str, derived: Path, choice: ReadChoice = NO_CHOICE) -> dict[str, Any]:
    """The profile (`rows`, `columns`, `schema`) of the stored file, read in place as
    `choice` says where it says something; `schema["read"]` records how, and
    `schema["options"]` what was chosen. An xlsx has no DuckDB reader: it is converted
    into its copy at `derived` first (it is small) and that is profiled."""
    if file_type == XLSX:
        to_parquet(stored, file_type, derived, choice)
        try:
            profile = profile_parquet(derived)
        except Exception:
            derived.unlink(missing_ok=True)
            raise
        profile["schema"]["read"] = {"format": XLSX, **choice.to_json()}
        profile["schema"]["warnings"] = xlsx_warnings(stored, choice.sheet)
    else:
        with connect() as conn:
            profile, relation = open_source(
                stored, file_type, lambda rel: profile_relation(conn, rel.sql(), count_first=rel.is_parquet), choice
            )
        profile["schema"]["read"] = relation.options()
        profile["schema"]["warnings"] = csv_warnings(relation, profile)
    if choice.to_json():
        profile["schema"]["options"] = choice.to_json()
    return profile


def write_copy(stored: Path, file_type: str, read: dict[str, Any] | None, derived: Path) -> None:
    """Write the Parquet copy of a profiled file, reading it as its profile did (a file
    profiled before the options were recorded, or an xlsx, is converted afresh)."""
    if read and read.get("format") != XLSX:
        write_parquet(Relation.stored(stored, read), derived)
    else:
        to_parquet(stored, file_type, derived, ReadChoice.stored(read))


def derive(stored: Path, file_type: str, derived: Path) -> dict[str, Any]:
    """Profile and write the Parquet copy now (small files, inside the request)."""
    return offload(_derive, stored, file_type, derived)


def _derive(stored: Path, file_type: str, derived: Path) -> dict[str, Any]:
    profile = profile_source(stored, file_type, derived)
    if file_type != XLSX:
        write_copy(stored, file_type, profile["schema"]["read"], derived)
    return profile


class ProfileJobs:
    """Runs profile-then-copy for stored files and records each outcome on their rows."""

    def __init__(self, db: Database, bus: EventBus, derived_dir: Path, workers: int = 1) -> None:
        self.db, self.bus, self.derived_dir = db, bus, derived_dir
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="datapulse-profile")
        self._futures: set[Future[Any]] = set()
        # Lease handles handed to jobs not yet run: a job cancelled at shutdown never runs
        # the `finally` that closes its handle, so its done-callback closes it.
        self._held: dict[Future[Any], IO[bytes]] = {}
        self._lock = threading.Lock()
        # Called with the file id between `ready` and the copy (tests hold the window open).
        self.before_copy: Callable[[str], None] | None = None

    def derived_path(self, file_id: str) -> Path:
        return self.derived_dir / f"{file_id}.parquet"

    def profile_early(self, handle: IO[bytes], file_type: str, file_id: str) -> Future[dict[str, Any]] | None:
        """Start profiling an upload's bytes while the request still makes them durable
        (fsync, rename, commit): that work and the profile then overlap. It reads a
        duplicate of the upload's descriptor, so neither the rename nor a failed upload's
        clean-up changes what it reads; the job of `submit(early=...)` takes its result.
        None where it cannot be done (an xlsx, or no /proc/self/fd)."""
        if file_type == XLSX or not _FD_DIR.is_dir():
            return None
        fd = os.dup(handle.fileno())
        try:
            future = self._pool.submit(self._profile_fd, fd, file_type, self.derived_path(file_id))
        except BaseException:
            os.close(fd)
            raise
        with self._lock:
            self._futures.add(future)
        future.add_done_callback(self._forget)
        return future

    @staticmethod
    def _profile_fd(fd: int, file_type: str, derived: Path) -> dict[str, Any]:
        try:
            return offload(profile_source, _FD_DIR / str(fd), file_type, derived)
        finally:
            os.close(fd)

    def submit(
        self,
        file_id: str,
        held: IO[bytes] | None = None,
        copy_only: bool = False,
        early: Future[dict[str, Any]] | None = None,
    ) -> Future[None]:
        """Profile `file_id` in the background; `held` is a lock handle handed over.
        `copy_only`: it is ready already, only its Parquet copy is missing. `early`: its
        profile, already under way (`profile_early`)."""
        future = self._pool.submit(self._run_safely, file_id, held, copy_only, early)
        with self._lock:
            self._futures.add(future)
            if held is not None:
                self._held[future] = held
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future[Any]) -> None:
        with self._lock:
            self._futures.discard(future)
            held = self._held.pop(future, None)
        if held is not None and future.cancelled():  # it never ran: nobody else closes the lease
            held.close()

    def wait_idle(self, timeout: float | None = None) -> None:
        """Block until every submitted job is done (tests, shutdown)."""
        with self._lock:
            pending = list(self._futures)
        _, not_done = wait(pending, timeout=timeout)  # a job's own failure is on its file's row
        if not_done:
            raise TimeoutError(f"{len(not_done)} profiling job(s) still running")

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run_safely(
        self, file_id: str, held: IO[bytes] | None, copy_only: bool, early: Future[dict[str, Any]] | None
    ) -> None:
        try:
            self.run(file_id, held, copy_only, early)
        except Exception:  # a job must never kill its thread silently
            log.exception("profiling file %s failed unexpectedly", file_id)

    def run(
        self,
        file_id: str,
        held: IO[bytes] | None = None,
        copy_only: bool = False,
        early: Future[dict[str, Any]] | None = None,
    ) -> FileInfo | None:
        """Profile now (unless `copy_only`), record and announce it, then write the
        Parquet copy; returns the FileInfo as profiled (None if the row is gone)."""
        with self.db.session() as session:
            row = session.get(StoredFile, file_id)
            if row is None:  # deleted meanwhile: the lease handed over is closed here
                if held is not None:
                    held.close()
                return None
            stored, file_type = Path(row.stored_path), row.type
            choice = ReadChoice.stored((row.schema or {}).get("options"))  # a re-read's choice stays
        lock = held or file_lease(stored)
        try:
            if lock is None and stored.exists():
                return self.current(file_id)  # another worker is on it: report its state
            info = self.current(file_id) if copy_only else self._profile(file_id, stored, file_type, early, choice)
            if info is not None and info.ready:
                self.make_copy(file_id)
            return info
        finally:
            if lock is not None:
                lock.close()

    def _profile(
        self,
        file_id: str,
        stored: Path,
        file_type: str,
        early: Future[dict[str, Any]] | None = None,
        choice: ReadChoice = NO_CHOICE,
    ) -> FileInfo | None:
        derived = self.derived_path(file_id)
        try:
            if not stored.is_file():
                raise FileNotFoundError("The stored bytes of this file are missing.")
            if early is not None:
                profile = early.result()
            else:
                profile = offload(profile_source, stored, file_type, derived, choice)
            outcome: dict[str, Any] = {"status": FileStatus.READY, "error": None, **profile}
            if file_type == XLSX:
                outcome["derived_path"] = str(derived)
        except DataPulseError as exc:
            outcome = {"status": FileStatus.FAILED, "error": exc.message}
        except FileNotFoundError as exc:
            outcome = {"status": FileStatus.FAILED, "error": str(exc)}
        except Exception as exc:  # any reader failure becomes the file's error
            outcome = {"status": FileStatus.FAILED, "error": f"{type(exc).__name__}: {exc}"[:1000]}
        return self._record(file_id, outcome, derived)

    def reread(self, file_id: str, choice: ReadChoice, held: IO[bytes]) -> FileInfo | None:
        """Profile the file again as `choice` says, holding its lease `held` (handed over).
        The profile is made on the side: a choice that cannot read the file raises and
        changes nothing; one that can replaces the profile, and the Parquet copy follows
        in the background (readers read the source the new way until then)."""
        with self.db.session() as session:
            row = session.get(StoredFile, file_id)
            stored, file_type = (Path(row.stored_path), row.type) if row is not None else (None, "")
        if stored is None:
            held.close()
            return None
        derived, scratch = self.derived_path(file_id), self.derived_dir / f"{file_id}.reread.parquet"
        try:
            try:
                profile = offload(profile_source, stored, file_type, scratch, choice)
            except DataPulseError:
                raise
            except Exception as exc:  # any reader failure is the choice's fault: say so, keep the file
                raise InvalidContent(
                    f"The file cannot be read this way: {type(exc).__name__}: {exc}"[:1000],
                    details={"options": choice.to_json()},
                ) from exc
            outcome: dict[str, Any] = {"status": FileStatus.READY, "error": None, **profile}
            if file_type == XLSX:
                os.replace(scratch, derived)
                outcome["derived_path"] = str(derived)
            info = self._record(file_id, outcome, derived)
        except BaseException:
            held.close()
            raise
        finally:
            scratch.unlink(missing_ok=True)
        if info is not None:
            self.submit(file_id, held=held, copy_only=True)
        else:
            held.close()
        return info

    def make_copy(self, file_id: str) -> bool:
        """Write the Parquet copy of a ready file that lacks one and record it; True when
        a copy was recorded. A failed copy leaves the file ready, read from its source
        (the next start tries again); a file deleted meanwhile keeps no copy."""
        with self.db.session() as session:
            row = session.get(StoredFile, file_id)
            if row is None or row.status != FileStatus.READY:
                return False
            if row.derived_path and Path(row.derived_path).is_file():
                return False
            stored, file_type, read = Path(row.stored_path), row.type, (row.schema or {}).get("read")
        if self.before_copy is not None:
            self.before_copy(file_id)
        derived = self.derived_path(file_id)
        try:
            offload(write_copy, stored, file_type, read, derived)
        except Exception as exc:  # the source still serves every reader
            log.warning("the Parquet copy of file %s failed: %s", file_id, exc)
            return False
        with self.db.engine.begin() as conn:  # FileInfo is unchanged: updated_at too
            done = conn.execute(
                update(StoredFile)
                .where(StoredFile.id == file_id, StoredFile.status == FileStatus.READY)
                .values(derived_path=str(derived), updated_at=StoredFile.updated_at)
            )
        if not done.rowcount:  # deleted (or re-profiled as failed) while copying
            derived.unlink(missing_ok=True)
            return False
        return True

    def current(self, file_id: str) -> FileInfo | None:
        with self.db.session() as session:
            row = session.get(StoredFile, file_id)
            return FileInfo.of(row) if row is not None else None

    def _record(self, file_id: str, outcome: dict[str, Any], derived: Path) -> FileInfo | None:
        with self.db.session() as session:
            row = session.get(StoredFile, file_id)
            if row is None:  # deleted meanwhile: leave nothing behind
                derived.unlink(missing_ok=True)
                return None
            row.status, row.error = outcome["status"], outcome["error"]
            if outcome["status"] == FileStatus.READY:
                # A copy made with the same read options is still right; else readers use
                # the source until the new copy is made.
                same = (row.schema or {}).get("read") == outcome["schema"].get("read")
                kept = row.derived_path if same else None
                row.rows, row.columns, row.schema = outcome["rows"], outcome["columns"], outcome["schema"]
                row.derived_path = outcome.get("derived_path", kept)
            else:  # a failed file is not a table: no stale Parquet copy stays behind
                row.rows = row.columns = row.schema = row.derived_path = None
            session.flush()  # sets updated_at, which the event carries
            info = FileInfo.of(row)
        if not info.ready:
            derived.unlink(missing_ok=True)
        announce(self.bus, UPDATED, info)
        verb = "profiled" if info.ready else "failed to profile"
        emit(self.bus, Activity("file_profiled", f"{verb} {info.name}", {"file_id": file_id, "status": info.status}))
        return info
