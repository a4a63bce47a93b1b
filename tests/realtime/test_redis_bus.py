"""The Redis transport: two publishers, two WebSocket server processes, one ordered stream."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
import uuid

import pytest
import redis
from websockets.asyncio.client import connect

from datapulse.bus import make_bus
from datapulse.bus.redis_stream import RedisBus, stream_keys
from datapulse.settings import Settings
from tests.realtime.conftest import barrier, recv_events, recv_json
from tests.realtime.test_api_wiring import wait_redis_feed

# The WebSocket server in local mode never opens the database (only users mode reads
# accounts): the PostgreSQL pass would only run these again.
pytestmark = pytest.mark.sqlite_pass


@pytest.fixture
def redis_settings(settings: Settings, redis_url: str):  # type: ignore[no-untyped-def]
    """A secret of its own, hence a stream of its own; the keys are removed afterwards."""
    unique = settings.replace(REDIS_URL=redis_url, SECRET_KEY=f"redis-test-{uuid.uuid4().hex}")
    yield unique
    client = redis.Redis.from_url(redis_url)
    client.delete(*stream_keys(unique.SECRET_KEY))
    client.close()


def test_make_bus_picks_redis(redis_settings: Settings) -> None:
    """With REDIS_URL set, make_bus returns the Redis transport."""
    bus = make_bus(redis_settings)
    assert isinstance(bus, RedisBus) and bus.stats()["transport"] == "redis"


def test_two_servers_agree_on_seq_and_resume_works_on_either(redis_settings: Settings, start_ws_server) -> None:  # type: ignore[no-untyped-def]
    """Events from two publishers reach clients of two servers in one order with the same seq; resume
    on the other server replays what was missed."""
    env = {"REDIS_URL": redis_settings.REDIS_URL, "SECRET_KEY": redis_settings.SECRET_KEY, "METRICS_INTERVAL": "3600"}
    one, two = start_ws_server(**env), start_ws_server(**env)
    wait_redis_feed(one)
    wait_redis_feed(two)
    pub_a = RedisBus(redis_settings.REDIS_URL, redis_settings.SECRET_KEY)
    pub_b = RedisBus(redis_settings.REDIS_URL, redis_settings.SECRET_KEY)

    async def main() -> None:
        async with connect(one.url) as c1, connect(two.url) as c2:
            await recv_json(c1)
            await recv_json(c2)
            for i in range(50):
                (pub_a if i % 2 else pub_b).publish("data_update", "data", {"n": i, "by": "a" if i % 2 else "b"})
            got1, got2 = await recv_events(c1, 50), await recv_events(c2, 50)
            assert [(m["seq"], m["data"]) for m in got1] == [(m["seq"], m["data"]) for m in got2]
            assert [m["seq"] for m in got1] == list(range(got1[0]["seq"], got1[0]["seq"] + 50))
            # one publisher's events keep their order; the two publishers' events interleave
            assert [m["data"]["n"] for m in got1 if m["data"]["by"] == "a"] == list(range(1, 50, 2))
            last_seen = got1[9]["seq"]  # a client of server one that saw 10 events, then dropped
            missed = [m["data"]["n"] for m in got1[10:]]
        pub_a.publish("file_update", "files", {"n": 50, "by": "a"})
        deadline = asyncio.get_running_loop().time() + 10
        while two.health()["seq"] != got1[-1]["seq"] + 1:  # let server two read it before we connect
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.02)
        async with connect(two.url) as c3:
            await recv_json(c3)
            await c3.send(json.dumps({"type": "resume", "after_seq": last_seen}))
            replay = await barrier(c3)
            assert replay[-1]["type"] == "resumed" and replay[-1]["data"]["missed"] is False
            numbers = [m["data"]["n"] for m in replay[:-1]]
            assert numbers == missed + [50]  # the stream's order, which both servers share
            assert [m["seq"] for m in replay[:-1]] == list(range(last_seen + 1, last_seen + 42))

    try:
        asyncio.run(main())
    finally:
        pub_a.close()
        pub_b.close()
    assert pub_a.stats()["dropped"] == pub_b.stats()["dropped"] == 0


def test_a_new_server_refills_its_replay_buffer_from_the_stream(redis_settings: Settings, start_ws_server) -> None:  # type: ignore[no-untyped-def]
    """A server started after the events were published can still replay them with their seq."""
    bus = RedisBus(redis_settings.REDIS_URL, redis_settings.SECRET_KEY)
    for i in range(5):
        bus.publish("agent_update", "agents", {"n": i})
    bus.close()
    assert bus.stats()["published"] == 5
    server = start_ws_server(
        REDIS_URL=redis_settings.REDIS_URL, SECRET_KEY=redis_settings.SECRET_KEY, METRICS_INTERVAL="3600"
    )
    wait_redis_feed(server)

    async def main() -> None:
        async with connect(server.url) as ws:
            welcome = await recv_json(ws)
            assert welcome["data"]["seq"] == 5
            await ws.send(json.dumps({"type": "resume", "after_seq": 0}))
            replay = await barrier(ws)
            assert [m["seq"] for m in replay[:-1]] == [1, 2, 3, 4, 5]
            assert [m["data"]["n"] for m in replay[:-1]] == [0, 1, 2, 3, 4]

    asyncio.run(main())


def test_redis_down_publish_drops_and_counts(settings: Settings) -> None:
    """With Redis unreachable, publish neither blocks nor raises; events are counted as dropped."""
    bus = RedisBus("redis://127.0.0.1:1/0", settings.secret_key)
    bus.retry_s = 0.05
    for i in range(10):
        bus.publish("activity", "activity", {"n": i})
    bus.close(timeout=10)
    stats = bus.stats()
    assert stats["dropped"] == 10 and stats["published"] == 0 and stats["connected"] is False
    assert stats["last_error"] and not bus.ping()


def test_redis_server_health_degraded_without_redis(settings: Settings, start_ws_server) -> None:  # type: ignore[no-untyped-def]
    """A WebSocket server whose Redis is down still answers /health, as degraded, and keeps clients."""
    server = start_ws_server(REDIS_URL="redis://127.0.0.1:1/0", METRICS_INTERVAL="3600")
    health = server.health()
    assert health["status"] == "degraded" and health["redis"]["connected"] is False
    with pytest.raises(urllib.error.HTTPError) as caught:  # publishing goes through Redis, not /publish
        urllib.request.urlopen(f"http://127.0.0.1:{server.port}/publish", timeout=5)
    assert caught.value.code == 404
    caught.value.close()

    async def main() -> None:
        async with connect(server.url) as ws:
            assert (await recv_json(ws))["type"] == "welcome"

    asyncio.run(main())


def test_metrics_go_through_the_stream_from_one_server_per_machine(redis_settings: Settings, start_ws_server) -> None:  # type: ignore[no-untyped-def]
    """With Redis, one server per machine (a lease) publishes system metrics; both servers relay them
    with the same seq."""
    env = {"REDIS_URL": redis_settings.REDIS_URL, "SECRET_KEY": redis_settings.SECRET_KEY, "METRICS_INTERVAL": "0.2"}
    one, two = start_ws_server(**env), start_ws_server(**env)
    wait_redis_feed(one)
    wait_redis_feed(two)

    async def main() -> None:
        async with connect(one.url) as c1, connect(two.url) as c2:
            await recv_json(c1)
            await recv_json(c2)
            got1 = await recv_events(c1, 6, "system_metrics")
            first = got1[0]["seq"]
            got2 = [m for m in await recv_events(c2, 12, "system_metrics") if m["seq"] >= first]
            assert [m["seq"] for m in got1] == [m["seq"] for m in got2][: len(got1)]
            publishers = {m["data"]["server_id"] for m in got1}
            assert len(publishers) == 1 and publishers <= {one.health()["server_id"], two.health()["server_id"]}

    asyncio.run(main())
