"""The application factory: builds the Flask app from one Settings object.

Building starts nothing (see `datapulse.api.platform`): `platform_of(app).start()`
recovers and starts the background work, `.stop()` ends it. Gunicorn loads the factory
and its worker hooks call both; `started_app()` is the one-call form for servers
without hooks.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from apiflask import APIFlask
from flask_cors import CORS

from datapulse.api import access, docs, errors, frontend, guards, ratelimit
from datapulse.api.forwarded import ForwardedFor, TrustedProxies
from datapulse.api.platform import Platform
from datapulse.api.services import EXTENSION_KEY
from datapulse.bus.base import EventBus
from datapulse.runtime import os_logging_locks
from datapulse.settings import Settings, load_settings
from datapulse.storage.private import make_private

# One module per area; each exposes `bp` (an APIBlueprint) and may expose
# `init_app(app, platform)` for its health checks and request hooks.
AREAS = (
    "health",
    "system",
    "files",
    "datasources",
    "query",
    "chat",
    "agents",
    "batch",
    "request_log",
    "assistants",
    "plugins",
    "auth",
    "users",
    "tokens",
    "audit",
)


def create_app(settings: Settings | None = None, bus: EventBus | None = None) -> APIFlask:
    settings = settings or load_settings()
    logging.basicConfig(level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    os_logging_locks()  # the runs' native threads log beside the greenlets (runtime.os_lock)
    app = APIFlask(
        "datapulse", title="DataPulse API", version="1.0.0", docs_path="/api/docs", spec_path="/api/openapi.json"
    )
    app.config.update(_flask_config(settings))
    make_private(settings)
    # The scheduler's thread ends itself under TESTING unless a test starts it again.
    svc = Platform(settings, bus, should_refresh=lambda: not app.testing)
    app.extensions[EXTENSION_KEY] = svc
    CORS(
        app,
        resources={r"/api/*": {"origins": list(settings.allowed_origins)}},
        expose_headers=["Retry-After", *ratelimit.HEADERS],
    )
    guards.init_app(app, settings)
    errors.init_app(app)
    access.init_app(app, settings, svc.auth, svc.db)
    docs.init_app(app)
    for area in AREAS:
        module = importlib.import_module(f"datapulse.api.{area}")
        app.register_blueprint(module.bp)
        if hasattr(module, "init_app"):
            module.init_app(app, svc)
    frontend.init_app(app, settings)
    # Last: its check runs after every other request hook, the one that names the user included.
    ratelimit.init_app(app, settings)
    trusted = TrustedProxies.from_settings(settings)
    if trusted:  # behind a reverse proxy: every reader of remote_addr sees the client
        app.wsgi_app = ForwardedFor(app.wsgi_app, trusted)  # type: ignore[method-assign]
    return app


def platform_of(app: APIFlask) -> Platform:
    platform: Platform = app.extensions[EXTENSION_KEY]
    return platform


def started_app(settings: Settings | None = None) -> APIFlask:
    """Build and start, and stop at interpreter exit: for a server that has no hooks
    (`gunicorn app:app` without the platform's config)."""
    import atexit

    app = create_app(settings)
    platform = platform_of(app)
    platform.start()
    atexit.register(platform.stop)
    return app


def _flask_config(settings: Settings) -> dict[str, Any]:
    return {
        "SECRET_KEY": settings.secret_key,
        "JSON_SORT_KEYS": False,
        "VALIDATION_ERROR_STATUS_CODE": 422,
        "AUTO_OPERATION_ID": True,
        "SPEC_FORMAT": "json",
        "OPENAPI_VERSION": "3.0.3",
        "DOCS_FAVICON": "/api/docs/static/favicon.png",
        "SWAGGER_UI_CSS": "/api/docs/static/swagger-ui.css",
        "SWAGGER_UI_BUNDLE_JS": "/api/docs/static/swagger-ui-bundle.js",
        "SWAGGER_UI_STANDALONE_PRESET_JS": "/api/docs/static/swagger-ui-standalone-preset.js",
        "HTTP_ERROR_SCHEMA": ERROR_SCHEMA,
        "VALIDATION_ERROR_SCHEMA": ERROR_SCHEMA,
    }


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object"},
            },
        }
    },
}
