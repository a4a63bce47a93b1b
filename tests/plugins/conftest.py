"""Fixtures of the plugin tests: settings that let plugins reach 127.0.0.1, quick back-off,
and helpers to create assistants and plugins through the API."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from datapulse.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.replace(
        PLUGIN_ALLOWLIST=("127.0.0.1",),
        PLUGIN_BACKOFF_S=0.0,
        IMAGE_POLL_S=0.01,
        MCP_STDIO_COMMANDS=(sys.executable, "/nonexistent/server"),
    )


def make_assistant(client: Any, **body: Any) -> dict[str, Any]:
    response = client.post("/api/assistants", json={"name": "Helper", **body})
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def make_plugin(client: Any, **manifest: Any) -> dict[str, Any]:
    response = client.post("/api/plugins", json=manifest)
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def wait_execution(app: Any, execution_id: str) -> dict[str, Any]:
    """The execution once finished (the engine's future, never a sleep loop)."""
    engine = app.extensions["datapulse"].plugins.engine
    return engine.wait(execution_id, timeout=60)  # type: ignore[no-any-return]
