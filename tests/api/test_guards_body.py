"""JSON bodies: a size limit checked before reading, a nesting limit (issue 11 rows 4, 14)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from datapulse.api.app import create_app
from datapulse.api.serve.devserver import dev_app
from datapulse.bus.base import MemoryBus
from datapulse.settings import Settings
from tests.attack import HealthSampler, http_probe, under_attack
from tests.serving import serving

MIB = 1024 * 1024
DECLARED = 200 * MIB  # the attack's 200 MB body, declared but never sent


@pytest.fixture
def small_app(settings: Settings, bus: MemoryBus) -> Iterator[Any]:
    application = create_app(settings.replace(MAX_JSON_KB=64), bus=bus)
    yield application
    application.extensions["datapulse"].db.dispose()


@pytest.fixture
def served(small_app: Any) -> Iterator[int]:
    with serving(small_app) as port:
        yield port


def _head(content_length: int | None) -> bytes:
    """A JSON POST's head, its body declared by length or, with None, sent chunked."""
    framing = b"Transfer-Encoding: chunked" if content_length is None else b"Content-Length: %d" % content_length
    return (
        b"POST /api/chat/conversations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + framing
        + b"\r\n\r\n"
    )


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def _read_reply(sock: socket.socket) -> tuple[int, dict[str, Any]]:
    data = b""
    while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def test_body_over_the_limit_is_refused_from_content_length(small_app: Any) -> None:
    """One byte over MAX_JSON_KB: 413 payload_too_large, naming the limit."""
    body = json.dumps({"title": "x" * (64 * 1024)})
    response = small_app.test_client().post("/api/chat/conversations", data=body, content_type="application/json")
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "payload_too_large" and error["details"]["max_json_bytes"] == 64 * 1024


def test_declared_200_mb_is_answered_at_once_over_tcp(served: int) -> None:
    """The server answers 413 after the headers: the 200 MB are never waited for nor read."""
    with socket.create_connection(("127.0.0.1", served), timeout=10) as sock:
        started = time.monotonic()
        sock.sendall(_head(DECLARED) + b'{"title": "' + b"x" * 1000)
        status, body = _read_reply(sock)
        elapsed = time.monotonic() - started
    assert status == 413 and body["error"]["code"] == "payload_too_large"
    assert elapsed < 5  # not after reading 200 MB (32 s before the fix)


def test_chunked_body_is_cut_at_the_limit_while_reading(served: int) -> None:
    """Without Content-Length the read stops at the limit: 413 after ~64 KiB, not 200 MB."""
    chunk = b"x" * 16384
    sent = 0
    with socket.create_connection(("127.0.0.1", served), timeout=10) as sock:
        sock.sendall(_head(None))
        try:
            while sent < 4 * 1024 * 1024:  # stop on our side long before 200 MB in any case
                sock.sendall(_chunk(chunk))
                sent += len(chunk)
                sock.settimeout(0.001)
                try:
                    if sock.recv(1, socket.MSG_PEEK):
                        break
                except (TimeoutError, BlockingIOError):
                    pass
                sock.settimeout(10)
        except (BrokenPipeError, ConnectionResetError):
            pass
        sock.settimeout(10)
        status, body = _read_reply(sock)
    assert status == 413 and body["error"]["code"] == "payload_too_large", body
    assert sent < 4 * 1024 * 1024


def test_deep_nesting_is_a_400_not_a_500(client: Any, caplog: pytest.LogCaptureFixture) -> None:
    """`{"sql": [[[…1,000 deep…]]]}`: 400 json_too_deep, and no traceback in the log."""
    for depth in (1000, 100_000):
        body = '{"sql": ' + "[" * depth + "]" * depth + "}"
        response = client.post("/api/query", data=body, content_type="application/json")
        assert response.status_code == 400, response.get_json()
        assert response.get_json()["error"]["code"] == "json_too_deep"
    assert "Traceback" not in caplog.text and not [r for r in caplog.records if r.levelname == "ERROR"]


def test_nesting_within_the_limit_and_brackets_in_strings_pass(client: Any) -> None:
    """Deep-looking strings and ordinary bodies are not refused; bad JSON keeps its own error."""
    brackets = {"sql": "SELECT '" + "[" * 500 + "' AS s"}
    assert client.post("/api/query", json=brackets).status_code == 200
    shallow = client.post("/api/query", data='{"sql": ' + "[" * 60 + "]" * 60 + "}", content_type="application/json")
    assert shallow.status_code == 422  # reached validation: a list is not a string
    broken = client.post("/api/query", data='{"sql": ' + "[" * 100, content_type="application/json")
    assert broken.status_code == 400 and broken.get_json()["error"]["code"] == "invalid_json"


@pytest.fixture
def dev_served(settings: Settings, bus: MemoryBus) -> Iterator[int]:
    """The API as `--debug` serves it (werkzeug's server, `dev_app`'s middleware)."""
    application = dev_app(settings.replace(MAX_JSON_KB=64), bus=bus)
    platform = application.extensions["datapulse"]
    platform.start()
    try:
        with serving(application) as port:
            yield port
    finally:
        platform.stop()


def _send_until_refused(port: int, chunked: bool, limit: int = 256 * 1024 * 1024) -> tuple[int, int]:
    """Send a body of `limit` bytes as fast as the server takes it; (status, bytes sent)."""
    head = _head(None if chunked else limit)
    piece = _chunk(b" " * MIB) if chunked else b" " * MIB
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        try:
            while sent < limit:
                sock.sendall(piece)
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            answer = sock.recv(65536)
        except ConnectionResetError:  # read nothing in time: the reset came first
            answer = b""
    return (int(answer.split()[1]) if answer else 0), sent


def test_the_dev_server_does_not_read_on_after_a_413(dev_served: int) -> None:
    """Row 4 under `--debug`: werkzeug's server read on after an early 413 up to 10 GB
    (four clients x 2,000 MiB declared: all of it taken in 5.4-5.6 s). Now each client's
    send fails after a few MiB (the socket buffers), with the 413 read first; a body the
    app reads keeps working."""

    def client(i: int) -> list[tuple[int, int]]:
        return [_send_until_refused(dev_served, chunked=(i + n) % 2 == 1) for n in range(10)]

    def attack() -> list[tuple[int, int]]:
        results: list[list[tuple[int, int]]] = [[] for _ in range(4)]
        threads = [threading.Thread(target=lambda i=i: results[i].extend(client(i))) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        return [result for client_results in results for result in client_results]

    results = under_attack(attack, HealthSampler(http_probe(f"http://127.0.0.1:{dev_served}/api/health")))
    assert [status for status, _ in results] == [413] * 40
    assert all(sent < 64 * 1024 * 1024 for _, sent in results), results
    created = requests.post(f"http://127.0.0.1:{dev_served}/api/chat/conversations", json={"title": "after"})
    assert created.status_code == 201
