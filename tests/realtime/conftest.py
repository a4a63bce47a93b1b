"""Real WebSocket server processes on free ports, and helpers for real `websockets` clients."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection

from datapulse.bus.local import LocalBus
from datapulse.settings import Settings
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
RECV_TIMEOUT = 10.0


def settings_env(settings: Settings, **extra: Any) -> dict[str, str]:
    """The environment that gives a child process these settings (plus overrides)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WS_", "REDIS_", "ALERT_", "METRICS_"))}
    for name, value in settings.summary().items():
        env[name] = str(value)
    env.update(
        {
            "DATA_DIR": str(settings.DATA_DIR),
            "UPLOAD_FOLDER": str(settings.UPLOAD_FOLDER),
            "SECRET_KEY": settings.SECRET_KEY,
            "DATABASE_URL": settings.DATABASE_URL,
            "REDIS_URL": settings.REDIS_URL,
            "LLM_API_KEY": "",
        }
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def wait_health(port: int, proc: subprocess.Popen[bytes], timeout: float = 20.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"websocket_server.py exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as response:
                return json.loads(response.read())  # type: ignore[no-any-return]
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("websocket_server.py did not answer /health")


def stop_process(proc: subprocess.Popen[bytes]) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return proc.wait(10)


@contextmanager
def run_ws_server(settings: Settings, port: int | None = None, **env: Any) -> Iterator[WsServer]:
    port = port or free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "websocket_server.py"), "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=settings_env(settings, **env),
    )
    try:
        wait_health(port, proc)
        yield WsServer(port, proc)
    finally:
        stop_process(proc)


def close_app(app: Any) -> None:
    """Stop what the app's platform started: schedulers, pools, the bus, the database pool."""
    app.extensions["datapulse"].stop()


class WsServer:
    def __init__(self, port: int, proc: subprocess.Popen[bytes]) -> None:
        self.port = port
        self.proc = proc
        self.url = f"ws://127.0.0.1:{port}/ws"
        self.publish_url = f"ws://127.0.0.1:{port}/publish"

    def publisher(self, secret_key: str) -> LocalBus:
        """A bus to this server whose handshake may wait on a loaded machine (the product's
        2 s would drop a test's events when the server process waits for a core)."""
        return LocalBus(self.publish_url, secret_key, open_timeout=30)

    def health(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=5) as response:
            return json.loads(response.read())  # type: ignore[no-any-return]


@pytest.fixture
def ws_server(settings: Settings) -> Iterator[WsServer]:
    with run_ws_server(settings, port=settings.WS_PORT, METRICS_INTERVAL="3600") as server:
        yield server


@pytest.fixture(scope="module")
def shared_ws_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WsServer]:
    """One server for a module's tests that need no fresh state (bad input and the like)."""
    from datapulse.settings import load_settings

    folder = tmp_path_factory.mktemp("shared_ws")
    shared = load_settings(
        environ={
            "DATA_DIR": str(folder / "data"),
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "SECRET_KEY": "shared-test-secret-0123456789",
            "LOG_LEVEL": "WARNING",
        },
        env_file=None,
    )
    with run_ws_server(shared, METRICS_INTERVAL="3600") as server:
        yield server


@pytest.fixture
def start_ws_server(settings: Settings) -> Iterator[Callable[..., WsServer]]:
    """Start servers with extra settings; every one is stopped at the end."""
    stack: list[Any] = []

    def start(port: int | None = None, **env: Any) -> WsServer:
        manager = run_ws_server(settings, port=port, **env)
        server = manager.__enter__()
        stack.append(manager)
        return server

    try:
        yield start
    finally:
        for manager in reversed(stack):
            manager.__exit__(None, None, None)


async def recv_json(ws: ClientConnection, timeout: float = RECV_TIMEOUT) -> dict[str, Any]:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))  # type: ignore[no-any-return]


async def recv_until(ws: ClientConnection, type_: str, timeout: float = RECV_TIMEOUT) -> dict[str, Any]:
    """The next message of this type (others are skipped)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        message = await recv_json(ws, max(0.01, deadline - asyncio.get_running_loop().time()))
        if message["type"] == type_:
            return message


async def barrier(ws: ClientConnection) -> list[dict[str, Any]]:
    """Ping and collect everything before the pong: the server has handled all we sent."""
    await ws.send(json.dumps({"type": "ping", "data": {"barrier": True}}))
    seen = []
    while True:
        message = await recv_json(ws)
        if message["type"] == "pong":
            return seen
        seen.append(message)


async def recv_events(ws: ClientConnection, count: int, type_: str | None = None) -> list[dict[str, Any]]:
    """The next `count` events (of `type_` when given), skipping control messages."""
    out: list[dict[str, Any]] = []
    while len(out) < count:
        message = await recv_json(ws)
        if message["seq"] and message["type"] not in ("welcome", "pong", "resumed", "error"):
            if type_ is None or message["type"] == type_:
                out.append(message)
    return out
