"""What both schemathesis runs share (local mode: test_openapi_schemathesis.py; users mode:
test_openapi_schemathesis_users.py): the statuses each operation may answer, and the app
with its life cycle."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig

from datapulse.api.app import create_app
from datapulse.bus.base import MemoryBus
from datapulse.settings import RATE_LIMIT_SETTINGS, load_settings
from tests import conftest

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
    # A time range's `from` must come before its `to`, and a search must hold a term once
    # quotes and spaces are read (README: search and export ranges).
    ("GET", "/api/chat/search"): ["422"],
    ("GET", "/api/chat/conversations/{conversation_id}/export"): ["422"],
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


class SchemathesisRun:
    """One module's run: its app and the OpenAPI document read from it. Built when the
    module is imported (schemathesis makes the cases from the document at collection),
    closed when the module's tests are done, or at exit when they were deselected."""

    def __init__(self, **extra: str) -> None:
        self.app, self._tmp, self._cleanup = build_app(**extra)
        self.schema = schemathesis.openapi.from_wsgi("/api/openapi.json", self.app, config=CONFIG)
        self._closed = False
        atexit.register(self.close)

    def close(self) -> None:
        """Stop and remove what build_app made; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        svc = self.app.extensions["datapulse"]
        svc.scheduler.stop()
        svc.db.dispose()
        shutil.rmtree(self._tmp, ignore_errors=True)
        if self._cleanup:
            self._cleanup()

    def closing(self) -> Any:
        """The module's autouse fixture that closes the run after its last test."""

        @pytest.fixture(scope="module", autouse=True)
        def _close_app() -> Iterator[None]:
            try:
                yield
            finally:
                self.close()

        return _close_app


def build_app(**extra: str) -> tuple[Any, Path, Any]:
    """A fresh app on SQLite or a fresh PostgreSQL schema; (app, its folder, the schema's cleanup)."""
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
                    **extra,
                },
                env_file=None,
            )
        ),
        bus=MemoryBus(),
    )
    app.config["TESTING"] = True
    return app, tmp, cleanup
