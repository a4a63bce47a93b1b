"""Plugin manifests (SPEC 12): validated with JSON Schema so that a bad one gets a 422
naming the field, and parameters of a call validated against their function's schema."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from datapulse.assistants.schema import error_path as _path
from datapulse.assistants.schema import invalid
from datapulse.errors import Unprocessable

KINDS = ("builtin", "http", "mcp")
NAME = {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,120}$"}

FUNCTION: dict[str, Any] = {
    "type": "object",
    "required": ["name", "description", "parameters"],
    "properties": {
        "name": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,120}$"},
        "description": {"type": "string", "maxLength": 2000},
        "parameters": {"type": "object"},
        "keywords": {"type": "array", "items": {"type": "string", "maxLength": 80}, "maxItems": 50},
    },
}

MANIFEST: dict[str, Any] = {
    "type": "object",
    "required": ["name", "kind"],
    "properties": {
        "name": NAME,
        "description": {"type": "string", "maxLength": 2000},
        "kind": {"enum": list(KINDS)},
        "functions": {"type": "array", "items": FUNCTION, "maxItems": 200},
        "keywords": {"type": "array", "items": {"type": "string", "maxLength": 80}, "maxItems": 50},
        "visibility": {"enum": ["private", "shared"]},
        "endpoint": {"type": "string", "maxLength": 2000},
        "method": {"enum": ["POST", "PUT"]},
        "auth": {
            "type": "object",
            "required": ["header", "secret"],
            "properties": {
                "header": {"type": "string", "pattern": "^[A-Za-z0-9-]{1,80}$"},
                "secret": {"type": "string", "minLength": 1, "maxLength": 4000},
            },
            "additionalProperties": False,
        },
        "timeout_s": {"type": "number", "exclusiveMinimum": 0, "maximum": 3600},
        "retries": {"type": "integer", "minimum": 0, "maximum": 10},
        "cost_per_call": {"type": "number", "minimum": 0},
        "command": {"type": "string", "minLength": 1, "maxLength": 1000},
        "args": {"type": "array", "items": {"type": "string", "maxLength": 1000}, "maxItems": 100},
        "url": {"type": "string", "maxLength": 2000},
    },
    "allOf": [
        {"if": {"properties": {"kind": {"const": "http"}}}, "then": {"required": ["endpoint", "functions"]}},
        {
            "if": {"properties": {"kind": {"const": "mcp"}}},
            "then": {"oneOf": [{"required": ["command"]}, {"required": ["url"]}]},
        },
    ],
}

_MANIFEST = Draft202012Validator(MANIFEST)
# The types of the fields alone: judged before an id is looked up, so that a malformed
# body is a 422 and a well-formed one for an unknown id a 404.
_SHAPE = Draft202012Validator({k: v for k, v in MANIFEST.items() if k not in ("allOf", "required")})


def check_shape(manifest: Any) -> None:
    errors = sorted(_SHAPE.iter_errors(manifest), key=lambda e: list(e.absolute_path))
    if errors:
        raise invalid(errors, "manifest")


def check_manifest(manifest: Any) -> dict[str, Any]:
    """The manifest when valid, with each function's parameter schema checked too."""
    errors = sorted(_MANIFEST.iter_errors(manifest), key=lambda e: list(e.absolute_path))
    if errors:
        raise invalid(errors, "manifest")
    for i, function in enumerate(manifest.get("functions", [])):
        try:
            Draft202012Validator.check_schema(function["parameters"])
        except SchemaError as exc:
            raise Unprocessable(
                f"The manifest is invalid at 'functions.{i}.parameters': not a JSON Schema ({exc.message})",
                code="validation_error",
                details={"fields": {f"functions.{i}.parameters": [exc.message]}},
            ) from exc
    names = [f["name"] for f in manifest.get("functions", [])]
    if len(names) != len(set(names)):
        raise Unprocessable(
            "The manifest is invalid at 'functions': two functions share a name",
            code="validation_error",
            details={"fields": {"functions": ["function names must be unique"]}},
        )
    return manifest  # type: ignore[no-any-return]


def parameter_errors(schema: dict[str, Any], parameters: Any) -> list[str]:
    """Why `parameters` do not fit `schema` (empty when they do)."""
    validator = Draft202012Validator(schema)
    return [f"{_path(e)}: {e.message}" for e in validator.iter_errors(parameters)]


def check_parameters(schema: dict[str, Any], parameters: Any, function: str) -> None:
    problems = parameter_errors(schema, parameters)
    if problems:
        raise Unprocessable(
            f"The parameters of '{function}' are invalid: {problems[0]}",
            code="invalid_parameters",
            details={"function": function, "problems": problems},
        )
