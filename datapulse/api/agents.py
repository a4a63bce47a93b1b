"""Agents endpoints (placeholder until its issue lands)."""

from __future__ import annotations

from apiflask import APIBlueprint

bp = APIBlueprint("agents", __name__, url_prefix="/api", tag="Agents")
