"""Users mode on a real WebSocket server (SPEC 6, 11): the handshake is authenticated, each
event reaches only those who may read its object, and `user_status` tells who is online."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from datapulse.api.app import create_app
from datapulse.events import utcnow
from datapulse.settings import Settings
from tests.conftest import migrated
from tests.realtime.conftest import WsServer, barrier, close_app, recv_events, recv_json, recv_until

PASSWORD = "correct horse battery"


@dataclass
class People:
    app: Any
    server: WsServer
    ids: dict[str, int]
    tokens: dict[str, str]
    cookies: dict[str, str]

    def bearer(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def session_cookie(answer: Any) -> str:
    for header in answer.headers.getlist("Set-Cookie"):
        if header.startswith("datapulse_session="):
            return header.split(";", 1)[0]
    raise AssertionError("no session cookie")


@pytest.fixture
def people(settings: Settings, start_ws_server: Callable[..., WsServer]) -> Iterator[People]:
    """A users-mode app publishing to a users-mode WebSocket server; an admin and two analysts."""
    users = settings.replace(AUTH_MODE="users", RATE_LIMIT_LOGIN="10000/minute")
    app = create_app(migrated(users))
    app.config["TESTING"] = True
    try:
        server = start_ws_server(
            port=settings.WS_PORT, AUTH_MODE="users", METRICS_INTERVAL="3600", WS_AUTH_TIMEOUT_S="0.5"
        )
        auth = app.extensions["datapulse"].auth
        ids, tokens, cookies = {}, {}, {}
        for who, role in (("admin", "admin"), ("alice", "analyst"), ("bob", "analyst")):
            ids[who] = auth.create_user(f"{who}@example.com", PASSWORD, role, name=who.title()).id
            client = app.test_client()
            answer = client.post("/api/auth/login", json={"email": f"{who}@example.com", "password": PASSWORD})
            assert answer.status_code == 200, answer.get_json()
            tokens[who] = answer.get_json()["access_token"]
            cookies[who] = session_cookie(answer)
        yield People(app, server, ids, tokens, cookies)
    finally:
        close_app(app)


async def signed_in(people: People, who: str) -> ClientConnection:
    """A script's connection: a token in the first message, then the welcome."""
    ws = await connect(people.server.url)
    await ws.send(json.dumps({"type": "auth", "token": people.tokens[who]}))
    assert (await recv_json(ws))["type"] == "welcome"
    return ws


async def close_code(ws: ClientConnection) -> int | None:
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await recv_json(ws)
    return closed.value.rcvd.code if closed.value.rcvd else None


def test_the_handshake_needs_credentials(people: People) -> None:
    """No credentials (silence or another first message), a bad or an expired token: 4401.
    A token in the first message, or the session cookie, is let in."""
    auth = people.app.extensions["datapulse"].auth
    real_clock = auth.clock
    auth.clock = lambda: utcnow() - timedelta(hours=2)  # its access token expired long ago
    client = people.app.test_client()
    answer = client.post("/api/auth/login", json={"email": "alice@example.com", "password": PASSWORD})
    auth.clock = real_clock
    expired = answer.get_json()["access_token"]

    async def main() -> None:
        async with connect(people.server.url) as ws:  # says nothing
            assert await close_code(ws) == 4401
        for first in ({"type": "ping"}, {"type": "auth", "token": "not-a-token"}, {"type": "auth", "token": expired}):
            async with connect(people.server.url) as ws:
                await ws.send(json.dumps(first))
                assert await close_code(ws) == 4401, first
        ws = await signed_in(people, "alice")
        await barrier(ws)
        await ws.close()
        async with connect(people.server.url, additional_headers={"Cookie": people.cookies["bob"]}) as ws:
            welcome = await recv_json(ws)
            assert welcome["type"] == "welcome"
            await barrier(ws)  # open and served without any auth message

    asyncio.run(main())


def test_a_foreign_origin_is_refused_even_with_a_valid_cookie(people: People) -> None:
    async def main() -> None:
        headers = {"Cookie": people.cookies["alice"], "Origin": "https://evil.example"}
        with pytest.raises(InvalidStatus) as refused:
            async with connect(people.server.url, additional_headers=headers):
                pass
        assert refused.value.response.status_code == 403

    asyncio.run(main())


