"""The built UI: precompressed assets negotiated by Accept-Encoding, the plain file
otherwise, the right Content-Type and Vary, and the SPA fallback."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from datapulse.api import frontend
from datapulse.settings import Settings

SCRIPT = b"export const answer = 42;\n" * 200


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text('<!doctype html><script type="module" src="/assets/app.js"></script>')
    (root / "assets" / "app.js").write_bytes(SCRIPT)
    (root / "assets" / "app.js.gz").write_bytes(gzip.compress(SCRIPT))
    (root / "assets" / "app.js.br").write_bytes(b"brotli bytes stand-in")
    (root / "assets" / "plain.css").write_text("body{color:red}")
    return root


def fetch(ui: FlaskClient, path: str, accept_encoding: str | None = None) -> TestResponse:
    """GET `path`, its body read and the file closed."""
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding is not None else {}
    response = ui.get(path, headers=headers)
    response.get_data()
    response.close()
    return response


@pytest.fixture
def ui(settings: Settings, dist: Path) -> FlaskClient:
    app = APIFlask(__name__)
    frontend.init_app(app, settings, dist=dist)
    return app.test_client()


def test_brotli_preferred_when_accepted(ui: FlaskClient) -> None:
    """A client accepting br and gzip gets the .br file, typed as JavaScript, cached for a year."""
    response = fetch(ui, "/assets/app.js", "gzip, deflate, br")
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert response.data == b"brotli bytes stand-in"
    assert response.mimetype in ("text/javascript", "application/javascript")
    assert "Accept-Encoding" in response.headers["Vary"]
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_gzip_when_only_gzip_accepted(ui: FlaskClient) -> None:
    """gzip only: the .gz file, which decompresses to the original bytes."""
    response = fetch(ui, "/assets/app.js", "gzip")
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == SCRIPT
    assert response.mimetype in ("text/javascript", "application/javascript")


@pytest.mark.parametrize("header", [None, "identity", "br;q=0, gzip;q=0", "deflate"])
def test_plain_file_otherwise(ui: FlaskClient, header: str | None) -> None:
    """No acceptable coding (or q=0): the plain file, no Content-Encoding, still Vary."""
    response = fetch(ui, "/assets/app.js", header)
    assert "Content-Encoding" not in response.headers
    assert response.data == SCRIPT
    assert "Accept-Encoding" in response.headers["Vary"]


def test_wildcard_accepts_both(ui: FlaskClient) -> None:
    """`*` allows every coding not refused by name."""
    response = fetch(ui, "/assets/app.js", "br;q=0, *")
    assert response.headers["Content-Encoding"] == "gzip"


def test_asset_without_compressed_copy(ui: FlaskClient) -> None:
    """A file the build did not compress is sent as it is, with no Vary to split caches."""
    response = fetch(ui, "/assets/plain.css", "gzip, br")
    assert "Content-Encoding" not in response.headers
    assert response.mimetype == "text/css"
    assert "Vary" not in response.headers or "Accept-Encoding" not in response.headers["Vary"]


def test_spa_fallback_serves_index(ui: FlaskClient) -> None:
    """A client route gets index.html, not cached; API paths are not the UI's."""
    response = fetch(ui, "/system", "gzip")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert b"/assets/app.js" in response.data
    assert response.headers["Cache-Control"] == "no-cache"
    assert fetch(ui, "/api/nothing").status_code == 404


def test_accepted_encodings_parsing() -> None:
    """q-values and the wildcard decide; names are case-insensitive."""
    assert frontend.accepted_encodings("GZIP, br;q=0.5") == {"gzip", "br"}
    assert frontend.accepted_encodings("gzip;q=0") == set()
    assert frontend.accepted_encodings("*;q=0") == set()
    assert frontend.accepted_encodings("") == set()
