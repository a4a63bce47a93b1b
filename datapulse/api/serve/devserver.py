"""`python -m datapulse.api.serve.devserver`: the API on Flask's server, for `--debug`.

No reloader: the launcher already restarts the API, and a reloader would add a second
process the launcher does not know about. Flask's server has no worker hooks, so the
platform is started before serving and stopped when serving ends.

Werkzeug's server reads on after an answer given before the request's body was read (a
413 from Content-Length, or a chunked body cut at MAX_JSON_KB): up to 10 GB of it, to
spare the client a reset. `EndUnreadBodies` stops it as gunicorn's hooks do: a short
lingering close, then no more reading. The server's other limits are its own (a thread
per connection, no minimum body rate): it is for development on 127.0.0.1 only.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from apiflask import APIFlask

from datapulse.api.app import create_app, platform_of
from datapulse.api.serve.protocol_errors import linger
from datapulse.settings import Settings, load_settings

StartResponse = Callable[..., Any]


class _CountedInput:
    """`wsgi.input`, remembering how much the app read and whether it reached the end."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.read_bytes = 0
        self.at_end = False

    def _count(self, size: int | None, got: int) -> None:
        self.read_bytes += got
        if got == 0 and size != 0:
            self.at_end = True

    def read(self, size: int | None = -1) -> bytes:
        data: bytes = self.stream.read(size)
        self._count(size, len(data))
        return data

    def readinto(self, buffer: Any) -> int:
        got = int(self.stream.readinto(buffer) or 0)
        self._count(len(buffer), got)
        return got

    def readline(self, size: int | None = -1) -> bytes:
        line: bytes = self.stream.readline(size)
        self._count(size, len(line))
        return line

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class EndUnreadBodies:
    """WSGI middleware for werkzeug's server: once the answer is written, a request body
    the app left unread is drained for at most `linger`'s bound, then the socket's read
    side is shut, so that werkzeug's own drain ends at once instead of reading on."""

    def __init__(self, app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterator[bytes]:
        counted = environ["wsgi.input"] = _CountedInput(environ["wsgi.input"])
        sized: list[bool] = []

        def starting(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            sized[:] = [any(name.lower() == "content-length" for name, _ in headers)]
            return start_response(status, headers, *rest)

        answer = self.app(environ, starting)
        try:
            yield from answer
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()
        sock = environ.get("werkzeug.socket")
        if sock is not None and body_unread(environ, counted):
            if sized and sized[0]:  # all written (a chunked answer's last chunk comes after us)
                linger(sock)  # the client reads its answer, and sees the end of it
            try:
                # The close resets (a client still sending got no end: it sat on a full
                # window), and werkzeug's drain reads the end of the input at once.
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.shutdown(socket.SHUT_RD)
            except OSError:
                pass


def body_unread(environ: dict[str, Any], counted: _CountedInput) -> bool:
    """True when part of the request's body was never read by the app."""
    if environ.get("wsgi.input_terminated"):  # chunked: werkzeug's reader ends at the last chunk
        return not counted.at_end
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return counted.read_bytes < length


def dev_app(settings: Settings, **options: Any) -> APIFlask:
    """The API as the development server serves it (`options` go to `create_app`)."""
    app = create_app(settings, **options)
    app.wsgi_app = EndUnreadBodies(app.wsgi_app)  # type: ignore[method-assign]
    return app


def main() -> None:
    settings = load_settings()
    app = dev_app(settings)
    platform = platform_of(app)
    platform.start()
    try:
        app.run(host=settings.HOST, port=settings.FLASK_PORT, debug=True, use_reloader=False, threaded=True)
    finally:
        platform.stop()


if __name__ == "__main__":
    main()