def test_a_private_file_update_reaches_only_who_may_read_it(people: People) -> None:
    """Bob sees nothing of Alice's private upload; once she shares it, its update reaches him;
    made private again, he is told only to drop it. Admins see everything."""
    client = people.app.test_client()

    async def main() -> None:
        alice = await connect(people.server.url, additional_headers={"Cookie": people.cookies["alice"]})
        await recv_json(alice)
        bob, admin = await signed_in(people, "bob"), await signed_in(people, "admin")
        data = {"file": (io.BytesIO(b"region,amount\nnorth,10\n"), "sales.csv")}
        answer = await asyncio.to_thread(
            client.post, "/api/files", data=data, content_type="multipart/form-data", headers=people.bearer("alice")
        )
        assert answer.status_code == 201, answer.get_json()
        file_id = answer.get_json()["files"][0]["id"]
        (mine,) = await recv_events(alice, 1, "file_update")
        assert mine["data"]["file"]["id"] == file_id and mine["data"]["file"]["visibility"] == "private"
        (seen,) = await recv_events(admin, 1, "file_update")
        assert seen["data"]["file"]["id"] == file_id
        await recv_until(alice, "activity")  # the upload's activity, about the file
        assert [m["type"] for m in await barrier(bob) if m["data"].get("file_id") or m["type"] == "file_update"] == []

        answer = await asyncio.to_thread(
            client.patch, f"/api/files/{file_id}", json={"visibility": "shared"}, headers=people.bearer("alice")
        )
        assert answer.status_code == 200, answer.get_json()
        (shared,) = await recv_events(bob, 1, "file_update")
        assert shared["data"]["file"]["id"] == file_id and shared["data"]["file"]["visibility"] == "shared"

        # Private again: Bob gets only "hidden" with the id (to drop it), nothing of the file.
        answer = await asyncio.to_thread(
            client.patch, f"/api/files/{file_id}", json={"visibility": "private"}, headers=people.bearer("alice")
        )
        assert answer.status_code == 200, answer.get_json()
        (hidden,) = await recv_events(bob, 1, "file_update")
        assert hidden["data"] == {"action": "hidden", "file": {"id": file_id, "owner_id": str(people.ids["alice"])}}
        *_, updated, hidden_too = await recv_events(alice, 3, "file_update")  # shared, private, hidden
        assert updated["data"]["file"]["visibility"] == "private" and hidden_too["data"]["action"] == "hidden"
        for ws in (alice, bob, admin):
            await ws.close()

    asyncio.run(main())


def test_user_status_goes_online_and_offline(people: People) -> None:
    """Bob's first connection announces him online, a second one nothing, the last one closing offline."""

    async def main() -> None:
        admin = await signed_in(people, "admin")
        first = await signed_in(people, "bob")
        online = await recv_until(admin, "user_status")
        assert online["topic"] == "activity"
        assert online["data"] == {"user_id": people.ids["bob"], "name": "Bob", "status": "online"}
        second = await signed_in(people, "bob")
        await first.close()
        assert [m for m in await barrier(admin) if m["type"] == "user_status"] == []
        await second.close()
        offline = await recv_until(admin, "user_status")
        assert offline["data"]["user_id"] == people.ids["bob"] and offline["data"]["status"] == "offline"
        await admin.close()

    asyncio.run(main())


def test_an_objects_access_is_read_once_a_second(people: People) -> None:
    """A run's many events cost one look-up a second; a share counts after that second."""
    from datapulse.realtime.users import ACCESS_CACHE_S, RealtimeUsers

    platform = people.app.extensions["datapulse"]
    now = [100.0]
    users = RealtimeUsers(platform.settings, db=platform.db, clock=lambda: now[0])
    client = people.app.test_client()
    data = {"file": (io.BytesIO(b"a\n1\n"), "a.csv")}
    answer = client.post("/api/files", data=data, content_type="multipart/form-data", headers=people.bearer("alice"))
    file_id = answer.get_json()["files"][0]["id"]
    alice = str(people.ids["alice"])
    assert users.access_of("activity", {"file_id": file_id}) == (alice, "private")
    client.patch(f"/api/files/{file_id}", json={"visibility": "shared"}, headers=people.bearer("alice"))
    now[0] += ACCESS_CACHE_S / 2
    assert users.access_of("activity", {"file_id": file_id}) == (alice, "private")
    now[0] += ACCESS_CACHE_S
    assert users.access_of("notification", {"file_id": file_id}) == (alice, "shared")
    assert users.access_of("agent_update", {"run_id": "no-such-run"}) == (None, "private")  # admins only
    assert users.access_of("system_metrics", {"cpu": 1}) is None


