"""Dataset versions: each refresh lands as `DATA_DIR/datasets/<id>/v<N>.parquet` plus a
`dataset_versions` row; the source row then points at the newest version."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from datapulse.data.profile import profile_parquet
from datapulse.errors import NotFound
from datapulse.events import utcnow
from datapulse.settings import Settings
from datapulse.storage.db import Database
from datapulse.storage.models import DatasetVersion, DataSource, SourceState

_ATTEMPTS = 5


def source_dir(settings: Settings, datasource_id: str) -> Path:
    return settings.DATA_DIR / "datasets" / datasource_id


def work_dir(settings: Settings, datasource_id: str) -> Path:
    """Scratch space of one refresh (downloads, temporary Parquet), next to the versions."""
    path = source_dir(settings, datasource_id) / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def store_version(db: Database, settings: Settings, datasource_id: str, parquet: Path) -> DatasetVersion | None:
    """Move a freshly written Parquet file in as the source's next version.

    Returns None (and removes the file) when the source was deleted meanwhile. Two
    refreshes finishing at once both land: the loser of the unique (source, version)
    pair retries with the next number.
    """
    profile = profile_parquet(parquet)
    checksum = _sha256(parquet)
    for _attempt in range(_ATTEMPTS):
        with db.session() as session:
            source = session.get(DataSource, datasource_id)
            if source is None:
                parquet.unlink(missing_ok=True)
                return None
            number = (
                session.scalar(
                    select(func.max(DatasetVersion.version)).where(DatasetVersion.datasource_id == datasource_id)
                )
                or 0
            ) + 1
            dest = source_dir(settings, datasource_id) / f"v{number}.parquet"
            if dest.exists():  # left by a crashed refresh that never committed its row
                dest.unlink()
            try:
                os.link(parquet, dest)
            except OSError:  # a file system without hard links
                shutil.copyfile(parquet, dest)
            version = DatasetVersion(
                datasource_id=datasource_id,
                version=number,
                path=str(dest),
                rows=profile["rows"],
                columns=profile["columns"],
                schema=profile["schema"],
                checksum=checksum,
            )
            session.add(version)
            try:
                session.flush()
            except IntegrityError:
                session.rollback()
                dest.unlink(missing_ok=True)
                continue
            now = utcnow()
            source.version, source.status, source.error, source.failures = number, SourceState.READY, None, 0
            source.last_refreshed = now
        parquet.unlink(missing_ok=True)
        return version
    parquet.unlink(missing_ok=True)
    raise RuntimeError(f"could not store a version of {datasource_id} after {_ATTEMPTS} attempts")


def get_version(session: Session, datasource_id: str, number: int | None) -> DatasetVersion:
    """The given version, or the newest; NotFound when there is none."""
    stmt = select(DatasetVersion).where(DatasetVersion.datasource_id == datasource_id)
    if number is not None:
        found = session.scalar(stmt.where(DatasetVersion.version == number))
        if found is None:
            raise NotFound(f"Data source has no version {number}.", code="no_such_version", details={"version": number})
        return found
    found = session.scalar(stmt.order_by(DatasetVersion.version.desc()).limit(1))
    if found is None:
        raise NotFound("The data source has no data yet.", code="no_data", details={"datasource_id": datasource_id})
    return found


def remove_files(settings: Settings, datasource_id: str) -> None:
    shutil.rmtree(source_dir(settings, datasource_id), ignore_errors=True)


@dataclass(frozen=True)
class SourceView:
    """A data source as it is shown (the API's answer, the `data_update` event): its row
    with the secrets in its config masked and the size of its current version."""

    id: str
    name: str
    type: str
    config: dict[str, Any]
    table_name: str
    status: str
    version: int
    last_refreshed: datetime | None
    next_refresh_at: datetime | None
    error: str | None
    failures: int
    refresh_interval: int | None
    rows: int | None
    columns: int | None
    created_at: datetime
    updated_at: datetime
    owner_id: str | None = None
    visibility: str = "private"


def source_view(source: DataSource, current: DatasetVersion | None = None) -> SourceView:
    return SourceView(
        id=source.id,
        name=source.name,
        type=source.type,
        config=mask_config(source.type, source.config or {}),
        table_name=source.table_name,
        status=source.status,
        version=source.version,
        last_refreshed=source.last_refreshed,
        next_refresh_at=source.next_refresh_at,
        error=source.error,
        failures=source.failures,
        refresh_interval=source.refresh_interval,
        rows=current.rows if current else None,
        columns=current.columns if current else None,
        created_at=source.created_at,
        updated_at=source.updated_at,
        owner_id=source.owner_id,
        visibility=source.visibility,
    )


MASK = "********"


def mask_config(source_type: str, config: dict[str, Any]) -> dict[str, Any]:
    """Header values and database passwords never leave the API."""
    out = dict(config)
    if source_type == "url" and isinstance(out.get("headers"), dict):
        out["headers"] = {k: MASK for k in out["headers"]}
    if source_type == "sql" and isinstance(out.get("url"), str):
        from sqlalchemy.engine import make_url

        try:
            url = make_url(out["url"])
        except Exception:  # noqa: BLE001 - stored configs were validated; be safe anyway
            return out
        if url.password:
            out["url"] = url.render_as_string(hide_password=True)  # the password becomes ***
    return out


def unmask_config(source_type: str, new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """On update, a masked value sent back means 'keep the stored one'."""
    out = dict(new)
    if source_type == "url" and isinstance(out.get("headers"), dict) and isinstance(old.get("headers"), dict):
        out["headers"] = {k: (old["headers"].get(k, v) if v == MASK else v) for k, v in out["headers"].items()}
    if source_type == "sql" and isinstance(out.get("url"), str) and isinstance(old.get("url"), str):
        from sqlalchemy.engine import make_url

        try:
            new_url, old_url = make_url(out["url"]), make_url(old["url"])
        except Exception:  # noqa: BLE001 - validation reports a bad URL later
            return out
        if new_url.password == "***" and old_url.password:
            out["url"] = new_url.set(password=old_url.password).render_as_string(hide_password=False)
    return out
