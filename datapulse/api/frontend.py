"""Serves the built UI (`vue-frontend/dist`) at the API's own address, with an SPA fallback.

The build writes a `.br` and a `.gz` next to each text asset (vue-frontend/vite.precompress.ts);
a request whose `Accept-Encoding` allows one gets that file with `Content-Encoding` and the
original's `Content-Type`, else the plain file. Every answer that could differ by encoding
says `Vary: Accept-Encoding`, so that caches keep the variants apart.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from apiflask import APIFlask
from flask import Response, abort, jsonify, request, send_from_directory
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header
from werkzeug.routing import PathConverter

from datapulse.settings import Settings

DIST = Path(__file__).resolve().parents[2] / "vue-frontend" / "dist"
ASSET_MAX_AGE = 31536000  # hashed names: a changed file has a new name
# Preferred first: Brotli is smaller than gzip for the same file.
ENCODINGS: tuple[tuple[str, str], ...] = (("br", ".br"), ("gzip", ".gz"))


class UIPath(PathConverter):
    """Any path except under `api/`, so that API paths keep their own 404/405 and Allow."""

    regex = r"(?!api(?:/|$))[^/].*?"


def accepted_encodings(header: str | None) -> set[str]:
    """The content codings `header` accepts (q > 0); `*` stands for every one not named."""
    if not header:
        return set()
    accept = parse_accept_header(header, MIMEAccept)
    named = {value.lower(): quality for value, quality in accept}
    wildcard = named.pop("*", 0)
    chosen = {name for name, quality in named.items() if quality > 0}
    if wildcard > 0:
        chosen |= {name for name, _ in ENCODINGS if name not in named}
    return chosen


def negotiate(dist: Path, path: str, header: str | None) -> tuple[str, str | None]:
    """The file to send for `path` (relative to `dist`) and its content coding (None: plain)."""
    accepted = accepted_encodings(header)
    for encoding, suffix in ENCODINGS:
        if encoding in accepted and (dist / f"{path}{suffix}").is_file():
            return f"{path}{suffix}", encoding
    return path, None


def send_static(dist: Path, path: str, max_age: int) -> Response:
    """`path` from `dist`, precompressed where the client accepts it, with the right headers."""
    name, encoding = negotiate(dist, path, request.headers.get("Accept-Encoding"))
    mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = send_from_directory(dist, name, max_age=max_age, mimetype=mimetype)
    if encoding is not None:
        response.headers["Content-Encoding"] = encoding
    if any((dist / f"{path}{suffix}").is_file() for _, suffix in ENCODINGS):
        response.vary.add("Accept-Encoding")
    return response


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
            cache = ASSET_MAX_AGE if path.startswith("assets/") else 0
            return send_static(dist, path, cache)
        response = send_static(dist, "index.html", 0)
        response.headers["Cache-Control"] = "no-cache"
        return response
