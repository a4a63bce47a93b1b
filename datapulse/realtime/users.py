"""Users mode on the WebSocket (SPEC 6 and 11): who a client is, which events it may see,
and who is online.

- The handshake is authenticated by the UI's session cookie, or by a first message
  `{"type": "auth", "token": "<access or API token>"}` within WS_AUTH_TIMEOUT_S; anything
  else closes with 4401. The checks are AuthService's (signature, expiry, revocation).
- An event about an object carries, or leads to, the object's owner and visibility: a
  file's and a data source's are in the payload; a run's (agent_update, a plugin
  execution of a run) are its conversation's, read from the database and kept for
  ACCESS_CACHE_S (a run sends many events a second; a share takes effect that much later).
- `user_status` goes out when a user's first connection opens and their last closes,
  counted over every server sharing Redis (datapulse.realtime.presence).
- A connection whose sign-in is revoked (announced by the API, or found by the periodic
  re-check) is closed with 4401.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from http.cookies import CookieError, SimpleCookie
from typing import Any

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from datapulse.auth.access import access_of
from datapulse.auth.principal import Principal
from datapulse.auth.service import API_TOKEN_PREFIX, SESSION_COOKIE, AuthService
from datapulse.errors import Unauthorized
from datapulse.events import HIDDEN
from datapulse.realtime.hub import Access, Hub
from datapulse.realtime.presence import LocalPresence
from datapulse.settings import Settings
from datapulse.storage.db import Database

log = logging.getLogger(__name__)

UNAUTHORIZED_CLOSE_CODE = 4401
REVOKED_REASON = "signed out"
PRIVATE = "private"
Publish = Callable[[str, dict[str, Any]], Awaitable[None]]
ACCESS_CACHE_S = 1.0
ACCESS_CACHE_SIZE = 4096


class RealtimeUsers:
    def __init__(
        self,
        settings: Settings,
        db: Database | None = None,
        clock: Callable[[], float] = time.monotonic,
        presence: LocalPresence | None = None,
    ) -> None:
        self.clock = clock
        self._cache: dict[tuple[str, str], tuple[float, Access]] = {}
        self.db = db or Database(settings.database_url)
        self.auth = AuthService(settings, self.db)
        self.timeout = settings.WS_AUTH_TIMEOUT_S
        self.presence = presence or LocalPresence()

    # Authentication -------------------------------------------------------------------------
    def from_cookie(self, header: str | None) -> Principal | None:
        """The principal of a valid session cookie in a `Cookie` header; None otherwise."""
        if not header:
            return None
        try:
            jar: SimpleCookie = SimpleCookie(header)
        except CookieError:
            return None
        morsel = jar.get(SESSION_COOKIE)
        if morsel is None or not morsel.value:
            return None
        try:
            return self.auth.authenticate_jwt(morsel.value, "session")
        except Unauthorized:
            return None

    def from_token(self, token: str) -> Principal:
        """The principal of an access token or an API token; Unauthorized otherwise."""
        if token.startswith(API_TOKEN_PREFIX):
            return self.auth.authenticate_api_token(token)
        return self.auth.authenticate_jwt(token, "access")

    async def authenticate(self, conn: ServerConnection) -> Principal | None:
        """The client's principal, or None after closing it with 4401."""
        headers = conn.request.headers if conn.request is not None else None
        principal = await asyncio.to_thread(self.from_cookie, headers.get("Cookie") if headers else None)
        if principal is not None:
            return principal
        reason = "authentication required"
        try:
            raw = await asyncio.wait_for(conn.recv(), self.timeout)
            message = json.loads(raw)
            token = message.get("token") if isinstance(message, dict) and message.get("type") == "auth" else None
            if isinstance(token, str) and token:
                return await asyncio.to_thread(self.from_token, token)
            reason = 'the first message must be {"type": "auth", "token": ...}'
        except (TimeoutError, ValueError, UnicodeDecodeError):
            pass
        except Unauthorized:
            reason = "invalid or expired token"
        except ConnectionClosed:
            return None
        await conn.close(UNAUTHORIZED_CLOSE_CODE, reason)
        return None

    # Revocation -------------------------------------------------------------------------
    async def recheck(self, hub: Hub, user_id: int | None = None) -> int:
        """Close (4401) the open connections whose sign-in no longer holds (AuthService.sign_in_alive):
        those of one user after a revocation was announced, or all of them (the periodic
        re-check, which also catches expiry and a revocation whose announcement was lost)."""
        clients = [
            c
            for c in list(hub.clients.values())
            if c.principal is not None
            and c.principal.user_id is not None
            and (user_id is None or c.principal.user_id == user_id)
        ]
        if not clients:
            return 0
        principals = {c.principal for c in clients if c.principal is not None}
        try:
            alive = await asyncio.to_thread(lambda: {p: self.auth.sign_in_alive(p) for p in principals})
        except Exception as exc:  # noqa: BLE001 - the database away: keep everyone, try again later
            log.warning("re-checking sign-ins failed: %s", exc)
            return 0
        closed = 0
        for client in clients:
            if client.principal is not None and not alive[client.principal] and client.id in hub.clients:
                hub.close_client(client, UNAUTHORIZED_CLOSE_CODE, REVOKED_REASON)
                closed += 1
        return closed

    async def recheck_every(self, hub: Hub, interval_s: float, sleep: Callable[[float], Awaitable[None]]) -> None:
        """The periodic re-check, for ever (`sleep` is injected: tests drive it)."""
        while True:
            await sleep(interval_s)
            await self.recheck(hub)

    # Who may see an event ---------------------------------------------------------------
    def access_of(self, type_: str, data: Any) -> Access:
        """(owner_id, visibility) of the object an event is about; None when it is about none."""
        if not isinstance(data, dict):
            return None
        if type_ in ("file_update", "data_update") and data.get("action") == HIDDEN:
            return None  # an id its readers knew: they must learn to drop it
        if type_ == "file_update":
            return _owned(data.get("file"))
        if type_ == "data_update":
            return _owned(data.get("datasource"))
        if type_ in ("agent_update", "plugin_execution"):
            if data.get("run_id"):
                return self._stored("run_id", str(data["run_id"]))
            if type_ == "plugin_execution" and data.get("id"):
                return self._stored("execution_id", str(data["id"]))
            return (None, PRIVATE)  # a run's event that names no run: admins only
        if "owner_id" in data:
            return (data.get("owner_id"), str(data.get("visibility") or PRIVATE))
        if type_ == "activity" and data.get("action") == "conversation_hidden":
            return None  # the id alone, to those whose list held it
        for key in ("run_id", "file_id", "datasource_id", "conversation_id"):
            if data.get(key):  # an activity or a notice about one object: seen with it
                return self._stored(key, str(data[key]))
        return None

    def _stored(self, arg: str, object_id: str) -> Access:
        now, key = self.clock(), (arg, object_id)
        hit = self._cache.get(key)
        if hit is not None and now - hit[0] < ACCESS_CACHE_S:
            return hit[1]
        with self.db.session() as session:
            found = access_of(session, arg, object_id)
        access = found if found is not None else (None, PRIVATE)
        if len(self._cache) >= ACCESS_CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = (now, access)
        return access

    # Presence ----------------------------------------------------------------------------
    async def joined(self, principal: Principal, publish: Publish) -> None:
        if principal.user_id is not None and await self.presence.joined(principal.user_id, principal.name):
            await publish("user_status", _status(principal.user_id, principal.name, "online"))

    async def left(self, principal: Principal, publish: Publish) -> None:
        if principal.user_id is not None and await self.presence.left(principal.user_id):
            await publish("user_status", _status(principal.user_id, principal.name, "offline"))

    async def keep_presence(
        self, publish: Publish, interval_s: float, sleep: Callable[[float], Awaitable[None]]
    ) -> None:
        """For ever: renew this server's presence entries and announce the users of servers
        that stopped renewing theirs as offline (shared presence only)."""
        while True:
            await sleep(interval_s)
            for user_id, name in await self.presence.renew():
                await publish("user_status", _status(user_id, name, "online"))
            for user_id, name in await self.presence.sweep():
                await publish("user_status", _status(user_id, name, "offline"))


def _owned(obj: Any) -> Access:
    if not isinstance(obj, dict):
        return (None, PRIVATE)
    return (obj.get("owner_id"), str(obj.get("visibility") or PRIVATE))


def _status(user_id: int, name: str, status: str) -> dict[str, Any]:
    return {"user_id": user_id, "name": name, "status": status}
