"""Who is online (SPEC 11 `user_status`), counted over every WebSocket server.

One server alone counts its connections per user (`LocalPresence`). Servers sharing
Redis (`SharedPresence`) also keep, per online user, a sorted set of the servers that
hold a connection of theirs, each entry scored with the time it expires; every server
renews its entries every ttl/3 seconds. Decisions are Lua scripts, so exactly one
server announces each change:

- JOIN: a user's first connection on this server adds our entry; it is `online` news
  when no other live entry existed.
- LEAVE: their last connection here removes our entry; `offline` news when no live
  entry is left (and our entry was still there: a sweep may have announced it already).
- SWEEP: entries of a server that stopped renewing (it crashed) expire; a user left
  with none is announced offline by whichever server sweeps first.

The clock is injected (seconds, time.time by default), so expiry is tested without waiting.
A Redis that is away costs announcements, never connections: the next renewal re-joins.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import redis
import redis.asyncio as aioredis

from datapulse.bus.auth import redis_namespace

log = logging.getLogger(__name__)

# KEYS: the user's servers, the set of online users, their names.
# ARGV: server id, now, expiry, user id, name. 1: no live entry (ours included) was there:
# the user was offline everywhere. A renewal of our live entry is no news.
JOIN_LUA = """
local live = redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[2], '+inf')
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[4])
redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
if live == 0 then return 1 end
return 0
"""

# KEYS: as JOIN. ARGV: server id, now, user id. 1: the user is now offline everywhere.
LEAVE_LUA = """
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[2], '+inf') > 0 then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[3])
redis.call('HDEL', KEYS[3], ARGV[3])
return 1
"""

# KEYS: the set of online users, their names. ARGV: prefix of a user's key, now.
# Returns [user id, name, ...] of those whose every entry expired.
SWEEP_LUA = """
local gone = {}
for _, uid in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[1] .. uid
  redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[2])
  if redis.call('ZCARD', key) == 0 then
    table.insert(gone, uid)
    table.insert(gone, redis.call('HGET', KEYS[2], uid) or '')
    redis.call('SREM', KEYS[1], uid)
    redis.call('HDEL', KEYS[2], uid)
    redis.call('DEL', key)
  end
end
return gone
"""

Status = tuple[int, str]  # (user id, name)


class LocalPresence:
    """Connections counted in this process: the whole truth when there is one server."""

    shared = False

    def __init__(self) -> None:
        self.counts: Counter[int] = Counter()
        self.names: dict[int, str] = {}

    async def joined(self, user_id: int, name: str) -> bool:
        """Count a connection; True when it is the user's first (announce online)."""
        self.counts[user_id] += 1
        self.names[user_id] = name
        return self.counts[user_id] == 1

    async def left(self, user_id: int) -> bool:
        """Forget a connection; True when it was the user's last (announce offline)."""
        self.counts[user_id] -= 1
        if self.counts[user_id] > 0:
            return False
        del self.counts[user_id]
        self.names.pop(user_id, None)
        return True

    async def renew(self) -> list[Status]:
        return []

    async def sweep(self) -> list[Status]:
        return []

    async def close(self) -> None:
        pass

    def stats(self) -> dict[str, Any]:
        return {"shared": self.shared, "online_here": len(self.counts)}


class SharedPresence(LocalPresence):
    """This server's counts, and every server's in Redis (see the module's docstring)."""

    shared = True

    def __init__(
        self, url: str, secret_key: str, server_id: str, ttl_s: float, clock: Callable[[], float] = time.time
    ) -> None:
        super().__init__()
        ns = redis_namespace(secret_key)
        self.user_prefix = f"{ns}:online:"
        self.users_key, self.names_key = f"{ns}:online_users", f"{ns}:online_names"
        self.url, self.server_id, self.ttl_s, self.clock = url, server_id, ttl_s, clock
        self._client: aioredis.Redis | None = None
        # One change at a time, each with its Redis call: a renewal must not re-add a user
        # whose last connection closed while it was under way (commands on two pooled
        # connections may reach Redis in either order).
        self._lock = asyncio.Lock()

    @property
    def client(self) -> aioredis.Redis:
        if self._client is None:
            self._client = aioredis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=5)
        return self._client

    def _keys(self, user_id: int) -> list[str]:
        return [f"{self.user_prefix}{user_id}", self.users_key, self.names_key]

    async def _join(self, user_id: int) -> bool:
        now = self.clock()
        name = self.names.get(user_id, "")
        args: list[str | int] = [self.server_id, repr(now), repr(now + self.ttl_s), user_id, name]
        return bool(await self.client.eval(JOIN_LUA, 3, *self._keys(user_id), *args))

    async def joined(self, user_id: int, name: str) -> bool:
        async with self._lock:
            if not await super().joined(user_id, name):
                return False
            try:
                return await self._join(user_id)
            except (redis.RedisError, OSError) as exc:
                log.warning("presence: joining %s failed (%s); the next renewal retries", user_id, exc)
                return False

    async def left(self, user_id: int) -> bool:
        async with self._lock:
            if not await super().left(user_id):
                return False
            try:
                args: list[str | int] = [self.server_id, repr(self.clock()), user_id]
                return bool(await self.client.eval(LEAVE_LUA, 3, *self._keys(user_id), *args))
            except (redis.RedisError, OSError) as exc:
                log.warning("presence: leaving %s failed (%s); the entry expires", user_id, exc)
                return False

    async def renew(self) -> list[Status]:
        """Push our entries' expiry on; users found offline meanwhile (Redis was flushed or
        away, or we were too slow and got swept) are announced online again."""
        back: list[Status] = []
        for user_id in list(self.counts):
            async with self._lock:
                if user_id not in self.counts:
                    continue  # left meanwhile
                try:
                    if await self._join(user_id):
                        back.append((user_id, self.names.get(user_id, "")))
                except (redis.RedisError, OSError) as exc:
                    log.warning("presence: renewal failed: %s", exc)
                    break
        return back

    async def sweep(self) -> list[Status]:
        """Users whose every server stopped renewing: now offline (each reported once, anywhere)."""
        try:
            found: Any = await self.client.eval(
                SWEEP_LUA, 2, self.users_key, self.names_key, self.user_prefix, repr(self.clock())
            )
        except (redis.RedisError, OSError) as exc:
            log.warning("presence: sweep failed: %s", exc)
            return []
        flat = [item.decode() if isinstance(item, bytes) else str(item) for item in found or []]
        return [(int(flat[i]), flat[i + 1]) for i in range(0, len(flat) - 1, 2) if flat[i].isdigit()]

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
