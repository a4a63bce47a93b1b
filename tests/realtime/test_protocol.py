"""The client protocol of SPEC 6 against a real server process and real clients."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from datapulse.bus.local import LocalBus
from datapulse.events import TOPICS
from datapulse.settings import Settings
from tests.realtime.conftest import ROOT, WsServer, barrier, recv_events, recv_json, settings_env

# The WebSocket server in local mode never opens the database (only users mode reads
# accounts): the PostgreSQL pass would only run these again.
pytestmark = pytest.mark.sqlite_pass


def publish_and_flush(bus: LocalBus, events: list[tuple[str, str, dict]]) -> None:
    for type_, topic, data in events:
        bus.publish(type_, topic, data)
    bus.close(timeout=30)


def test_welcome_and_envelope(ws_server: WsServer, settings: Settings) -> None:
    """A new client gets `welcome` with its id, the heartbeat and the latest seq; events carry the envelope."""

    async def main() -> None:
        async with connect(ws_server.url) as ws:
            welcome = await recv_json(ws)
            assert welcome["type"] == "welcome"
            assert set(welcome) == {"type", "topic", "seq", "ts", "data"}
            assert welcome["data"]["heartbeat_interval"] == settings.HEARTBEAT_INTERVAL
            assert welcome["data"]["seq"] == welcome["seq"] == 0
            assert sorted(welcome["data"]["topics"]) == sorted(TOPICS)
            assert len(welcome["data"]["client_id"]) >= 8
            bus = ws_server.publisher(settings.secret_key)
            publish_and_flush(bus, [("file_update", "files", {"action": "created", "file": {"id": "f1"}})] * 2)
            first, second = await recv_events(ws, 2)
            assert first["type"] == "file_update" and first["topic"] == "files"
            assert (first["seq"], second["seq"]) == (1, 2)
            assert first["ts"].endswith("Z") and "T" in first["ts"]
            assert first["data"] == {"action": "created", "file": {"id": "f1"}}
        async with connect(ws_server.url) as ws:
            assert (await recv_json(ws))["data"]["seq"] == 2

    asyncio.run(main())


def test_subscribe_and_unsubscribe_filter_topics(ws_server: WsServer, settings: Settings) -> None:
    """unsubscribe removes topics, subscribe adds them back; only subscribed topics arrive."""

    async def main() -> None:
        async with connect(ws_server.url) as ws:
            await recv_json(ws)
            await ws.send(json.dumps({"type": "unsubscribe", "topics": list(TOPICS)}))
            await ws.send(json.dumps({"type": "subscribe", "topics": ["notifications"]}))
            assert await barrier(ws) == []
            bus = ws_server.publisher(settings.secret_key)
            publish_and_flush(
                bus,
                [
                    ("file_update", "files", {"n": 1}),
                    ("notification", "notifications", {"n": 2}),
                    ("agent_update", "agents", {"n": 3}),
                    ("notification", "notifications", {"n": 4}),
                ],
            )
            got = await recv_events(ws, 2)
            assert [m["data"]["n"] for m in got] == [2, 4]
            assert [m["seq"] for m in got] == [2, 4]  # seq is global: it counts the events this client skipped
            assert await barrier(ws) == []

    asyncio.run(main())


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("{not json", "invalid_json"),
        (b"\xff\xfe", "invalid_json"),
        ("[1, 2]", "invalid_message"),
        ('{"type": "dance"}', "unknown_type"),
        ('{"type": "subscribe", "topics": "files"}', "invalid_message"),
        ('{"type": "subscribe", "topics": ["files", "weather"]}', "unknown_topic"),
        ('{"type": "resume", "after_seq": -1}', "invalid_message"),
        ('{"type": "resume", "after_seq": "7"}', "invalid_message"),
    ],
)
def test_bad_input_gets_error_and_connection_stays_open(
    shared_ws_server: WsServer, frame: str | bytes, code: str
) -> None:
    """Bad JSON, unknown types and bad fields get an `error` message; the connection stays usable."""

    async def main() -> None:
        async with connect(shared_ws_server.url) as ws:
            await recv_json(ws)
            await ws.send(frame)
            message = await recv_json(ws)
            assert message["type"] == "error"
            assert message["data"]["code"] == code
            assert message["data"]["message"]
            await ws.send(json.dumps({"type": "ping", "data": {"n": 7}}))
            pong = await recv_json(ws)
            assert pong["type"] == "pong" and pong["data"] == {"n": 7}

    asyncio.run(main())


def test_oversized_frame_closes_with_1009(ws_server: WsServer, settings: Settings) -> None:
    """A frame over WS_MAX_MESSAGE_KB closes the connection with code 1009; smaller ones do not."""

    async def main() -> None:
        async with connect(ws_server.url, max_size=None) as ws:
            await recv_json(ws)
            await ws.send(json.dumps({"type": "ping", "data": {"pad": "x" * (settings.ws_max_message_bytes - 100)}}))
            assert (await recv_json(ws))["type"] == "pong"
            await ws.send("x" * (settings.ws_max_message_bytes + 1))
            with pytest.raises(ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 10)
            assert ws.close_code == 1009

    asyncio.run(main())


def test_origin_allow_list(ws_server: WsServer, settings: Settings) -> None:
    """A foreign browser Origin gets 403 at the handshake; the API's own origin and no Origin are allowed."""

    async def main() -> None:
        with pytest.raises(InvalidStatus) as caught:
            async with connect(ws_server.url, origin="http://evil.example"):
                pass
        assert caught.value.response.status_code == 403
        async with connect(ws_server.url, origin=settings.api_origin) as ws:
            assert (await recv_json(ws))["type"] == "welcome"
        async with connect(ws_server.url) as ws:  # scripts send no Origin
            assert (await recv_json(ws))["type"] == "welcome"

    asyncio.run(main())


