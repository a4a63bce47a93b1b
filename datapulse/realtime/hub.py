"""The hub: who listens to which topic, the global `seq`, the replay buffer, delivery.

Delivery writes one encoded frame straight into each subscriber's transport, as
`websockets.broadcast()` does (no task or queue per client, no await per send); without
compression the frame is built once for all. One addition: a client whose unsent
backlog exceeds `WS_CLIENT_QUEUE` events (measured in bytes of its write buffer over
the mean event size) is dropped with close code 1013, so a client that stops reading
neither delays the others nor grows our memory.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from websockets.asyncio.server import ServerConnection
from websockets.protocol import State

from datapulse.auth.access import can_read
from datapulse.auth.principal import Principal
from datapulse.events import TOPICS, iso
from datapulse.realtime.budget import LogLimiter

log = logging.getLogger(__name__)

SLOW_CLOSE_CODE = 1013  # try again later
SLOW_ABORT_AFTER_S = 2.0  # the close frame waits behind the backlog; then we cut the TCP connection
_MIN_EVENT_BYTES = 256.0

# Whose object an event is about: (owner_id, visibility), or None for an event about no
# object (metrics, notices), which every client sees.
Access = tuple[str | None, str] | None
AccessOf = Callable[[str, Any], Access]


def encode(type: str, topic: str | None, seq: int, ts: str, data: Any) -> bytes:
    """The one envelope of SPEC 6, encoded once and sent to every subscriber as is."""
    return json.dumps(
        {"type": type, "topic": topic, "seq": seq, "ts": ts, "data": data}, separators=(",", ":"), default=str
    ).encode()


def text_frame(payload: bytes) -> bytes:
    """A final, unmasked, uncompressed text frame (RFC 6455 5.2), as a server sends it."""
    size = len(payload)
    if size < 126:
        head = bytes((0x81, size))
    elif size < 1 << 16:
        head = bytes((0x81, 126)) + size.to_bytes(2, "big")
    else:
        head = bytes((0x81, 127)) + size.to_bytes(8, "big")
    return head + payload


class Client:
    """One browser (or script) connection: its topics and where its live stream began."""

    __slots__ = ("conn", "id", "topics", "live_since", "principal")

    def __init__(
        self, conn: ServerConnection, client_id: str, live_since: int, principal: Principal | None = None
    ) -> None:
        self.conn = conn
        self.id = client_id
        self.topics: set[str] = set(TOPICS)
        self.live_since = live_since  # events after this seq reach it live; `resume` replays up to it
        self.principal = principal  # None in local mode: sees everything

    def may_see(self, access: Access) -> bool:
        return access is None or can_read(self.principal, access[0], access[1])


class Hub:
    def __init__(
        self,
        replay_size: int = 1000,
        client_queue: int = 256,
        heartbeat_interval: float = 30.0,
        access_of: AccessOf | None = None,
    ) -> None:
        self.seq = 0
        self.replay: deque[tuple[int, str, bytes]] = deque(maxlen=replay_size)
        self.replay_access: deque[Access] = deque(maxlen=replay_size)  # beside `replay`, entry for entry
        self.access_of = access_of  # users mode: each event only to clients that may read its object
        self.clients: dict[str, Client] = {}
        self.by_topic: dict[str, set[Client]] = {topic: set() for topic in TOPICS}
        self.client_queue = client_queue
        self.heartbeat_interval = heartbeat_interval
        self.published = 0
        self.dropped_slow = 0
        self.closed_flooding = 0
        self._mean_size = _MIN_EVENT_BYTES
        self.warnings = LogLimiter(log)

    # Connections ----------------------------------------------------------------------
    def add(self, conn: ServerConnection, principal: Principal | None = None) -> Client:
        """Register and greet in one step, so no event can slip in between."""
        client = Client(conn, uuid.uuid4().hex[:16], self.seq, principal)
        self.clients[client.id] = client
        for topic in client.topics:
            self.by_topic[topic].add(client)
        self.send_control(
            client,
            "welcome",
            {
                "client_id": client.id,
                "heartbeat_interval": self.heartbeat_interval,
                "seq": self.seq,
                "topics": sorted(client.topics),
            },
        )
        return client

    def remove(self, client: Client) -> None:
        if self.clients.pop(client.id, None) is None:
            return
        for topic in TOPICS:
            self.by_topic[topic].discard(client)

    def subscribe(self, client: Client, topics: Iterable[str]) -> None:
        for topic in topics:
            client.topics.add(topic)
            if client.id in self.clients:
                self.by_topic[topic].add(client)

    def unsubscribe(self, client: Client, topics: Iterable[str]) -> None:
        for topic in topics:
            client.topics.discard(topic)
            self.by_topic[topic].discard(client)

    def listeners(self, topic: str) -> int:
        return len(self.by_topic.get(topic, ()))

    # Events -----------------------------------------------------------------------------
    def publish(self, type: str, topic: str, data: Any, ts: str | None = None, seq: int | None = None) -> int:
        """Number, remember and deliver one event; `seq` is given when Redis numbered it.

        A given seq at or below ours means the shared counter was reset (Redis flushed):
        the replay buffer no longer matches it and is emptied.
        """
        if seq is None:
            seq = self.seq + 1
        elif seq <= self.seq:
            log.warning("sequence went back from %d to %d: replay buffer emptied", self.seq, seq)
            self.replay.clear()
            self.replay_access.clear()
        self.seq = seq
        payload = encode(type, topic, seq, ts or iso(), data)
        access = self.access_of(type, data) if self.access_of is not None else None
        self.replay.append((seq, topic, payload))
        self.replay_access.append(access)
        self.published += 1
        listeners = self.by_topic[topic]
        if access is not None:
            listeners = {client for client in listeners if client.may_see(access)}
        self._deliver(listeners, payload)
        return seq

    @property
    def buffer_limit(self) -> float:
        """Bytes one client's transport may hold unsent: WS_CLIENT_QUEUE average events."""
        return self.client_queue * max(self._mean_size, _MIN_EVENT_BYTES)

    def _deliver(self, clients: set[Client], payload: bytes) -> None:
        self._mean_size += (len(payload) - self._mean_size) * 0.05
        limit = self.buffer_limit
        slow: list[Client] = []
        frame: bytes | None = None
        for client in clients:
            conn = client.conn
            protocol = conn.protocol
            transport = conn.transport
            if protocol.state is not State.OPEN or transport.is_closing():
                continue
            if transport.get_write_buffer_size() > limit:
                slow.append(client)
                continue
            try:
                if protocol.extensions or protocol.writes or protocol.expect_continuation_frame:
                    protocol.send_text(payload)  # compression is per connection: the library frames it
                    conn.send_data()
                else:
                    # An unmasked server frame without extensions is the same bytes for every
                    # client: build it once instead of once per connection.
                    frame = frame or text_frame(payload)
                    transport.write(frame)
            except Exception as exc:  # noqa: BLE001 - one broken socket must not stop the others
                log.debug("send to %s failed: %s", client.id, exc)
        for client in slow:
            self.drop_slow(client)

    def drop_slow(self, client: Client) -> None:
        """Forget the client now; tell it why (1013), and cut it if it never reads that."""
        self.dropped_slow += 1
        self.warnings.warning("dropping client %s: more than %d events queued", client.id, self.client_queue)
        self.close_client(client, SLOW_CLOSE_CODE, f"too slow: more than {self.client_queue} events queued")

    def close_client(self, client: Client, code: int, reason: str) -> None:
        """Forget the client, send a close frame if it can still go out, cut it soon after."""
        self.remove(client)
        conn = client.conn
        try:
            if conn.protocol.state is State.OPEN and not conn.transport.is_closing():
                conn.protocol.send_close(code, reason)
                conn.send_data()
        except Exception:  # noqa: BLE001 - already closing
            pass
        conn.loop.call_later(SLOW_ABORT_AFTER_S, conn.transport.abort)

    def send_control(self, client: Client, type: str, data: dict[str, Any]) -> None:
        """A message for this client alone (welcome, pong, resumed, error): no new seq."""
        self._write(client, encode(type, None, self.seq, iso(), data))

    def _write(self, client: Client, payload: bytes) -> bool:
        """Replies and replays obey the same buffer limit as events; nothing is written to
        a closing transport. False when the client is gone (or was dropped now)."""
        conn = client.conn
        if conn.protocol.state is not State.OPEN or conn.transport.is_closing() or client.id not in self.clients:
            return False
        if conn.transport.get_write_buffer_size() > self.buffer_limit:
            self.drop_slow(client)
            return False
        conn.protocol.send_text(payload)
        conn.send_data()
        return True

    # Resume -----------------------------------------------------------------------------
    def resume(self, client: Client, after_seq: int) -> None:
        """Replay (after_seq, live_since] on the client's topics, in order, then `resumed`.

        Events after `live_since` already reached this connection live, so none comes twice.
        `missed` is true when the buffer no longer reaches back to after_seq + 1, or when
        after_seq lies beyond our latest seq (the server or the stream was reset).
        """
        upto = client.live_since
        oldest = self.replay[0][0] if self.replay else self.seq + 1
        missed = after_seq > self.seq or (after_seq < upto and after_seq + 1 < oldest)
        backlog: list[bytes] = []
        for (seq, topic, payload), access in zip(reversed(self.replay), reversed(self.replay_access), strict=True):
            if seq <= after_seq:
                break
            if seq <= upto and topic in client.topics and client.may_see(access):
                backlog.append(payload)
        for payload in reversed(backlog):
            if not self._write(client, payload):
                return
        self.send_control(
            client, "resumed", {"after_seq": after_seq, "replayed": len(backlog), "missed": missed, "seq": self.seq}
        )

    def stats(self) -> dict[str, Any]:
        return {
            "connections": len(self.clients),
            "seq": self.seq,
            "published": self.published,
            "dropped_slow": self.dropped_slow,
            "closed_flooding": self.closed_flooding,
            "replay_buffered": len(self.replay),
            "listeners": {topic: len(clients) for topic, clients in self.by_topic.items()},
        }
