"""Requests gunicorn refuses before Flask are answered in JSON (issue 11 row 15).

A real gunicorn with the platform's configuration on a free port; raw bytes over a
socket, since no HTTP client sends a garbage request line."""

from __future__ import annotations

import json
import threading

import pytest

from datapulse.api.serve.protocol_errors import MAX_MESSAGE_CHARS, error_body
from tests.api.gunicorn_server import SharedGunicorn, exchange
from tests.attack import HealthSampler, http_probe, tree_rss, under_attack

SERVER_PID: dict[tuple[str, int], int] = {}  # the module's gunicorn master, for its memory


@pytest.fixture(scope="module")
def gunicorn_address(shared_gunicorn: SharedGunicorn) -> tuple[str, int]:
    """The gunicorn of tests/api/conftest.py (test_heavy_rows' too: these refusals come
    before the app, whatever it stores)."""
    address, server, _ = shared_gunicorn
    SERVER_PID[address] = server.pid
    return address


REFUSED = [
    pytest.param(b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long", id="20 KB URL"),
    pytest.param(
        b"GET /api/config HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9_000 + b"\r\n\r\n",
        431,
        "request_header_fields_too_large",
        id="9 KB header",
    ),
    pytest.param(b"\x16\x03\x01garbage <script>\r\n\r\n", 400, "bad_request", id="garbage request line"),
]


@pytest.mark.parametrize(("raw", "status", "code"), REFUSED)
def test_gunicorn_refusals_are_json(gunicorn_address: tuple[str, int], raw: bytes, status: int, code: str) -> None:
    got, headers, body = exchange(gunicorn_address, raw)
    assert got == status
    assert headers["content-type"] == "application/json"
    assert headers["x-content-type-options"] == "nosniff"
    assert int(headers["content-length"]) == len(body)
    error = json.loads(body)["error"]
    assert error["code"] == code
    assert error["message"] and len(error["message"]) <= MAX_MESSAGE_CHARS + 1
    assert b"<html" not in body


def test_refusals_in_bulk_under_the_health_sampler(gunicorn_address: tuple[str, int]) -> None:
    """3 clients x 60 rounds of the three (once HTML pages each): every one JSON, health in
    time and memory bounded all along (tests/attack.py), the API answering after."""
    cases = [(p.values[0], p.values[1]) for p in REFUSED]
    statuses: list[list[int]] = [[] for _ in range(3)]

    def client(i: int) -> None:
        for _ in range(60):
            for raw, _ in cases:
                got, headers, body = exchange(gunicorn_address, raw)
                assert headers["content-type"] == "application/json" and json.loads(body)["error"]
                statuses[i].append(got)

    def attack() -> None:
        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)

    host, port = gunicorn_address
    files = f"GET /api/files HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode()
    status, _, body = exchange(gunicorn_address, files)
    assert status == 200
    before = json.loads(body)["total"]
    sampler = HealthSampler(
        http_probe(f"http://{host}:{port}/api/health"), memory=tree_rss(SERVER_PID[gunicorn_address])
    )
    under_attack(attack, sampler)
    assert statuses == [[status for _, status in cases] * 60] * 3
    status, _, body = exchange(gunicorn_address, files)
    assert status == 200 and json.loads(body)["total"] == before  # usable at once, nothing stored


def test_error_body_names_unknown_statuses_after_the_reason() -> None:
    error = json.loads(error_body(417, "Expectation Failed", ""))["error"]
    assert error == {"code": "expectation_failed", "message": "Expectation Failed", "details": {}}
