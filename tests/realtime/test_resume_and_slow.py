"""Resume after a disconnect, and slow clients that never read."""

from __future__ import annotations

import asyncio
import json
import socket
import time

import psutil
import pytest
from websockets.asyncio.client import connect

from datapulse.settings import Settings
from tests.realtime.conftest import WsServer, barrier, recv_events, recv_json, recv_until

# The WebSocket server in local mode never opens the database (only users mode reads
# accounts): the PostgreSQL pass would only run these again.
pytestmark = pytest.mark.sqlite_pass


def publish(server: WsServer, settings: Settings, events: list[tuple[str, str, dict]]) -> None:
    bus = server.publisher(settings.secret_key)
    for type_, topic, data in events:
        bus.publish(type_, topic, data)
    bus.close(timeout=30)
    assert bus.stats()["published"] == len(events)


def test_resume_replays_exactly_what_was_missed(ws_server: WsServer, settings: Settings) -> None:
    """After a reconnect, resume replays the missed events in order, none twice, then `resumed`."""

    async def main() -> None:
        async with connect(ws_server.url) as ws:
            await recv_json(ws)
            publish(ws_server, settings, [("file_update", "files", {"n": i}) for i in range(3)])
            seen = await recv_events(ws, 3)
        last = seen[-1]["seq"]
        publish(ws_server, settings, [("file_update", "files", {"n": i}) for i in range(3, 8)])
        async with connect(ws_server.url) as ws:
            welcome = await recv_json(ws)
            assert welcome["data"]["seq"] == 8
            publish(ws_server, settings, [("file_update", "files", {"n": 8})])  # live, after the reconnect
            await ws.send(json.dumps({"type": "resume", "after_seq": last}))
            got = []
            while True:
                message = await recv_json(ws)
                if message["type"] == "resumed":
                    break
                got.append(message)
            assert message["data"]["missed"] is False and message["data"]["replayed"] == 5
            everything = got + await barrier(ws)
        numbers = [m["data"]["n"] for m in everything]
        assert sorted(numbers) == list(range(3, 9))  # exactly the missed ones and the live one
        assert len(set(m["seq"] for m in everything)) == len(everything)  # none twice
        replayed = [m for m in got if m["seq"] <= 8]
        assert [m["seq"] for m in replayed] == [4, 5, 6, 7, 8]

    asyncio.run(main())


def test_resume_only_replays_current_topics(ws_server: WsServer, settings: Settings) -> None:
    """Replay covers the connection's current topics only."""

    async def main() -> None:
        publish(ws_server, settings, [("file_update", "files", {}), ("notification", "notifications", {})] * 2)
        async with connect(ws_server.url) as ws:
            await recv_json(ws)
            await ws.send(json.dumps({"type": "unsubscribe", "topics": ["files"]}))
            await ws.send(json.dumps({"type": "resume", "after_seq": 0}))
            replayed = await barrier(ws)
        assert [m["type"] for m in replayed] == ["notification", "notification", "resumed"]
        assert [m["seq"] for m in replayed[:2]] == [2, 4]

    asyncio.run(main())


def test_resume_reports_missed_when_buffer_is_too_short(start_ws_server, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    """With WS_REPLAY_BUFFER=10, resuming from 20 events back replays the last 10 and says missed."""
    server = start_ws_server(WS_REPLAY_BUFFER="10", METRICS_INTERVAL="3600")

    async def main() -> None:
        publish(server, settings, [("activity", "activity", {"n": i}) for i in range(1, 21)])
        async with connect(server.url) as ws:
            await recv_json(ws)
            await ws.send(json.dumps({"type": "resume", "after_seq": 0}))
            got = await barrier(ws)
            resumed = got[-1]
            assert resumed["type"] == "resumed" and resumed["data"]["missed"] is True
            assert [m["seq"] for m in got[:-1]] == list(range(11, 21))
            await ws.send(json.dumps({"type": "resume", "after_seq": 10}))
            again = await barrier(ws)
            assert again[-1]["data"]["missed"] is False and len(again) == 11
            await ws.send(json.dumps({"type": "resume", "after_seq": 999}))  # beyond our seq: a reset
            assert (await recv_until(ws, "resumed"))["data"]["missed"] is True

    asyncio.run(main())


def test_slow_client_is_dropped_and_does_not_delay_others(start_ws_server, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    """A client that never reads is dropped once its queue is full; a normal client gets every event promptly."""
    server = start_ws_server(WS_CLIENT_QUEUE="64", METRICS_INTERVAL="3600")
    per_burst, pad = 50, "x" * 8000

    async def main() -> None:
        # A small receive buffer and max_queue=1: the client stops reading at once, like a stuck tab.
        sock = socket.create_connection(("127.0.0.1", server.port))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        async with connect(server.url, max_queue=1, sock=sock) as slow, connect(server.url, max_size=None) as fast:
            await recv_json(fast)
            bus = server.publisher(settings.secret_key)
            got: list[dict] = []
            slowest, bursts, after_drop = 0.0, 0, 0
            while after_drop < 3:  # go on a little after the drop: the others are unaffected
                assert bursts < 100, "the slow client was never dropped"
                started = time.monotonic()
                for i in range(per_burst):
                    bus.publish("activity", "activity", {"n": bursts * per_burst + i, "pad": pad})
                got += await recv_events(fast, per_burst)
                slowest = max(slowest, time.monotonic() - started)
                bursts += 1
                after_drop += server.health()["dropped_slow"]
            bus.close(timeout=30)
            assert [m["data"]["n"] for m in got] == list(range(bursts * per_burst))
            health = server.health()
            assert health["dropped_slow"] == 1 and health["connections"] == 1
            # The server sent 1013 behind the backlog, then let go of the socket: its buffers are freed.
            slow_port = sock.getsockname()[1]
            deadline = time.monotonic() + 10
            while slow_port in {c.raddr.port for c in psutil.Process(server.proc.pid).net_connections() if c.raddr}:
                assert time.monotonic() < deadline, "the server still holds the slow client's socket"
                await asyncio.sleep(0.1)
            slow.transport.abort()  # the test's own end: no closing handshake with a client that never reads
            print(f"slowest burst of {per_burst} x 8 KB events reached the normal client in {slowest * 1000:.0f} ms")

    asyncio.run(main())
