"""Data sources (SPEC 4): create, list, change, delete, refresh, read their data and versions."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from apiflask import APIBlueprint, APIFlask
from flask.blueprints import BlueprintSetupState
from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.routing import BaseConverter

from datapulse.api.health import HEALTHY, register_check
from datapulse.api.ownership import set_visibility
from datapulse.api.pagination import PageQuery, page_of, paginate_select
from datapulse.api.platform import Platform
from datapulse.api.schemas.auth import VisibilityIn
from datapulse.api.schemas.datasources import (
    DataPreviewOut,
    DataQuery,
    DataSourceIn,
    DataSourceOut,
    DataSourcePage,
    DataSourceTestIn,
    DataSourceTestOut,
    DataSourceUpdate,
    VersionPage,
    load_config,
)
from datapulse.api.services import services
from datapulse.bus.base import emit
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
from datapulse.storage.models import DatasetVersion, DataSource, SourceState, StoredFile, new_id

bp = APIBlueprint("datasources", __name__, url_prefix="/api/datasources", tag="Datasources")


class DataSourceIdConverter(BaseConverter):
    """Any path segment but `test`, so `/api/datasources/test` belongs to the test route
    alone (otherwise OPTIONS on it would also advertise GET, PUT and DELETE)."""

    regex = r"(?!test$)[^/]+"


@bp.record_once
def _add_converter(state: BlueprintSetupState) -> None:
    """Runs before this blueprint's rules are added (it is recorded first)."""
    state.app.url_map.converters.setdefault("datasource_id", DataSourceIdConverter)


def init_app(app: APIFlask, svc: Platform) -> None:
    register_check(svc, "refresh_scheduler", _scheduler_check)


def _scheduler_check(svc: Platform) -> dict[str, Any]:
    with svc.db.session() as session:
        failed = session.scalar(select(func.count()).where(DataSource.status == SourceState.FAILED)) or 0
    return {"status": HEALTHY, "failed_sources": failed, **svc.scheduler.snapshot()}


def _invalid(exc: ValidationError) -> Unprocessable:
    return Unprocessable("The request has invalid values; see details.", details={"json": exc.messages})


def checked_config(source_type: str, config: Any, settings: Settings) -> dict[str, Any]:
    """Validate a config for its type, and refuse what is already clearly not allowed."""
    try:
        loaded = load_config(source_type, config)
    except ValidationError as exc:
        raise _invalid(exc) from exc
    if source_type == "url":
        guard.check_at_creation(loaded["url"], guard.Allowlist(settings.URL_SOURCE_ALLOWLIST))
    elif source_type == "sql":
        fetch_sql.parse_sql_url(loaded["url"], settings)
    elif source_type == "file":
        with services().db.session() as session:
            if session.get(StoredFile, loaded["file_id"]) is None:
                raise Unprocessable(
                    f"No file with id '{loaded['file_id']}'.",
                    code="unknown_file",
                    details={"json": {"config": {"file_id": ["No such file."]}}},
                )
    return {k: v for k, v in loaded.items() if v is not None}


def _get(session: Any, datasource_id: str) -> DataSource:
    source = None if "\x00" in datasource_id else session.get(DataSource, datasource_id)
    if source is None:
        raise NotFound(f"No data source with id '{datasource_id}'.", details={"datasource_id": datasource_id})
    return source


def _answer(datasource_id: str) -> versions.SourceView:
    with services().db.session() as session:
        source = _get(session, datasource_id)
        current = session.scalar(
            select(DatasetVersion).where(
                DatasetVersion.datasource_id == source.id, DatasetVersion.version == source.version
            )
        )
        return versions.source_view(source, current)


def _refreshed(datasource_id: str) -> versions.SourceView:
    svc = services()
    result = refresh_source(svc.db, svc.settings, svc.bus, datasource_id)
    if result is None:
        raise NotFound(f"No data source with id '{datasource_id}'.", details={"datasource_id": datasource_id})
    return result


