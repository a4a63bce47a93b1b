"""Event bus: `make_bus(settings)` picks the transport (local WebSocket server or Redis)."""

from __future__ import annotations

from datapulse.bus.base import EventBus, MemoryBus, emit

__all__ = ["EventBus", "MemoryBus", "emit"]


def make_bus(settings: object) -> EventBus:
    """The transport for these settings (placeholder: the realtime issue adds local and Redis)."""
    return MemoryBus()
