"""Request and response shapes of the data-source API (validation + OpenAPI)."""

from __future__ import annotations

import re
from typing import Any

from apiflask import Schema, fields
from apiflask.validators import Length, OneOf, Range
from marshmallow import ValidationError

from datapulse.api.pagination import PageQuery
from datapulse.api.schemas.common import PageMeta, Timestamp
from datapulse.api.validation import DisplayText, no_nul

TYPES = ("file", "url", "sql")
FORMATS = ("csv", "json")
MAX_INTERVAL_S = 31 * 24 * 3600
_HEADER_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$")


def _url_parts(value: str) -> None:
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value) or any(c.isspace() for c in value):
        raise ValidationError("Not a URL (expected http(s)://host/...).")


def _header_names(value: dict[str, Any]) -> None:
    for name, text in value.items():
        if not _HEADER_NAME.match(name):
            raise ValidationError(f"'{name}' is not a valid header name.")
        if "\r" in text or "\n" in text or "\x00" in text:
            raise ValidationError(f"The value of header '{name}' contains a line break.")


class FileConfig(Schema):
    file_id = fields.String(
        required=True, validate=[Length(1, 64), no_nul], metadata={"description": "An uploaded file's id."}
    )


class UrlConfig(Schema):
    url = fields.String(required=True, validate=[Length(1, 2048), no_nul, _url_parts])
    format = fields.String(load_default="csv", validate=OneOf(FORMATS))
    json_path = fields.String(
        load_default=None,
        allow_none=True,
        validate=[Length(max=500), no_nul],
        metadata={"description": "Where the records are in a JSON document, e.g. `$.data.items`."},
    )
    headers = fields.Dict(
        keys=fields.String(),
        values=fields.String(validate=Length(max=8192)),
        load_default=None,
        allow_none=True,
        validate=_header_names,
    )


class SqlConfig(Schema):
    url = fields.String(
        required=True,
        validate=[Length(1, 2048), no_nul],
        metadata={"description": "SQLAlchemy URL (sqlite or postgresql)."},
    )
    query = fields.String(required=True, validate=[Length(1, 100_000), no_nul])
    mode = fields.String(
        load_default=None,
        validate=OneOf(["copy", "live"]),
        metadata={"description": "`copy` (default): each refresh stores a version; `live`: queries run in the source."},
    )


CONFIG_SCHEMAS: dict[str, type[Schema]] = {"file": FileConfig, "url": UrlConfig, "sql": SqlConfig}

_CONFIG_DOC = (
    "`{file_id}` for `file`; `{url, format: csv|json, json_path?, headers?}` for `url`; "
    "`{url: <SQLAlchemy URL>, query, mode?: copy|live}` for `sql`."
)


def load_config(source_type: str, config: Any) -> dict[str, Any]:
    """The config checked against its type's schema; ValidationError under `config`."""
    try:
        return CONFIG_SCHEMAS[source_type]().load(config)  # type: ignore[no-any-return]
    except ValidationError as exc:
        raise ValidationError({"config": exc.messages}) from exc


class DataSourceIn(Schema):
    name = DisplayText(required=True, validate=[Length(1, 255), no_nul])
    type = fields.String(required=True, validate=OneOf(TYPES))
    config = fields.Dict(required=True, metadata={"description": _CONFIG_DOC})
    refresh_interval = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=Range(1, MAX_INTERVAL_S),
        metadata={"description": "Seconds between automatic refreshes; null for manual only."},
    )


class DataSourceTestIn(Schema):
    type = fields.String(required=True, validate=OneOf(TYPES))
    config = fields.Dict(required=True, metadata={"description": _CONFIG_DOC})
    datasource_id = fields.String(
        load_default=None,
        allow_none=True,
        validate=[Length(1, 64), no_nul],
        metadata={"description": "Testing a change of this source: masked values sent back mean its stored ones."},
    )


class TestError(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)


class DataSourceTestOut(Schema):
    ok = fields.Boolean(required=True, metadata={"description": "whether the data could be fetched and read"})
    rows = fields.Integer(allow_none=True, metadata={"description": "rows fetched (when ok)"})
    columns = fields.List(fields.String(), metadata={"description": "column names (when ok)"})
    sample = fields.List(fields.List(fields.Raw(allow_none=True)), metadata={"description": "the first rows"})
    error = fields.Nested(TestError, allow_none=True, metadata={"description": "why not (when not ok)"})
    duration_ms = fields.Integer(required=True)


class DataSourceUpdate(Schema):
    name = DisplayText(validate=[Length(1, 255), no_nul])
    type = fields.String(validate=OneOf(TYPES))
    config = fields.Dict(metadata={"description": _CONFIG_DOC + " Masked values sent back keep the stored ones."})
    refresh_interval = fields.Integer(allow_none=True, validate=Range(1, MAX_INTERVAL_S))


class DataSourceOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    type = fields.String(required=True)
    config = fields.Dict(required=True)
    table_name = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": ["ready", "refreshing", "failed"]})
    version = fields.Integer(required=True)
    last_refreshed = Timestamp(required=True, allow_none=True)
    next_refresh_at = Timestamp(required=True, allow_none=True)
    error = fields.String(required=True, allow_none=True)
    failures = fields.Integer(required=True)
    refresh_interval = fields.Integer(required=True, allow_none=True)
    rows = fields.Integer(required=True, allow_none=True)
    columns = fields.Integer(required=True, allow_none=True)
    created_at = Timestamp(required=True)
    updated_at = Timestamp(required=True)
    owner_id = fields.String(required=True, allow_none=True, metadata={"description": "the owner's user id"})
    visibility = fields.String(required=True, metadata={"enum": ["private", "shared"]})


class DataSourceItem(DataSourceOut):
    """DataSourceOut inside a page (its own class: apispec registers a nested class once)."""


class DataSourcePage(PageMeta):
    items = fields.List(fields.Nested(DataSourceItem), required=True)


class VersionOut(Schema):
    id = fields.String(required=True)
    datasource_id = fields.String(required=True)
    version = fields.Integer(required=True)
    rows = fields.Integer(required=True)
    columns = fields.Integer(required=True)
    schema = fields.Dict(required=True, allow_none=True)
    checksum = fields.String(required=True, allow_none=True)
    created_at = Timestamp(required=True)


class VersionPage(PageMeta):
    items = fields.List(fields.Nested(VersionOut), required=True)


class DataQuery(Schema):
    offset = fields.Integer(load_default=0, validate=Range(0, 2**53))
    limit = fields.Integer(load_default=50, validate=Range(1, 10_000))
    version = fields.Integer(load_default=None, validate=Range(1, 2**31 - 1))


class DataPreviewOut(Schema):
    columns = fields.List(fields.String(), required=True)
    rows = fields.List(fields.List(fields.Raw(allow_none=True)), required=True)
    total_rows = fields.Integer(required=True)
    version = fields.Integer(required=True)


__all__ = ["PageQuery", "DataSourceIn", "DataSourceUpdate", "DataSourceOut", "load_config"]