@bp.get("")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(DataSourcePage)
@bp.doc(summary="List data sources, newest first")
def list_datasources(query: dict[str, Any]) -> dict[str, Any]:
    with services().db.session() as session:
        stmt = select(DataSource).order_by(DataSource.created_at.desc(), DataSource.id)
        rows, total = paginate_select(session, stmt, query["page"], query["per_page"])
        by_key = {}
        if rows:
            found = session.scalars(
                select(DatasetVersion).where(DatasetVersion.datasource_id.in_([r.id for r in rows]))
            )
            by_key = {(v.datasource_id, v.version): v for v in found}
        items = [versions.source_view(r, by_key.get((r.id, r.version))) for r in rows]
    return page_of(items, total, query["page"], query["per_page"])


@bp.post("")
@bp.input(DataSourceIn, location="json", arg_name="body")
@bp.output(DataSourceOut, status_code=201)
@bp.doc(summary="Create a data source and fetch its first version", responses=[201, 400, 422])
def create_datasource(body: dict[str, Any]) -> tuple[versions.SourceView, int]:
    svc = services()
    config = checked_config(body["type"], body["config"], svc.settings)
    interval = body.get("refresh_interval")
    for attempt in range(5):
        try:
            with svc.db.session() as session:
                source_id = new_id()
                source = DataSource(
                    id=source_id,
                    name=body["name"],
                    type=body["type"],
                    config=config,
                    table_name=claim_table_name(session, body["name"], DATASOURCE, source_id),
                    refresh_interval=interval,
                    status=SourceState.REFRESHING,
                    version=0,
                    failures=0,
                )
                session.add(source)
                session.flush()
                created = versions.source_view(source)
            break
        except IntegrityError:  # a unique key clashed all the same: start the transaction over
            if attempt == 4:
                raise
    emit(svc.bus, DataUpdate(CREATED, payload(created)))
    return _refreshed(created.id), 201


@bp.post("/test")
@bp.input(DataSourceTestIn, location="json", arg_name="body")
@bp.output(DataSourceTestOut)
@bp.doc(
    summary="Try a source's config without saving it: fetch and read its data, keep nothing",
    description="A config the API would refuse at creation gets the same 4xx; a fetch that fails "
    "answers 200 with `ok: false` and the error a refresh would record.",
    responses=[200, 404, 422],
)
def test_datasource(body: dict[str, Any]) -> dict[str, Any]:
    svc = services()
    config = body["config"]
    if body.get("datasource_id"):
        with svc.db.session() as session:
            stored = _get(session, body["datasource_id"])
            if stored.type == body["type"]:
                config = versions.unmask_config(body["type"], config, dict(stored.config or {}))
    checked = checked_config(body["type"], config, svc.settings)
    return try_source(svc.db, svc.settings, body["type"], checked)


@bp.get("/<datasource_id:datasource_id>")
@bp.output(DataSourceOut)
@bp.doc(summary="One data source")
def get_datasource(datasource_id: str) -> versions.SourceView:
    return _answer(datasource_id)


@bp.put("/<datasource_id:datasource_id>")
@bp.input(DataSourceUpdate, location="json", arg_name="body")
@bp.output(DataSourceOut)
@bp.doc(summary="Change a data source; a new config is fetched at once", responses=[200, 404, 422])
def update_datasource(datasource_id: str, body: dict[str, Any]) -> versions.SourceView:
    svc = services()
    with svc.db.session() as session:
        source = _get(session, datasource_id)
        old_type, old_config = source.type, dict(source.config or {})
    new_type = body.get("type", old_type)
    config: dict[str, Any] | None = None
    if "config" in body:
        config = checked_config(new_type, versions.unmask_config(new_type, body["config"], old_config), svc.settings)
    elif new_type != old_type:
        raise Unprocessable(
            "Changing the type needs a config for the new type.",
            details={"json": {"config": ["Required when type changes."]}},
        )
    with svc.db.session() as session:
        source = _get(session, datasource_id)
        if "name" in body:
            source.name = body["name"]
        if "refresh_interval" in body and body["refresh_interval"] != source.refresh_interval:
            source.refresh_interval = body["refresh_interval"]
            interval = body["refresh_interval"]
            source.next_refresh_at = utcnow() + timedelta(seconds=interval) if interval else None
        changed = config is not None and (config != old_config or new_type != old_type)
        if config is not None and changed:
            source.type = new_type
            source.config = config
    if changed:
        return _refreshed(datasource_id)
    answer = _answer(datasource_id)
    emit(svc.bus, DataUpdate(UPDATED, payload(answer)))
    return answer


