"""The JSON Schema of a template (and of an assistant's editable fields): one definition
that validates imports, creations and changes, so a bad file gets a 422 naming the field."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from datapulse.errors import Unprocessable

LANGUAGES = ["auto", "en", "de", "zh"]
DETAILS = ["brief", "detailed"]
CHARTS = ["auto", "always", "never"]
PLANNERS = ["rules", "llm"]

# PostgreSQL text cannot hold NUL, and no name, instruction or question needs one.
NO_NUL = r"^[^\x00]*$"

DEFAULTS: dict[str, Any] = {
    "type": "object",
    "properties": {
        "language": {"enum": LANGUAGES},
        "detail": {"enum": DETAILS},
        "chart": {"enum": CHARTS},
    },
    "additionalProperties": False,
}

FIELDS: dict[str, Any] = {
    "name": {"type": "string", "pattern": NO_NUL, "minLength": 1, "maxLength": 120},
    "description": {"type": "string", "pattern": NO_NUL, "maxLength": 2000},
    "instructions": {"type": "string", "pattern": NO_NUL, "maxLength": 20000},
    "tools": {"type": "array", "items": {"type": "string", "pattern": NO_NUL, "maxLength": 64}, "maxItems": 100},
    "defaults": DEFAULTS,
    "planner": {"enum": PLANNERS},
    "example_questions": {
        "type": "array",
        "items": {"type": "string", "pattern": NO_NUL, "maxLength": 500},
        "maxItems": 50,
    },
    "visibility": {"enum": ["private", "shared"]},
}

TEMPLATE: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["name"],
    "properties": {
        **FIELDS,
        "id": {"type": "string", "pattern": NO_NUL},
        "format": {"const": "datapulse-template/1"},
        "category": {"type": "string", "pattern": NO_NUL, "minLength": 1, "maxLength": 64},
        "tags": {
            "type": "array",
            "items": {"type": "string", "pattern": NO_NUL, "minLength": 1, "maxLength": 40},
            "maxItems": 30,
        },
    },
    "additionalProperties": False,
}

ASSISTANT: dict[str, Any] = {
    "type": "object",
    "properties": {**FIELDS, "template_id": {"type": ["string", "null"], "pattern": NO_NUL, "maxLength": 64}},
    "additionalProperties": False,
}

_VALIDATORS = {"template": Draft202012Validator(TEMPLATE), "assistant": Draft202012Validator(ASSISTANT)}


def check(what: str, document: Any, *, partial: bool = False) -> dict[str, Any]:
    """The document when it fits; Unprocessable naming each failing field otherwise."""
    errors = [
        e
        for e in _VALIDATORS[what].iter_errors(document)
        if not (partial and e.validator == "required" and not list(e.absolute_path))
    ]
    if errors:
        raise invalid(sorted(errors, key=lambda e: list(e.absolute_path)), what)
    return document  # type: ignore[no-any-return]


def error_path(error: ValidationError) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "(root)"


def invalid(errors: list[ValidationError], what: str) -> Unprocessable:
    """One 422 naming every failing field (`details.fields`: path → messages)."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(error_path(error), []).append(error.message)
    first = next(iter(fields))
    return Unprocessable(
        f"The {what} is invalid at '{first}': {fields[first][0]}",
        code="validation_error",
        details={"fields": fields},
    )
