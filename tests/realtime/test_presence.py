"""`user_status` over several WebSocket servers sharing Redis (SPEC 11): a user is online
while any server holds a connection of theirs, announced once, whichever servers they use;
a crashed server's users go offline after WS_PRESENCE_TTL_S."""

from __future__ import annotations

import asyncio
import json
import signal
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import redis
from websockets.asyncio.client import ClientConnection, connect

from datapulse.bus.auth import redis_namespace
from datapulse.realtime.presence import SharedPresence
from datapulse.settings import Settings
from tests.conftest import migrated
from tests.realtime.conftest import WsServer, close_app, recv_json, recv_until
from tests.realtime.test_api_wiring import wait_redis_feed

PASSWORD = "correct horse battery"


def forget_keys(url: str, secret_key: str) -> None:
    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"{redis_namespace(secret_key)}:*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.fixture
def unique_secret(redis_url: str) -> Iterator[str]:
    """A secret of its own, hence Redis keys of its own; removed afterwards."""
    secret = f"presence-test-{uuid.uuid4().hex}"
    yield secret
    forget_keys(redis_url, secret)


def test_shared_presence_on_an_injected_clock(redis_url: str, unique_secret: str) -> None:
    """Two servers' presence on one Redis: the first join anywhere is news, so is the last
    leave; a server that stops renewing (crashed) loses its users after the ttl, announced
    by exactly one sweep."""
    now = [1000.0]
    one = SharedPresence(redis_url, unique_secret, "one", ttl_s=30, clock=lambda: now[0])
    two = SharedPresence(redis_url, unique_secret, "two", ttl_s=30, clock=lambda: now[0])

    async def main() -> None:
        try:
            assert await one.joined(7, "Bob") is True  # online
            assert await one.joined(7, "Bob") is False  # a second tab
            assert await two.joined(7, "Bob") is False  # on another server
            assert await one.left(7) is False and await one.left(7) is False  # still on two
            assert await two.left(7) is True  # offline

            assert await one.joined(8, "Ann") is True
            assert await two.joined(9, "Cy") is True
            now[0] += 20
            assert await two.renew() == []  # two's entries renewed; one (crashed) renews nothing
            assert await two.sweep() == []  # one's entry of Ann still live
            now[0] += 15  # one's entry expired (1000 + 30 < 1035), two's not (1020 + 30)
            assert await two.sweep() == [(8, "Ann")]
            assert await one.sweep() == []  # announced once
            assert await two.joined(8, "Ann") is True  # back, on another server: online again
        finally:
            await one.close()
            await two.close()

    asyncio.run(main())


@dataclass
class Shared:
    one: WsServer
    two: WsServer
    tokens: dict[str, str]
    ids: dict[str, int]
    bus: Any


@pytest.fixture
def shared(
    request: pytest.FixtureRequest,
    settings: Settings,
    redis_url: str,
    unique_secret: str,
    start_ws_server: Callable[..., WsServer],
) -> Iterator[Shared]:
    """Two users-mode WebSocket servers on one Redis, an admin, Bob and Ann with access tokens.
    WS_PRESENCE_TTL_S is the test's parameter (default: the setting's)."""
    from datapulse.api.app import create_app

    users = settings.replace(AUTH_MODE="users", REDIS_URL=redis_url, SECRET_KEY=unique_secret)
    app = create_app(migrated(users))
    try:
        env = {
            "AUTH_MODE": "users",
            "REDIS_URL": redis_url,
            "SECRET_KEY": unique_secret,
            "METRICS_INTERVAL": "3600",
            "WS_PRESENCE_TTL_S": str(getattr(request, "param", users.WS_PRESENCE_TTL_S)),
        }
        one, two = start_ws_server(**env), start_ws_server(**env)
        wait_redis_feed(one)
        wait_redis_feed(two)
        auth = app.extensions["datapulse"].auth
        tokens, ids = {}, {}
        for who, role in (("admin", "admin"), ("bob", "analyst"), ("ann", "analyst")):
            ids[who] = auth.create_user(f"{who}@example.com", PASSWORD, role, name=who.title()).id
            tokens[who] = auth.login(f"{who}@example.com", PASSWORD).access_token
        yield Shared(one, two, tokens, ids, app.extensions["datapulse"].bus)
    finally:
        close_app(app)


