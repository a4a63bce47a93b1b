"""Batch endpoints (placeholder until its issue lands)."""

from __future__ import annotations

from apiflask import APIBlueprint

bp = APIBlueprint("batch", __name__, url_prefix="/api", tag="Batch")
