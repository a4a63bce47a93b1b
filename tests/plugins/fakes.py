"""Small local servers the plugin tests talk to: an HTTP plugin with scripted answers and
a Flux-style image queue that returns a real PNG. Each listens on 127.0.0.1 at a free
port and is shut down by its fixture; a hanging answer is released at shutdown."""

from __future__ import annotations

import json
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A valid RGB PNG, built by hand so that no imaging library is needed."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes([200, 30, 30]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


class FakeState:
    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.bodies: list[Any] = []
        self.headers: list[dict[str, str]] = []
        self.release = threading.Event()
        self.fail_first = 0  # /flaky answers 500 this many times, then succeeds
        self.down = False  # /switch answers 500 while True
        self.polls_before_done = 2
        self.base = ""


class Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, value: Any) -> None:
        self._send(status, json.dumps(value).encode())

    def do_GET(self) -> None:  # noqa: N802
        self._route(None)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        self._route(json.loads(self.rfile.read(length) or b"null"))

    def _route(self, body: Any) -> None:
        state: FakeState = self.server.state
        path = self.path.split("?")[0]
        state.hits[path] = state.hits.get(path, 0) + 1
        state.bodies.append(body)
        state.headers.append(dict(self.headers))
        n = state.hits[path]
        if path == "/ok":
            self._json(200, {"echo": body, "auth": self.headers.get("X-Api-Key")})
        elif path == "/flaky":
            self._json(500, {"error": "boom"}) if n <= state.fail_first else self._json(200, {"ok": True, "n": n})
        elif path == "/switch":
            self._json(500, {"error": "down"}) if state.down else self._json(200, {"ok": True})
        elif path == "/fail":
            self._json(500, {"error": "always"})
        elif path == "/hang":
            state.release.wait(30)
            self._json(200, {"late": True})
        elif path == "/garbage":
            self._send(200, b"<html>surprise</html>", "text/html")
        elif path.startswith("/flux"):
            self._flux(path, state)
        else:
            self._json(404, {"error": "no such path"})

    def _flux(self, path: str, state: FakeState) -> None:
        if path == "/flux/files/r1.png":  # served like a CDN file: no key
            self._send(200, tiny_png(), "image/png")
        elif self.headers.get("Authorization") != "Key test-key":
            self._json(401, {"detail": "bad key"})
        elif path == "/flux/submit":
            base = f"{state.base}/flux/requests/r1"
            self._json(200, {"request_id": "r1", "status_url": f"{base}/status", "response_url": base})
        elif path == "/flux/requests/r1/status":
            done = state.hits[path] > state.polls_before_done
            self._json(200, {"status": "COMPLETED" if done else "IN_PROGRESS"})
        elif path == "/flux/requests/r1":
            self._json(200, {"images": [{"url": f"{state.base}/flux/files/r1.png", "content_type": "image/png"}]})
        else:
            self._json(404, {"error": "no such request"})


@contextmanager
def fake_server() -> Iterator[FakeState]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state = FakeState()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    server.state = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def main() -> None:
    """Serve the fakes for a test in another process (the browser tests): print the base
    URL, then serve until stdin closes (the test runner ended) or a signal stops us."""
    import sys

    with fake_server() as state:
        state.polls_before_done = 1
        print(f"READY {state.base}", flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
