"""`url` sources against a real local HTTP server: the address guard, redirects,
time-out, size cap, JSON paths, and connecting to the address that was checked."""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from datapulse.datasources import guard
from datapulse.datasources.fetch_url import FetchPolicy, fetch_to_file
from datapulse.errors import DataPulseError, ForbiddenAddress

CSV = b"city,temp\nBerlin,12.5\nParis,14.0\nRome,19.25\n"
DOC = {"meta": {"count": 2}, "data": {"items": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]}}


class Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, *_args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/csv", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        self.server.seen.append({"path": self.path, "host": self.headers.get("Host"), "headers": dict(self.headers)})
        if parts.path == "/data.csv":
            self._send(200, CSV)
        elif parts.path == "/data.json":
            self._send(200, json.dumps(DOC).encode(), "application/json")
        elif parts.path == "/list.json":
            self._send(200, json.dumps(DOC["data"]["items"]).encode(), "application/json")
        elif parts.path == "/redirect":
            self._send(302, b"", headers={"Location": query["to"][0]})
        elif parts.path.startswith("/chain/"):
            left = int(parts.path.rsplit("/", 1)[1])
            self._send(302, b"", headers={"Location": f"/chain/{left - 1}" if left else "/data.csv"})
        elif parts.path == "/big":  # no Content-Length: only the streamed count can stop it
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.end_headers()
            self.wfile.write(b"n\n")
            for _ in range(64):
                self.wfile.write(b"1\n" * 16384)
        elif parts.path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
        elif parts.path == "/slow":
            self.server.release.wait(30)  # set at teardown
            self._send(200, CSV)
        elif parts.path == "/private":
            if self.headers.get("X-Token") != "s3cret":
                self._send(401, b"no")
            else:
                self._send(200, CSV)
        else:
            self._send(404, b"missing")


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    """A real HTTP server on 127.0.0.1 (port 0), stopped at the end even on failure."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.seen = []  # type: ignore[attr-defined]
    server.release = threading.Event()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()  # type: ignore[attr-defined]
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def http_server(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def settings(settings):  # type: ignore[no-untyped-def]
    """The loopback test server is let through on purpose, with a small cap and time-out."""
    return settings.replace(URL_SOURCE_ALLOWLIST=("127.0.0.1",), URL_FETCH_MAX_MB=1, URL_FETCH_TIMEOUT_S=1.0)


def url_body(url: str, **config: Any) -> dict[str, Any]:
    return {"name": "Weather", "type": "url", "config": {"url": url, **config}}


def policy(allow: tuple[str, ...] = ("127.0.0.1",), timeout: float = 2.0, max_bytes: int = 1 << 20) -> FetchPolicy:
    return FetchPolicy(guard.Allowlist(allow), timeout, max_bytes)


def test_csv_url_source(client, http_server) -> None:  # type: ignore[no-untyped-def]
    """A CSV over HTTP becomes version 1 with its rows."""
    r = client.post("/api/datasources", json=url_body(f"{http_server}/data.csv"))
    assert r.status_code == 201 and r.json["status"] == "ready", r.json
    data = client.get(f"/api/datasources/{r.json['id']}/data").json
    assert data["columns"] == ["city", "temp"] and data["rows"][2] == ["Rome", 19.25]


def test_json_url_source_with_json_path(client, http_server) -> None:  # type: ignore[no-untyped-def]
    """`json_path` picks the records out of a JSON document."""
    r = client.post(
        "/api/datasources", json=url_body(f"{http_server}/data.json", format="json", json_path="$.data.items")
    )
    assert r.json["status"] == "ready", r.json
    data = client.get(f"/api/datasources/{r.json['id']}/data").json
    assert data["columns"] == ["id", "name"] and data["rows"] == [[1, "a"], [2, "b"]]


def test_json_array_without_path(client, http_server) -> None:  # type: ignore[no-untyped-def]
    """A top-level JSON array needs no path."""
    r = client.post("/api/datasources", json=url_body(f"{http_server}/list.json", format="json"))
    assert r.json["status"] == "ready" and r.json["rows"] == 2


def test_json_path_missing_fails_with_reason(client, http_server) -> None:  # type: ignore[no-untyped-def]
    """A path that is not in the document marks the source failed, saying where it stopped."""
    r = client.post("/api/datasources", json=url_body(f"{http_server}/data.json", format="json", json_path="data.rows"))
    assert r.json["status"] == "failed" and "data.rows" in r.json["error"]


def test_headers_are_sent(client, http_server) -> None:  # type: ignore[no-untyped-def]
    """Configured headers reach the server (and without them the fetch fails with the status)."""
    ok = client.post("/api/datasources", json=url_body(f"{http_server}/private", headers={"X-Token": "s3cret"}))
    assert ok.json["status"] == "ready"
    denied = client.post("/api/datasources", json=url_body(f"{http_server}/private"))
    assert denied.json["status"] == "failed" and "401" in denied.json["error"]


def test_without_allowlist_loopback_is_refused(app, client, http_server, settings) -> None:  # type: ignore[no-untyped-def]
    """The same URL is refused at creation (422 forbidden_address) when the allowlist is empty."""
    app.extensions["datapulse"].settings = settings.replace(URL_SOURCE_ALLOWLIST=())
    r = client.post("/api/datasources", json=url_body(f"{http_server}/data.csv"))
    assert r.status_code == 422 and r.json["error"]["code"] == "forbidden_address"
    assert r.json["error"]["details"]["reason"] == "loopback"


def test_checked_again_at_every_fetch(app, client, http_server, settings) -> None:  # type: ignore[no-untyped-def]
    """A source created while allowed fails its next refresh once the allowlist no longer lets it through."""
    ds = client.post("/api/datasources", json=url_body(f"{http_server}/data.csv")).json
    app.extensions["datapulse"].settings = settings.replace(URL_SOURCE_ALLOWLIST=())
    r = client.post(f"/api/datasources/{ds['id']}/refresh").json
    assert r["status"] == "failed" and "loopback" in r["error"] and r["version"] == 1


@pytest.mark.parametrize(
    "target",
    ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/x.csv", "http://[::1]/x", "file:///etc/passwd"],
)
def test_redirect_to_forbidden_address_is_refused(client, http_server, target) -> None:  # type: ignore[no-untyped-def]
    """A redirect is checked like the first URL: metadata, private, loopback v6 and non-http are refused."""
    r = client.post("/api/datasources", json=url_body(f"{http_server}/redirect?to={target}"))
    assert r.json["status"] == "failed"
    assert "URL_SOURCE_ALLOWLIST" in r.json["error"] or "http and https" in r.json["error"]


def test_redirects_followed_up_to_three(client, http_server) -> None:  # type: ignore[no-untyped-def]
    """Three redirects are followed; a fourth is refused."""
    ok = client.post("/api/datasources", json=url_body(f"{http_server}/chain/2"))
    assert ok.json["status"] == "ready", ok.json
    too_many = client.post("/api/datasources", json=url_body(f"{http_server}/chain/3"))
    assert too_many.json["status"] == "failed" and "redirects" in too_many.json["error"]


def test_too_large_body_is_refused_while_streaming(client, http_server, settings) -> None:  # type: ignore[no-untyped-def]
    """A body over URL_FETCH_MAX_MB is aborted (with or without Content-Length) and leaves no file."""
    for path in ("/big", "/big-declared"):
        r = client.post("/api/datasources", json=url_body(f"{http_server}{path}"))
        assert r.json["status"] == "failed" and "URL_FETCH_MAX_MB" in r.json["error"], r.json
        work = settings.DATA_DIR / "datasets" / r.json["id"] / "tmp"
        assert list(work.iterdir()) == []


def test_slow_server_times_out(client, http_server) -> None:  # type: ignore[no-untyped-def]
    """A server slower than URL_FETCH_TIMEOUT_S (1 s here) fails the refresh with a time-out.

    The server holds the answer until teardown, so only the time-out can end the fetch."""
    r = client.post("/api/datasources", json=url_body(f"{http_server}/slow"))
    assert r.json["status"] == "failed" and "URL_FETCH_TIMEOUT_S" in r.json["error"]


def test_connects_to_the_checked_address_with_the_host_header(server, http_server, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The fetch connects to the address the guard checked (no second DNS lookup) and sends the name as Host."""
    port = int(http_server.rsplit(":", 1)[1])
    calls: list[str] = []

    def fake_getaddrinfo(host: str, *_args: Any, **_kwargs: Any) -> list[Any]:
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(guard.socket, "getaddrinfo", fake_getaddrinfo)
    result = fetch_to_file(f"http://data.example.test:{port}/data.csv", tmp_path / "out", policy())
    assert result.status == 200 and (tmp_path / "out").read_bytes() == CSV
    names = [c for c in calls if not c.replace(".", "").isdigit()]
    assert names == ["data.example.test"]  # the name is resolved once, by the guard
    assert server.seen[-1]["host"] == f"data.example.test:{port}"