def sign_in(people: People, who: str) -> dict[str, Any]:
    """A fresh sign-in of `who` (its own family): tokens and the session cookie."""
    client = people.app.test_client()
    answer = client.post("/api/auth/login", json={"email": f"{who}@example.com", "password": PASSWORD})
    assert answer.status_code == 200, answer.get_json()
    return {**answer.get_json(), "cookie": session_cookie(answer)}


async def with_token(people: People, token: str) -> ClientConnection:
    ws = await connect(people.server.url)
    await ws.send(json.dumps({"type": "auth", "token": token}))
    assert (await recv_json(ws))["type"] == "welcome"
    return ws


def test_a_revoked_sign_in_closes_its_open_sockets(people: People) -> None:
    """Logout, a reused refresh token, a revoked API token, a disabled and a deleted user: each
    closes the sockets of exactly that sign-in with 4401 at once (the API announces it over
    the bus); other sign-ins of the same user and other users stay connected."""
    client = people.app.test_client()
    admin = people.bearer("admin")

    def call(method: str, path: str, token: str, **kwargs: Any) -> Any:
        answer = getattr(client, method)(path, headers={"Authorization": f"Bearer {token}"}, **kwargs)
        assert answer.status_code < 300, (path, answer.status_code, answer.get_json(silent=True))
        return answer.get_json(silent=True)

    async def main() -> None:
        bystander = await signed_in(people, "bob")  # another user: never closed
        # logout ends that sign-in only
        first, second = sign_in(people, "alice"), sign_in(people, "alice")
        by_token = await with_token(people, first["access_token"])
        by_cookie = await connect(people.server.url, additional_headers={"Cookie": first["cookie"]})
        await recv_json(by_cookie)
        other_sign_in = await with_token(people, second["access_token"])
        await asyncio.to_thread(call, "post", "/api/auth/logout", first["access_token"])
        assert await close_code(by_token) == 4401
        assert await close_code(by_cookie) == 4401
        await barrier(other_sign_in)  # still open

        # a reused refresh token revokes its family
        third = sign_in(people, "alice")
        ws = await with_token(people, third["access_token"])
        await asyncio.to_thread(call, "post", "/api/auth/refresh", "", json={"refresh_token": third["refresh_token"]})
        await barrier(ws)  # a rotation is no revocation
        used = {"refresh_token": third["refresh_token"]}
        reuse = await asyncio.to_thread(client.post, "/api/auth/refresh", json=used)
        assert reuse.status_code == 401
        assert await close_code(ws) == 4401

        # a revoked API token
        made = await asyncio.to_thread(
            call, "post", "/api/tokens", second["access_token"], json={"name": "script", "scopes": ["read"]}
        )
        ws = await with_token(people, made["token"])
        await asyncio.to_thread(call, "delete", f"/api/tokens/{made['id']}", second["access_token"])
        assert await close_code(ws) == 4401
        await barrier(other_sign_in)

        # a disabled user: every sign-in of theirs
        await asyncio.to_thread(
            call, "patch", f"/api/users/{people.ids['alice']}", people.tokens["admin"], json={"disabled": True}
        )
        assert await close_code(other_sign_in) == 4401

        # a deleted user
        ws = await signed_in(people, "bob")
        answer = await asyncio.to_thread(client.delete, f"/api/users/{people.ids['bob']}?data=delete", headers=admin)
        assert answer.status_code == 204, answer.get_json()
        assert await close_code(ws) == 4401
        assert await close_code(bystander) == 4401  # bob's other socket too

    asyncio.run(main())


