"""Rate limits of the API (SPEC 11), with Flask-Limiter on the `limits` library.

One sliding (moving) window per client and limit: `RATE_LIMIT` for every API request,
and a stricter one for each costly kind of request (sign-in, uploads, chat questions,
SQL) on top of it. A client is the signed-in user (`flask.g.principal.user_id`), else
the remote address. Counters live in this process's memory, or in Redis when
`REDIS_URL` is set so that every worker and instance shares them (if Redis goes away,
each process falls back to its own memory rather than refusing or failing requests).

A sub-request of `POST /api/batch` runs through the whole app, this check included, so
it counts against the limits of the route it calls. `/api/health` (monitoring), CORS
preflights and the UI's own files are never limited.

Over a limit: 429 `rate_limited` with `Retry-After`; every limited answer carries
`X-RateLimit-Limit`, `-Remaining` and `-Reset` (epoch seconds) of the limit that is
breached, else of the one with the fewest requests left.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from apiflask import APIFlask
from flask import Response, g, request
from flask_limiter import ApplicationLimit, Limit, Limiter, RateLimitExceeded
from limits.storage import MemoryStorage

from datapulse.api.errors import error_response
from datapulse.bus.auth import redis_namespace
from datapulse.settings import Settings

log = logging.getLogger(__name__)

EXTENSION_KEY = "datapulse.limiter"
HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
GLOBAL_SCOPE = "all"

# The stricter limits: (method, URL rule) → the scope whose setting limits it. Matched on
# the rule, not the view, so a route that lands later (sign-in) is limited once it exists.
CATEGORIES: dict[tuple[str, str], str] = {
    ("POST", "/api/auth/login"): "login",
    ("POST", "/api/files"): "upload",
    ("POST", "/api/chat/conversations/<conversation_id>/messages"): "chat",
    ("POST", "/api/chat/batch"): "chat",
    ("POST", "/api/query"): "sql",
}
SCOPE_SETTINGS = {
    "login": "RATE_LIMIT_LOGIN",
    "upload": "RATE_LIMIT_UPLOAD",
    "chat": "RATE_LIMIT_CHAT",
    "sql": "RATE_LIMIT_SQL",
}


class SweptMemoryStorage(MemoryStorage):
    """`limits`' memory storage, sweeping expired entries once a second instead of 100
    times. The original starts a new 10 ms timer thread whenever none is running, so
    about one thread per request at ordinary rates: on a busy two-core machine that
    start cost 13 ms a request (bench/bench_limits_audit.py). Expired entries never
    count either way; the sweep only frees their memory."""

    STORAGE_SCHEME = ["datapulse-memory"]  # the library registers storages by scheme
    SWEEP_S = 1.0

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the private scheduler
        if not self.timer.is_alive():
            sweep = getattr(self, "_MemoryStorage__expire_events")  # noqa: B009 - a private name mypy cannot see
            self.timer = threading.Timer(self.SWEEP_S, sweep)
            self.timer.daemon = True
            self.timer.start()


def client_key() -> str:
    """Who is counted: the signed-in user, else the address (anonymous, or `local` mode)."""
    principal = getattr(g, "principal", None)
    user_id = getattr(principal, "user_id", None)
    if user_id is not None:
        return f"user:{user_id}"
    return f"addr:{request.remote_addr or 'unknown'}"


def category() -> str | None:
    rule = request.url_rule.rule if request.url_rule is not None else request.path
    return CATEGORIES.get((request.method, rule))


def _not_this_category(scope: str) -> bool:
    return category() != scope


def _cost() -> int:
    """A chat batch asks several questions at once: each one counts."""
    if request.url_rule is not None and request.url_rule.rule == "/api/chat/batch":
        body = request.get_json(silent=True)
        questions = body.get("questions") if isinstance(body, dict) else None
        if isinstance(questions, list) and questions:
            return len(questions)
    return 1


def _monitoring(path: str) -> bool:
    return path.rstrip("/") == "/api/health" or path.startswith("/api/health/")


def never_limited() -> bool:
    """Monitoring (`/api/health` and below), CORS preflights and the UI's files."""
    path = request.path
    return request.method == "OPTIONS" or not path.startswith("/api/") or _monitoring(path)