@bp.patch("/<datasource_id:datasource_id>")
@bp.input(VisibilityIn, location="json", arg_name="body")
@bp.output(DataSourceOut)
@bp.doc(summary="Share a data source or make it private again (its owner or an admin)", responses=[200, 403, 404, 422])
def change_datasource(datasource_id: str, body: dict[str, Any]) -> versions.SourceView:
    set_visibility(DataSource, datasource_id, body["visibility"], "data source")
    answer = _answer(datasource_id)
    emit(services().bus, DataUpdate(UPDATED, payload(answer)))  # those who may now see it get it live
    if body["visibility"] == "private":  # those who no longer may drop it
        emit(services().bus, DataUpdate(HIDDEN, {"id": datasource_id, "owner_id": answer.owner_id}))
    return answer


@bp.delete("/<datasource_id:datasource_id>")
@bp.output({}, status_code=204)
@bp.doc(summary="Delete a data source with all its versions", responses=[204, 404])
def delete_datasource(datasource_id: str) -> tuple[str, int]:
    svc = services()
    with svc.db.session() as session:
        source = _get(session, datasource_id)
        gone = versions.source_view(source)
        release_table_name(session, DATASOURCE, datasource_id)
        session.delete(source)
    versions.remove_files(svc.settings, datasource_id)
    emit(svc.bus, DataUpdate(DELETED, payload(gone)))
    return "", 204


@bp.post("/<string:datasource_id>/refresh")
@bp.output(DataSourceOut)
@bp.doc(summary="Fetch a new version now (the answer says ready or failed, with the error)")
def refresh_datasource(datasource_id: str) -> versions.SourceView:
    with services().db.session() as session:
        _get(session, datasource_id)
    return _refreshed(datasource_id)


@bp.get("/<string:datasource_id>/data")
@bp.input(DataQuery, location="query", arg_name="query")
@bp.output(DataPreviewOut)
@bp.doc(
    summary="Rows of the newest version (or of `version`); of a live source, its rows now (version 0)",
    responses=[200, 404, 422],
)
def datasource_data(datasource_id: str, query: dict[str, Any]) -> dict[str, Any]:
    settings = services().settings
    with services().db.session() as session:
        source = _get(session, datasource_id)
        if is_live(source) and query.get("version") is None:  # read now, in the source database
            live_table = checked_live(live_of(source.config), settings)
            page = offload(live.page, live_table, query["offset"], query["limit"])
            return {**page, "rows": json_rows(page["rows"]), "version": 0}
        version = versions.get_version(session, datasource_id, query.get("version"))
        path, number = version.path, version.version
    if not Path(path).is_file():  # removed from disk behind the platform's back
        raise NotFound(f"The data of version {number} is gone.", code="version_data_missing")
    page = tables.read_page(Path(path), query["offset"], query["limit"])
    return {**page, "version": number}


@bp.get("/<string:datasource_id>/versions")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(VersionPage)
@bp.doc(summary="The source's dataset versions, newest first")
def datasource_versions(datasource_id: str, query: dict[str, Any]) -> dict[str, Any]:
    with services().db.session() as session:
        _get(session, datasource_id)
        stmt = (
            select(DatasetVersion)
            .where(DatasetVersion.datasource_id == datasource_id)
            .order_by(DatasetVersion.version.desc())
        )
        rows, total = paginate_select(session, stmt, query["page"], query["per_page"])
    return page_of(rows, total, query["page"], query["per_page"])
