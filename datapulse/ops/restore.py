"""`datapulse db restore FILE`: verify everything, then put database and files back.

Order: verify the whole archive (nothing touched), extract into hidden staging folders
beside the targets (same file system), replace the database (PostgreSQL: into a fresh
schema while the old one waits under another name; SQLite: one rename), swap the
folders' entries, point stored paths at this installation's folders, run the
migrations. A failure before the end puts the old database and files back."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import tarfile
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import text

from datapulse.launcher.control import socket_path
from datapulse.launcher.logfiles import logs_dir
from datapulse.ops.archive import DATA, MANIFEST, PG_MEMBER, SQLITE_MEMBER, UPLOADS, Verified, verify
from datapulse.ops.backup import SKIP_NAMES, libpq_url, pg_schema, sqlite_path, tool
from datapulse.ops.errors import OpsError
from datapulse.ops.schema import current_revision
from datapulse.settings import Settings
from datapulse.storage.db import Database

PATH_COLUMNS = (("files", "id", "stored_path"), ("files", "id", "derived_path"), ("dataset_versions", "id", "path"))


class _Swap:
    """Moves a folder's entries aside and the staged ones in; `undo()` reverses it."""

    def __init__(self, folder: Path, staged: Path, keep: set[str]) -> None:
        self.folder, self.staged, self.keep = folder, staged, keep
        self.old = folder / f".restore-old-{uuid.uuid4().hex[:8]}"
        self.moved_out: list[str] = []
        self.moved_in: list[str] = []

    def run(self) -> None:
        self.old.mkdir()
        for entry in sorted(self.folder.iterdir()):
            if entry.name.startswith(".restore-") or entry.name in self.keep:
                continue
            os.replace(entry, self.old / entry.name)
            self.moved_out.append(entry.name)
        for entry in sorted(self.staged.iterdir()):
            os.replace(entry, self.folder / entry.name)
            self.moved_in.append(entry.name)

    def undo(self) -> None:
        for name in self.moved_in:
            target = self.folder / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target, ignore_errors=True)
            else:
                target.unlink(missing_ok=True)
        for name in self.moved_out:
            os.replace(self.old / name, self.folder / name)
        shutil.rmtree(self.old, ignore_errors=True)

    def commit(self) -> None:
        shutil.rmtree(self.old, ignore_errors=True)


def _extract(archive: Path, member_dirs: dict[str, Path], db_target: Path, members: dict[str, Any]) -> None:
    """Second pass over the verified archive: every member to its staging place, checked again
    (the file could have changed since it was verified)."""
    with tarfile.open(archive, "r|gz") as tar:
        for info in tar:
            if info.name == MANIFEST:
                continue
            if info.name in (SQLITE_MEMBER, PG_MEMBER):
                dest = db_target
            else:
                top, _, rest = info.name.partition("/")
                dest = member_dirs[top] / rest
            dest.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(info)
            assert source is not None
            sha = hashlib.sha256()
            with open(dest, "wb") as out:
                for block in iter(lambda source=source: source.read(1024 * 1024), b""):  # type: ignore[misc]
                    sha.update(block)
                    out.write(block)
            if members.get(info.name, {}).get("sha256") != sha.hexdigest():
                raise OpsError(f"{archive}: {info.name} changed since it was verified; nothing restored")
            os.chmod(dest, info.mode & 0o777 or 0o644)
            os.utime(dest, (info.mtime, info.mtime))


def _sqlite_revision(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    return str(row[0]) if row else None


class _PgSwap:
    """The live schema renamed aside, the archive restored into a fresh one of the same name."""

    def __init__(self, db: Database, dump: Path, archived_schema: str) -> None:
        self.db, self.dump = db, dump
        self.schema = pg_schema(db)
        self.aside = f"{self.schema[:40]}_restore_old_{uuid.uuid4().hex[:8]}"
        self.archived_schema = archived_schema
        self.renamed = False

    def run(self) -> None:
        if self.archived_schema != self.schema:
            raise OpsError(
                f"the archive holds schema {self.archived_schema!r} but this database uses {self.schema!r}; "
                "set DATABASE_URL's search_path to the archived schema"
            )
        with self.db.engine.begin() as conn:
            conn.execute(text(f'ALTER SCHEMA "{self.schema}" RENAME TO "{self.aside}"'))
            conn.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        self.renamed = True
        self.db.engine.dispose()  # pooled connections still point at the renamed tables
        argv = [tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
        argv += ["--schema", self.schema, "--dbname", libpq_url(self.db.url), str(self.dump)]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=24 * 3600)
        if done.returncode != 0:
            raise OpsError(f"pg_restore failed: {done.stderr.strip()[-2000:]}")

    def undo(self) -> None:
        if not self.renamed:
            return
        self.db.engine.dispose()
        with self.db.engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
            conn.execute(text(f'ALTER SCHEMA "{self.aside}" RENAME TO "{self.schema}"'))

    def commit(self) -> None:
        with self.db.engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.aside}" CASCADE'))


