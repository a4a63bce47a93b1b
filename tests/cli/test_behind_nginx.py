"""Behind real nginx with the configuration `datapulse deploy --target nginx` writes: nginx
names each client (its real peer) in X-Forwarded-For and limits each client address's
connections and request rate, in the API's JSON error shape; the API (TRUSTED_PROXIES
set to nginx's address) gives each client address its own rate-limit budget, and a
header a client forges gives it no new one.

Clients come from 127.0.0.2, 127.0.0.3 ...: all of 127/8 is loopback on Linux, so
binding a socket's source to one of them gives nginx a different peer address.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from datapulse.ops.deploy import nginx_conf, profile
from tests.api.gunicorn_server import gunicorn
from tests.cli.test_deploy import need
from tests.conftest import free_port
from tests.launcher.conftest import wait_until

Answer = tuple[int, dict[str, str], Any]


def ask(
    port: int, path: str, source: str, method: str = "GET", body: Any = None, headers: dict[str, str] | None = None
) -> Answer:
    """One request from `source` (a 127/8 address), its status, headers and JSON body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    try:
        payload = None if body is None else json.dumps(body)
        sent = {"Host": "127.0.0.1", **({"Content-Type": "application/json"} if payload else {}), **(headers or {})}
        conn.request(method, path, body=payload, headers=sent)
        reply = conn.getresponse()
        raw = reply.read()
        headers = {k.lower(): v for k, v in reply.getheaders()}
        is_json = headers.get("content-type", "").startswith("application/json")
        return reply.status, headers, json.loads(raw) if is_json else raw.decode(errors="replace")
    finally:
        conn.close()


@contextmanager
def nginx_before(tmp_path: Path, api_port: int, **changes: Any) -> Iterator[int]:
    """nginx with the generated configuration (the staging profile's, with `changes`)
    before the API on `api_port`; yields nginx's port."""
    port = free_port()
    ui = tmp_path / "ui"
    ui.mkdir(exist_ok=True)
    (ui / "index.html").write_text("<!doctype html><title>DataPulse</title>")
    conf = nginx_conf(
        replace(profile("staging", listen=port, server_name="127.0.0.1"), **changes),
        api=[f"127.0.0.1:{api_port}"],
        ws=[f"127.0.0.1:{free_port()}"],
        ui_dir=ui,
    )
    prefix = tmp_path / "nginx"
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    (prefix / "datapulse.conf").write_text(conf)
    (prefix / "nginx.conf").write_text(
        f"daemon off;\nuser root;\nworker_processes 1;\npid {prefix}/nginx.pid;\nerror_log stderr;\n"
        f"events {{}}\nhttp {{\n  access_log off;\n  include {prefix}/datapulse.conf;\n}}\n"
    )
    log = prefix / "nginx.out"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [need("nginx"), "-c", str(prefix / "nginx.conf"), "-p", str(prefix)],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:

        def up() -> bool:
            assert proc.poll() is None, log.read_text()
            try:
                ask(port, "/", "127.0.0.1")
            except OSError:
                return False
            return True

        wait_until(up, timeout=30)
        yield port
    finally:
        proc.terminate()
        proc.wait(10)


