"""The WebSocket server's life (SPEC 6): one port for `/ws` (clients), `/publish` (local
API processes) and `GET /health`; stops cleanly on SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response

from datapulse.bus.auth import token_is_valid
from datapulse.bus.local import PUBLISH_PATH
from datapulse.events import EVENT_TOPICS, SYSTEM, iso
from datapulse.hosts import HostPolicy
from datapulse.realtime.connections import serve_client
from datapulse.realtime.hub import Hub
from datapulse.realtime.ingest import Ingest
from datapulse.realtime.metrics_loop import MetricsLoop
from datapulse.realtime.presence import LocalPresence, SharedPresence
from datapulse.realtime.users import RealtimeUsers
from datapulse.settings import Settings

if TYPE_CHECKING:
    from datapulse.realtime.redis_feed import RedisFeed

log = logging.getLogger("datapulse.realtime")

CLIENT_PATH = "/ws"
HEALTH_PATH = "/health"
STOP_TASKS_TIMEOUT_S = 2.0
FORCE_EXIT_AFTER_S = 8.0  # the launcher allows 10 s


def json_response(conn: ServerConnection, status: int, body: dict[str, Any]) -> Response:
    response = conn.respond(HTTPStatus(status), json.dumps(body))
    del response.headers["Content-Type"]
    response.headers["Content-Type"] = "application/json"
    response.headers["Cache-Control"] = "no-store"
    return response


class RealtimeServer:
    def __init__(self, settings: Settings, host: str | None = None, port: int | None = None) -> None:
        self.settings = settings
        self.host = host if host is not None else settings.HOST
        self.port = port if port is not None else settings.WS_PORT
        self.secret_key = settings.secret_key
        self.allowed_origins = frozenset(settings.allowed_origins)
        self.hosts = HostPolicy(settings)
        self.server_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        # Users mode: clients sign in, and each sees only the events about what it may read.
        self.users: RealtimeUsers | None = None
        if settings.auth_mode == "users":
            presence = LocalPresence()
            if settings.REDIS_URL:
                presence = SharedPresence(
                    settings.REDIS_URL, self.secret_key, self.server_id, settings.WS_PRESENCE_TTL_S
                )
            self.users = RealtimeUsers(settings, presence=presence)
        self.hub = Hub(
            settings.WS_REPLAY_BUFFER,
            settings.WS_CLIENT_QUEUE,
            settings.HEARTBEAT_INTERVAL,
            access_of=self.users.access_of if self.users is not None else None,
        )
        self.ingest = Ingest(self.hub)
        self._rechecks: set[asyncio.Task[int]] = set()
        if self.users is not None:
            self.ingest.on_revoked = self.on_revoked
        self.feed: RedisFeed | None = None
        if settings.REDIS_URL:
            from datapulse.realtime.redis_feed import RedisFeed  # redis only costs its import when used

            self.feed = RedisFeed(
                settings.REDIS_URL, self.secret_key, settings.WS_REPLAY_BUFFER, self.ingest, self.server_id
            )
        feed = self.feed
        self.metrics = MetricsLoop(
            settings,
            listeners=lambda: self.hub.listeners(SYSTEM),
            extra=self.metrics_extra,
            publish=self.publish_own,
            may_publish=(lambda: feed.hold_metrics_lease(3 * settings.METRICS_INTERVAL)) if feed else None,
        )
        self.started = time.monotonic()
        self._rates: dict[str, tuple[float, int]] = {}
        self.bound_port: int | None = None

    # HTTP side of the handshake ----------------------------------------------------------
    def process_request(self, conn: ServerConnection, request: Request) -> Response | None:
        path = request.path.split("?", 1)[0]
        if path == HEALTH_PATH:
            return json_response(conn, 200, self.health())
        if path == CLIENT_PATH:
            origin = request.headers.get("Origin")
            if origin is not None and not self.hosts.ws_origin_allowed(origin, request.headers.get("Host")):
                return json_response(conn, 403, {"error": {"code": "origin_not_allowed", "message": origin}})
            return None
        if path == PUBLISH_PATH:
            if self.feed is not None:
                return json_response(conn, 404, {"error": {"code": "not_found", "message": "events go through Redis"}})
            if not token_is_valid(self.secret_key, request.headers.get("Authorization")):
                return json_response(conn, 403, {"error": {"code": "forbidden", "message": "bad publish token"}})
            return None
        return json_response(conn, 404, {"error": {"code": "not_found", "message": f"no such path {path}"}})

    async def handler(self, conn: ServerConnection) -> None:
        if conn.request is not None and conn.request.path.split("?", 1)[0] == PUBLISH_PATH:
            await self.ingest.serve_publisher(conn)
        elif self.users is None:
            await serve_client(self.hub, conn, self.settings.WS_CLIENT_MAX_MSGS_PER_S)
        else:
            principal = await self.users.authenticate(conn)
            if principal is None:
                return
            await self.users.joined(principal, self.publish_own)
            try:
                await serve_client(self.hub, conn, self.settings.WS_CLIENT_MAX_MSGS_PER_S, principal)
            finally:
                await self.users.left(principal, self.publish_own)

    def on_revoked(self, data: dict[str, Any]) -> None:
        """An API process announced a revocation: re-check that user's connections now."""
        if self.users is None:
            return
        user_id = data.get("user_id")
        task = asyncio.get_running_loop().create_task(
            self.users.recheck(self.hub, user_id if isinstance(user_id, int) else None)
        )
        self._rechecks.add(task)
        task.add_done_callback(self._rechecks.discard)

    # Our own events --------------------------------------------------------------------
    async def publish_own(self, type_: str, data: dict[str, Any]) -> None:
        """Our events (metrics, user_status): numbered here, or by Redis so every server agrees on seq."""
        topic = EVENT_TOPICS.get(type_, SYSTEM)
        if self.feed is not None:
            await self.feed.publish(type_, topic, {**data, "server_id": self.server_id}, iso())
        else:
            self.hub.publish(type_, topic, data)

    def events_per_s(self, reader: str) -> float:
        """Events published since this reader (metrics, health) last asked."""
        now, published = time.monotonic(), self.hub.published
        then, before = self._rates.get(reader, (self.started, 0))
        self._rates[reader] = (now, published)
        return round((published - before) / max(now - then, 1e-6), 2)

    def metrics_extra(self) -> dict[str, Any]:
        return {
            "websocket": {
                "connections": len(self.hub.clients),
                "events_per_s": self.events_per_s("metrics"),
                "seq": self.hub.seq,
                "publishers": self.ingest.publishers,
                "server_id": self.server_id,
            },
            "api_latency": self.ingest.latency.summary(),
        }

    def health(self) -> dict[str, Any]:
        status = "healthy"
        body: dict[str, Any] = {
            "service": "websocket",
            "server_id": self.server_id,
            "pid": os.getpid(),
            "uptime_s": round(time.monotonic() - self.started, 1),
            "transport": "redis" if self.feed else "local",
            **self.hub.stats(),
            **self.ingest.stats(),
            "events_per_s": self.events_per_s("health"),
        }
        if self.feed is not None:
            body["redis"] = self.feed.stats()
            if not self.feed.connected:
                status = "degraded"
        body["status"] = status
        return body

    # Life ------------------------------------------------------------------------------
    def _serve(self) -> Server:
        s = self.settings
        return serve(
            self.handler,
            self.host,
            self.port,
            process_request=self.process_request,
            max_size=s.ws_max_message_bytes,
            ping_interval=s.HEARTBEAT_INTERVAL,
            ping_timeout=s.HEARTBEAT_INTERVAL,
            close_timeout=min(5.0, s.HEARTBEAT_INTERVAL),
            compression="deflate" if s.WS_COMPRESSION else None,
            server_header=None,
        )

    async def run(self, stop: asyncio.Future[Any], ready: Callable[[int], None] | None = None) -> None:
        """Serve until `stop` is done; then close every connection (1001) and return."""
        async with self._serve() as server:
            self.bound_port = server.sockets[0].getsockname()[1]
            tasks = [asyncio.create_task(self.metrics.run(), name="metrics")]
            if self.users is not None:
                recheck = self.users.recheck_every(self.hub, self.settings.WS_AUTH_RECHECK_S, asyncio.sleep)
                tasks.append(asyncio.create_task(recheck, name="auth-recheck"))
                if self.users.presence.shared:
                    every = self.settings.WS_PRESENCE_TTL_S / 3
                    keep = self.users.keep_presence(self.publish_own, every, asyncio.sleep)
                    tasks.append(asyncio.create_task(keep, name="presence"))
            if self.feed is not None:
                tasks.append(asyncio.create_task(self.feed.run(), name="redis-feed"))
            log.info("WebSocket server on ws://%s:%s%s (%s)", self.host, self.bound_port, CLIENT_PATH, self.server_id)
            if ready is not None:
                ready(self.bound_port)
            try:
                await stop
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.wait(tasks, timeout=STOP_TASKS_TIMEOUT_S)
                server.close(close_connections=True)
        if self.users is not None:
            await self.users.presence.close()  # after the connections' `left`
        log.info("WebSocket server stopped")


def _force_exit_later(seconds: float) -> None:
    """A stop that hangs (a stuck socket, a thread) still ends the process in time."""

    def force() -> None:
        log.error("not stopped after %.0fs: exiting now", seconds)
        os._exit(1)

    timer = threading.Timer(seconds, force)
    timer.daemon = True
    timer.start()


def run(settings: Settings, host: str | None = None, port: int | None = None) -> int:
    """Run until SIGTERM or SIGINT; the exit status of `websocket_server.py`."""

    async def main() -> None:
        loop = asyncio.get_running_loop()
        stop: asyncio.Future[None] = loop.create_future()

        def on_signal() -> None:
            if not stop.done():
                stop.set_result(None)
                _force_exit_later(FORCE_EXIT_AFTER_S)

        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, on_signal)
        await RealtimeServer(settings, host, port).run(stop)

    try:
        asyncio.run(main())
    except OSError as exc:  # the port is taken, the address is not ours ...
        log.error("cannot listen on %s:%s: %s", host or settings.HOST, port or settings.WS_PORT, exc.strerror or exc)
        return 1
    return 0