class _SqliteSwap:
    def __init__(self, live: Path, staged: Path, aside_dir: Path) -> None:
        self.live, self.staged = live, staged
        self.aside = aside_dir / f".restore-old-db-{uuid.uuid4().hex[:8]}"
        self.moved: list[tuple[Path, Path]] = []

    def run(self) -> None:
        self.aside.mkdir(parents=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            path = self.live.with_name(self.live.name + suffix)
            if path.exists():
                os.replace(path, self.aside / path.name)
                self.moved.append((self.aside / path.name, path))
        os.replace(self.staged, self.live)

    def undo(self) -> None:
        self.live.unlink(missing_ok=True)
        for old, original in self.moved:
            os.replace(old, original)
        shutil.rmtree(self.aside, ignore_errors=True)

    def commit(self) -> None:
        shutil.rmtree(self.aside, ignore_errors=True)


def rewrite_paths(db: Database, old: dict[str, str], new: dict[str, str]) -> int:
    """Point stored file paths at this installation's folders when they differ from the archive's."""
    moves = [(old[key], new[key]) for key in ("upload_folder", "data_dir") if old.get(key) and old[key] != new[key]]
    if not moves:
        return 0
    changed = 0
    with db.engine.begin() as conn:
        for table, key, column in PATH_COLUMNS:
            rows = conn.execute(text(f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL")).all()
            for ident, value in rows:
                for before, after in moves:
                    if value == before or value.startswith(before.rstrip("/") + "/"):
                        conn.execute(
                            text(f"UPDATE {table} SET {column} = :v WHERE {key} = :k"),
                            {"v": after + value[len(before.rstrip("/")) :], "k": ident},
                        )
                        changed += 1
                        break
    return changed


def restore(settings: Settings, archive: Path, checked: Verified | None = None) -> dict[str, Any]:
    """Replace this installation's database and files by the archive's; the platform must be stopped."""
    archive = archive.resolve()
    checked = checked or verify(archive)
    manifest = checked.manifest
    uploads, data = settings.UPLOAD_FOLDER.resolve(), settings.DATA_DIR.resolve()
    uploads.mkdir(parents=True, exist_ok=True)
    data.mkdir(parents=True, exist_ok=True)
    db = Database(settings.database_url)
    target = "sqlite" if db.is_sqlite else db.engine.dialect.name
    if checked.backend != target:
        db.dispose()
        raise OpsError(f"the archive holds a {checked.backend} database; this installation uses {target}")
    tag = uuid.uuid4().hex[:8]
    staged = {UPLOADS: uploads / f".restore-new-{tag}", DATA: data / f".restore-new-{tag}"}
    db_file = data / f".restore-db-{tag}"
    steps: list[Any] = []
    try:
        for folder in staged.values():
            folder.mkdir()
        _extract(archive, staged, db_file, manifest.get("members", {}))
        if db.is_sqlite:
            if _sqlite_revision(db_file) != checked.revision:
                raise OpsError("the archived database's revision differs from its manifest")
            live = sqlite_path(db.url)
            live.parent.mkdir(parents=True, exist_ok=True)
            db.dispose()
            step: Any = _SqliteSwap(live, db_file, data)
        else:
            step = _PgSwap(db, db_file, str(manifest.get("pg_schema", "public")))
        steps.append(step)
        step.run()
        keep_data = set(SKIP_NAMES) | {live.name for live in _live_db_files(db)}
        for own in (logs_dir(settings), socket_path(settings)):  # the live logs and socket stay
            if own.is_relative_to(data) and own != data:
                keep_data.add(own.relative_to(data).parts[0])
        if uploads.parent == data or uploads.is_relative_to(data):
            keep_data.add(uploads.relative_to(data).parts[0])
        for folder, stage, keep in ((uploads, staged[UPLOADS], set()), (data, staged[DATA], keep_data)):
            swap = _Swap(folder, stage, keep | {stage.name})
            steps.append(swap)
            swap.run()
        db.dispose()
        rewritten = rewrite_paths(db, manifest.get("paths", {}), {"upload_folder": str(uploads), "data_dir": str(data)})
        db.migrate(data)
        revision = current_revision(db)
    except BaseException:
        for done in reversed(steps):
            with contextlib.suppress(Exception):
                done.undo()
        raise
    else:
        for done in steps:
            with contextlib.suppress(Exception):
                done.commit()
    finally:
        for folder in staged.values():
            shutil.rmtree(folder, ignore_errors=True)
        db_file.unlink(missing_ok=True)
        db.dispose()
    return {
        "restored": str(archive),
        "backend": checked.backend,
        "archive_revision": checked.revision,
        "revision": revision,
        "created_at": manifest.get("created_at"),
        "members": len(manifest.get("members", {})),
        "paths_rewritten": rewritten,
    }


def _live_db_files(db: Database) -> list[Path]:
    if not db.is_sqlite:
        return []
    live = sqlite_path(db.url)
    return [live.with_name(live.name + s) for s in ("", "-wal", "-shm", "-journal")]
