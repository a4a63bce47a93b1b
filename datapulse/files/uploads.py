"""The upload store: multipart bodies streamed straight to disk, landed atomically,
and the start-up recovery that cleans up after a crash.

An upload is written to `UPLOAD_FOLDER/.upload-<random>.part` while its sha256 and
size are computed, fsync'ed, renamed to `<id>.<ext>` (never a client name), and its
row committed before the 201. Every part file is held under an exclusive `flock`
until its row is committed, so a recovering process can tell a crashed upload (no
lock) from one in flight in another worker.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import re
import time
import uuid
from collections.abc import Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.http import parse_options_header

from datapulse.bus.base import EventBus, emit
from datapulse.catalog.names import FILE, claim_table_name, release_table_name
from datapulse.data.naming import display_name, extension
from datapulse.data.readers import TYPES, check_content
from datapulse.data.relation import XLSX, ReadChoice
from datapulse.errors import BadRequest, Conflict, NotFound, PayloadTooLarge, UnsupportedType
from datapulse.events import CREATED, DELETED, HIDDEN, UPDATED, Activity, FileUpdate
from datapulse.files.info import FileInfo, announce
from datapulse.files.jobs import ProfileJobs, derive
from datapulse.files.multipart import MalformedMultipart, MultipartReader, Part
from datapulse.lease import file_lease
from datapulse.runtime import cooperate, offload
from datapulse.settings import Settings
from datapulse.storage.db import Database
from datapulse.storage.models import PRIVATE, FileStatus, StoredFile, new_id

log = logging.getLogger(__name__)
CHUNK = 1024 * 1024
FIELD = "file"
MULTIPART_SLACK = 1024 * 1024  # headers and boundaries around the files themselves
SYNC_PROFILE_BYTES = 16 * 1024 * 1024  # smaller files are ready in the 201 itself
ORPHAN_MIN_AGE_S = 600  # a derived file without a row younger than this may be in flight
_PART = re.compile(r"^\.upload-[0-9a-f]{32}\.part$")
_STORED = re.compile(r"^([0-9a-f]{32})\.[a-z0-9]{1,10}$")
_DERIVED_TMP = re.compile(r"^\.([0-9a-f]{32})\.parquet\.(\d+)\.tmp$")


@dataclass
class Incoming:
    """One file part being received."""

    name: str
    type: str
    path: Path
    handle: IO[bytes]
    sha: Any = field(default_factory=hashlib.sha256)
    size: int = 0
    id: str = field(default_factory=new_id)
    final: Path | None = None
    handed_over: bool = False  # the lock now belongs to a profiling job
    early: Future[dict[str, Any]] | None = None  # its profile, started before it landed

    def close(self) -> None:
        if not self.handed_over and not self.handle.closed:
            self.handle.close()


class UploadStore:
    def __init__(self, settings: Settings, db: Database, bus: EventBus) -> None:
        self.settings, self.db, self.bus = settings, db, bus
        self.folder = settings.UPLOAD_FOLDER.resolve()
        self.derived_dir = settings.DATA_DIR.resolve() / "derived"
        self.derived_dir.mkdir(parents=True, exist_ok=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.jobs = ProfileJobs(db, bus, self.derived_dir)
        self.sync_limit = SYNC_PROFILE_BYTES

    def stop(self) -> None:
        """Wait for running profiling jobs and stop the pool (app shutdown, tests)."""
        self.jobs.shutdown()

    # Receiving ------------------------------------------------------------------------
    def receive(self, stream: IO[bytes], content_type: str | None, content_length: int | None) -> list[FileInfo]:
        """Store every `file` part of a multipart body; all of them or none."""
        limit = self.settings.max_upload_bytes
        if content_length is not None and content_length > limit + MULTIPART_SLACK:
            raise PayloadTooLarge(
                f"The upload is larger than the limit of {limit} bytes.",
                details={"max_upload_bytes": limit, "content_length": content_length},
            )
        mimetype, options = parse_options_header(content_type or "")
        boundary = options.get("boundary", "")
        if mimetype != "multipart/form-data" or not boundary:
            raise BadRequest("Send the files as multipart/form-data in the field 'file'.", code="expected_multipart")
        incoming: list[Incoming] = []
        try:
            for part in self._parts(stream, boundary.encode("latin-1"), limit):
                incoming.append(part)
            if not incoming:
                raise BadRequest("The request holds no file in the field 'file'.", code="missing_file")
            for part in incoming:
                part.handle.flush()
                offload(check_content, part.path, part.type, self.settings.MAX_COLUMNS)
                if part.size > self.sync_limit:  # profiled while the bytes are made durable
                    part.early = self.jobs.profile_early(part.handle, part.type, part.id)
                offload(os.fsync, part.handle.fileno())
            return self._land(incoming)
        finally:
            for part in incoming:
                part.close()
                part.path.unlink(missing_ok=True)  # the part file; gone once landed (renamed)

    def _parts(self, stream: IO[bytes], boundary: bytes, limit: int) -> Iterator[Incoming]:
        """Read the body chunk by chunk; write each `file` part to a locked part file while
        hashing and counting it. Parts are yielded as they start, so the caller can clean up."""
        reader = MultipartReader(boundary)
        current: Incoming | None = None
        total = 0
        while not reader.complete:
            chunk = stream.read(CHUNK)
            cooperate()
            if not chunk:
                raise BadRequest("The multipart body ended early.", code="malformed_multipart")
            try:
                for event in reader.feed(chunk):
                    if isinstance(event, Part):  # a new part: fields other than `file` are skipped
                        is_file = event.name == FIELD and event.filename is not None
                        current = self._start_part(event) if is_file else None
                        if current is not None:
                            yield current
                    elif current is not None:
                        total += len(event)
                        if total > limit:
                            raise PayloadTooLarge(
                                f"The upload is larger than the limit of {limit} bytes.",
                                details={"max_upload_bytes": limit},
                            )
                        current.size += len(event)
                        current.sha.update(event)
                        current.handle.write(event)
            except MalformedMultipart as exc:
                raise BadRequest(f"The multipart body is malformed: {exc}.", code="malformed_multipart") from exc

    def _start_part(self, event: Part) -> Incoming:
        name = display_name(event.filename)
        file_type = extension(name)
        if file_type not in TYPES:
            raise UnsupportedType(
                f"'{name}' has an extension that is not accepted.",
                details={"name": name, "accepted": list(TYPES)},
            )
        path = self.folder / f".upload-{uuid.uuid4().hex}.part"
        handle = open(path, "wb")  # noqa: SIM115 - closed by Incoming.close
        fcntl.flock(handle, fcntl.LOCK_EX)
        return Incoming(name=name, type=file_type, path=path, handle=handle)

    def _land(self, incoming: list[Incoming]) -> list[FileInfo]:
        """Derive small files now (bad content is refused here), rename, commit, announce."""
        profiles: dict[str, dict[str, Any]] = {}
        stored: list[Path] = []
        derived: list[Path] = []
        try:
            for part in incoming:
                if part.size <= self.sync_limit:
                    target = self.jobs.derived_path(part.id)
                    derived.append(target)
                    profiles[part.id] = derive(part.path, part.type, target)
            for part in incoming:
                part.final = self.folder / f"{part.id}.{part.type}"
                os.replace(part.path, part.final)
                stored.append(part.final)
            offload(_fsync_dir, self.folder)
            infos = self._commit(incoming, profiles)
        except BaseException:
            for path in stored + derived:
                path.unlink(missing_ok=True)
            raise
        for info in infos:  # announced before any background job can announce its update
            announce(self.bus, CREATED, info)
            emit(self.bus, Activity("file_uploaded", f"uploaded {info.name}", {"file_id": info.id}))
        for part in incoming:
            if part.id not in profiles:
                part.handed_over = True  # the open part handle keeps its lock for the job
                self.jobs.submit(part.id, held=part.handle, early=part.early)
        return infos

    def _commit(self, incoming: list[Incoming], profiles: dict[str, dict[str, Any]]) -> list[FileInfo]:
        for attempt in range(5):
            try:
                with self.db.session() as session:
                    rows = []
                    for part in incoming:
                        table = claim_table_name(session, part.name, FILE, part.id)
                        profile = profiles.get(part.id)
                        row = StoredFile(
                            id=part.id,
                            name=part.name,
                            table_name=table,
                            size=part.size,
                            type=part.type,
                            checksum=part.sha.hexdigest(),
                            status=FileStatus.READY if profile else FileStatus.PROCESSING,
                            stored_path=str(part.final),
                        )
                        if profile:
                            row.rows, row.columns, row.schema = profile["rows"], profile["columns"], profile["schema"]
                            row.derived_path = str(self.jobs.derived_path(part.id))
                        session.add(row)
                        rows.append(row)
                    session.flush()
                    infos = [FileInfo.of(r) for r in rows]
                return infos
            except IntegrityError:  # a unique key clashed all the same: start the transaction over
                if attempt == 4:
                    raise
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    # Sharing --------------------------------------------------------------------------
    def set_visibility(self, file_id: str, visibility: str) -> FileInfo:
        """Share the file or make it private again (the route checked that the caller owns
        it, or is an admin): those who may now see it get it live; made private, also
        `hidden` to everyone, so that who may no longer read it drops it."""
        with self.db.session() as session:
            row = session.get(StoredFile, file_id)
            if row is None:
                raise NotFound(f"No file with id '{file_id}'.", details={"file_id": file_id})
            row.visibility = visibility
            session.flush()
            info = FileInfo.of(row, with_schema=True)
        announce(self.bus, UPDATED, info)
        if info.visibility == PRIVATE:
            emit(self.bus, FileUpdate(HIDDEN, {"id": info.id, "owner_id": info.owner_id}))
        return info

    # Deleting -------------------------------------------------------------------------
    def delete(self, file_id: str) -> FileInfo | None:
        """Row first (committed), then the stored and derived files; None if unknown."""
        with self.db.session() as session:
            row = session.get(StoredFile, file_id)
            if row is None:
                return None
            info = FileInfo.of(row).deleted()
            paths = [Path(row.stored_path), self.jobs.derived_path(file_id)]
            if row.derived_path:
                paths.append(Path(row.derived_path))
            release_table_name(session, FILE, file_id)
            session.delete(row)
        for path in paths:
            path.unlink(missing_ok=True)
        announce(self.bus, DELETED, info)
        emit(self.bus, Activity("file_deleted", f"deleted {info.name}", {"file_id": file_id}))
        return info

    def reprofile(self, file_id: str) -> FileInfo | None:
        """Derive and profile again: now for small files, in the background for large."""
        with self.db.session() as session:
            row = session.get(StoredFile, file_id)
            if row is None:
                return None
            if row.size <= self.sync_limit:
                background = False
            else:
                background = True
                row.status, row.error = FileStatus.PROCESSING, None
                session.flush()  # sets updated_at, which the event carries
                info = FileInfo.of(row)
        if not background:
            return self.jobs.run(file_id)
        self.jobs.submit(file_id)
        announce(self.bus, UPDATED, info)
        return info

    def reread(self, file_id: str, options: Mapping[str, Any] | None) -> FileInfo:
        """Read the file again with other options (delimiter, decimal mark, encoding,
        header, sheet: issue 12); also the way back for a file whose reading failed.
        Unprocessable when the options do not fit or cannot read it (nothing changes
        then); Conflict while another job holds the file."""
        with self.db.session() as session:
            row = session.get(StoredFile, file_id)
            if row is None:
                raise NotFound(f"No file with id '{file_id}'.", details={"file_id": file_id})
            stored, file_type, status = Path(row.stored_path), row.type, row.status
        choice = ReadChoice.of(file_type, options)
        if not stored.is_file():
            raise NotFound(
                "The stored bytes of this file are missing.", code="file_missing", details={"file_id": file_id}
            )
        lock = file_lease(stored) if status != FileStatus.PROCESSING else None
        if lock is None:
            raise Conflict("The file is being read right now; try again when it is ready.", code="file_busy")
        info = self.jobs.reread(file_id, choice, lock)
        if info is None:
            raise NotFound(f"No file with id '{file_id}'.", details={"file_id": file_id})
        return info

    def rederive(self, file_id: str) -> bool:
        """A reader found the Parquet copy of a ready file gone (deleted by hand, a lost
        disk): write it again, in the background while the stored source serves the
        readers; an xlsx, which has no other reader, now. True when it was written now.
        Nothing happens while another job (here or in another worker) holds the file."""
        with self.db.session() as session:
            row = session.get(StoredFile, file_id)
            if row is None or row.status != FileStatus.READY:
                return False
            path, now = Path(row.stored_path), row.type == XLSX
        if not path.is_file():
            return False  # the source is lost too: reading it says so
        lock = file_lease(path)
        if lock is None:
            return False
        if now:
            self.jobs.run(file_id, held=lock, copy_only=True)
            return True
        self.jobs.submit(file_id, held=lock, copy_only=True)
        return False

    # Start-up recovery ----------------------------------------------------------------
    def recover(self) -> dict[str, int]:
        """Remove what a crash left behind, restart interrupted profiling, and write the
        Parquet copy of ready files that lack one (killed between profile and copy)."""
        counts = {"partial_removed": 0, "orphans_removed": 0, "requeued": 0, "copies_requeued": 0, "failed": 0}
        with self.db.session() as session:
            known = set(session.scalars(select(StoredFile.id)))
            processing = list(session.scalars(select(StoredFile).where(StoredFile.status == FileStatus.PROCESSING)))
            stalled = [(r.id, Path(r.stored_path)) for r in processing]
            ready = session.execute(
                select(StoredFile.id, StoredFile.stored_path, StoredFile.derived_path).where(
                    StoredFile.status == FileStatus.READY
                )
            )
            uncopied = [(fid, Path(src)) for fid, src, copy in ready if not copy or not Path(copy).is_file()]
        for entry in list(self.folder.iterdir()):
            match = _STORED.match(entry.name)
            orphan = match is not None and match.group(1) not in known
            if (_PART.match(entry.name) or orphan) and _remove_unlocked(entry):
                counts["partial_removed" if not orphan else "orphans_removed"] += 1
        now = time.time()
        for entry in list(self.derived_dir.iterdir()):
            tmp = _DERIVED_TMP.match(entry.name)
            if tmp and not _pid_alive(int(tmp.group(2))):
                entry.unlink(missing_ok=True)
                counts["orphans_removed"] += 1
            elif entry.suffix == ".parquet" and entry.stem not in known and _age(entry, now) > ORPHAN_MIN_AGE_S:
                entry.unlink(missing_ok=True)
                counts["orphans_removed"] += 1
        for file_id, path in stalled:
            if not path.exists():
                self._mark_failed(file_id, "The stored file was lost in a crash before profiling finished.")
                counts["failed"] += 1
                continue
            lock = file_lease(path)
            if lock is None:
                continue  # another worker is profiling it right now
            counts["requeued"] += 1
            self.jobs.submit(file_id, held=lock)
        for file_id, path in uncopied:
            if not path.exists():
                self._mark_failed(file_id, "The stored file was lost before its Parquet copy was written.")
                counts["failed"] += 1
                continue
            lock = file_lease(path)
            if lock is None:
                continue  # its job (here or in another worker) is still writing the copy
            counts["copies_requeued"] += 1
            self.jobs.submit(file_id, held=lock, copy_only=True)
        if any(counts.values()):
            log.info("upload recovery: %s", counts)
        return counts

    def _mark_failed(self, file_id: str, reason: str) -> None:
        with self.db.session() as session:
            row = session.get(StoredFile, file_id)
            if row is None:
                return
            row.status, row.error = FileStatus.FAILED, reason
            session.flush()  # sets updated_at, which the event carries
            info = FileInfo.of(row)
        announce(self.bus, UPDATED, info)


def _age(path: Path, now: float) -> float:
    try:
        return now - path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _remove_unlocked(path: Path) -> bool:
    lock = file_lease(path)
    if lock is None:
        return False
    try:
        path.unlink(missing_ok=True)
    finally:
        lock.close()
    return True


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
