"""`POST /api/batch` (SPEC 10): up to 50 API requests in one call, JSON batching as
Microsoft Graph does it. Each sub-request runs through the real application (its
routing, validation, error handlers and hooks) with the caller's headers, so it is
authorised and validated exactly as if sent alone; answers keep the request order.

One call has an overall deadline (BATCH_DEADLINE_S): items run one after another, an
item not started by then is answered 504 `batch_deadline` without running, and a SQL
item's time limit is cut to what is left (`time_left`), so a batch of slow queries ends
near its deadline instead of after 50 time limits.
"""

from __future__ import annotations

import base64
import logging
import time
from typing import Any

from apiflask import APIBlueprint, Schema, fields
from apiflask.validators import Length, OneOf, Regexp
from flask import current_app, request
from marshmallow import ValidationError, validates_schema

from datapulse.api.errors import error_response
from datapulse.api.ratelimit import HEADERS as RATE_LIMIT_HEADERS
from datapulse.api.services import services

log = logging.getLogger(__name__)

bp = APIBlueprint("batch", __name__, url_prefix="/api", tag="Batch")

MAX_REQUESTS = 50
MAX_BODY_BYTES = 10 * 1024 * 1024  # one sub-response; bigger ones are answered 413
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Headers that describe the outer message, not the sub-request. A sub-request comes from
# the batch's client address, resolved already: no item may name another (X-Forwarded-For).
_NOT_FORWARDED = {
    "content-length",
    "content-type",
    "host",
    "transfer-encoding",
    "connection",
    "accept-encoding",
    "x-forwarded-for",
}
_KEPT_RESPONSE_HEADERS = (
    "Content-Type",
    "Location",
    "Retry-After",
    "Allow",
    *RATE_LIMIT_HEADERS,
)
# Marks the WSGI environ of a sub-request, so that a batch reached through any spelling
# of its path (`/api/%62atch`, `/api/./batch` ...) is still refused inside a batch.
SUB_REQUEST = "datapulse.batch_sub_request"
# The batch's deadline (time.monotonic()) in the WSGI environ of each sub-request.
DEADLINE = "datapulse.batch_deadline"


def time_left(environ: dict[str, Any]) -> float | None:
    """Seconds the batch a sub-request belongs to has left; None outside a batch."""
    deadline = environ.get(DEADLINE)
    return None if deadline is None else deadline - time.monotonic()


class BatchSubRequest(Schema):
    id = fields.String(required=True, validate=Length(1, 128))
    method = fields.String(required=True, validate=OneOf(METHODS))
    path = fields.String(
        required=True,
        validate=[Length(5, 4096), Regexp(r"^/api/")],
        metadata={"description": "A full API path with its query, e.g. `/api/files?page=2`."},
    )
    body = fields.Raw(load_default=None, allow_none=True, metadata={"description": "JSON body, if any."})
    headers = fields.Dict(keys=fields.String(validate=Length(1, 128)), values=fields.String(), load_default=None)


class BatchRequestIn(Schema):
    requests = fields.List(fields.Nested(BatchSubRequest), required=True, validate=Length(1, MAX_REQUESTS))

    @validates_schema
    def _unique_ids(self, data: dict[str, Any], **_kwargs: Any) -> None:
        ids = [item["id"] for item in data.get("requests", [])]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValidationError({"requests": [f"Request ids must be unique; repeated: {', '.join(duplicates)}."]})


class BatchSubResponse(Schema):
    id = fields.String(required=True)
    status = fields.Integer(required=True)
    headers = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    body = fields.Raw(
        required=True,
        allow_none=True,
        metadata={"description": "JSON as JSON, text as a string, anything else base64 (see `body_encoding`)."},
    )
    body_encoding = fields.String(
        validate=OneOf(["base64"]),
        metadata={"description": "Present (`base64`) when `body` holds binary bytes, e.g. a PDF export."},
    )


class BatchResponseOut(Schema):
    responses = fields.List(fields.Nested(BatchSubResponse), required=True)


def _error(item_id: str, status: int, code: str, message: str) -> dict[str, Any]:
    body = {"error": {"code": code, "message": message, "details": {}}}
    return {"id": item_id, "status": status, "headers": {"Content-Type": "application/json"}, "body": body}


