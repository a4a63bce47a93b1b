"""`datapulse db backup FILE`: a consistent database snapshot plus the files, while the
platform may keep running.

The database is snapshotted first (SQLite's online backup API, or pg_dump), then the
files are read. Uploads land on disk before their row commits and are deleted after
it, so a file added meanwhile is at worst an orphan in the archive (`cleanup` removes
it); a row whose file vanished before it was read is reported in `missing`."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import make_url, text

from datapulse.launcher.control import socket_path
from datapulse.launcher.logfiles import logs_dir
from datapulse.ops.archive import DATA, FORMAT, FORMAT_VERSION, PG_MEMBER, SQLITE_MEMBER, UPLOADS, ArchiveWriter, walk
from datapulse.ops.errors import OpsError
from datapulse.ops.schema import current_revision
from datapulse.settings import Settings
from datapulse.storage.db import Database, _normalise_url

# DATA_DIR entries never archived: the live database, logs, sockets, locks, scratch.
SKIP_NAMES = {"logs", "launcher.sock", ".migrate.lock"}


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise OpsError("an in-memory SQLite database cannot be backed up")
    return Path(database).resolve()


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as pg_dump/pg_restore read it (no +driver)."""
    parsed = make_url(_normalise_url(url))
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def pg_schema(db: Database) -> str:
    with db.engine.connect() as conn:
        return str(conn.execute(text("SELECT current_schema()")).scalar_one())


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise OpsError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def skipped_paths(settings: Settings, db: Database) -> set[Path]:
    data = settings.DATA_DIR.resolve()
    skip = {data / name for name in SKIP_NAMES}
    skip.add(settings.UPLOAD_FOLDER.resolve())  # archived on its own, even when inside DATA_DIR
    skip |= {logs_dir(settings), socket_path(settings)}  # wherever LOG_DIR and CONTROL_SOCKET point
    if db.is_sqlite:
        live = sqlite_path(db.url)
        skip |= {live, live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")}
        skip.add(live.with_name(live.name + "-journal"))
    return skip


def snapshot_database(db: Database, folder: Path) -> tuple[Path, str, dict[str, Any]]:
    """(file, archive member, extra manifest fields) of a consistent copy of the database."""
    if db.is_sqlite:
        target = folder / "datapulse.sqlite3"
        source = sqlite3.connect(f"file:{sqlite_path(db.url)}?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # the online backup API: a consistent page copy while others write
        finally:
            copy.close()
            source.close()
        return target, SQLITE_MEMBER, {}
    schema = pg_schema(db)
    target = folder / "postgres.dump"
    argv = [tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f'--schema="{schema}"']
    argv += ["--file", str(target), "--dbname", libpq_url(db.url)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=24 * 3600)
    if done.returncode != 0:
        raise OpsError(f"pg_dump failed: {done.stderr.strip()[-2000:]}")
    return target, PG_MEMBER, {"pg_schema": schema}


def snapshot_revision(snapshot: Path, db: Database) -> str | None:
    if db.is_sqlite:
        conn = sqlite3.connect(snapshot)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            return None
        finally:
            conn.close()
        return str(row[0]) if row else None
    return current_revision(db)


def referenced_paths(db: Database) -> set[str]:
    """Every file path the database points at (uploads, Parquet copies, dataset versions)."""
    found: set[str] = set()
    with db.engine.connect() as conn:
        for sql in (
            "SELECT stored_path FROM files",
            "SELECT derived_path FROM files WHERE derived_path IS NOT NULL",
            "SELECT path FROM dataset_versions",
        ):
            found |= {str(p) for (p,) in conn.execute(text(sql))}
    return found


def backup(settings: Settings, dest: Path) -> dict[str, Any]:
    """Write the archive at `dest`; the manifest (and what was left out) is returned."""
    dest = dest.resolve()
    if dest.is_dir():
        raise OpsError(f"{dest} is a folder; give a file name such as backup.tar.gz")
    dest.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    db = Database(settings.database_url)
    writer: ArchiveWriter | None = None
    try:
        if current_revision(db) is None:
            raise OpsError("the database has no schema yet (run `datapulse db migrate` first)")
        with tempfile.TemporaryDirectory(prefix=".datapulse-backup-", dir=dest.parent) as tmp:
            snapshot, member, extra = snapshot_database(db, Path(tmp))
            revision = snapshot_revision(snapshot, db)
            referenced = referenced_paths(db) if not db.is_sqlite else _sqlite_referenced(snapshot)
            writer = ArchiveWriter(dest)
            writer.add_file(snapshot, member)
            snapshot.unlink()
            uploads, data = settings.UPLOAD_FOLDER.resolve(), settings.DATA_DIR.resolve()
            skip = skipped_paths(settings, db) | {dest, writer.partial, Path(tmp).resolve()}
            archived: set[str] = set()
            for folder, prefix, skips in ((uploads, UPLOADS, skip - {uploads}), (data, DATA, skip)):
                for path, rel in walk(folder, skips):
                    if path.name.endswith(".tmp") or path.name.endswith(".part"):
                        continue
                    if writer.add_file(path, f"{prefix}/{rel}"):
                        archived.add(str(path))
            missing = sorted(p for p in referenced if p not in archived and _inside(p, uploads, data))
            now = datetime.now(UTC)
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "created_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
                "created_ts": now.timestamp(),
                "revision": revision,
                "backend": "sqlite" if db.is_sqlite else db.engine.dialect.name,
                "paths": {"upload_folder": str(uploads), "data_dir": str(data)},
                "missing": missing,
                **extra,
            }
            manifest = writer.finish(manifest)
            writer = None
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    finally:
        db.dispose()
    return {**manifest, "file": str(dest), "bytes": dest.stat().st_size, "seconds": time.monotonic() - started}


def _sqlite_referenced(snapshot: Path) -> set[str]:
    conn = sqlite3.connect(snapshot)
    try:
        rows = conn.execute(
            "SELECT stored_path FROM files UNION SELECT derived_path FROM files WHERE derived_path IS NOT NULL "
            "UNION SELECT path FROM dataset_versions"
        ).fetchall()
    finally:
        conn.close()
    return {str(r[0]) for r in rows}


def _inside(path: str, *folders: Path) -> bool:
    return any(Path(path).is_relative_to(folder) for folder in folders)
