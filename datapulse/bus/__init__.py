"""Event bus: `make_bus(settings)` picks the transport (local WebSocket server or Redis)."""

from __future__ import annotations

from typing import Any

from datapulse.bus.base import EventBus, MemoryBus, emit

__all__ = ["EventBus", "MemoryBus", "emit", "make_bus"]


def make_bus(settings: Any) -> EventBus:
    """Redis when REDIS_URL is set (several machines share one stream), otherwise straight
    to the WebSocket server on this machine. Neither connects before the first publish."""
    if settings.REDIS_URL:
        from datapulse.bus.redis_stream import RedisBus

        return RedisBus.from_settings(settings)
    from datapulse.bus.local import LocalBus

    return LocalBus.from_settings(settings)
