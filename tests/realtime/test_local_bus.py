"""The local transport: authenticated, fire-and-forget, counting what it drops."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from datapulse.bus import make_bus
from datapulse.bus.auth import publish_token
from datapulse.bus.local import LocalBus
from datapulse.settings import Settings
from tests.conftest import free_port
from tests.realtime.conftest import ROOT, WsServer, recv_events, recv_json, run_ws_server

# The WebSocket server in local mode never opens the database (only users mode reads
# accounts): the PostgreSQL pass would only run these again.
pytestmark = pytest.mark.sqlite_pass


def wait_for(predicate, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_make_bus_defaults_to_the_local_server(settings: Settings) -> None:
    """Without REDIS_URL, make_bus sends to ws://HOST:WS_PORT/publish."""
    bus = make_bus(settings)
    assert isinstance(bus, LocalBus)
    assert bus.url == f"ws://127.0.0.1:{settings.WS_PORT}/publish"
    assert bus.stats() == {
        "transport": "local",
        "published": 0,
        "dropped": 0,
        "queued": 0,
        "connected": False,
        "last_error": None,
        "url": bus.url,
    }


def test_publish_needs_the_token(ws_server: WsServer, settings: Settings) -> None:
    """`/publish` refuses a missing or wrong token with 403; a publisher with a wrong key publishes nothing."""

    async def main() -> None:
        for headers in ({}, {"Authorization": "Bearer " + publish_token("another-secret-key-123")}):
            with pytest.raises(InvalidStatus) as caught:
                async with connect(ws_server.publish_url, additional_headers=headers):
                    pass
            assert caught.value.response.status_code == 403
        intruder = LocalBus(ws_server.publish_url, "another-secret-key-123", retry_s=0.05)
        intruder.publish("notification", "notifications", {"fake": True})
        intruder.close()
        assert intruder.stats()["dropped"] == 1 and intruder.stats()["published"] == 0
        assert "403" in (intruder.stats()["last_error"] or "")
        assert ws_server.health()["seq"] == 0

    asyncio.run(main())


def test_server_down_drops_and_counts_without_blocking(settings: Settings) -> None:
    """With no server, publish returns at once and never raises; events are counted as dropped."""
    bus = LocalBus(f"ws://127.0.0.1:{free_port()}/publish", settings.secret_key, retry_s=0.05)
    connecting, answer, waited_out = threading.Event(), threading.Event(), []
    refuse = bus._connect

    def slow_network() -> None:  # the connection attempt hangs until every publish has returned
        connecting.set()
        if not answer.wait(10):
            waited_out.append(True)
        refuse()

    bus._connect = slow_network  # type: ignore[method-assign]
    bus.publish("notification", "notifications", {"n": 0})
    assert connecting.wait(10)
    for i in range(1, 1000):
        bus.publish("notification", "notifications", {"n": i})
    answer.set()
    assert not waited_out  # 1000 publishes returned while the network hung: never a network wait
    assert wait_for(lambda: bus.stats()["dropped"] == 1000)
    stats = bus.stats()
    assert stats["published"] == 0 and stats["connected"] is False and stats["last_error"]
    bus.close()


def test_unserialisable_data_and_closed_bus_are_counted(settings: Settings) -> None:
    """Data that cannot become JSON, or a publish after close, is dropped and counted, not raised."""
    bus = LocalBus(f"ws://127.0.0.1:{free_port()}/publish", settings.secret_key)
    bus.publish("notification", "notifications", {"bad": float("nan")})  # NaN is still JSON-encodable by default
    bus.publish("notification", "notifications", {1j: "complex key"})  # type: ignore[dict-item]
    bus.close()
    bus.publish("notification", "notifications", {})
    assert bus.stats()["dropped"] >= 2


def test_full_queue_drops(settings: Settings) -> None:
    """A publisher whose queue is full drops the surplus instead of waiting."""
    bus = LocalBus(f"ws://127.0.0.1:{free_port()}/publish", settings.secret_key, queue_size=5)
    bus._ensure_thread = lambda: None  # type: ignore[method-assign]  # nobody drains: the queue fills
    for i in range(8):
        bus.publish("activity", "activity", {"n": i})
    assert bus.stats()["dropped"] == 3 and bus.stats()["queued"] == 5


