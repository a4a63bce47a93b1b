"""An MCP server started by the test (written with the SDK), over stdio and over streamable
HTTP: discovery, a call, an error."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.plugins.conftest import make_plugin, wait_execution

SERVER = str(Path(__file__).with_name("mcp_server.py"))


def execute(client: Any, app: Any, plugin_id: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/plugins/{plugin_id}/execute", json=body)
    assert response.status_code == 202, response.get_json()
    return wait_execution(app, response.get_json()["execution_id"])


def test_discovery_call_and_error(client: Any, app: Any) -> None:
    """Its tools are listed like any plugin's functions; a call answers; a failing tool fails the execution."""
    plugin = make_plugin(client, name="calc", kind="mcp", command=sys.executable, args=[SERVER], timeout_s=60)
    functions = {f["name"]: f for f in plugin["functions"]}
    assert set(functions) == {"add", "explode"}
    assert functions["add"]["description"] == "Add two integers"
    assert functions["add"]["parameters"]["required"] == ["a", "b"]
    listed = client.get("/api/plugins?kind=mcp").get_json()["items"]
    assert [p["name"] for p in listed] == ["calc"]

    body = {"function_name": "add", "parameters": {"a": 2, "b": 40}}
    done = execute(client, app, plugin["id"], body)
    assert done["status"] == "completed", done
    assert done["output_result"] == {"sum": 42}

    bad = client.post(f"/api/plugins/{plugin['id']}/execute", json={"function_name": "add", "parameters": {"a": 1}})
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "invalid_parameters"

    body = {"function_name": "explode", "parameters": {"reason": "on purpose"}}
    done = execute(client, app, plugin["id"], body)
    assert done["status"] == "failed"
    assert "explode" in done["error_message"] and "on purpose" in done["error_message"]


def test_only_listed_commands_start(client: Any) -> None:
    """A command outside MCP_STDIO_COMMANDS is refused with 403 and never run."""
    response = client.post(
        "/api/plugins", json={"name": "sh", "kind": "mcp", "command": "/bin/sh", "args": ["-c", "x"]}
    )
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "command_not_allowed"


def test_a_server_that_cannot_start_is_refused(client: Any) -> None:
    """Discovery fails at creation: 422 naming the problem, nothing stored."""
    response = client.post("/api/plugins", json={"name": "nope", "kind": "mcp", "command": "/nonexistent/server"})
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "plugin_unreachable"
    assert client.get("/api/plugins?kind=mcp").get_json()["total"] == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def http_server() -> Iterator[str]:
    """mcp_server.py over streamable HTTP on a free port of 127.0.0.1, stopped afterwards."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, SERVER, "--http", str(port)], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the MCP HTTP server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        proc.terminate()
        proc.wait(10)


def test_streamable_http_discovery_call_and_error(client: Any, app: Any, http_server: str) -> None:
    """The same server reached at a URL: its tools listed, a call answered, a failing tool a failed execution."""
    plugin = make_plugin(client, name="calc_http", kind="mcp", url=http_server, timeout_s=60)
    assert {f["name"] for f in plugin["functions"]} == {"add", "explode"}
    done = execute(client, app, plugin["id"], {"function_name": "add", "parameters": {"a": 20, "b": 22}})
    assert done["status"] == "completed" and done["output_result"] == {"sum": 42}, done
    done = execute(client, app, plugin["id"], {"function_name": "explode", "parameters": {"reason": "by url"}})
    assert done["status"] == "failed" and "by url" in done["error_message"]


def test_a_url_outside_the_allowlist_is_refused(client: Any) -> None:
    """Outbound MCP calls obey the address rules of url sources (SPEC 12): nothing is stored."""
    response = client.post("/api/plugins", json={"name": "far", "kind": "mcp", "url": "http://10.1.2.3:9/mcp"})
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["code"] == "forbidden_address"
    assert client.get("/api/plugins?kind=mcp").get_json()["total"] == 0
