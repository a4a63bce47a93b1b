"""Serves the Swagger UI assets from the installed swagger-ui-bundle: no CDN, works offline."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import swagger_ui_bundle
from apiflask import APIFlask
from flask import Response, abort, send_from_directory

from datapulse.api.validation import SegmentBut

ASSETS = Path(swagger_ui_bundle.swagger_ui_path)
INVALID_JSON_RESPONSE: dict[str, Any] = {
    "description": "Bad request: the body is not valid JSON (`invalid_json`)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}},
}
TOO_LARGE_RESPONSE: dict[str, Any] = {
    "description": "The JSON body is larger than MAX_JSON_KB (`payload_too_large`)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}},
}

RESERVED_SEGMENT_RESPONSE: dict[str, Any] = {
    "description": "The id is a sibling route's word (`batch`, `test`, `import`), whose route "
    "does not allow this method (`method_not_allowed`)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}},
}


def init_app(app: APIFlask) -> None:
    @app.spec_processor
    def _document_bodies(spec: dict[Any, Any] | str) -> dict[Any, Any] | str:
        """A body whose schema has required fields is itself required (an absent one is
        refused with 422), and any JSON body may be answered 400 `invalid_json` (or
        `json_too_deep`) and 413 `payload_too_large` (the request guards' limits)."""
        if isinstance(spec, str):
            return spec
        schemas = spec.get("components", {}).get("schemas", {})
        for operations in spec.get("paths", {}).values():
            for op in operations.values():
                body = op.get("requestBody") if isinstance(op, dict) else None
                if not body:
                    continue
                contents = body.get("content", {})
                if any(_resolve(c.get("schema", {}), schemas).get("required") for c in contents.values()):
                    body["required"] = True
                if "application/json" in contents:
                    op.setdefault("responses", {}).setdefault("400", INVALID_JSON_RESPONSE)
                    op["responses"].setdefault("413", TOO_LARGE_RESPONSE)
        _document_reserved_segments(app, spec)
        return spec

    @app.get("/api/docs/static/<path:name>")
    @app.doc(hide=True)
    def docs_asset(name: str) -> Response:
        if name == "favicon.png":
            name = "favicon-32x32.png"
        if not (ASSETS / name).is_file():
            abort(404)
        return send_from_directory(ASSETS, name, max_age=86400)


def _resolve(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = schemas.get(schema["$ref"].rsplit("/", 1)[-1], {})
    return schema


_ARGUMENT = re.compile(r"<(?:([^<>:(]+)(?:\([^)]*\))?:)?([^<>:]+)>")


def _document_reserved_segments(app: APIFlask, spec: dict[Any, Any]) -> None:
    """An id parameter whose converter refuses a sibling route's literal (SegmentBut) is
    documented as never that word, and the operation as answering 405 when given it:
    `GET /api/files/batch` is the batch route's 405, not a file's 404."""
    converters = app.url_map.converters
    for rule in app.url_map.iter_rules():
        # The rule's own text names each argument's converter: `<file_id:file_id>`.
        reserved = {
            argument: converter.reserved
            for kind, argument in _ARGUMENT.findall(rule.rule)
            if isinstance(converter := converters.get(kind), type) and issubclass(converter, SegmentBut)
        }
        if not reserved:
            continue
        path = re.sub(r"<([^<:]+:)?", "{", rule.rule).replace(">", "}")
        for op in spec.get("paths", {}).get(path, {}).values():
            for param in op.get("parameters", []) if isinstance(op, dict) else []:
                if param.get("in") == "path" and param.get("name") in reserved:
                    param.setdefault("schema", {})["not"] = {"enum": [reserved[param["name"]]]}
                    op.setdefault("responses", {}).setdefault("405", RESERVED_SEGMENT_RESPONSE)