def test_every_resolved_address_must_pass(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """One private record among public ones is enough to refuse the host."""
    answers = [("93.184.216.34", 80), ("10.1.2.3", 80)]
    monkeypatch.setattr(
        guard.socket,
        "getaddrinfo",
        lambda *_a, **_k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", a) for a in answers],
    )
    with pytest.raises(ForbiddenAddress) as info:
        fetch_to_file("http://mixed.example.test/x.csv", tmp_path / "out", policy(allow=()))
    assert info.value.details["address"] == "10.1.2.3"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "10.1.2.3", "172.16.5.4", "192.168.1.1", "169.254.169.254", "169.254.1.1", "100.64.0.1",
        "100.127.255.254", "224.0.0.1", "239.1.2.3", "0.0.0.0", "240.0.0.1", "255.255.255.255", "::1", "::",
        "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:a00:1::1",
        "64:ff9b::a00:1",
    ],
)  # fmt: skip
def test_forbidden_addresses(address) -> None:  # type: ignore[no-untyped-def]
    """Loopback, private, link-local, CGNAT, multicast, unspecified, reserved, metadata, embedded: refused."""
    assert guard.forbidden_reason(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "1.1.1.1"])
def test_public_addresses_pass(address) -> None:  # type: ignore[no-untyped-def]
    """Public unicast addresses pass the guard."""
    assert guard.forbidden_reason(ipaddress.ip_address(address)) is None


