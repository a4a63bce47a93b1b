"""The data-source service (SPEC 4): what each data-source route does, in one call each.

The API's datasources blueprint parses the request, calls one function here and
serializes the answer (datapulse.api.schemas.datasources). A config's shape per type is
a wire schema, so the blueprint hands its parser in (`ConfigParser`, raising the
contract's 422); what a config may name (an allowed address, a parsable database URL,
an existing file) is decided here, in the same order as before the split.

Access rules need nothing of this module: the sessions of a platform in `users` mode are
scoped to the request's principal (datapulse.auth.access), so another user's private
source is simply not found here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from datapulse.bus.base import EventBus, emit
from datapulse.catalog.names import DATASOURCE, claim_table_name, release_table_name
from datapulse.catalog.tables import is_live, live_of
from datapulse.data.values import json_rows
from datapulse.datasources import fetch_sql, guard, tables, versions
from datapulse.datasources.refresh import refresh_source, try_source
from datapulse.errors import NotFound, Unprocessable
from datapulse.events import CREATED, DELETED, HIDDEN, UPDATED, DataUpdate, payload, utcnow
from datapulse.runtime import offload
from datapulse.settings import Settings
from datapulse.sqlsource import live
from datapulse.sqlsource.allow import checked_live
from datapulse.storage.db import Database, paginate_select
from datapulse.storage.models import DatasetVersion, DataSource, SourceState, StoredFile, new_id

# (type, config as sent) → the config checked against its type's schema, or Unprocessable.
ConfigParser = Callable[[str, Any], dict[str, Any]]
CREATE_ATTEMPTS = 5  # a unique key may clash between the name's claim and the commit


def checked_config(
    db: Database, settings: Settings, source_type: str, config: Any, parse: ConfigParser
) -> dict[str, Any]:
    """Validate a config for its type, and refuse what is already clearly not allowed."""
    loaded = parse(source_type, config)
    if source_type == "url":
        guard.check_at_creation(loaded["url"], guard.Allowlist(settings.URL_SOURCE_ALLOWLIST))
    elif source_type == "sql":
        fetch_sql.parse_sql_url(loaded["url"], settings)
    elif source_type == "file":
        with db.session() as session:
            if session.get(StoredFile, loaded["file_id"]) is None:
                raise Unprocessable(
                    f"No file with id '{loaded['file_id']}'.",
                    code="unknown_file",
                    details={"json": {"config": {"file_id": ["No such file."]}}},
                )
    return {k: v for k, v in loaded.items() if v is not None}


def get_source(session: Session, datasource_id: str) -> DataSource:
    source = None if "\x00" in datasource_id else session.get(DataSource, datasource_id)
    if source is None:
        raise NotFound(f"No data source with id '{datasource_id}'.", details={"datasource_id": datasource_id})
    return source


def view(db: Database, datasource_id: str) -> versions.SourceView:
    """The source as the API shows it, with its current version."""
    with db.session() as session:
        source = get_source(session, datasource_id)
        current = session.scalar(
            select(DatasetVersion).where(
                DatasetVersion.datasource_id == source.id, DatasetVersion.version == source.version
            )
        )
        return versions.source_view(source, current)


def _refreshed(db: Database, settings: Settings, bus: EventBus, datasource_id: str) -> versions.SourceView:
    result = refresh_source(db, settings, bus, datasource_id)
    if result is None:
        raise NotFound(f"No data source with id '{datasource_id}'.", details={"datasource_id": datasource_id})
    return result


def list_sources(db: Database, page: int, per_page: int) -> tuple[list[versions.SourceView], int]:
    """One page of the sources, newest first, each with its current version."""
    with db.session() as session:
        stmt = select(DataSource).order_by(DataSource.created_at.desc(), DataSource.id)
        rows, total = paginate_select(session, stmt, page, per_page)
        by_key = {}
        if rows:
            found = session.scalars(
                select(DatasetVersion).where(DatasetVersion.datasource_id.in_([r.id for r in rows]))
            )
            by_key = {(v.datasource_id, v.version): v for v in found}
        return [versions.source_view(r, by_key.get((r.id, r.version))) for r in rows], total


def create_source(
    db: Database, settings: Settings, bus: EventBus, data: dict[str, Any], parse: ConfigParser
) -> versions.SourceView:
    """Store the source (announced at once), then fetch its first version."""
    config = checked_config(db, settings, data["type"], data["config"], parse)
    for attempt in range(CREATE_ATTEMPTS):
        try:
            with db.session() as session:
                source_id = new_id()
                source = DataSource(
                    id=source_id,
                    name=data["name"],
                    type=data["type"],
                    config=config,
                    table_name=claim_table_name(session, data["name"], DATASOURCE, source_id),
                    refresh_interval=data.get("refresh_interval"),
                    status=SourceState.REFRESHING,
                    version=0,
                    failures=0,
                )
                session.add(source)
                session.flush()
                created = versions.source_view(source)
            break
        except IntegrityError:  # a unique key clashed all the same: start the transaction over
            if attempt == CREATE_ATTEMPTS - 1:
                raise
    emit(bus, DataUpdate(CREATED, payload(created)))
    return _refreshed(db, settings, bus, created.id)


def try_config(db: Database, settings: Settings, data: dict[str, Any], parse: ConfigParser) -> dict[str, Any]:
    """Try a config without saving it; a stored source's masked secrets are filled in."""
    config = data["config"]
    if data.get("datasource_id"):
        with db.session() as session:
            stored = get_source(session, data["datasource_id"])
            if stored.type == data["type"]:
                config = versions.unmask_config(data["type"], config, dict(stored.config or {}))
    checked = checked_config(db, settings, data["type"], config, parse)
    return try_source(db, settings, data["type"], checked)


