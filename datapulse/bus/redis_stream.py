"""Redis transport: publishers append to one Redis stream that every WebSocket server reads.

A Lua script numbers each event (INCR) and appends it (XADD, MAXLEN ~ bounded) in one
atomic step, so the stream order and `seq` agree and every WebSocket server announces
the same `seq` for the same event: a client may `resume` against any of them.
Internal reports (the API's latency) travel on the same stream with seq 0: servers
read them, never broadcast them, and they do not use up a sequence number.
"""

from __future__ import annotations

from typing import Any

import redis

from datapulse.bus.auth import redis_namespace
from datapulse.bus.internal import INTERNAL_TOPIC
from datapulse.bus.threaded import ThreadedBus

_INTERNAL_PREFIX = f'{{"topic": "{INTERNAL_TOPIC}"'

# KEYS: stream, seq counter. ARGV: maxlen, then pairs (sequenced "1"/"0", event JSON).
PUBLISH_LUA = """
local last = 0
for i = 2, #ARGV, 2 do
  local seq = 0
  if ARGV[i] == '1' then
    seq = redis.call('INCR', KEYS[2])
    last = seq
  end
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'seq', seq, 'e', ARGV[i + 1])
end
return last
"""


def stream_keys(secret_key: str) -> tuple[str, str]:
    """(stream, seq counter) for the platform that owns this secret key."""
    ns = redis_namespace(secret_key)
    return f"{ns}:events", f"{ns}:seq"


# WebSocket servers renew their entry in a sorted set (score: time) for the API's health check.
PRESENCE_TTL_S = 15.0


def presence_key(secret_key: str) -> str:
    return f"{redis_namespace(secret_key)}:servers"


def stream_maxlen(replay_buffer: int) -> int:
    """Long enough for any server's replay buffer to be refilled from the stream."""
    return max(10_000, 2 * replay_buffer)


class RedisBus(ThreadedBus):
    transport = "redis"

    def __init__(self, url: str, secret_key: str, maxlen: int = 10_000, queue_size: int = 10_000) -> None:
        super().__init__(queue_size=queue_size)
        self.url = url
        self.stream, self.seq_key = stream_keys(secret_key)
        self.maxlen = maxlen
        self._client: redis.Redis | None = None
        self._script: Any = None

    @classmethod
    def from_settings(cls, settings: Any) -> RedisBus:
        return cls(settings.REDIS_URL, settings.secret_key, maxlen=stream_maxlen(settings.WS_REPLAY_BUFFER))

    def stats(self) -> dict[str, Any]:
        return {**super().stats(), "stream": self.stream}

    def ping(self) -> bool:
        """For health: is Redis reachable right now (a short, separate connection)."""
        try:
            client = redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=1)
            try:
                return bool(client.ping())
            finally:
                client.close()
        except redis.RedisError:
            return False

    def _connect(self) -> None:
        client = redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=5)
        client.ping()
        self._client = client
        self._script = client.register_script(PUBLISH_LUA)

    def _send(self, batch: list[str]) -> None:
        args: list[Any] = [self.maxlen]
        for item in batch:
            args += ["0" if item.startswith(_INTERNAL_PREFIX) else "1", item]
        self._script(keys=[self.stream, self.seq_key], args=args)

    def _disconnect(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            client.close()