def test_cors_origins_are_allowed_too(start_ws_server, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    """An origin listed in CORS_ORIGINS passes the handshake."""
    server = start_ws_server(CORS_ORIGINS="http://ui.example:5173")

    async def main() -> None:
        async with connect(server.url, origin="http://ui.example:5173") as ws:
            assert (await recv_json(ws))["type"] == "welcome"

    asyncio.run(main())


def test_health_and_unknown_paths(shared_ws_server: WsServer) -> None:
    """GET /health answers JSON on the WebSocket port; other paths are 404."""
    started = time.monotonic()
    ws_server = shared_ws_server
    with urllib.request.urlopen(f"http://127.0.0.1:{ws_server.port}/health", timeout=5) as response:
        assert response.headers["Content-Type"] == "application/json"
        body = json.loads(response.read())
    assert time.monotonic() - started < 5
    assert body["status"] == "healthy" and body["transport"] == "local"
    assert body["connections"] == 0 and body["seq"] == 0 and body["dropped_slow"] == 0
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(f"http://127.0.0.1:{ws_server.port}/elsewhere", timeout=5)
    assert caught.value.code == 404
    caught.value.close()


def test_sigterm_stops_cleanly(start_ws_server) -> None:  # type: ignore[no-untyped-def]
    """SIGTERM closes the clients (1001 going away) and the process exits 0."""
    server = start_ws_server()

    async def main() -> None:
        async with connect(server.url) as ws:
            await recv_json(ws)
            server.proc.send_signal(signal.SIGTERM)
            with pytest.raises(ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 10)
            assert ws.close_code == 1001

    asyncio.run(main())
    assert server.proc.wait(10) == 0


def test_compression_only_when_enabled(shared_ws_server: WsServer, start_ws_server) -> None:  # type: ignore[no-untyped-def]
    """permessage-deflate is off by default and negotiated when WS_COMPRESSION is on."""
    compressed = start_ws_server(
        WS_COMPRESSION="true", METRICS_INTERVAL="3600", SECRET_KEY="shared-test-secret-0123456789"
    )

    async def extensions(url: str) -> str | None:
        async with connect(url) as ws:  # the client offers deflate by default
            await recv_json(ws)
            LocalBus(url.replace("/ws", "/publish"), "shared-test-secret-0123456789", open_timeout=30).publish(
                "activity", "activity", {"pad": "z" * 300}
            )
            (event,) = await recv_events(ws, 1)  # a compressed connection gets events as well
            assert event["data"]["pad"] == "z" * 300
            return ws.response.headers.get("Sec-WebSocket-Extensions")

    assert asyncio.run(extensions(shared_ws_server.url)) is None
    assert "permessage-deflate" in (asyncio.run(extensions(compressed.url)) or "")


def run_cli(settings: Settings, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "websocket_server.py"), *args],
        cwd=ROOT,
        env=settings_env(settings, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_bad_configuration_exits_2_naming_the_setting(settings: Settings) -> None:
    """An invalid setting stops the server before it starts, with exit code 2 and the setting's name."""
    result = run_cli(settings, METRICS_INTERVAL="soon")
    assert result.returncode == 2 and "METRICS_INTERVAL" in result.stderr
    result = run_cli(settings, WS_MAX_MESSAGE_KB="0")
    assert result.returncode == 2 and "WS_MAX_MESSAGE_KB" in result.stderr


def test_port_in_use_exits_1_with_a_message(settings: Settings) -> None:
    """A taken port ends the server with exit code 1 and a clear message, not a traceback."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(settings, "--host", "127.0.0.1", "--port", str(port))
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr


def test_dead_peer_is_dropped_by_protocol_pings(start_ws_server) -> None:  # type: ignore[no-untyped-def]
    """A peer that never answers pings is closed after HEARTBEAT_INTERVAL plus the ping timeout."""
    server = start_ws_server(HEARTBEAT_INTERVAL="1", METRICS_INTERVAL="3600")
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as peer:
        peer.sendall(
            b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        assert peer.recv(4096).startswith(b"HTTP/1.1 101")
        assert server.health()["connections"] == 1
        deadline = time.monotonic() + 15
        while server.health()["connections"]:  # we never answer the pings
            assert time.monotonic() < deadline, "the dead peer was never dropped"
            time.sleep(0.2)