async def signed_in(server: WsServer, token: str) -> ClientConnection:
    ws = await connect(server.url)
    await ws.send(json.dumps({"type": "auth", "token": token}))
    assert (await recv_json(ws))["type"] == "welcome"
    return ws


async def statuses_until_marker(ws: ClientConnection, bus: Any, marker: str, skip: int) -> list[tuple[int, str]]:
    """The user_status events (but those of the user `skip`, the watcher) before a notification
    the test publishes now (the shared stream's order)."""
    bus.publish("notification", "notifications", {"level": "info", "title": marker, "message": marker})
    seen = []
    while True:
        message = await recv_json(ws)
        if message["type"] == "notification" and message["data"].get("title") == marker:
            return seen
        if message["type"] == "user_status" and message["data"]["user_id"] != skip:
            seen.append((message["data"]["user_id"], message["data"]["status"]))


def test_one_online_and_one_offline_over_two_servers(shared: Shared) -> None:
    """Bob opens a tab on server one, then one on server two, closes the first, then the
    second: a watcher on either server sees exactly `online` then `offline`."""
    bob = shared.ids["bob"]

    async def main() -> None:
        watch_two = await signed_in(shared.two, shared.tokens["admin"])
        watch_one = await signed_in(shared.one, shared.tokens["admin"])
        admin = shared.ids["admin"]
        first = await signed_in(shared.one, shared.tokens["bob"])
        second = await signed_in(shared.two, shared.tokens["bob"])
        await first.close()
        await second.close()
        for watcher in (watch_two, watch_one):
            offline = await recv_until(watcher, "user_status")
            while offline["data"]["user_id"] != bob or offline["data"]["status"] != "offline":
                offline = await recv_until(watcher, "user_status")
        for watcher in (watch_two, watch_one):
            await watcher.close()
        # what the watchers saw, in the shared stream's order, read again on a fresh connection
        replay = await connect(shared.two.url)
        await replay.send(json.dumps({"type": "auth", "token": shared.tokens["admin"]}))
        welcome = await recv_json(replay)
        await replay.send(json.dumps({"type": "resume", "after_seq": 0}))
        seen = []
        while True:
            message = await recv_json(replay)
            if message["type"] == "resumed":
                break
            if message["type"] == "user_status":
                seen.append((message["data"]["user_id"], message["data"]["status"]))
        await replay.close()
        assert welcome["type"] == "welcome"
        assert [s for s in seen if s[0] == bob] == [(bob, "online"), (bob, "offline")]
        assert [s for s in seen if s[0] == admin][:1] == [(admin, "online")]  # the admin, once

    asyncio.run(main())


@pytest.mark.parametrize("shared", [3.0], indirect=True)  # short, yet renewed in time on a busy machine
def test_a_crashed_servers_users_go_offline(shared: Shared) -> None:
    """Server one dies without a word (SIGKILL): after WS_PRESENCE_TTL_S server two announces
    Bob offline; Ann, also connected to server two, stays online."""
    bob, ann, admin = shared.ids["bob"], shared.ids["ann"], shared.ids["admin"]

    async def main() -> None:
        watcher = await signed_in(shared.two, shared.tokens["admin"])
        await signed_in(shared.one, shared.tokens["bob"])
        await signed_in(shared.one, shared.tokens["ann"])
        ann_two = await signed_in(shared.two, shared.tokens["ann"])
        assert await statuses_until_marker(watcher, shared.bus, "before", admin) == [(bob, "online"), (ann, "online")]
        shared.one.proc.send_signal(signal.SIGKILL)
        offline = await recv_until(watcher, "user_status")  # within a few ttl: recv_json's bound
        assert offline["data"] == {**offline["data"], "user_id": bob, "name": "Bob", "status": "offline"}
        assert await statuses_until_marker(watcher, shared.bus, "after", admin) == []
        await ann_two.close()
        offline = await recv_until(watcher, "user_status")
        assert (offline["data"]["user_id"], offline["data"]["status"]) == (ann, "offline")
        await watcher.close()

    asyncio.run(main())
