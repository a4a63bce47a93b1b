"""Protocol errors in front of Flask answered in the contract's JSON shape (SPEC 2).

Gunicorn refuses a request it cannot parse (a request line over `limit_request_line`,
a header over `limit_request_field_size`, a garbage request line) before the app sees
it, with an HTML page written by `gunicorn.util.write_error`, its one writer of such
pages. `install()` puts `write_json_error` in its place (in the master, so every forked
worker inherits it): same status, `Connection: close`, the error as JSON, and the
security headers every other answer carries; then a short lingering close, so that the
answer is not lost to a reset.
"""

from __future__ import annotations

import json
import re
import socket
import time
from typing import Any

from gunicorn import util

from datapulse.api.guards import NOT_A_PAGE_CSP
from datapulse.errors import DataPulseError

# The codes the API's own errors use for the same statuses; others are named after
# gunicorn's reason phrase ("URI Too Long" -> uri_too_long).
CODES = {400: "bad_request", 403: "forbidden", 500: "internal_error"}
# Gunicorn's message may quote the offending request line: enough of it to recognise.
MAX_MESSAGE_CHARS = 200
# The lingering close after a refusal: at most this long, at most this much input.
LINGER_S = 1.0
LINGER_MAX_BYTES = 256 * 1024


def error_body(
    status: int, reason: str, message: str, code: str | None = None, details: dict[str, Any] | None = None
) -> bytes:
    """The JSON body for a refusal gunicorn reports as (status, reason, message)."""
    code = code or CODES.get(status) or re.sub(r"[^a-z0-9]+", "_", reason.lower()).strip("_") or "bad_request"
    text = message or reason
    if len(text) > MAX_MESSAGE_CHARS:
        text = text[:MAX_MESSAGE_CHARS] + "…"
    error = DataPulseError(text, code=code, status=status, details=details)
    return json.dumps(error.to_dict()).encode()


def write_json_error(
    sock: socket.socket,
    status_int: int,
    reason: str,
    mesg: str,
    code: str | None = None,
    extra: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    """Drop-in for `gunicorn.util.write_error`: the same answer, as JSON (`code`,
    `details` and `extra` header lines for the platform's own refusals in front of Flask)."""
    body = error_body(status_int, reason, mesg, code, details)
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        f"{extra}"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "X-Frame-Options: DENY\r\n"
        f"Content-Security-Policy: {NOT_A_PAGE_CSP}\r\n"
        "\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)
    linger(sock)


def linger(sock: socket.socket) -> None:
    """Read and drop what the client still sends, briefly, before gunicorn closes.

    A refusal leaves the rest of the request (most of a 20 KB URL) unread; closing with
    unread input makes the kernel send a reset, which can destroy the answer before the
    client reads it. Half-closing, then draining a bounded amount for a bounded time,
    lets the answer arrive (Apache's lingering close)."""
    deadline = time.monotonic() + LINGER_S
    drained = 0
    try:
        sock.shutdown(socket.SHUT_WR)
        while drained < LINGER_MAX_BYTES and (left := deadline - time.monotonic()) > 0:
            sock.settimeout(left)
            chunk = sock.recv(16384)
            if not chunk:
                return
            drained += len(chunk)
    except OSError:  # timed out or reset: the client has what it needs or has gone
        return


def install() -> None:
    """Make gunicorn's protocol-error answers JSON (its workers call `util.write_error`)."""
    util.write_error = write_json_error
