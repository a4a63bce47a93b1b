"""Serves the built UI (`vue-frontend/dist`) at the API's own address, with an SPA fallback."""

from __future__ import annotations

from pathlib import Path

from apiflask import APIFlask
from flask import Response, abort, jsonify, send_from_directory
from werkzeug.routing import PathConverter

from datapulse.settings import Settings

DIST = Path(__file__).resolve().parents[2] / "vue-frontend" / "dist"


class UIPath(PathConverter):
    """Any path except under `api/`, so that API paths keep their own 404/405 and Allow."""

    regex = r"(?!api(?:/|$))[^/].*?"


def init_app(app: APIFlask, settings: Settings, dist: Path = DIST) -> None:
    app.url_map.converters["ui_path"] = UIPath

    @app.get("/")
    @app.get("/<ui_path:path>")
    @app.doc(hide=True)
    def ui(path: str = "") -> Response:
        if path.startswith("api/") or path == "api":
            abort(404)
        index = dist / "index.html"
        if not index.is_file():
            return jsonify(
                {
                    "name": "DataPulse API",
                    "docs": "/api/docs",
                    "ui": "not built: run `make run` (or `npm run build` in vue-frontend/)",
                }
            )
        if path and (dist / path).is_file():
            cache = 31536000 if path.startswith("assets/") else 0
            return send_from_directory(dist, path, max_age=cache)
        response = send_from_directory(dist, "index.html", max_age=0)
        response.headers["Cache-Control"] = "no-cache"
        return response
