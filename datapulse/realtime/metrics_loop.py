"""Broadcast system metrics every METRICS_INTERVAL seconds while anyone listens on `system`.

The API's request latency comes from the API itself: each API process publishes a
mergeable latency histogram on the bus now and then (datapulse.api.latency), and we
merge the latest report of each. We chose push over polling `GET /api/system/metrics`
because a poll would reach one gunicorn worker at random and see only its requests,
and because the WebSocket server then needs neither the API's address nor the API up.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

from datapulse.events import SYSTEM, iso
from datapulse.metrics.system import AlertTracker, SystemSampler

log = logging.getLogger(__name__)

Publish = Callable[[str, dict[str, Any]], Awaitable[None]]
Gate = Callable[[], Awaitable[bool]]


class Sampler(Protocol):
    def sample(self) -> dict[str, Any]: ...


SamplerFactory = Callable[[Path], Sampler]


class MetricsLoop:
    def __init__(
        self,
        settings: Any,
        listeners: Callable[[], int],
        extra: Callable[[], dict[str, Any]],
        publish: Publish,
        may_publish: Gate | None = None,
        make_sampler: SamplerFactory = SystemSampler,
    ) -> None:
        """`make_sampler` is injectable so that tests do not read the machine's real load."""
        self.interval = settings.METRICS_INTERVAL
        self.upload_folder = settings.UPLOAD_FOLDER
        self.alerts = AlertTracker(settings.ALERT_CPU_PCT, settings.ALERT_MEMORY_PCT, settings.ALERT_DISK_PCT)
        self.listeners = listeners
        self.extra = extra
        self.publish = publish
        self.may_publish = may_publish
        self.make_sampler = make_sampler
        self.sampler: Sampler | None = None
        self.sent = 0

    async def run(self) -> None:
        while True:
            started = time.monotonic()
            try:
                await self.tick()
            except Exception:  # noqa: BLE001 - one bad sample must not end the broadcasts
                log.exception("system metrics failed")
            await asyncio.sleep(max(0.0, self.interval - (time.monotonic() - started)))

    async def tick(self) -> bool:
        """One round: sample and publish when someone listens (and we hold the lease)."""
        if self.sampler is None:
            self.sampler = await asyncio.to_thread(self.make_sampler, self.upload_folder)
            return False
        if not self.listeners():
            return False
        if self.may_publish is not None and not await self.may_publish():
            return False
        metrics = await asyncio.to_thread(self.sampler.sample)
        metrics.update(self.extra())
        metrics["health"] = self.alerts.evaluate(metrics)
        change = self.alerts.update(metrics)
        await self.publish("system_metrics", metrics)
        if change is not None:
            await self.publish("system_health", {**change, "at": iso()})
        self.sent += 1
        return True


__all__ = ["MetricsLoop", "SYSTEM"]
