"""A wildcard HOST works from another machine (issue 11 row 20): the UI gets a WebSocket
URL under the name the browser used, and that page's origin passes the handshake."""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from datapulse.api.app import create_app
from datapulse.bus.base import MemoryBus
from datapulse.realtime.server import RealtimeServer
from datapulse.settings import Settings
from tests.attack import HealthSampler, http_probe, tree_rss, under_attack
from tests.realtime.conftest import WsServer, close_app

LAN = "192.168.1.5"


def handshake(port: int, host: str, origin: str) -> int:
    """The status of a browser-like handshake sent to 127.0.0.1 with this Host and Origin."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /ws HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode())
        head = b""
        while b"\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
    return int(head.split()[1])


def test_ui_config_names_the_websocket_under_the_browsers_host(settings: Settings, bus: MemoryBus) -> None:
    """HOST=0.0.0.0: `/api/config` from http://192.168.1.5:PORT says ws://192.168.1.5:WS_PORT/ws."""
    app = create_app(settings.replace(HOST="0.0.0.0"), bus=bus)
    lan = f"{LAN}:{settings.FLASK_PORT}"
    config = app.test_client().get("/api/config", headers={"Host": lan}).get_json()
    assert config["ws_url"] == f"ws://{LAN}:{settings.WS_PORT}/ws"
    assert config["api_url"] == f"http://{lan}"
    v6 = app.test_client().get("/api/config", headers={"Host": f"[fe80::1]:{settings.FLASK_PORT}"}).get_json()
    assert v6["ws_url"] == f"ws://[fe80::1]:{settings.WS_PORT}/ws"
    close_app(app)


def test_loopback_and_public_ws_url_are_unchanged(settings: Settings, bus: MemoryBus) -> None:
    """A specific HOST keeps ws://HOST:WS_PORT/ws; PUBLIC_WS_URL always wins."""
    app = create_app(settings, bus=bus)
    assert app.test_client().get("/api/config").get_json()["ws_url"] == f"ws://127.0.0.1:{settings.WS_PORT}/ws"
    close_app(app)
    app = create_app(settings.replace(HOST="0.0.0.0", PUBLIC_WS_URL="wss://data.example/ws"), bus=bus)
    config = app.test_client().get("/api/config", headers={"Host": f"{LAN}:{settings.FLASK_PORT}"}).get_json()
    assert config["ws_url"] == "wss://data.example/ws"
    close_app(app)


@pytest.fixture
def lan_server(settings: Settings) -> Iterator[WsServer]:
    """Settings say HOST=0.0.0.0, but this test server listens on 127.0.0.1 only."""
    server = RealtimeServer(settings.replace(HOST="0.0.0.0", METRICS_INTERVAL=3600.0), host="127.0.0.1", port=0)
    loop = asyncio.new_event_loop()
    stop: asyncio.Future[None] = loop.create_future()
    bound = threading.Event()
    thread = threading.Thread(
        target=lambda: loop.run_until_complete(server.run(stop, lambda _port: bound.set())), daemon=True
    )
    thread.start()
    assert bound.wait(10)
    yield WsServer(int(server.bound_port or 0), None)  # type: ignore[arg-type]
    loop.call_soon_threadsafe(lambda: stop.done() or stop.set_result(None))
    thread.join(10)
    loop.close()


@pytest.mark.sqlite_pass  # the WebSocket server alone, in local mode: no database
@pytest.mark.parametrize(
    "ws_host,origin,status",
    [
        (f"{LAN}:{{ws}}", f"http://{LAN}:{{api}}", 101),  # the UI page on the LAN address: accepted
        ("[fe80::1]:{ws}", "http://[fe80::1]:{api}", 101),
        (f"{LAN}:{{ws}}", "http://10.0.0.9:{api}", 403),  # another machine's page
        (f"{LAN}:{{ws}}", f"http://{LAN}:9999", 403),  # another port: not our API
        ("evil.example:{ws}", "http://evil.example:{api}", 403),  # a re-bindable name
        (f"{LAN}:{{ws}}", "null", 403),
    ],
)
def test_lan_page_origin_passes_the_handshake(
    lan_server: WsServer, settings: Settings, ws_host: str, origin: str, status: int
) -> None:
    """The page's own origin is accepted when it is the API's public address on that name."""
    fill: dict[str, Any] = {"ws": lan_server.port, "api": settings.FLASK_PORT}
    assert handshake(lan_server.port, ws_host.format(**fill), origin.format(**fill)) == status


@pytest.mark.sqlite_pass  # the WebSocket server alone, in local mode: no database
def test_loopback_server_still_refuses_lan_origins(ws_server: WsServer, settings: Settings) -> None:
    """HOST=127.0.0.1 (the default): only the API's own loopback address and CORS_ORIGINS."""
    lan = f"http://{LAN}:{settings.FLASK_PORT}"
    assert handshake(ws_server.port, f"{LAN}:{ws_server.port}", lan) == 403
    own = f"http://127.0.0.1:{settings.FLASK_PORT}"
    assert handshake(ws_server.port, f"127.0.0.1:{ws_server.port}", own) == 101


@pytest.mark.sqlite_pass  # the WebSocket server alone, in local mode: no database
def test_foreign_handshakes_in_bulk_under_the_health_sampler(lan_server: WsServer, settings: Settings) -> None:
    """HOST=0.0.0.0 and 3 clients sending handshakes from other machines' pages and
    rebindable names for 1 s (at most 500 each): each refused, the server's /health in
    time and this process's memory bounded all along (tests/attack.py), and the LAN
    page's own handshake accepted after."""
    api, ws = settings.FLASK_PORT, lan_server.port
    foreign = [(f"{LAN}:{ws}", f"http://10.0.0.9:{api}"), (f"evil.example:{ws}", f"http://evil.example:{api}")]

    def client(_: int) -> list[int]:
        statuses: list[int] = []
        ends = time.monotonic() + 1.0  # the attack's length: long enough for the sampler to see it
        while time.monotonic() < ends and len(statuses) < 500:
            statuses.append(handshake(ws, *foreign[len(statuses) % 2]))
        return statuses

    def attack() -> list[list[int]]:
        results: list[list[int]] = [[] for _ in range(3)]
        threads = [threading.Thread(target=lambda i=i: results[i].extend(client(i)), daemon=True) for i in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        return results

    sampler = HealthSampler(http_probe(f"http://127.0.0.1:{ws}/health"), memory=tree_rss(os.getpid()))
    results = under_attack(attack, sampler)
    assert all(statuses and set(statuses) == {403} for statuses in results), results
    assert handshake(ws, f"{LAN}:{ws}", f"http://{LAN}:{api}") == 101  # usable at once
