"""One refresh of one source: fetch → Parquet → new version → events.

A refresh never raises for a failing source: it marks the source `failed` with its
error, counts the failure, schedules a retry with a growing back-off, broadcasts a
`data_update`, and returns. Only a deleted source is skipped.

A `notification` goes out once per change of state, not once per try: when a source
starts failing (its first failure in a row, `state: "failed"`) and when it works again
after failing (`state: "ready"`). Both carry `datasource_id`, `name` and `state`, so that
a UI can word them in its own language; the retries in between stay silent.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from datapulse.auth.access import owner_principal
from datapulse.auth.principal import acting_as
from datapulse.bus.base import EventBus, emit
from datapulse.catalog.tables import file_relation
from datapulse.data.readers import to_parquet, write_parquet
from datapulse.datasources import fetch_sql, tables, versions
from datapulse.datasources.fetch_url import FetchPolicy, fetch_to_file
from datapulse.datasources.guard import Allowlist
from datapulse.errors import DataPulseError, InvalidContent, NotFound
from datapulse.events import UPDATED, DataUpdate, Notification, payload, utcnow
from datapulse.lease import Lease, LeaseCheck, process_identity
from datapulse.settings import Settings
from datapulse.sqlsource import live
from datapulse.storage.db import Database
from datapulse.storage.models import DataSource, SourceState, StoredFile

log = logging.getLogger(__name__)

RETRY_BASE_S = 30  # first retry of a failed source that has no refresh_interval
MAX_BACKOFF_S = 3600
MAX_RETRIES_WITHOUT_INTERVAL = 5


def fetch_policy(settings: Settings) -> FetchPolicy:
    return FetchPolicy(
        allowlist=Allowlist(settings.URL_SOURCE_ALLOWLIST),
        timeout_s=settings.URL_FETCH_TIMEOUT_S,
        max_bytes=settings.URL_FETCH_MAX_MB * 1024 * 1024,
    )


def backoff_s(refresh_interval: int | None, failures: int) -> float | None:
    """Seconds until the next try after `failures` failures in a row (None: stop trying).

    Doubles from the interval (or RETRY_BASE_S) up to an hour, or up to the interval
    when that is longer.
    """
    if not refresh_interval and failures > MAX_RETRIES_WITHOUT_INTERVAL:
        return None
    base = refresh_interval or RETRY_BASE_S
    return float(min(base * 2 ** max(0, failures - 1), max(base, MAX_BACKOFF_S)))


def produce(db: Database, settings: Settings, source_type: str, config: dict[str, Any], work: Path) -> Path:
    """Write the source's current data as a Parquet file in `work` and return its path."""
    out = work / f"{uuid.uuid4().hex}.parquet"
    if source_type == "file":
        with db.session() as session:
            # Scoped to the principal in effect: a refresh acts as the source's owner
            # (refresh_source), so a file they may no longer read is not there.
            stored = session.get(StoredFile, config.get("file_id"))
            if stored is None:
                raise NotFound(
                    "The source's file no longer exists, or the source's owner may no longer read it.",
                    code="file_gone",
                )
            relation, original, file_type = file_relation(stored), stored.stored_path, stored.type
        if relation is not None and relation.is_parquet and relation.path.is_file():
            shutil.copyfile(relation.path, out)
        elif relation is not None and not relation.is_parquet:  # ready, its copy not written yet
            write_parquet(relation, out)
        else:  # still processing, or the copy vanished: read it afresh
            to_parquet(Path(original), file_type, out)
    elif source_type == "url":
        body = work / f"{uuid.uuid4().hex}.body"
        try:
            fetch_to_file(config["url"], body, fetch_policy(settings), config.get("headers"))
            tables.fetched_to_parquet(body, config.get("format", "csv"), out, config.get("json_path"))
        finally:
            body.unlink(missing_ok=True)
    elif source_type == "sql":
        names, rows = fetch_sql.run_query(config["url"], config["query"], settings)
        tables.rows_to_parquet(names, rows, out)
    else:
        raise InvalidContent(f"Unknown source type '{source_type}'.")
    return out


