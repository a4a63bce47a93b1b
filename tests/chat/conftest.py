"""Fixtures for the chat tests: the app with scripted agents, a real server on a free port."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.chat.helpers import AGENTS, ScriptedAgents
from tests.serving import serving


@pytest.fixture
def agents() -> ScriptedAgents:
    return ScriptedAgents()


@pytest.fixture
def chat_app(app, agents: ScriptedAgents, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The app with the scripted agents in place of the engine (the `app` fixture stops
    its platform, the executor's pool with it)."""
    executor = app.extensions["datapulse"].executor
    executor.analyse = agents
    executor.list_agents = lambda: list(AGENTS)
    monkeypatch.setattr("datapulse.chat.agent_stats.describe_agents", lambda: [{"name": a} for a in AGENTS])
    return app


@pytest.fixture
def chat_client(chat_app):  # type: ignore[no-untyped-def]
    return chat_app.test_client()


@pytest.fixture
def server(chat_app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app served by werkzeug on 127.0.0.1 on a free port, in a thread."""
    with serving(chat_app) as port:
        yield f"http://127.0.0.1:{port}"


def configure(app: Any, **changes: Any) -> None:
    """Change settings of a running app (the chat reads CHAT_* at each request)."""
    platform = app.extensions["datapulse"]
    platform.settings = platform.settings.replace(**changes)


def new_conversation(client: Any, **body: Any) -> str:
    response = client.post("/api/chat/conversations", json=body)
    assert response.status_code == 201, response.json
    return str(response.json["id"])


def ask(client: Any, conversation_id: str, content: str) -> dict[str, Any]:
    response = client.post(f"/api/chat/conversations/{conversation_id}/messages", json={"content": content})
    assert response.status_code == 202, response.json
    return dict(response.json)


def wait_run(client: Any, run_id: str, timeout: float = 20.0) -> dict[str, Any]:
    """Poll GET /api/chat/runs/<id> until the run has ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = client.get(f"/api/chat/runs/{run_id}").json
        if run["status"] not in ("queued", "running"):
            return dict(run)
        time.sleep(0.02)
    raise AssertionError(f"run {run_id} did not end within {timeout}s")