def _is_batch(path: str) -> bool:
    return path.split("?", 1)[0].split("#", 1)[0].rstrip("/") == "/api/batch"


def _forwarded_headers(extra: dict[str, str] | None) -> dict[str, str]:
    headers = {k: v for k, v in request.headers.items() if k.lower() not in _NOT_FORWARDED}
    headers["Accept"] = "application/json"
    for name, value in (extra or {}).items():
        if name.lower() not in _NOT_FORWARDED:
            headers[name] = value
    return headers


def dispatch(item: dict[str, Any], client: Any, headers: dict[str, str], deadline: float) -> dict[str, Any]:
    """Run one sub-request through the app, unless the batch's deadline has passed;
    never raises."""
    item_id = item["id"]
    if _is_batch(item["path"]):
        return _error(item_id, 400, "nested_batch", "A batch may not contain another batch request.")
    if time.monotonic() >= deadline:
        return _error(
            item_id, 504, "batch_deadline", "Not run: the batch reached its deadline (BATCH_DEADLINE_S) before it."
        )
    kwargs: dict[str, Any] = {"method": item["method"], "headers": {**headers, **_sub_headers(item)}}
    if item.get("body") is not None:
        kwargs["json"] = item["body"]
    try:
        environ = {"REMOTE_ADDR": request.remote_addr or "", SUB_REQUEST: True, DEADLINE: deadline}
        response = client.open(item["path"], buffered=False, environ_base=environ, **kwargs)
    except Exception:  # under TESTING Flask propagates; answer it like the app would
        log.exception("batch sub-request %s failed", item_id)
        return _error(item_id, 500, "internal_error", "An unexpected error occurred; it has been logged.")
    try:
        if response.mimetype == "text/event-stream":
            return _error(item_id, 422, "streaming_not_supported", "Streaming responses cannot be batched.")
        length = response.content_length
        if length is not None and length > MAX_BODY_BYTES:
            return _error(item_id, 413, "payload_too_large", "This response is too large for a batch.")
        data = response.get_data()
        if len(data) > MAX_BODY_BYTES:
            return _error(item_id, 413, "payload_too_large", "This response is too large for a batch.")
        kept = {k: response.headers[k] for k in _KEPT_RESPONSE_HEADERS if k in response.headers}
        out = {"id": item_id, "status": response.status_code, "headers": kept, "body": _body(response, data)}
        if data and not _is_text(response.mimetype):
            out["body_encoding"] = "base64"
        return out
    finally:
        response.close()


def _sub_headers(item: dict[str, Any]) -> dict[str, str]:
    return {k: v for k, v in (item.get("headers") or {}).items() if k.lower() not in _NOT_FORWARDED}


def _is_text(mimetype: str) -> bool:
    """Text the batch can carry as a JSON string; everything else goes as base64 (as
    Microsoft Graph does), so that a PDF or a spreadsheet arrives byte for byte."""
    return (
        mimetype.startswith("text/")
        or mimetype in _TEXT_MIMETYPES
        or mimetype.endswith(("+json", "+xml"))
        or mimetype == ""
    )


_TEXT_MIMETYPES = {"application/json", "application/xml", "application/javascript", "application/x-ndjson"}


def _body(response: Any, data: bytes) -> Any:
    if not data:
        return None
    if not _is_text(response.mimetype):
        return base64.b64encode(data).decode("ascii")
    if response.is_json:
        try:
            return response.get_json()
        except Exception:  # noqa: BLE001 - a JSON content type with a broken body: pass it as text
            pass
    return data.decode("utf-8", errors="replace")


@bp.post("/batch")
@bp.input(BatchRequestIn, location="json", arg_name="body")
@bp.output(BatchResponseOut)
@bp.doc(
    summary="Run up to 50 API requests in one call; answers in the same order",
    description="Items run in order within BATCH_DEADLINE_S; one not started by then is answered 504 `batch_deadline`.",
)
def batch(body: dict[str, Any]) -> Any:
    if request.environ.get(SUB_REQUEST):
        return error_response(400, "nested_batch", "A batch may not contain another batch request.")
    client = current_app.test_client(use_cookies=False)
    headers = _forwarded_headers(None)
    deadline = time.monotonic() + services().settings.BATCH_DEADLINE_S
    return {"responses": [dispatch(item, client, headers, deadline) for item in body["requests"]]}