def build_limiter(settings: Settings) -> Limiter:
    scoped = [
        Limit(
            value,
            scope=scope,
            shared=True,
            exempt_when=partial(_not_this_category, scope),
            cost=_cost if scope == "chat" else 1,
        )
        for scope, name in SCOPE_SETTINGS.items()
        if (value := getattr(settings, name).strip())
    ]
    overall = [ApplicationLimit(settings.RATE_LIMIT, scope=GLOBAL_SCOPE)] if settings.RATE_LIMIT.strip() else []
    storage_options: dict[str, str | int] = {}
    if settings.REDIS_URL:
        storage_options = {"socket_connect_timeout": 2, "socket_timeout": 2}
    limiter = Limiter(
        client_key,
        application_limits=overall,  # type: ignore[arg-type]  # a list of Limit is accepted
        default_limits=scoped,  # type: ignore[arg-type]
        strategy="moving-window",
        storage_uri=settings.REDIS_URL or "datapulse-memory://",
        storage_options=storage_options,
        # Processes sharing a secret share counters; other installations on the same Redis never mix.
        key_prefix=f"{redis_namespace(settings.secret_key)}:rate",
        headers_enabled=False,  # set below: Flask-Limiter would overwrite other answers' Retry-After
        in_memory_fallback_enabled=True,
        swallow_errors=True,
    )
    limiter.request_filter(never_limited)
    return limiter


def init_app(app: APIFlask, settings: Settings, clock: Callable[[], float] = time.time) -> Limiter:
    """Register last in `create_app`: its check must run after the hook that sets
    `g.principal`, so that a signed-in user is counted as the user."""
    limiter = build_limiter(settings)
    limiter.init_app(app)
    app.extensions[EXTENSION_KEY] = limiter
    _document_429(app)

    @app.errorhandler(RateLimitExceeded)
    def _rate_limited(error: RateLimitExceeded) -> Response:
        current = limiter.current_limit
        retry_after = _retry_after(current.reset_at if current else None, clock)
        scope = error.limit.scope if isinstance(error.limit.scope, str) else None
        response = error_response(
            429,
            "rate_limited",
            f"Too many requests: the limit is {error.limit.limit}; try again in {retry_after} s.",
            {"limit": str(error.limit.limit), "scope": scope or GLOBAL_SCOPE, "retry_after": retry_after},
        )
        response.headers["Retry-After"] = str(retry_after)
        return response

    @app.after_request
    def _limit_headers(response: Response) -> Response:
        limits = limiter.current_limits
        if not limits:
            return response
        try:
            breached = [item for item in limits if item.breached]
            current = breached[0] if breached else min(limits, key=lambda item: item.remaining)
            response.headers["X-RateLimit-Limit"] = str(current.limit.amount)
            response.headers["X-RateLimit-Remaining"] = str(max(0, current.remaining))
            response.headers["X-RateLimit-Reset"] = str(current.reset_at)
        except Exception:  # noqa: BLE001 - the storage went away after the check: answer without them
            log.warning("rate limit headers left out: the limit storage did not answer", exc_info=True)
        return response

    return limiter


RATE_LIMITED_RESPONSE: dict[str, Any] = {
    "description": "Over a rate limit (`rate_limited`); `Retry-After` says when to try again",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}},
    "headers": {
        "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}},
        "X-RateLimit-Limit": {"description": "Requests allowed in the window", "schema": {"type": "integer"}},
        "X-RateLimit-Remaining": {"description": "Requests left in the window", "schema": {"type": "integer"}},
        "X-RateLimit-Reset": {"description": "When the window frees up (epoch seconds)", "schema": {"type": "integer"}},
    },
}


def _document_429(app: APIFlask) -> None:
    """Every limited operation may answer 429: added to the document after the other
    processors (an app has one spec processor, so the one already set is wrapped)."""
    previous = app.spec_callback

    def _with_429(spec: Any) -> Any:
        spec = previous(spec) if previous else spec
        if isinstance(spec, str):
            return spec
        for path, operations in spec.get("paths", {}).items():
            if not path.startswith("/api/") or _monitoring(path):
                continue
            for method, op in operations.items():
                if isinstance(op, dict) and method.upper() not in ("OPTIONS", "PARAMETERS"):
                    responses = op.setdefault("responses", {})
                    if "429" not in responses:
                        responses["429"] = copy.deepcopy(RATE_LIMITED_RESPONSE)
                    else:  # a route's own 429 (a full lane): a limit's headers may come with it too
                        headers = responses["429"].setdefault("headers", {})
                        for name, header in RATE_LIMITED_RESPONSE["headers"].items():
                            headers.setdefault(name, copy.deepcopy(header))
        return spec

    app.spec_callback = _with_429


def _retry_after(reset_at: int | None, clock: Callable[[], float]) -> int:
    if reset_at is None:
        return 1
    return max(1, int(reset_at - clock()))


def limiter_of(app: APIFlask) -> Limiter:
    limiter: Limiter = app.extensions[EXTENSION_KEY]
    return limiter