def test_reconnects_when_the_server_comes_back(settings: Settings) -> None:
    """Events published while the server is down are dropped; once it is up they flow again."""
    port = free_port()
    bus = LocalBus(f"ws://127.0.0.1:{port}/publish", settings.secret_key, retry_s=0.1)
    bus.publish("activity", "activity", {"n": 0})
    assert wait_for(lambda: bus.stats()["dropped"] == 1)
    with run_ws_server(settings, port=port, METRICS_INTERVAL="3600") as server:

        async def main() -> None:
            async with connect(server.url) as ws:
                await recv_json(ws)
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and not bus.stats()["connected"]:
                    bus.publish("activity", "activity", {"n": "probe"})
                    await asyncio.sleep(0.15)
                assert bus.stats()["connected"]
                bus.publish("activity", "activity", {"n": 1})
                while (await recv_events(ws, 1))[0]["data"] != {"n": 1}:
                    pass  # probes sent while reconnecting may arrive first

        asyncio.run(main())
    # The server is gone now: what follows is dropped and counted, never raised.
    dropped = bus.stats()["dropped"]
    for _ in range(20):
        bus.publish("activity", "activity", {"n": "after"})
        time.sleep(0.01)
    assert wait_for(lambda: bus.stats()["dropped"] >= dropped + 10)
    assert bus.stats()["connected"] is False
    bus.close()


def test_first_event_after_a_server_restart_is_not_lost(settings: Settings) -> None:
    """A connection that died with the server is replaced on the next send, which is delivered."""
    port = free_port()
    bus = LocalBus(f"ws://127.0.0.1:{port}/publish", settings.secret_key, retry_s=0.1)

    async def deliver(server: WsServer, payload: dict[str, object]) -> None:
        async with connect(server.url) as ws:
            await recv_json(ws)  # welcome
            bus.publish("activity", "activity", payload)
            events = await asyncio.wait_for(recv_events(ws, 1), timeout=10)
            assert events[0]["data"] == payload

    with run_ws_server(settings, port=port, METRICS_INTERVAL="3600") as server:
        asyncio.run(deliver(server, {"n": "before"}))
        assert bus.stats()["connected"]
    with run_ws_server(settings, port=port, METRICS_INTERVAL="3600") as server:
        asyncio.run(deliver(server, {"n": "first after restart"}))
    assert bus.stats()["dropped"] == 0
    bus.close()


def test_garbage_from_a_publisher_is_rejected_and_counted(ws_server: WsServer, settings: Settings) -> None:
    """An authenticated publisher's malformed frames are counted as rejected; clients see nothing."""

    async def main() -> None:
        async with connect(ws_server.url) as client:
            await recv_json(client)
            headers = {"Authorization": "Bearer " + publish_token(settings.secret_key)}
            async with connect(ws_server.publish_url, additional_headers=headers) as publisher:
                await publisher.send("{nope")
                await publisher.send(json.dumps([{"topic": "nowhere", "type": "x", "data": {}}, 5]))
                await publisher.send(json.dumps({"topic": "files", "type": "file_update", "data": {"ok": 1}}))
                (event,) = await recv_events(client, 1)
                assert event["data"] == {"ok": 1} and event["seq"] == 1
            health = ws_server.health()
            assert health["rejected"] == 3 and health["received"] == 1

    asyncio.run(main())


GEVENT_PUBLISHER = """
from gevent import monkey
monkey.patch_all()
import sys, time
from datapulse.bus.local import LocalBus
bus = LocalBus(sys.argv[1], sys.argv[2])
for i in range(200):
    bus.publish("notification", "notifications", {"n": i, "gevent": True})
bus.close(timeout=10)
stats = bus.stats()
print(stats["published"], stats["dropped"])
sys.exit(0 if stats["published"] == 200 else 1)
"""


def test_sender_works_under_gevent_monkey_patching(ws_server: WsServer, settings: Settings) -> None:
    """A gevent-patched process (gunicorn -k gevent) publishes through the local bus."""

    async def main() -> None:
        async with connect(ws_server.url) as ws:
            await recv_json(ws)
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                textwrap.dedent(GEVENT_PUBLISHER),
                ws_server.publish_url,
                settings.secret_key,
                cwd=ROOT,
                stdout=subprocess.PIPE,
            )
            events = await recv_events(ws, 200)
            out, _ = await asyncio.wait_for(proc.communicate(), 30)
            assert proc.returncode == 0, out
            assert out.split() == [b"200", b"0"]
            assert [e["data"]["n"] for e in events] == list(range(200))

    asyncio.run(main())
