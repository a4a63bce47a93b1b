"""`datapulse cleanup`: what can go, found from the database and the folders together.

Removed: files on disk that no row names (uploads, Parquet copies, dataset versions,
whole folders of deleted sources), older than ORPHAN_MIN_AGE_S so an upload or a
refresh in flight is never taken; dataset versions beyond the kept count (never a
source's current one); finished runs and their events older than the cutoff (queued
and running ones never). Reported only: rows whose files are missing."""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from datapulse.events import utcnow
from datapulse.settings import Settings
from datapulse.storage.db import Database
from datapulse.storage.models import ACTIVE_RUN_STATES, DatasetVersion, DataSource, Run, RunEvent, StoredFile

ORPHAN_MIN_AGE_S = 600  # as the upload store's own recovery: younger may still be landing
ACTIVE_RUNS = ACTIVE_RUN_STATES
_STORED = re.compile(r"^[0-9a-f]{32}\.[a-z0-9]{1,10}$")
_ID_DIR = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Item:
    kind: str
    target: str
    action: str  # "remove" or "report"
    detail: str = ""
    bytes: int = 0


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _old_enough(path: Path, now: float) -> bool:
    try:
        return now - path.stat().st_mtime >= ORPHAN_MIN_AGE_S
    except FileNotFoundError:
        return False


class Cleanup:
    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings, self.db = settings, db

    def plan(self, older_than_days: float, keep_versions: int) -> list[Item]:
        """Everything cleanup would do, without doing it."""
        items: list[Item] = []
        with self.db.session() as session:
            files = session.execute(select(StoredFile.id, StoredFile.stored_path, StoredFile.derived_path)).all()
            sources = set(session.scalars(select(DataSource.id)))
            current = dict(session.execute(select(DataSource.id, DataSource.version)).all())
            versions = session.execute(
                select(DatasetVersion.id, DatasetVersion.datasource_id, DatasetVersion.version, DatasetVersion.path)
            ).all()
            cutoff = utcnow() - timedelta(days=older_than_days)
            old_runs = session.execute(
                select(Run.id, Run.created_at, Run.finished_at).where(Run.status.not_in(ACTIVE_RUNS))
            ).all()
        referenced = {p for _, stored, derived in files for p in (stored, derived) if p}
        referenced |= {path for *_, path in versions}
        referenced = {str(Path(p).resolve()) for p in referenced}
        items += self._orphans(referenced, {f[0] for f in files}, sources)
        for file_id, stored, derived in files:
            if not Path(stored).is_file():
                items.append(Item("missing_upload", file_id, "report", f"row names {stored}, which is gone"))
            if derived and not Path(derived).is_file():
                items.append(Item("missing_copy", file_id, "report", f"{derived} is gone (rebuilt on next start)"))
        kept: dict[str, int] = {}
        for version_id, source_id, number, path in sorted(versions, key=lambda v: (v[1], -v[2])):
            if not Path(path).is_file():
                items.append(Item("missing_version", version_id, "report", f"{source_id} v{number}: {path} is gone"))
            kept[source_id] = kept.get(source_id, 0) + 1
            if kept[source_id] > keep_versions and number != current.get(source_id):
                items.append(
                    Item("old_version", version_id, "remove", f"{source_id} v{number} ({path})", _size(Path(path)))
                )
        for run_id, created, finished in old_runs:
            moment = _aware(finished or created)
            if moment < cutoff:
                items.append(Item("old_run", run_id, "remove", f"finished {moment.isoformat(timespec='seconds')}"))
        return items

    def _orphans(self, referenced: set[str], file_ids: set[str], sources: set[str]) -> list[Item]:
        now = time.time()
        found: list[Item] = []
        uploads = self.settings.UPLOAD_FOLDER.resolve()
        data = self.settings.DATA_DIR.resolve()
        candidates: list[tuple[str, Path]] = []
        if uploads.is_dir():
            candidates += [("orphan_upload", p) for p in uploads.iterdir() if _STORED.match(p.name)]
        derived = data / "derived"
        if derived.is_dir():
            candidates += [("orphan_copy", p) for p in derived.glob("*.parquet") if p.stem not in file_ids]
        datasets = data / "datasets"
        if datasets.is_dir():
            for folder in datasets.iterdir():
                if not folder.is_dir() or not _ID_DIR.match(folder.name):
                    continue
                if folder.name not in sources:
                    if _old_enough(folder, now) and all(_old_enough(p, now) for p in folder.rglob("*")):
                        found.append(Item("orphan_source_folder", str(folder), "remove", "", _size(folder)))
                    continue
                candidates += [("orphan_version_file", p) for p in folder.glob("v*.parquet")]
        for kind, path in candidates:
            if str(path.resolve()) not in referenced and path.is_file() and _old_enough(path, now):
                found.append(Item(kind, str(path), "remove", "", _size(path)))
        return found

    def apply(self, items: list[Item]) -> list[Item]:
        """Carry out the removals of a plan (re-checked against the database); what was done."""
        done: list[Item] = []
        for item in items:
            if item.action != "remove":
                continue
            if item.kind == "old_version":
                with self.db.session() as session:
                    row = session.get(DatasetVersion, item.target)
                    source = session.get(DataSource, row.datasource_id) if row else None
                    if row is None or (source is not None and source.version == row.version):
                        continue
                    path = Path(row.path)
                    session.delete(row)
                path.unlink(missing_ok=True)
            elif item.kind == "old_run":
                with self.db.session() as session:
                    run = session.get(Run, item.target)
                    if run is None or run.status in ACTIVE_RUNS:
                        continue
                    session.execute(delete(RunEvent).where(RunEvent.run_id == item.target))
                    session.delete(run)
            elif item.kind == "orphan_source_folder":
                shutil.rmtree(item.target, ignore_errors=True)
            else:
                Path(item.target).unlink(missing_ok=True)
            done.append(item)
        return done


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def as_rows(items: list[Item]) -> list[dict[str, Any]]:
    return [asdict(i) for i in items]