def test_the_periodic_recheck_closes_a_socket_whose_revocation_was_not_announced(
    people: People, start_ws_server: Callable[..., WsServer]
) -> None:
    """A revocation that never reached the server (written by a process without the bus) is
    found by the re-check every WS_AUTH_RECHECK_S; a sign-in that still holds stays open."""
    from datapulse.auth.service import AuthService

    server = start_ws_server(AUTH_MODE="users", METRICS_INTERVAL="3600", WS_AUTH_RECHECK_S="0.1")
    platform = people.app.extensions["datapulse"]
    quiet = AuthService(platform.settings, platform.db)  # no listener: announces nothing
    doomed, kept = sign_in(people, "alice"), sign_in(people, "bob")

    async def main() -> None:
        ws = await connect(server.url)
        await ws.send(json.dumps({"type": "auth", "token": doomed["access_token"]}))
        assert (await recv_json(ws))["type"] == "welcome"
        stays = await connect(server.url, additional_headers={"Cookie": kept["cookie"]})
        await recv_json(stays)
        principal = await asyncio.to_thread(quiet.authenticate_jwt, doomed["access_token"], "access")
        await asyncio.to_thread(quiet.logout, principal)
        assert await close_code(ws) == 4401  # within recv_json's bound: a few re-checks
        await barrier(stays)
        await stays.close()

    asyncio.run(main())


def test_sign_in_alive_follows_expiry_on_the_services_clock(people: People) -> None:
    """The re-check's question on an injected clock: an API token past its expiry, a sign-in
    past its refresh lifetime no longer hold; the short access token's expiry alone does not end one."""
    from datapulse.auth.service import AuthService

    platform = people.app.extensions["datapulse"]
    now = [utcnow()]
    auth = AuthService(platform.settings, platform.db, clock=lambda: now[0])
    signin = sign_in(people, "alice")
    principal = auth.authenticate_jwt(signin["access_token"], "access")
    _row, token_text = auth.create_token(principal, "t", ["read"], now[0] + timedelta(hours=1))
    by_token = auth.authenticate_api_token(token_text)
    assert auth.sign_in_alive(principal) and auth.sign_in_alive(by_token)
    now[0] += timedelta(seconds=platform.settings.ACCESS_TOKEN_TTL_S + 1)
    assert auth.sign_in_alive(principal)  # the access token expired; its sign-in did not
    now[0] += timedelta(hours=1)
    assert not auth.sign_in_alive(by_token)
    now[0] += timedelta(seconds=platform.settings.REFRESH_TOKEN_TTL_S)
    assert not auth.sign_in_alive(principal)


def test_a_private_conversations_activity_reaches_only_who_may_read_it(people: People) -> None:
    """Its title is private work: Bob gets nothing of Alice's private conversation; shared,
    its changes reach him; private again, he is told only `conversation_hidden` with its id."""
    client = people.app.test_client()

    def activities(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [m["data"] for m in messages if m["type"] == "activity" and m["data"].get("conversation_id")]

    async def main() -> None:
        bob, admin = await signed_in(people, "bob"), await signed_in(people, "admin")
        answer = await asyncio.to_thread(
            client.post, "/api/chat/conversations", json={"title": "Alices Gehälter"}, headers=people.bearer("alice")
        )
        assert answer.status_code == 201, answer.get_json()
        cid = answer.get_json()["id"]
        seen = await recv_until(admin, "activity")
        assert seen["data"]["action"] == "conversation_created" and seen["data"]["conversation_id"] == cid
        assert activities(await barrier(bob)) == []

        patch = {"visibility": "shared"}
        answer = await asyncio.to_thread(
            client.patch, f"/api/chat/conversations/{cid}", json=patch, headers=people.bearer("alice")
        )
        assert answer.status_code == 200, answer.get_json()
        shared = await recv_until(bob, "activity")
        assert shared["data"]["action"] == "conversation_updated" and shared["data"]["title"] == "Alices Gehälter"

        patch = {"visibility": "private"}
        answer = await asyncio.to_thread(
            client.patch, f"/api/chat/conversations/{cid}", json=patch, headers=people.bearer("alice")
        )
        assert answer.status_code == 200, answer.get_json()
        hidden = await recv_until(bob, "activity")
        expected = {"action": "conversation_hidden", "message": "conversation hidden", "conversation_id": cid}
        assert hidden["data"] == expected
        await asyncio.to_thread(client.delete, f"/api/chat/conversations/{cid}", headers=people.bearer("alice"))
        while (await recv_until(admin, "activity"))["data"]["action"] != "conversation_deleted":
            pass  # the admin sees every step; the delete is the last
        assert activities(await barrier(bob)) == []  # nothing of the delete of a private one
        for ws in (bob, admin):
            await ws.close()

    asyncio.run(main())
