"""The Redis side of a WebSocket server: read the shared stream, publish our own events.

At start the replay buffer is refilled from the stream's tail, then the server reads
on from exactly there (XREAD BLOCK), so it announces the same seq as every other server
and `resume` works against any of them. It also renews a presence entry (for the API's
health check) and, per machine, a lease that lets one server publish system metrics.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from typing import Any

import redis
import redis.asyncio as aioredis

from datapulse.bus.redis_stream import PRESENCE_TTL_S, PUBLISH_LUA, presence_key, stream_keys, stream_maxlen
from datapulse.realtime.ingest import Ingest

log = logging.getLogger(__name__)

LEASE_LUA = """
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""


class RedisFeed:
    def __init__(self, url: str, secret_key: str, replay_size: int, ingest: Ingest, server_id: str) -> None:
        self.url = url
        self.stream, self.seq_key = stream_keys(secret_key)
        self.presence = presence_key(secret_key)
        self.lease_key = f"{self.presence}:metrics:{socket.gethostname()}"
        self.maxlen = stream_maxlen(replay_size)
        self.replay_size = replay_size
        self.ingest = ingest
        self.server_id = server_id
        self.connected = False
        self.last_error: str | None = None
        self.last_id: str | None = None
        self._client: aioredis.Redis | None = None
        self._beat_at = 0.0

    def _new_client(self, timeout: float) -> aioredis.Redis:
        return aioredis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=timeout)

    async def run(self) -> None:
        """Read the stream for ever, reconnecting with a growing pause when Redis is away."""
        pause = 0.5
        while True:
            reader = self._new_client(timeout=10)
            try:
                self._client = self._new_client(timeout=5)
                if self.last_id is None:
                    self.last_id = await self._refill(reader)
                self.connected, self.last_error, pause = True, None, 0.5
                await self._follow(reader)
            except (redis.RedisError, OSError) as exc:
                self.connected, self.last_error = False, f"{type(exc).__name__}: {exc}"
                log.warning("redis feed: %s; retrying in %.1fs", self.last_error, pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 5.0)
            finally:
                await reader.aclose()
                if self._client is not None:
                    await self._client.aclose()
                    self._client = None

    async def _refill(self, reader: aioredis.Redis) -> str:
        """Load the tail of the stream into the replay buffer; returns where to read on."""
        tail: Any = await reader.xrevrange(self.stream, count=self.replay_size)
        for _entry_id, fields in reversed(tail):
            seq = int(fields.get(b"seq", 0))
            if seq:
                self.ingest.accept(json.loads(fields[b"e"]), seq=seq)
        return tail[0][0].decode() if tail else "0-0"

    async def _follow(self, reader: aioredis.Redis) -> None:
        while True:
            await self._heartbeat()
            response: Any = await reader.xread({self.stream: self.last_id or "0-0"}, count=1000, block=1000)
            for _, entries in response or []:
                for entry_id, fields in entries:
                    self.last_id = entry_id.decode()
                    try:
                        item = json.loads(fields[b"e"])
                    except (KeyError, ValueError):
                        self.ingest.rejected += 1
                        continue
                    self.ingest.accept(item, seq=int(fields.get(b"seq", 0)) or None)

    async def _heartbeat(self) -> None:
        now = time.time()
        if self._beat_at > now - PRESENCE_TTL_S / 3:
            return
        self._beat_at = now
        assert self._client is not None
        await self._client.zadd(self.presence, {self.server_id: now})
        await self._client.zremrangebyscore(self.presence, 0, now - PRESENCE_TTL_S)

    async def publish(self, type_: str, topic: str, data: dict[str, Any], ts: str) -> bool:
        """Append one of our own events (metrics) to the shared stream."""
        if self._client is None:
            return False
        item = json.dumps({"topic": topic, "type": type_, "ts": ts, "data": data}, default=str)
        try:
            await self._client.eval(PUBLISH_LUA, 2, self.stream, self.seq_key, self.maxlen, "1", item)
        except (redis.RedisError, OSError) as exc:
            log.warning("redis publish failed: %s", exc)
            return False
        return True

    async def hold_metrics_lease(self, ttl_s: float) -> bool:
        """True when this server is the one on this machine that publishes system metrics."""
        if self._client is None:
            return False
        try:
            got = await self._client.eval(LEASE_LUA, 1, self.lease_key, self.server_id, int(ttl_s * 1000))
        except (redis.RedisError, OSError):
            return False
        return bool(got)

    def stats(self) -> dict[str, Any]:
        return {"connected": self.connected, "last_error": self.last_error, "stream": self.stream}
