"""Reports that travel on the bus for the WebSocket server's own use, never broadcast."""

from __future__ import annotations

from typing import Final

INTERNAL_TOPIC: Final = "_internal"
# The API's request latency over the last minute (datapulse.api.latency).
API_LATENCY: Final = "api_latency"
