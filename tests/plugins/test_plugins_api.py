"""The plugin registry, executions, their log and stats, detection: every endpoint and its bad input."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from datapulse.bus.base import MemoryBus
from tests.plugins.conftest import make_assistant, make_plugin, wait_execution
from tests.plugins.detect_bank import PLUGINS
from tests.plugins.fakes import FakeState, fake_server

ECHO = {
    "name": "echo",
    "description": "Echo",
    "parameters": {"type": "object", "properties": {"q": {"type": "integer"}}},
}


@pytest.fixture
def fake() -> Iterator[FakeState]:
    with fake_server() as state:
        yield state


def test_builtins_are_registered_like_plugins(client: Any) -> None:
    """The analysis tools and the image plugin are in the registry, kind builtin, read-only."""
    page = client.get("/api/plugins?kind=builtin&per_page=100").get_json()
    names = {p["name"] for p in page["items"]}
    assert {"correlation", "describe", "image_generation"} <= names
    image = client.get("/api/plugins/builtin-image_generation").get_json()
    assert image["functions"][0]["name"] == "generate_image"
    # the analysis tools (an assistant's `tools`) are marked; the image plugin is assigned instead
    tools = {p["name"] for p in page["items"] if p["manifest"]["analysis_tool"]}
    assert tools == names - {"image_generation"} and image["manifest"]["analysis_tool"] is False
    assert client.delete("/api/plugins/builtin-image_generation").status_code == 409
    assert client.put("/api/plugins/builtin-describe", json={"name": "x", "kind": "http"}).status_code == 409


def test_http_plugin_crud_keeps_the_secret(client: Any, fake: FakeState) -> None:
    manifest = {"name": "ok", "kind": "http", "endpoint": f"{fake.base}/ok", "functions": [ECHO]}
    plugin = make_plugin(client, **manifest, auth={"header": "X-Api-Key", "secret": "hush"}, timeout_s=2, retries=1)
    assert plugin["manifest"]["auth"] == {"header": "X-Api-Key", "secret_set": True}
    assert plugin["visibility"] == "private" and plugin["owner_id"] is None
    assert client.post("/api/plugins", json=manifest).status_code == 409
    changed = client.put(f"/api/plugins/{plugin['id']}", json={**manifest, "description": "changed"})
    assert changed.status_code == 200 and changed.get_json()["manifest"]["auth"]["secret_set"] is True
    assert "hush" not in changed.get_data(as_text=True)
    assert client.delete(f"/api/plugins/{plugin['id']}").status_code == 204
    assert client.get(f"/api/plugins/{plugin['id']}").status_code == 404


@pytest.mark.parametrize(
    ("manifest", "field"),
    [
        ({"name": "x", "kind": "ftp"}, "kind"),
        ({"name": "x", "kind": "http", "functions": [ECHO]}, "(root)"),
        ({"name": "bad name!", "kind": "http", "endpoint": "http://127.0.0.1/", "functions": [ECHO]}, "name"),
        ({"name": "x", "kind": "http", "endpoint": "http://127.0.0.1/", "functions": [{"name": "f"}]}, "functions.0"),
        (
            {
                "name": "x",
                "kind": "http",
                "endpoint": "http://127.0.0.1/",
                "functions": [{**ECHO, "parameters": {"type": 5}}],
            },
            "functions.0.parameters",
        ),
        ({"name": "x", "kind": "http", "endpoint": "http://127.0.0.1/", "functions": [ECHO], "retries": 99}, "retries"),
        ({"name": "x", "kind": "mcp"}, "(root)"),
        ({"name": "x", "kind": "builtin"}, "kind"),
    ],
)
def test_invalid_manifests(client: Any, manifest: dict[str, Any], field: str) -> None:
    """422 naming the field."""
    response = client.post("/api/plugins", json=manifest)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["details"]["fields"]


@pytest.mark.parametrize("url", ["http://10.1.2.3/hook", "http://192.168.0.10/hook", "http://169.254.169.254/"])
def test_private_addresses_are_refused(client: Any, url: str) -> None:
    """Outside PLUGIN_ALLOWLIST a private endpoint is refused at creation (no request is sent)."""
    response = client.post("/api/plugins", json={"name": "x", "kind": "http", "endpoint": url, "functions": [ECHO]})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "forbidden_address"


def test_executions_log_filters_and_stats(client: Any, app: Any, bus: MemoryBus, fake: FakeState) -> None:
    """Each execution is stored, broadcast as plugin_execution on agents, filtered, counted in stats."""
    ok = make_plugin(client, name="ok", kind="http", endpoint=f"{fake.base}/ok", functions=[ECHO])
    bad = make_plugin(client, name="bad", kind="http", endpoint=f"{fake.base}/garbage", functions=[ECHO])
    aid = make_assistant(client)["id"]
    client.post(f"/api/assistants/{aid}/plugins", json={"plugin_id": ok["id"]})
    ids = []
    for plugin, assistant in ((ok, aid), (ok, None), (bad, None)):
        body = {"function_name": "echo", "parameters": {"q": 1}, "assistant_id": assistant}
        response = client.post(f"/api/plugins/{plugin['id']}/execute", json={k: v for k, v in body.items() if v})
        assert response.status_code == 202
        ids.append(wait_execution(app, response.get_json()["execution_id"])["id"])
    log = client.get("/api/plugin-executions").get_json()
    assert log["total"] == 3 and log["items"][0]["id"] == ids[-1]
    assert client.get(f"/api/plugin-executions?plugin_id={ok['id']}").get_json()["total"] == 2
    assert [e["id"] for e in client.get("/api/plugin-executions?status=failed").get_json()["items"]] == [ids[2]]
    assert client.get(f"/api/plugin-executions?assistant_id={aid}").get_json()["total"] == 1
    assert client.get("/api/plugin-executions?per_page=1&page=2").get_json()["items"][0]["id"] == ids[1]
    full = client.get(f"/api/plugin-executions/{ids[0]}").get_json()
    assert set(full) >= {"id", "plugin_id", "function_name", "status", "input_parameters", "output_result"}
    assert set(full) >= {"execution_time_ms", "attempts", "error_message", "cost", "created_at"}
    events = [e for e in bus.events if e.type == "plugin_execution"]
    assert {e.topic for e in events} == {"agents"}
    assert [e.data["status"] for e in events if e.data["id"] == ids[0]] == ["pending", "running", "completed"]
    stats = client.get(f"/api/plugins/{ok['id']}/stats").get_json()
    assert stats["executions"] == 2 and stats["success_rate"] == 1.0 and stats["p50_ms"] is not None
    assert {a["assistant_id"]: a["executions"] for a in stats["per_assistant"]} == {aid: 1, None: 1}
    assert client.get(f"/api/plugins/{bad['id']}/stats").get_json()["success_rate"] == 0.0


def test_bad_execution_requests(client: Any, fake: FakeState) -> None:
    plugin = make_plugin(client, name="ok", kind="http", endpoint=f"{fake.base}/ok", functions=[ECHO])
    assert client.post("/api/plugins/nope/execute", json={"function_name": "echo"}).status_code == 404
    unknown = client.post(f"/api/plugins/{plugin['id']}/execute", json={"function_name": "nope"})
    assert unknown.status_code == 422 and unknown.get_json()["error"]["code"] == "unknown_function"
    bad = client.post(f"/api/plugins/{plugin['id']}/execute", json={"function_name": "echo", "parameters": {"q": "x"}})
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "invalid_parameters"
    assert client.get("/api/plugin-executions/nope").status_code == 404
    assert client.get("/api/plugin-executions/nope/image").status_code == 404
    assert client.get("/api/plugins/nope/stats").status_code == 404
    assert client.get("/api/plugin-executions?status=exploded").status_code == 422


def test_a_full_queue_refuses(client: Any, app: Any, fake: FakeState) -> None:
    """Past PLUGIN_WORKERS + PLUGIN_QUEUE waiting executions, 429 instead of an unbounded queue."""
    engine = app.extensions["datapulse"].plugins.engine
    engine.capacity = 1
    slow = make_plugin(client, name="slow", kind="http", endpoint=f"{fake.base}/hang", functions=[ECHO], timeout_s=5)
    first = client.post(f"/api/plugins/{slow['id']}/execute", json={"function_name": "echo"})
    assert first.status_code == 202
    second = client.post(f"/api/plugins/{slow['id']}/execute", json={"function_name": "echo"})
    assert second.status_code == 429 and second.headers["Retry-After"]
    fake.release.set()
    assert wait_execution(app, first.get_json()["execution_id"])["status"] == "completed"


def test_detect_and_execute_from_chat(client: Any, app: Any, fake: FakeState) -> None:
    """Detection sees only enabled assigned plugins; a detected call runs through chat/execute-function."""
    weather = {**PLUGINS[0], "endpoint": f"{fake.base}/ok"}
    plugin = make_plugin(client, **weather)
    aid = make_assistant(client)["id"]
    ask = {"assistant_id": aid, "message": "What's the weather in Berlin?"}
    assert client.post("/api/chat/detect-functions", json=ask).get_json() == {"calls": []}
    client.post(f"/api/assistants/{aid}/plugins", json={"plugin_id": plugin["id"]})
    calls = client.post("/api/chat/detect-functions", json=ask).get_json()["calls"]
    assert len(calls) == 1 and calls[0]["plugin_id"] == plugin["id"] and calls[0]["function_name"] == "get_weather"
    assert calls[0]["parameters"] == {"city": "Berlin"} and 0 < calls[0]["confidence"] <= 1
    quiet = client.post("/api/chat/detect-functions", json={"assistant_id": aid, "message": "How many rows?"})
    assert quiet.get_json() == {"calls": []}
    body = {"assistant_id": aid, "function_name": "get_weather", "parameters": calls[0]["parameters"]}
    response = client.post("/api/chat/execute-function", json=body)
    assert response.status_code == 202
    done = wait_execution(app, response.get_json()["execution_id"])
    assert done["status"] == "completed" and done["assistant_id"] == aid
    client.put(f"/api/assistants/{aid}/plugins/{plugin['id']}", json={"is_enabled": False})
    assert client.post("/api/chat/detect-functions", json=ask).get_json() == {"calls": []}
    assert client.post("/api/chat/execute-function", json=body).status_code == 422
    assert client.post("/api/chat/detect-functions", json={"assistant_id": "nope", "message": "x"}).status_code == 404
