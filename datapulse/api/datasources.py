"""Datasources endpoints (placeholder until its issue lands)."""

from __future__ import annotations

from apiflask import APIBlueprint

bp = APIBlueprint("datasources", __name__, url_prefix="/api", tag="Datasources")
