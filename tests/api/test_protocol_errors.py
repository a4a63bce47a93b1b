"""Requests gunicorn refuses before Flask are answered in JSON (issue 11 row 15).

A real gunicorn with the platform's configuration on a free port; raw bytes over a
socket, since no HTTP client sends a garbage request line."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from datapulse.api.serve.protocol_errors import MAX_MESSAGE_CHARS, error_body
from datapulse.processes import APP_FACTORY, GUNICORN_CONFIG

ROOT = Path(__file__).resolve().parents[2]


def _exchange(address: tuple[str, int], raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes, read the whole answer (gunicorn closes after a refusal)."""
    with socket.create_connection(address, timeout=10) as sock:
        sock.sendall(raw)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


@pytest.fixture(scope="module")
def gunicorn_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    from tests.conftest import free_port

    data = tmp_path_factory.mktemp("protocol")
    port = free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(data),
        "UPLOAD_FOLDER": str(data / "uploads"),
        "DATABASE_URL": f"sqlite:///{data / 'db.sqlite'}",
        "SECRET_KEY": "protocol-errors-test",
        "FLASK_PORT": str(port),
        "WS_PORT": str(free_port()),
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }
    bind = f"127.0.0.1:{port}"
    argv = [sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIG, "-k", "gevent", "-w", "1", "-b", bind, APP_FACTORY]
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
    address = ("127.0.0.1", port)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not answer"
            try:
                status, _, _ = _exchange(address, f"GET /api/config HTTP/1.1\r\nHost: {bind}\r\n\r\n".encode())
                if status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        yield address
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        pytest.param(b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long", id="20 KB URL"),
        pytest.param(
            b"GET /api/config HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9_000 + b"\r\n\r\n",
            431,
            "request_header_fields_too_large",
            id="9 KB header",
        ),
        pytest.param(b"\x16\x03\x01garbage <script>\r\n\r\n", 400, "bad_request", id="garbage request line"),
    ],
)
def test_gunicorn_refusals_are_json(gunicorn_address: tuple[str, int], raw: bytes, status: int, code: str) -> None:
    got, headers, body = _exchange(gunicorn_address, raw)
    assert got == status
    assert headers["content-type"] == "application/json"
    assert headers["x-content-type-options"] == "nosniff"
    assert int(headers["content-length"]) == len(body)
    error = json.loads(body)["error"]
    assert error["code"] == code
    assert error["message"] and len(error["message"]) <= MAX_MESSAGE_CHARS + 1
    assert b"<html" not in body


def test_error_body_names_unknown_statuses_after_the_reason() -> None:
    error = json.loads(error_body(417, "Expectation Failed", ""))["error"]
    assert error == {"code": "expectation_failed", "message": "Expectation Failed", "details": {}}