TEST_SAMPLE_ROWS = 5


def try_source(db: Database, settings: Settings, source_type: str, config: dict[str, Any]) -> dict[str, Any]:
    """Fetch and read a (validated) config as a refresh would, keep nothing, and say how
    it went: `{"ok", "rows", "columns", "sample", "duration_ms"}` or `{"ok": false, "error"}`.

    Failures are the refresh's own (same codes and messages), so a test before saving
    and the first refresh after it cannot disagree.
    """
    started = time.perf_counter()
    scratch = settings.DATA_DIR / "datasets" / "_tests"
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as work:
        try:
            parquet = produce(db, settings, source_type, config, Path(work))
            page = tables.read_page(parquet, 0, TEST_SAMPLE_ROWS)
        except Exception as exc:  # the outcome of the test, not an error of the request
            if not isinstance(exc, DataPulseError):
                log.exception("testing a %s source failed unexpectedly", source_type)
            code = exc.code if isinstance(exc, DataPulseError) else "fetch_failed"
            message = exc.message if isinstance(exc, DataPulseError) else f"{type(exc).__name__}: {exc}"
            return {"ok": False, "error": {"code": code, "message": message}, "duration_ms": _ms(started)}
    return {
        "ok": True,
        "rows": page["total_rows"],
        "columns": page["columns"],
        "sample": page["rows"],
        "error": None,
        "duration_ms": _ms(started),
    }


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


def refresh_source(db: Database, settings: Settings, bus: EventBus, datasource_id: str) -> versions.SourceView | None:
    """Refresh one source; the source as the API shows it afterwards (None if deleted)."""
    with db.session() as session:
        source = session.get(DataSource, datasource_id)
        if source is None:
            return None
        source.status, source.worker_id = SourceState.REFRESHING, process_identity()
        source_type, config = source.type, dict(source.config or {})
        failures_before = source.failures or 0
        owner_id = source.owner_id
    if source_type == "sql" and config.get("mode") == "live":
        return _check_live(db, bus, settings, datasource_id, config)
    work = versions.work_dir(settings, datasource_id)
    parquet: Path | None = None
    try:
        # The owner's rights, not the caller's (a scheduler has none, an admin all): a
        # source reads only what its owner may read now.
        with acting_as(owner_principal(db, owner_id)):
            parquet = produce(db, settings, source_type, config, work)
        stored = versions.store_version(db, settings, datasource_id, parquet)
        if stored is None:  # deleted while fetching
            versions.remove_files(settings, datasource_id)
            return None
        _after_success(db, datasource_id)
    except Exception as exc:  # any failure of the source is recorded, never raised
        if parquet is not None:
            parquet.unlink(missing_ok=True)
        _record_failure(db, bus, datasource_id, exc)
    result = _current(db, datasource_id)
    if result is not None:
        extra = {"version": result.version} if result.status == SourceState.READY else {"error": result.error}
        emit(bus, DataUpdate(UPDATED, payload(result), extra))
        if failures_before and result.status == SourceState.READY:
            emit(bus, source_notice("success", "Data source recovered", result.name, datasource_id, SourceState.READY))
    return result


def _check_live(
    db: Database, bus: EventBus, settings: Settings, datasource_id: str, config: dict[str, Any]
) -> versions.SourceView | None:
    """A live source stores nothing: its refresh checks that the database answers the
    query (one row read) and marks it ready or failed, with the same events."""
    try:
        live.run(fetch_sql.live_source(config, settings), fetch_sql.probe_sql(config, settings), 1)
        with db.session() as session:
            source = session.get(DataSource, datasource_id)
            if source is None:
                return None
            failures_before = source.failures or 0
            source.status, source.error, source.failures = SourceState.READY, None, 0
            source.last_refreshed, source.worker_id = utcnow(), None
        _after_success(db, datasource_id)
    except Exception as exc:  # any failure of the source is recorded, never raised
        failures_before = 0
        _record_failure(db, bus, datasource_id, exc)
    result = _current(db, datasource_id)
    if result is not None:
        extra = {"mode": "live"} if result.status == SourceState.READY else {"error": result.error}
        emit(bus, DataUpdate(UPDATED, payload(result), extra))
        if failures_before and result.status == SourceState.READY:
            emit(bus, source_notice("success", "Data source recovered", result.name, datasource_id, SourceState.READY))
    return result