class Upstream(ThreadingHTTPServer):
    """A stand-in API: answers what it was asked with the X-Forwarded-For it got;
    `/api/slow` waits until `release` is set (a connection held open)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.release = threading.Event()
        self.waiting = 0
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Upstream

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.startswith("/api/slow"):
            with self.server.lock:
                self.server.waiting += 1
            self.server.release.wait(30)
        body = json.dumps({"path": self.path, "forwarded_for": self.headers.get("X-Forwarded-For")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def upstream() -> Iterator[Upstream]:
    server = Upstream()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()


def assert_proxy_refused(answer: Answer, code: str) -> None:
    status, headers, body = answer
    assert status == 429 and headers["content-type"] == "application/json", answer
    assert headers["retry-after"] == "1"
    assert body["error"]["code"] == code and body["error"]["details"]["by"] == "proxy"


def test_nginx_forwards_the_real_peer_and_limits_each_address(tmp_path: Path) -> None:
    """X-Forwarded-For ends with the real peer (a forged one stays on its left);
    limit_req per address at RATE_LIMIT's pace (health never), limit_conn per address;
    both refusals are 429 in JSON with Retry-After."""
    with (
        upstream() as api,
        nginx_before(tmp_path, api.server_address[1], rate_limit="5/minute", conn_per_client=2) as port,
    ):
        _, _, seen = ask(port, "/api/files", "127.0.0.2", headers={"X-Forwarded-For": "6.6.6.6"})
        assert seen["forwarded_for"] == "6.6.6.6, 127.0.0.2"
        # 5/minute: a burst of a window's worth (5) on top of the first, then refused.
        statuses = [ask(port, "/api/files", "127.0.0.2")[0] for _ in range(5)]
        assert statuses == [200] * 5
        assert_proxy_refused(ask(port, "/api/files", "127.0.0.2"), "rate_limited")
        assert_proxy_refused(
            ask(port, "/api/files", "127.0.0.2", headers={"X-Forwarded-For": "7.7.7.7"}), "rate_limited"
        )
        assert ask(port, "/api/health", "127.0.0.2")[0] == 200  # monitoring is never limited
        assert ask(port, "/api/files", "127.0.0.3")[0] == 200  # another address, its own budget

        # Two connections held by one address; its third is refused, another address is served.
        held: list[Answer] = []
        threads = [threading.Thread(target=lambda: held.append(ask(port, "/api/slow", "127.0.0.4"))) for _ in range(2)]
        for thread in threads:
            thread.start()
        wait_until(lambda: api.waiting == 2, timeout=20)
        assert_proxy_refused(ask(port, "/", "127.0.0.4"), "too_many_connections")
        assert ask(port, "/", "127.0.0.5")[0] == 200
        api.release.set()
        for thread in threads:
            thread.join(30)
        assert [answer[0] for answer in held] == [200, 200]


def test_two_client_addresses_get_separate_budgets_through_nginx(tmp_path: Path) -> None:
    """The real API behind nginx, trusting nginx's address: each client address has its own
    SQL budget, a forged X-Forwarded-For (sent to nginx, or straight to the API) gives no
    new one, and the audit log names the client, not nginx."""
    sql = {"sql": "SELECT 1 AS one"}
    env = {"TRUSTED_PROXIES": "127.0.0.1", "RATE_LIMIT_SQL": "3/hour", "API_CONNECTIONS_PER_CLIENT": "0"}
    with gunicorn(tmp_path / "api", **env) as (_, api_port), nginx_before(tmp_path, api_port) as port:
        a = [ask(port, "/api/query", "127.0.0.2", "POST", sql) for _ in range(4)]
        assert [status for status, _, _ in a] == [200, 200, 200, 429]
        assert a[3][2]["error"]["code"] == "rate_limited" and "by" not in a[3][2]["error"]["details"]  # the app's
        assert ask(port, "/api/query", "127.0.0.3", "POST", sql)[0] == 200  # its own budget
        for forged in ("198.51.100.1", "127.0.0.9", "127.0.0.1"):
            answer = ask(port, "/api/query", "127.0.0.2", "POST", sql, {"X-Forwarded-For": forged})
            assert answer[0] == 429, (forged, answer)
        # Straight to the API (not through nginx): the header of an untrusted peer is ignored.
        direct = [
            ask(api_port, "/api/query", "127.0.0.6", "POST", sql, {"X-Forwarded-For": f"198.51.100.{i}"})[0]
            for i in range(4)
        ]
        assert direct == [200, 200, 200, 429]

        _, _, log = ask(port, "/api/audit?per_page=100", "127.0.0.7")
        addresses = [entry["remote_addr"] for entry in log["items"]]
        assert sorted(set(addresses)) == ["127.0.0.2", "127.0.0.3", "127.0.0.6"], addresses
        assert addresses.count("127.0.0.2") == 3 and addresses.count("127.0.0.6") == 3
