"""Property-based check of the whole API against its own OpenAPI document (schemathesis):
every operation (the SSE events stream included: generated run ids are unknown, so it
answers 404), schemathesis' default checks, at least 100 generated cases each; no 5xx
and no response that breaks its declared schema."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from datapulse.api.app import create_app
from datapulse.bus.base import MemoryBus
from datapulse.settings import RATE_LIMIT_SETTINGS, load_settings
from tests import conftest

pytestmark = pytest.mark.database  # one module-wide app on SQLite or a fresh PostgreSQL schema

# `positive_data_acceptance` expects schema-valid requests to succeed. These operations
# also check what JSON Schema cannot express, and answer those requests with the
# SPEC's statuses: a file id that must exist, an address the guard refuses, unique
# batch ids, SQL that must parse, bytes that must be the declared file type.
SEMANTIC = {
    ("POST", "/api/datasources"): ["422"],
    ("PUT", "/api/datasources/{datasource_id}"): ["422"],
    ("POST", "/api/datasources/test"): ["422"],
    ("POST", "/api/batch"): ["422"],
    ("POST", "/api/query"): ["400", "422"],
    ("POST", "/api/files"): ["413", "415", "422"],
    # SPEC 12: a plugin's address, its MCP server's tools, its function's own parameter
    # schema, a template or plugin id that must exist, one whole-document JSON Schema.
    ("POST", "/api/plugins"): ["403", "422"],
    ("PUT", "/api/plugins/{plugin_id}"): ["403", "422"],
    ("POST", "/api/plugins/{plugin_id}/execute"): ["422"],
    ("POST", "/api/chat/execute-function"): ["422"],
    ("POST", "/api/assistants"): ["422"],
    ("POST", "/api/assistants/{assistant_id}/plugins"): ["422"],
    ("POST", "/api/templates/import"): ["422"],
    # SPEC 11: an email address, a password as long as PASSWORD_MIN_LENGTH, an expiry in
    # the future (and the local admin, who is no user, has no API tokens).
    ("POST", "/api/users"): ["422"],
    ("PATCH", "/api/users/{user_id}"): ["422"],
    ("POST", "/api/tokens"): ["422"],
    # A conversation's title must keep a visible character once control and bidi marks
    # are removed (a JSON Schema length cannot say that).
    ("PATCH", "/api/chat/conversations/{conversation_id}"): ["422"],
}
DEFAULT_ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
# Invalid data must be refused; a body over MAX_JSON_KB is refused before it is read (413).
REJECTED = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {"negative_data_rejection": {"expected-statuses": REJECTED}},
        "operations": [
            {
                "include-name": f"{method} {path}",
                "checks": {"positive_data_acceptance": {"expected-statuses": DEFAULT_ACCEPTED + extra}},
            }
            for (method, path), extra in SEMANTIC.items()
        ],
    }
)


def _build() -> tuple[Any, Path, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="datapulse-st-"))
    database_url, cleanup = "", None
    if conftest.TEST_DB == "postgres":
        from tests.api.test_error_shape import _pg_schema

        database_url, cleanup = _pg_schema()
    app = create_app(
        conftest.migrated(
            load_settings(
                environ={
                    "DATA_DIR": str(tmp / "data"),
                    "UPLOAD_FOLDER": str(tmp / "up"),
                    "DATABASE_URL": database_url,
                    "LOG_LEVEL": "CRITICAL",
                    "SECRET_KEY": "test-secret-key-0123456789",
                    "WS_PORT": str(conftest.free_port()),
                    "URL_FETCH_TIMEOUT_S": "1",
                    "SQL_SOURCE_TIMEOUT_S": "1",
                    "QUERY_TIMEOUT_S": "2",
                    # This run judges shapes with thousands of requests a minute from one
                    # address; the limits have their own tests (test_ratelimit.py).
                    **{name: "" for name in RATE_LIMIT_SETTINGS},
                },
                env_file=None,
            )
        ),
        bus=MemoryBus(),
    )
    app.config["TESTING"] = True
    return app, tmp, cleanup


APP, TMP, CLEANUP = _build()
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", APP, config=CONFIG)


def _close() -> None:
    """Stop and remove what _build made; safe to call twice."""
    svc = APP.extensions["datapulse"]
    svc.scheduler.stop()
    svc.db.dispose()
    shutil.rmtree(TMP, ignore_errors=True)
    global CLEANUP
    cleanup, CLEANUP = CLEANUP, None
    if cleanup:
        cleanup()


atexit.register(_close)  # also when this module's tests are deselected


@pytest.fixture(scope="module", autouse=True)
def _close_app() -> Iterator[None]:
    """The app built for collection lives for this module only."""
    try:
        yield
    finally:
        _close()


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,  # the same cases on every run: CI is reproducible, not lucky
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_api_conforms_to_its_schema(case: Any) -> None:
    """Generated requests never get a 5xx nor a response outside the declared schema."""
    case.call_and_validate()
