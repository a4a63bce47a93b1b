"""System endpoints: `/api/config` (the UI's settings) and `/api/system/metrics`."""

from __future__ import annotations

from apiflask import APIBlueprint
from flask import Response, jsonify

from datapulse.api.services import services

bp = APIBlueprint("system", __name__, url_prefix="/api", tag="System")


@bp.get("/config")
@bp.doc(summary="The configuration the UI reads (no secrets)")
def frontend_config() -> Response:
    return jsonify(services().settings.frontend())
