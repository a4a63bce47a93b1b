"""Local transport: API processes send events straight to the WebSocket server on this
machine, over one long-lived WebSocket to its `/publish` path.

The connection carries `Authorization: Bearer <HMAC of the secret key>`; the server
refuses any other publisher. Each frame holds a JSON array of events (a batch), which
keeps the cost per event low when many are published at once.
"""

from __future__ import annotations

from typing import Any

from websockets.sync.client import ClientConnection, connect

from datapulse.bus.auth import PUBLISH_HEADER, publish_token
from datapulse.bus.threaded import ThreadedBus

PUBLISH_PATH = "/publish"
# Batches are cut well below the server's limit for publisher frames (realtime.server).
BATCH_BYTES = 512 * 1024


def local_ws_host(host: str) -> str:
    """The address to reach a server listening on `host` from this machine."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


class LocalBus(ThreadedBus):
    transport = "local"

    def __init__(
        self, url: str, secret_key: str, queue_size: int = 10_000, retry_s: float = 1.0, open_timeout: float = 2.0
    ) -> None:
        super().__init__(queue_size=queue_size, retry_s=retry_s)
        self.url = url
        self.open_timeout = open_timeout  # the handshake; events queue meanwhile
        self._token = publish_token(secret_key)
        self._conn: ClientConnection | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> LocalBus:
        url = f"ws://{local_ws_host(settings.HOST)}:{settings.WS_PORT}{PUBLISH_PATH}"
        return cls(url, settings.secret_key)

    def stats(self) -> dict[str, Any]:
        return {**super().stats(), "url": self.url}

    def _connect(self) -> None:
        self._conn = connect(
            self.url,
            additional_headers={PUBLISH_HEADER: f"Bearer {self._token}"},
            open_timeout=self.open_timeout,
            close_timeout=1,
            compression=None,
            ping_interval=20,
            ping_timeout=20,
            legacy=True,  # a plain connection that our thread owns; websockets 17 asks to say so
        )

    def _send(self, batch: list[str]) -> None:
        assert self._conn is not None
        chunk: list[str] = []
        size = 0
        for item in batch:
            if chunk and size + len(item) > BATCH_BYTES:
                self._conn.send("[" + ",".join(chunk) + "]")
                chunk, size = [], 0
            chunk.append(item)
            size += len(item) + 1
        self._conn.send("[" + ",".join(chunk) + "]")

    def _disconnect(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()
