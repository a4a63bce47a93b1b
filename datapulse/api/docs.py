"""Serves the Swagger UI assets from the installed swagger-ui-bundle: no CDN, works offline."""

from __future__ import annotations

from pathlib import Path

import swagger_ui_bundle
from apiflask import APIFlask
from flask import Response, abort, send_from_directory

ASSETS = Path(swagger_ui_bundle.swagger_ui_path)


def init_app(app: APIFlask) -> None:
    @app.get("/api/docs/static/<path:name>")
    @app.doc(hide=True)
    def docs_asset(name: str) -> Response:
        if name == "favicon.png":
            name = "favicon-32x32.png"
        if not (ASSETS / name).is_file():
            abort(404)
        return send_from_directory(ASSETS, name, max_age=86400)