def update_source(
    db: Database, settings: Settings, bus: EventBus, datasource_id: str, data: dict[str, Any], parse: ConfigParser
) -> versions.SourceView:
    """Change name, interval or config; a changed config is fetched at once."""
    with db.session() as session:
        source = get_source(session, datasource_id)
        old_type, old_config = source.type, dict(source.config or {})
    new_type = data.get("type", old_type)
    config: dict[str, Any] | None = None
    if "config" in data:
        config = checked_config(
            db, settings, new_type, versions.unmask_config(new_type, data["config"], old_config), parse
        )
    elif new_type != old_type:
        raise Unprocessable(
            "Changing the type needs a config for the new type.",
            details={"json": {"config": ["Required when type changes."]}},
        )
    with db.session() as session:
        source = get_source(session, datasource_id)
        if "name" in data:
            source.name = data["name"]
        if "refresh_interval" in data and data["refresh_interval"] != source.refresh_interval:
            source.refresh_interval = data["refresh_interval"]
            interval = data["refresh_interval"]
            source.next_refresh_at = utcnow() + timedelta(seconds=interval) if interval else None
        changed = config is not None and (config != old_config or new_type != old_type)
        if config is not None and changed:
            source.type = new_type
            source.config = config
    if changed:
        return _refreshed(db, settings, bus, datasource_id)
    return announce(db, bus, datasource_id)


def set_visibility(db: Database, bus: EventBus, datasource_id: str, visibility: str) -> versions.SourceView:
    """Share the source or make it private again (the route checked that the caller owns
    it, or is an admin), and tell who may now see it, or no longer may."""
    with db.session() as session:
        get_source(session, datasource_id).visibility = visibility
    return announce(db, bus, datasource_id)


def announce(db: Database, bus: EventBus, datasource_id: str) -> versions.SourceView:
    """The source as it is now, sent to those who may see it (e.g. after it was shared);
    made private, also `hidden` to everyone, so that who may no longer read it drops it."""
    answer = view(db, datasource_id)
    emit(bus, DataUpdate(UPDATED, payload(answer)))
    if answer.visibility == "private":
        emit(bus, DataUpdate(HIDDEN, {"id": datasource_id, "owner_id": answer.owner_id}))
    return answer


def delete_source(db: Database, settings: Settings, bus: EventBus, datasource_id: str) -> None:
    """The source, its table name and all its versions' files."""
    with db.session() as session:
        source = get_source(session, datasource_id)
        gone = versions.source_view(source)
        release_table_name(session, DATASOURCE, datasource_id)
        session.delete(source)
    versions.remove_files(settings, datasource_id)
    emit(bus, DataUpdate(DELETED, payload(gone)))


def refresh(db: Database, settings: Settings, bus: EventBus, datasource_id: str) -> versions.SourceView:
    """Fetch a new version now; 404 for a source the caller cannot see."""
    with db.session() as session:
        get_source(session, datasource_id)
    return _refreshed(db, settings, bus, datasource_id)


def read_data(
    db: Database, settings: Settings, datasource_id: str, offset: int, limit: int, version: int | None = None
) -> dict[str, Any]:
    """A page of the newest version's rows (or of `version`); a live source's rows now (version 0)."""
    with db.session() as session:
        source = get_source(session, datasource_id)
        if is_live(source) and version is None:  # read now, in the source database
            live_table = checked_live(live_of(source.config), settings)
            page = offload(live.page, live_table, offset, limit)
            return {**page, "rows": json_rows(page["rows"]), "version": 0}
        found = versions.get_version(session, datasource_id, version)
        path, number = found.path, found.version
    if not Path(path).is_file():  # removed from disk behind the platform's back
        raise NotFound(f"The data of version {number} is gone.", code="version_data_missing")
    page = tables.read_page(Path(path), offset, limit)
    return {**page, "version": number}


def list_versions(db: Database, datasource_id: str, page: int, per_page: int) -> tuple[list[DatasetVersion], int]:
    """One page of the source's dataset versions, newest first."""
    with db.session() as session:
        get_source(session, datasource_id)
        stmt = (
            select(DatasetVersion)
            .where(DatasetVersion.datasource_id == datasource_id)
            .order_by(DatasetVersion.version.desc())
        )
        return paginate_select(session, stmt, page, per_page)


def count_failed(db: Database) -> int:
    """How many sources are failed now (the refresh scheduler's health check)."""
    with db.session() as session:
        return session.scalar(select(func.count()).where(DataSource.status == SourceState.FAILED)) or 0
