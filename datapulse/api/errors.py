"""Every error leaves the API as `{"error": {"code", "message", "details"}}` (SPEC 2)."""

from __future__ import annotations

import json
import logging
from typing import Any

from apiflask import APIFlask
from apiflask.exceptions import HTTPError
from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

from datapulse.errors import DataPulseError, NotFound, RateLimited, code_for_status

log = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> Response:
    response = jsonify({"error": {"code": code, "message": message, "details": details or {}}})
    response.status_code = status
    return response


def _validation_details(detail: Any) -> dict[str, Any]:
    """apiflask reports {location: {field: [messages]}}; keep it, it names each bad field."""
    return detail if isinstance(detail, dict) else {"errors": detail}


def init_app(app: APIFlask) -> None:
    @app.before_request
    def _refuse_nul_in_path() -> None:
        """No id or path holds NUL; PostgreSQL could not even compare one."""
        if "\x00" in request.path:
            raise NotFound("No such resource.")

    @app.error_processor
    def _apiflask_error(error: HTTPError) -> Response:
        detail = error.detail or {}
        status = error.status_code
        if status == 400 and isinstance(detail, dict) and "json" in detail and _is_json_syntax(detail["json"]):
            return error_response(400, "invalid_json", "The request body is not valid JSON.")
        if status in (400, 422) and detail:
            return error_response(
                422 if status == 422 else 400,
                "validation_error",
                "The request has invalid values; see details.",
                _validation_details(detail),
            )
        message = error.message if isinstance(error.message, str) else "Request failed."
        return error_response(status, code_for_status(status), message, detail if isinstance(detail, dict) else {})

    @app.errorhandler(DataPulseError)
    def _datapulse_error(error: DataPulseError) -> Response:
        response = error_response(error.status, error.code, error.message, error.details)
        if isinstance(error, RateLimited):
            response.headers["Retry-After"] = str(error.retry_after)
        if error.status >= 500:
            log.warning("%s: %s", error.code, error.message)
        return response

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        status = error.code or 500
        message = error.description or error.name
        if status == 400 and _unparsable_json():
            return error_response(400, "invalid_json", "The request body is not valid JSON.")
        if status == 404:
            message = "No such resource."
        elif status == 405:
            message = "This method is not allowed on this path."
        elif status == 413:
            message = "The request body is too large."
        response = error_response(status, code_for_status(status), message)
        valid = getattr(error, "valid_methods", None)
        if status == 405 and valid:
            response.headers["Allow"] = ", ".join(valid)
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unexpected error")
        return error_response(500, "internal_error", "An unexpected error occurred; it has been logged.")


def _unparsable_json() -> bool:
    """werkzeug's 400 for a JSON body that does not parse (raised before validation)."""
    if not request or not request.is_json:
        return False
    try:
        json.loads(request.get_data(cache=True) or b"null")
    except ValueError:
        return True
    return False


def _is_json_syntax(messages: Any) -> bool:
    return isinstance(messages, list) and any("Invalid JSON" in str(m) for m in messages)
