"""Data sources (SPEC 4): create, list, change, delete, refresh, read their data and
versions. Each route parses its request, calls one function of the data-source service
(`datapulse.datasources.service`) and serializes the answer."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, APIFlask
from flask.blueprints import BlueprintSetupState
from marshmallow import ValidationError

from datapulse.api.health import HEALTHY, register_check
from datapulse.api.pagination import PageQuery, page_of
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
from datapulse.api.validation import SegmentBut
from datapulse.datasources import service
from datapulse.datasources.versions import SourceView
from datapulse.errors import Unprocessable

bp = APIBlueprint("datasources", __name__, url_prefix="/api/datasources", tag="Datasources")


class DataSourceIdConverter(SegmentBut):
    """Any path segment but `test`, so `/api/datasources/test` belongs to the test route
    alone (otherwise OPTIONS on it would also advertise GET, PUT and DELETE)."""

    reserved = "test"


@bp.record_once
def _add_converter(state: BlueprintSetupState) -> None:
    """Runs before this blueprint's rules are added (it is recorded first)."""
    state.app.url_map.converters.setdefault("datasource_id", DataSourceIdConverter)


SCHEDULER_CHECK_MAX_AGE_S = 2.0  # its count of failed sources may be this old in /api/health


def init_app(app: APIFlask, svc: Platform) -> None:
    register_check(svc, "refresh_scheduler", _scheduler_check, max_age_s=SCHEDULER_CHECK_MAX_AGE_S)


def _scheduler_check(svc: Platform) -> dict[str, Any]:
    return {"status": HEALTHY, "failed_sources": service.count_failed(svc.db), **svc.scheduler.snapshot()}


def parse_config(source_type: str, config: Any) -> dict[str, Any]:
    """A config checked against its type's schema, or the contract's 422 naming the fields."""
    try:
        return load_config(source_type, config)
    except ValidationError as exc:
        raise Unprocessable("The request has invalid values; see details.", details={"json": exc.messages}) from exc


@bp.get("")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(DataSourcePage)
@bp.doc(summary="List data sources, newest first")
def list_datasources(query: dict[str, Any]) -> dict[str, Any]:
    items, total = service.list_sources(services().db, query["page"], query["per_page"])
    return page_of(items, total, query["page"], query["per_page"])


@bp.post("")
@bp.input(DataSourceIn, location="json", arg_name="body")
@bp.output(DataSourceOut, status_code=201)
@bp.doc(summary="Create a data source and fetch its first version", responses=[201, 400, 422])
def create_datasource(body: dict[str, Any]) -> tuple[SourceView, int]:
    svc = services()
    return service.create_source(svc.db, svc.settings, svc.bus, body, parse_config), 201


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
    return service.try_config(svc.db, svc.settings, body, parse_config)


@bp.get("/<datasource_id:datasource_id>")
@bp.output(DataSourceOut)
@bp.doc(summary="One data source")
def get_datasource(datasource_id: str) -> SourceView:
    return service.view(services().db, datasource_id)


@bp.put("/<datasource_id:datasource_id>")
@bp.input(DataSourceUpdate, location="json", arg_name="body")
@bp.output(DataSourceOut)
@bp.doc(summary="Change a data source; a new config is fetched at once", responses=[200, 404, 422])
def update_datasource(datasource_id: str, body: dict[str, Any]) -> SourceView:
    svc = services()
    return service.update_source(svc.db, svc.settings, svc.bus, datasource_id, body, parse_config)


@bp.patch("/<datasource_id:datasource_id>")
@bp.input(VisibilityIn, location="json", arg_name="body")
@bp.output(DataSourceOut)
@bp.doc(summary="Share a data source or make it private again (its owner or an admin)", responses=[200, 403, 404, 422])
def change_datasource(datasource_id: str, body: dict[str, Any]) -> SourceView:
    return service.set_visibility(services().db, services().bus, datasource_id, body["visibility"])


@bp.delete("/<datasource_id:datasource_id>")
@bp.output({}, status_code=204)
@bp.doc(summary="Delete a data source with all its versions", responses=[204, 404])
def delete_datasource(datasource_id: str) -> tuple[str, int]:
    svc = services()
    service.delete_source(svc.db, svc.settings, svc.bus, datasource_id)
    return "", 204


@bp.post("/<string:datasource_id>/refresh")
@bp.output(DataSourceOut)
@bp.doc(summary="Fetch a new version now (the answer says ready or failed, with the error)")
def refresh_datasource(datasource_id: str) -> SourceView:
    svc = services()
    return service.refresh(svc.db, svc.settings, svc.bus, datasource_id)


@bp.get("/<string:datasource_id>/data")
@bp.input(DataQuery, location="query", arg_name="query")
@bp.output(DataPreviewOut)
@bp.doc(
    summary="Rows of the newest version (or of `version`); of a live source, its rows now (version 0)",
    responses=[200, 404, 422],
)
def datasource_data(datasource_id: str, query: dict[str, Any]) -> dict[str, Any]:
    svc = services()
    return service.read_data(svc.db, svc.settings, datasource_id, query["offset"], query["limit"], query.get("version"))


@bp.get("/<string:datasource_id>/versions")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(VersionPage)
@bp.doc(summary="The source's dataset versions, newest first")
def datasource_versions(datasource_id: str, query: dict[str, Any]) -> dict[str, Any]:
    rows, total = service.list_versions(services().db, datasource_id, query["page"], query["per_page"])
    return page_of(rows, total, query["page"], query["per_page"])
