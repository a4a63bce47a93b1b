"""The backup archive: one `.tar.gz` holding the database, the uploads, the derived data
and `manifest.json` (written last, so it can hold every member's sha256 and size).

    manifest.json              {"format": "datapulse-backup", "version": 1, "revision", ...}
    database/datapulse.sqlite3 SQLite: a snapshot by the online backup API
    database/postgres.dump     PostgreSQL: pg_dump's custom format, one schema
    uploads/<name>             UPLOAD_FOLDER
    data/<path>                DATA_DIR without the live database, logs and sockets

`verify()` reads the whole archive and checks every member against the manifest before
a restore touches anything."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from datapulse.ops.errors import OpsError
from datapulse.ops.schema import head_revision, known_revision

FORMAT = "datapulse-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/datapulse.sqlite3"
PG_MEMBER = "database/postgres.dump"
UPLOADS, DATA = "uploads", "data"
CHUNK = 1024 * 1024
COMPRESSLEVEL = 3  # most of the gain of 9 on CSV, at a fraction of the time


class _Hashing(io.RawIOBase):
    """Reads a file while hashing exactly what tarfile takes from it."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh, self.sha, self.size = fh, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.sha.update(data)
        self.size += len(data)
        return data


class ArchiveWriter:
    """Adds files to a new archive, recording each member's checksum for the manifest."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(f".{path.name}.partial")
        self.tar = tarfile.open(self.partial, "w:gz", compresslevel=COMPRESSLEVEL, format=tarfile.PAX_FORMAT)
        self.members: dict[str, dict[str, Any]] = {}

    def add_file(self, source: Path, name: str) -> bool:
        """False when the file went away or changed size while being read (it is left out)."""
        try:
            fh = open(source, "rb")
        except FileNotFoundError:
            return False
        with fh:
            st = os.fstat(fh.fileno())
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = st.st_size, int(st.st_mtime), st.st_mode & 0o777
            reader = _Hashing(fh)
            self.tar.addfile(info, reader)  # raises OSError if the file shrank meanwhile
        self.members[name] = {"sha256": reader.sha.hexdigest(), "size": reader.size}
        return True

    def finish(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """Write the manifest (last member), then move the archive into place; the manifest."""
        manifest = {**manifest, "members": self.members}
        raw = json.dumps(manifest, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(raw), 0o644, int(manifest.get("created_ts", 0))
        self.tar.addfile(info, io.BytesIO(raw))
        self.tar.close()
        with open(self.partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(self.partial, self.path)
        return manifest

    def abort(self) -> None:
        try:
            self.tar.close()
        except (OSError, tarfile.TarError):
            pass
        self.partial.unlink(missing_ok=True)


def walk(folder: Path, skip: set[Path]) -> Iterator[tuple[Path, str]]:
    """(path, posix path relative to folder) of every regular file, sorted, skipping `skip`."""
    if not folder.is_dir():
        return
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if (here / d).resolve() not in skip and not d.startswith(".restore-"))
        for name in sorted(files):
            path = here / name
            if path.resolve() in skip or not path.is_file() or path.is_symlink():
                continue
            yield path, path.relative_to(folder).as_posix()


@dataclass(frozen=True)
class Verified:
    manifest: dict[str, Any]

    @property
    def revision(self) -> str:
        return str(self.manifest["revision"])

    @property
    def backend(self) -> str:
        return str(self.manifest["backend"])


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        bool(name)
        and not path.is_absolute()
        and ".." not in path.parts
        and path.parts[0]
        in (
            "database",
            UPLOADS,
            DATA,
            MANIFEST,
        )
    )


def verify(archive: Path) -> Verified:
    """Read the whole archive; raise OpsError unless every member matches the manifest."""
    if not archive.is_file():
        raise OpsError(f"{archive}: no such file")
    seen: dict[str, dict[str, Any]] = {}
    raw_manifest: bytes | None = None
    try:
        with gzip.open(archive, "rb") as gz, tarfile.open(fileobj=gz, mode="r|") as tar:
            for info in tar:
                if not info.isfile() or not _safe(info.name):
                    raise OpsError(f"{archive}: unexpected member {info.name!r}: not a DataPulse backup")
                if info.name in seen or (info.name == MANIFEST and raw_manifest is not None):
                    raise OpsError(f"{archive}: member {info.name!r} appears twice")
                fh = tar.extractfile(info)
                assert fh is not None
                if info.name == MANIFEST:
                    raw_manifest = fh.read()
                    continue
                sha, size = hashlib.sha256(), 0
                for block in iter(lambda fh=fh: fh.read(CHUNK), b""):  # type: ignore[misc]
                    sha.update(block)
                    size += len(block)
                seen[info.name] = {"sha256": sha.hexdigest(), "size": size}
            # tarfile takes a damaged header for the end: read on to the gzip trailer's CRC
            while gz.read(CHUNK):
                pass
    except OpsError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise OpsError(f"{archive}: corrupt or truncated archive ({type(exc).__name__}: {exc})") from exc
    if raw_manifest is None:
        raise OpsError(f"{archive}: no {MANIFEST}: not a DataPulse backup")
    try:
        manifest = json.loads(raw_manifest)
    except ValueError as exc:
        raise OpsError(f"{archive}: {MANIFEST} is not JSON") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise OpsError(f"{archive}: not a DataPulse backup (format {manifest.get('format')!r})")
    if manifest.get("version") != FORMAT_VERSION:
        raise OpsError(
            f"{archive}: backup format version {manifest.get('version')!r}; this code reads {FORMAT_VERSION}"
        )
    members = manifest.get("members")
    if not isinstance(members, dict) or set(members) != set(seen):
        missing = sorted(set(members or {}) - set(seen))
        extra = sorted(set(seen) - set(members or {}))
        raise OpsError(f"{archive}: members differ from the manifest (missing {missing[:5]}, unlisted {extra[:5]})")
    for name, got in seen.items():
        want = members[name]
        if want.get("sha256") != got["sha256"] or want.get("size") != got["size"]:
            raise OpsError(f"{archive}: {name} does not match its checksum: the archive is corrupt")
    revision = manifest.get("revision")
    if not isinstance(revision, str) or not known_revision(revision):
        raise OpsError(
            f"{archive}: schema revision {revision!r} is unknown to this code (head {head_revision()}): "
            "it comes from a newer DataPulse; upgrade DataPulse first"
        )
    db_member = SQLITE_MEMBER if manifest.get("backend") == "sqlite" else PG_MEMBER
    if db_member not in seen:
        raise OpsError(f"{archive}: no database in the archive")
    return Verified(manifest)
