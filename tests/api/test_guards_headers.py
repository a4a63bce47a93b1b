"""Security headers on every response, a CSP the pages pass (issue 11 row 17)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest

from datapulse.api import frontend
from datapulse.api.app import create_app
from datapulse.bus.base import MemoryBus
from datapulse.settings import Settings


def _assert_headers(response: Any) -> str:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    csp = str(response.headers["Content-Security-Policy"])
    assert "frame-ancestors 'none'" in csp
    return csp


@pytest.mark.parametrize(
    "method,path",
    [("get", "/"), ("get", "/api/docs"), ("get", "/api/health"), ("get", "/api/nope"), ("post", "/api/query")],
)
def test_every_response_carries_the_headers(client: Any, method: str, path: str) -> None:
    """Pages, JSON answers and errors alike: nosniff and no framing."""
    response = getattr(client, method)(path)
    _assert_headers(response)
    response.close()


def test_docs_page_csp_allows_exactly_its_inline_script(client: Any) -> None:
    """The offline docs page keeps working: its one inline script is allowed by hash, nothing else."""
    response = client.get("/api/docs")
    csp = _assert_headers(response)
    inline = re.findall(rb"<script>(.*?)</script>", response.data, re.DOTALL)
    assert inline, "the docs page has its start-up script inline"
    for body in inline:
        assert f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "'unsafe-eval'" not in csp and "default-src 'self'" in csp


def test_built_ui_page_allows_its_websocket(
    settings: Settings, bus: MemoryBus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The UI's index.html: scripts from the platform only, WebSocket to our own server."""
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text('<!doctype html><script type="module" src="/assets/a.js"></script>')
    monkeypatch.setattr(frontend.init_app, "__defaults__", (dist,))
    app = create_app(settings, bus=bus)
    for path in ("/", "/files"):
        response = app.test_client().get(path)
        assert response.status_code == 200 and response.mimetype == "text/html"
        csp = _assert_headers(response)
        assert "script-src 'self';" in csp
        assert f"ws://127.0.0.1:{settings.WS_PORT}" in csp and f"ws://localhost:{settings.WS_PORT}" in csp
        response.close()
    app.extensions["datapulse"].db.dispose()
