"""Chat endpoints (placeholder until its issue lands)."""

from __future__ import annotations

from apiflask import APIBlueprint

bp = APIBlueprint("chat", __name__, url_prefix="/api", tag="Chat")
