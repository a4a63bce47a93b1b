"""A real gunicorn (gevent worker, the platform's configuration) on a free port, for the
tests that need what only it does (protocol errors, the hub and its thread pools)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from datapulse.processes import APP_FACTORY, GUNICORN_CONFIG
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
# (address, master process, DATA_DIR) of the gunicorn tests/api/conftest.py starts once
SharedGunicorn = tuple[tuple[str, int], subprocess.Popen[bytes], Path]


def exchange(address: tuple[str, int], raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes, read the whole answer (the server closes after it)."""
    with socket.create_connection(address, timeout=10) as sock:
        sock.sendall(raw)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


@contextmanager
def gunicorn(data: Path, **env: str) -> Iterator[tuple[str, int]]:
    """Serve the API from `data` (its database, uploads); `env` adds settings."""
    with gunicorn_process(data, **env) as (address, _):
        yield address


@contextmanager
def gunicorn_process(data: Path, **env: str) -> Iterator[tuple[tuple[str, int], subprocess.Popen[bytes]]]:
    """`gunicorn`, with its master process (for the memory of its tree)."""
    port = free_port()
    environ = {
        **os.environ,
        "DATA_DIR": str(data),
        "UPLOAD_FOLDER": str(data / "uploads"),
        "DATABASE_URL": f"sqlite:///{data / 'db.sqlite'}",
        "SECRET_KEY": "gunicorn-test",
        "FLASK_PORT": str(port),
        "WS_PORT": str(free_port()),
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
        **env,
    }
    bind = f"127.0.0.1:{port}"
    argv = [sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIG, "-k", "gevent", "-w", "1", "-b", bind, APP_FACTORY]
    proc = subprocess.Popen(argv, cwd=ROOT, env=environ, stdin=subprocess.DEVNULL)
    address = ("127.0.0.1", port)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not answer"
            try:
                status, _, _ = exchange(address, f"GET /api/config HTTP/1.1\r\nHost: {bind}\r\n\r\n".encode())
                if status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        yield address, proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