def test_allowlist_hosts_and_networks() -> None:
    """The allowlist matches host names exactly and addresses by network."""
    allow = guard.Allowlist(["intranet.local", "10.0.0.0/8", "fd00::/8"])
    assert allow.allows("INTRANET.local.", ipaddress.ip_address("192.168.1.1"))
    assert allow.allows("x", ipaddress.ip_address("10.9.8.7"))
    assert allow.allows("x", ipaddress.ip_address("fd00:ec2::254"))
    assert not allow.allows("x", ipaddress.ip_address("192.168.1.1"))
    assert not allow.allows("other.local", ipaddress.ip_address("127.0.0.1"))


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x.csv", "file:///etc/passwd", "gopher://127.0.0.1:70/", "http://0x7f000001/x"]
)
def test_scheme_and_numeric_hosts_refused_at_creation(client, url, app, settings) -> None:  # type: ignore[no-untyped-def]
    """Only http and https; a loopback address spelled as a number is still loopback."""
    app.extensions["datapulse"].settings = settings.replace(URL_SOURCE_ALLOWLIST=())
    r = client.post("/api/datasources", json=url_body(url))
    assert r.status_code == 422 and r.json["error"]["code"] == "forbidden_address"


def test_unresolvable_host_is_created_and_fails(client) -> None:  # type: ignore[no-untyped-def]
    """A host that does not resolve yet is accepted at creation and fails its fetch with the reason."""
    r = client.post("/api/datasources", json=url_body("http://no-such-host.invalid/data.csv"))
    assert r.status_code == 201 and r.json["status"] == "failed" and "resolve" in r.json["error"]


def test_fetch_error_types_are_datapulse_errors(tmp_path: Path, http_server: str) -> None:
    """A 404 from the server becomes a DataPulseError naming the status."""
    with pytest.raises(DataPulseError) as info:
        fetch_to_file(f"{http_server}/missing", tmp_path / "x", policy())
    assert info.value.details["status"] == 404
