"""Where events enter the WebSocket server: local publishers on `/publish`, or Redis.

Both end in `Ingest.accept`, which broadcasts ordinary events through the hub and keeps
internal reports (the API's request latency) for the metrics collector.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from datapulse.bus.internal import API_LATENCY, INTERNAL_TOPIC, SIGN_IN_REVOKED
from datapulse.events import TOPICS
from datapulse.metrics import histogram
from datapulse.realtime.hub import Hub

log = logging.getLogger(__name__)

PUBLISHER_MAX_BYTES = 16 * 1024 * 1024  # one batch frame from an API process
LATENCY_REPORT_TTL_S = 90.0
YIELD_EVERY = 20


class LatencyReports:
    """The latest latency report of each API process; stale ones (a dead worker) expire."""

    def __init__(self) -> None:
        self._reports: dict[str, tuple[float, dict[str, Any]]] = {}

    def note(self, report: dict[str, Any]) -> None:
        reporter = str(report.get("reporter", "?"))
        self._reports[reporter] = (time.monotonic(), report)

    def summary(self) -> dict[str, Any] | None:
        cutoff = time.monotonic() - LATENCY_REPORT_TTL_S
        self._reports = {k: v for k, v in self._reports.items() if v[0] >= cutoff}
        if not self._reports:
            return None
        merged = histogram.merge(report for _, report in self._reports.values())
        return {**merged, "window_s": histogram.WINDOW_S, "processes": len(self._reports)}


class Ingest:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.latency = LatencyReports()
        self.publishers = 0
        self.received = 0
        self.rejected = 0
        self.on_revoked: Callable[[dict[str, Any]], None] | None = None  # users mode: the server re-checks

    def accept(self, item: Any, seq: int | None = None) -> None:
        """One event as a publisher serialised it: {"topic", "type", "ts", "data"}."""
        if not isinstance(item, dict):
            self.rejected += 1
            return
        topic, type_, data, ts = item.get("topic"), item.get("type"), item.get("data"), item.get("ts")
        if topic == INTERNAL_TOPIC:
            if type_ == API_LATENCY and isinstance(data, dict):
                self.latency.note(data)
            elif type_ == SIGN_IN_REVOKED and isinstance(data, dict) and self.on_revoked is not None:
                self.on_revoked(data)
            return
        if topic not in TOPICS or not isinstance(type_, str) or not isinstance(data, dict):
            self.rejected += 1
            log.warning("rejected event type=%r topic=%r", type_, topic)
            return
        self.received += 1
        self.hub.publish(type_, topic, data, ts=ts if isinstance(ts, str) else None, seq=seq)

    def parse_frame(self, frame: str | bytes) -> list[Any]:
        """A publisher's frame: one event or a JSON array of them."""
        try:
            items = json.loads(frame)
        except ValueError:
            self.rejected += 1
            return []
        return items if isinstance(items, list) else [items]

    async def serve_publisher(self, conn: ServerConnection) -> None:
        """An authenticated API process (checked at the handshake) sending batches."""
        conn.protocol.max_message_size = PUBLISHER_MAX_BYTES
        self.publishers += 1
        try:
            async for frame in conn:
                for n, item in enumerate(self.parse_frame(frame), 1):
                    self.accept(item)
                    if n % YIELD_EVERY == 0:  # a big batch must not starve clients, pings, /health
                        await asyncio.sleep(0)
        except ConnectionClosed:
            pass
        finally:
            self.publishers -= 1

    def stats(self) -> dict[str, Any]:
        return {"publishers": self.publishers, "received": self.received, "rejected": self.rejected}