def source_notice(level: str, title: str, name: str, datasource_id: str, state: str, **extra: Any) -> Notification:
    """The one notification of a source's change of state (English text; UIs word their own)."""
    detail = extra.pop("detail", "")
    message = f"{name}: {detail}" if detail else f"{name} is ready again."
    about = {"datasource_id": datasource_id, "name": name, "state": str(state), **extra}
    return Notification(level, title, message, about)


def _after_success(db: Database, datasource_id: str) -> None:
    """Schedule the next refresh of an interval source if none is due already."""
    with db.session() as session:
        source = session.get(DataSource, datasource_id)
        if source is None or not source.refresh_interval:
            if source is not None:
                source.next_refresh_at = None
            return
        now = utcnow()
        if source.next_refresh_at is None or _aware(source.next_refresh_at) <= now:
            source.next_refresh_at = now + timedelta(seconds=source.refresh_interval)


def _record_failure(db: Database, bus: EventBus, datasource_id: str, exc: Exception) -> None:
    message = exc.message if isinstance(exc, DataPulseError) else f"{type(exc).__name__}: {exc}"
    if not isinstance(exc, DataPulseError):
        log.exception("refresh of %s failed unexpectedly", datasource_id)
    with db.session() as session:
        source = session.get(DataSource, datasource_id)
        if source is None:
            return
        source.status, source.error = SourceState.FAILED, message[:2000]
        source.failures = (source.failures or 0) + 1
        delay = backoff_s(source.refresh_interval, source.failures)
        source.next_refresh_at = utcnow() + timedelta(seconds=delay) if delay is not None else None
        name, first = source.name, source.failures == 1
    if not first:  # still failing: the state did not change, the retry stays silent
        return
    code = exc.code if isinstance(exc, DataPulseError) else "internal_error"
    emit(
        bus,
        source_notice(
            "error", "Data source refresh failed", name, datasource_id, SourceState.FAILED, detail=message, code=code
        ),
    )


def _current(db: Database, datasource_id: str) -> versions.SourceView | None:
    with db.session() as session:
        source = session.get(DataSource, datasource_id)
        if source is None:
            return None
        current = None
        if source.version:
            try:
                current = versions.get_version(session, datasource_id, source.version)
            except NotFound:
                current = None
        return versions.source_view(source, current)


def recover_interrupted(db: Database, settings: Settings) -> int:
    """Sources left `refreshing` by a process that died mid-refresh are marked failed and
    retried at once. The refresh's lease (datapulse.lease) tells: lost when its process on
    this host is gone, or when it started longer ago than any refresh can take; a refresh
    still running in a live process is left alone."""
    from sqlalchemy import select, update

    limit = 2 * max(settings.URL_FETCH_TIMEOUT_S, settings.SQL_SOURCE_TIMEOUT_S) + 120
    now = utcnow()
    check = LeaseCheck(now, stale_after_s=limit, max_age_s=limit)
    with db.session() as session:
        rows = session.execute(
            select(DataSource.id, DataSource.worker_id, DataSource.updated_at).where(
                DataSource.status == SourceState.REFRESHING
            )
        ).all()
    lost = [(ds_id, since) for ds_id, owner, since in rows if check.lost(Lease(owner, since, started_at=since))]
    recovered = 0
    with db.engine.begin() as conn:
        for ds_id, since in lost:  # unchanged since it was judged: no new refresh began meanwhile
            result = conn.execute(
                update(DataSource)
                .where(DataSource.id == ds_id, DataSource.status == SourceState.REFRESHING)
                .where(DataSource.updated_at == since)
                .values(
                    status=SourceState.FAILED,
                    error="The refresh was interrupted (the process stopped); it is retried.",
                    next_refresh_at=now,
                    updated_at=now,
                )
            )
            recovered += int(result.rowcount or 0)
    return recovered


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
