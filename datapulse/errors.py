"""The one error hierarchy of the platform, mapped to SPEC section 2's JSON shape.

    DataPulseError                  500 internal_error
    ├── BadRequest                  400 bad_request
    │   ├── InvalidJSON             400 invalid_json
    │   └── StatementNotAllowed     400 statement_not_allowed
    ├── Unauthorized                401 unauthorized
    ├── Forbidden                   403 forbidden
    ├── NotFound                    404 not_found
    ├── MethodNotAllowed            405 method_not_allowed
    ├── Conflict                    409 conflict
    ├── PayloadTooLarge             413 payload_too_large
    ├── UnsupportedType             415 unsupported_type
    ├── Unprocessable               422 validation_error
    │   ├── InvalidContent          422 invalid_content
    │   ├── ForbiddenAddress        422 forbidden_address
    │   └── QueryMemoryExceeded     422 query_memory_exceeded
    ├── RateLimited                 429 rate_limited   (sets Retry-After)
    ├── DependencyDown              503 dependency_unavailable
    ├── QueryTimeout                504 query_timeout
    └── RunTimeout                  504 run_timeout    (a chat run past RUN_TIME_LIMIT_S)

Raise these anywhere (API, data, agents); the API turns them into
`{"error": {"code", "message", "details"}}` with the status. Subclasses may pass
another `code` to be more precise without a new class.
"""

from __future__ import annotations

from typing import Any


class DataPulseError(Exception):
    status: int = 500
    code: str = "internal_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        details: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.details: dict[str, Any] = details or {}

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class BadRequest(DataPulseError):
    status, code = 400, "bad_request"


class InvalidJSON(BadRequest):
    code = "invalid_json"


class StatementNotAllowed(BadRequest):
    code = "statement_not_allowed"


class Unauthorized(DataPulseError):
    status, code = 401, "unauthorized"


class Forbidden(DataPulseError):
    status, code = 403, "forbidden"


class NotFound(DataPulseError):
    status, code = 404, "not_found"


class MethodNotAllowed(DataPulseError):
    status, code = 405, "method_not_allowed"


class Conflict(DataPulseError):
    status, code = 409, "conflict"


class PayloadTooLarge(DataPulseError):
    status, code = 413, "payload_too_large"


class UnsupportedType(DataPulseError):
    status, code = 415, "unsupported_type"


class Unprocessable(DataPulseError):
    status, code = 422, "validation_error"


class InvalidContent(Unprocessable):
    code = "invalid_content"


class ForbiddenAddress(Unprocessable):
    code = "forbidden_address"


class QueryMemoryExceeded(Unprocessable):
    """A SQL query needed more memory than its process may take (QUERY_PROCESS_MEMORY_MB)."""

    code = "query_memory_exceeded"


class BodyTooSlow(DataPulseError):
    """The request body arrived slower than the minimum rate (a slow-trickle client)."""

    status, code = 408, "body_too_slow"


class RateLimited(DataPulseError):
    status, code = 429, "rate_limited"

    def __init__(self, message: str, *, retry_after: int, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class DependencyDown(DataPulseError):
    status, code = 503, "dependency_unavailable"


class QueryTimeout(DataPulseError):
    status, code = 504, "query_timeout"


class RunTimeout(DataPulseError):
    """A chat run still active RUN_TIME_LIMIT_S after its question: it ends as failed
    with this code (its `run_failed` event's error), whatever its work is doing."""

    status, code = 504, "run_timeout"


STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "body_too_slow",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "dependency_unavailable",
    504: "query_timeout",
}


def code_for_status(status: int) -> str:
    return STATUS_CODES.get(status, "http_error" if status < 500 else "internal_error")
