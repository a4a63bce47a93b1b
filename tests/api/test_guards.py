"""Host and Origin checks before any work (SPEC 2, issue 11 rows 1-2)."""

from __future__ import annotations

import http.client
import io
from collections.abc import Iterator
from typing import Any

import pytest

from datapulse.api.app import create_app
from datapulse.bus.base import MemoryBus
from datapulse.settings import Settings
from tests.conftest import migrated
from tests.files.helpers import MULTIPART, csv_bytes, upload
from tests.serving import serving

EVIL = "http://evil.example"


def _error(response: Any) -> tuple[int, str]:
    return response.status_code, response.get_json()["error"]["code"]


@pytest.fixture
def stored(client: Any) -> str:
    response = upload(client, (csv_bytes(), "sales.csv"))
    assert response.status_code == 201
    return str(response.get_json()["files"][0]["id"])


def test_foreign_host_is_refused_before_any_work(client: Any, stored: str) -> None:
    """A DNS-rebinding page (Host: attacker.example) can neither delete, read nor query."""
    rebound = {"Host": "attacker.example:5000"}
    assert _error(client.delete(f"/api/files/{stored}", headers=rebound)) == (400, "host_not_allowed")
    assert _error(client.get(f"/api/files/{stored}/download", headers=rebound)) == (400, "host_not_allowed")
    query = client.post("/api/query", json={"sql": "SELECT 1"}, headers=rebound)
    assert _error(query) == (400, "host_not_allowed")
    assert _error(client.get("/", headers=rebound)) == (400, "host_not_allowed")
    assert client.get(f"/api/files/{stored}").status_code == 200  # nothing changed


@pytest.mark.parametrize(
    "host", ["localhost", "127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "127.0.0.1:1", "localhost:80"]
)
def test_own_address_and_its_loopback_forms_are_accepted(client: Any, settings: Settings, host: str) -> None:
    """The platform's own address, and the loopback names of it, on any port (a test server,
    a proxy): rebinding is stopped by the name, which a rebound page cannot choose."""
    response = client.get("/api/files", headers={"Host": host.format(port=settings.FLASK_PORT)})
    assert response.status_code == 200


@pytest.mark.parametrize("host", ["10.0.0.5:{port}", "", "localhost:x", "evil.localhost.example"])
def test_other_names_are_refused(client: Any, settings: Settings, host: str) -> None:
    """A private address, a bad port, a look-alike: all refused."""
    response = client.get("/api/files", headers={"Host": host.format(port=settings.FLASK_PORT)})
    assert _error(response) == (400, "host_not_allowed")


def test_allowed_hosts_lets_a_proxy_name_through(settings: Settings, bus: MemoryBus) -> None:
    """ALLOWED_HOSTS names the proxy's host (any port) or one host:port."""
    app = create_app(migrated(settings.replace(ALLOWED_HOSTS=("data.example.org", "other.example:8443"))), bus=bus)
    client = app.test_client()
    assert client.get("/api/files", headers={"Host": "data.example.org"}).status_code == 200
    assert client.get("/api/files", headers={"Host": "data.example.org:443"}).status_code == 200
    assert client.get("/api/files", headers={"Host": "other.example:8443"}).status_code == 200
    assert _error(client.get("/api/files", headers={"Host": "other.example:9"})) == (400, "host_not_allowed")
    app.extensions["datapulse"].db.dispose()


def test_foreign_origin_cannot_upload_with_multipart(client: Any) -> None:
    """A cross-site form post (a simple request, no preflight) stores nothing."""
    data = {"file": [(io.BytesIO(csv_bytes()), "x.csv")]}
    response = client.post("/api/files", data=data, content_type=MULTIPART, headers={"Origin": EVIL})
    assert _error(response) == (403, "origin_not_allowed")
    assert client.get("/api/files").get_json()["total"] == 0


@pytest.mark.parametrize(
    "method,path",
    [
        ("post", "/api/datasources/{id}/refresh"),
        ("post", "/api/chat/runs/{id}/cancel"),
        ("post", "/api/query"),
        ("delete", "/api/files/{id}"),
        ("put", "/api/datasources/{id}"),
    ],
)
def test_foreign_origin_cannot_change_state_with_text_plain(client: Any, stored: str, method: str, path: str) -> None:
    """text/plain bodies and DELETE from another site are refused before routing to work."""
    call = getattr(client, method)
    response = call(path.format(id=stored), data="{}", content_type="text/plain", headers={"Origin": EVIL})
    assert _error(response) == (403, "origin_not_allowed")
    null = call(path.format(id=stored), data="{}", content_type="text/plain", headers={"Origin": "null"})
    assert _error(null) == (403, "origin_not_allowed")
    assert client.get(f"/api/files/{stored}").status_code == 200


def test_own_and_listed_origins_and_no_origin_may_change_state(settings: Settings, bus: MemoryBus) -> None:
    """The UI's own origin, CORS_ORIGINS and scripts without Origin keep working."""
    app = create_app(migrated(settings.replace(CORS_ORIGINS=("http://ui.example:5173",))), bus=bus)
    client = app.test_client()
    for origin in (settings.api_origin, f"http://localhost:{settings.FLASK_PORT}", "http://ui.example:5173", None):
        headers = {"Origin": origin} if origin else {}
        response = client.post("/api/query", json={"sql": "SELECT 1 AS one"}, headers=headers)
        assert response.status_code == 200, (origin, response.get_json())
    safe = client.get("/api/files", headers={"Origin": EVIL})  # reads are CORS's business
    assert safe.status_code == 200 and "Access-Control-Allow-Origin" not in safe.headers
    app.extensions["datapulse"].db.dispose()


def test_wildcard_host_accepts_ip_literals_and_the_pages_own_origin(settings: Settings, bus: MemoryBus) -> None:
    """HOST=0.0.0.0: a LAN browser on http://192.168.1.5:PORT may use the UI; names still may not."""
    app = create_app(migrated(settings.replace(HOST="0.0.0.0")), bus=bus)
    client = app.test_client()
    lan = f"192.168.1.5:{settings.FLASK_PORT}"
    response = client.post("/api/query", json={"sql": "SELECT 1"}, headers={"Host": lan, "Origin": f"http://{lan}"})
    assert response.status_code == 200
    other = client.post("/api/query", json={"sql": "SELECT 1"}, headers={"Host": lan, "Origin": "http://10.1.1.1"})
    assert _error(other) == (403, "origin_not_allowed")
    rebound = client.get("/api/files", headers={"Host": f"attacker.example:{settings.FLASK_PORT}"})
    assert _error(rebound) == (400, "host_not_allowed")
    app.extensions["datapulse"].db.dispose()


@pytest.fixture
def served(app: Any) -> Iterator[int]:
    with serving(app) as port:
        yield port


def test_rebinding_over_a_real_socket_on_loopback(served: int, stored: str, client: Any) -> None:
    """The same refusal over TCP on 127.0.0.1, with a JSON body (never HTML)."""
    conn = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    conn.request("DELETE", f"/api/files/{stored}", headers={"Host": f"attacker.example:{served}"})
    reply = conn.getresponse()
    body = reply.read()
    assert reply.status == 400 and reply.getheader("Content-Type") == "application/json"
    assert b'"host_not_allowed"' in body
    conn.close()
    assert client.get(f"/api/files/{stored}").status_code == 200
