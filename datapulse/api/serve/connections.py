"""Every API connection has a budget and every request body a deadline (gunicorn's gevent
worker), so that slow-trickling clients cannot keep the worker from answering.

Gunicorn bounds a request's *headers* already (its keep-alive timeout wraps their
parsing), but not its *body*: a client sending 4 bytes every 5 s held its connection
for as long as it liked, and 1,000 of them filled the worker's connection pool, after
which no new connection was accepted at all. Two defences, both before the app:

- `pace_body` (from the `pre_request` hook): the body must arrive at
  `BODY_MIN_BYTES_PER_S` on average, with `BODY_GRACE_S` of credit. Each read from the
  socket waits at most until the bytes received so far are used up; then the read
  raises `BodyTooSlow` and the connection closes with 408 in JSON. A stalled client is
  thus cut off, however it spaces its bytes.
- `prefetch_body` (from `pre_request` too): the body's first `PREFETCH_BYTES` (all of a
  smaller one) are read before the app runs. The app's pipeline up to the body read
  (host and origin checks, the rate limiter, routing) costs 1-2 ms of the worker's one
  thread; 200 trickling uploads ran it all at once and health waited behind them
  (1.4-1.6 s with both cores busy). A trickle now waits for its bytes in gunicorn, at the
  cost of a read, and is cut off there with 408 without the app ever seeing it.
- `close_if_body_unread` (from `pre_request` too): an answer given before the body was
  read to its end (413 from `Content-Length`, or a chunked body cut at `MAX_JSON_KB`)
  says `Connection: close` and the connection closes after a short lingering close,
  instead of gunicorn reading the rest of the body to keep the connection alive. That
  read has no bound of bytes or time and goes 1 KiB at a time, each step copying what
  the socket gave; 4 clients refused 200 MB bodies kept the worker on it and health
  waited 1-4 s behind them with both cores busy (issue 11 row 4).
- `ConnectionShare` (installed in the master, so every worker inherits it): one client
  address holds at most `API_CONNECTIONS_PER_CLIENT` connections of a worker; more
  are answered at once with 429 in JSON and closed, so one client never fills the pool
  (`API_WORKER_CONNECTIONS`, sized above the share) and the worker keeps accepting.

Behind a reverse proxy the socket's peer is the proxy, and which client a connection
carries is known only once its request's headers are read (and differs from one
request of a kept-alive connection to the next). So a peer in `TRUSTED_PROXIES` is not
counted here at all: the proxy shares its clients' connections out itself (the
generated nginx configuration's `limit_conn` per client address), and every other peer
still gets the share. Counting the forwarded client here instead would mean parsing
headers before gunicorn does, and would still let one client hold the proxy's side.
"""

from __future__ import annotations

import io
import resource
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import gevent
from gunicorn.http.body import ChunkedReader, LengthReader
from gunicorn.http.unreader import SocketUnreader
from gunicorn.workers.ggevent import GeventWorker

from datapulse.api.forwarded import TrustedProxies
from datapulse.api.serve.protocol_errors import linger, write_json_error
from datapulse.errors import BodyTooSlow

# Files a worker needs besides its connections (logs, the database, uploads, pools).
SPARE_FILES = 256
# Read before the app runs: a multipart upload's preamble and first bytes, all of a JSON
# body (whose limit is checked in the app); held per connection only until the app reads it.
PREFETCH_BYTES = 16 * 1024
RETRY_AFTER_S = 5
# gunicorn's own handler: `install` wraps this one however often it runs.
GEVENT_HANDLE = GeventWorker.handle


def pace_body(req: Any, min_rate: float, grace_s: float, clock: Callable[[], float] = time.monotonic) -> None:
    """Make every socket read of this request's body wait only as long as its rate allows."""
    unreader = getattr(req, "unreader", None)
    if not isinstance(unreader, SocketUnreader):  # HTTP/2 or a test double: nothing to pace
        return
    recv = unreader.chunk
    start = clock()
    received = 0

    def chunk(size_hint: int | None = None) -> bytes:
        nonlocal received
        left = start + grace_s + received / min_rate - clock()
        error = BodyTooSlow(
            f"The request body arrived slower than {min_rate:g} bytes per second; send it again.",
            details={"min_bytes_per_s": min_rate, "grace_s": grace_s, "received_bytes": received},
        )
        try:
            if left <= 0:
                raise error
            with gevent.Timeout(left, error):
                data: bytes = recv(size_hint)
        except BodyTooSlow:
            req.must_close = True  # where the next request would start is unknown
            req.body_too_slow = True
            raise
        received += len(data)
        return data

    unreader.chunk = chunk


def prefetch_body(req: Any, limit: int = PREFETCH_BYTES) -> None:
    """Read the body's first `limit` bytes (at the paced rate) and keep them for the app.
    A body too slow for that is answered here, 408 in JSON, and the connection closed
    (`StopIteration` is gunicorn's "close this connection")."""
    unreader = getattr(req, "unreader", None)
    body = getattr(req, "body", None)
    if not isinstance(unreader, SocketUnreader) or body is None:
        return
    if getattr(req, "_expected_100_continue", False):  # the client waits for this before its body
        unreader.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        req._expected_100_continue = False  # sent: gunicorn must not send it again
    try:
        head = body.read(limit)
    except BodyTooSlow as exc:
        write_json_error(unreader.sock, 408, "Request Timeout", exc.message, code=exc.code, details=exc.details)
        raise StopIteration from exc
    rest = body.buf.getvalue()  # whatever the reader gave beyond `limit`
    body.buf = io.BytesIO()
    body.buf.write(head + rest)


def body_left_on_socket(req: Any) -> bool:
    """True while part of the request's body has not been read from the socket yet."""
    reader = getattr(getattr(req, "body", None), "reader", None)
    if isinstance(reader, LengthReader):
        return reader.length > 0
    if isinstance(reader, ChunkedReader):
        return reader.parser is not None  # None once the last chunk has been read
    return False


def close_if_body_unread(req: Any) -> None:
    """Make an answer given before the body was read to its end close the connection:
    its headers say `Connection: close` and gunicorn does not read the rest of the body
    (as it otherwise would, to reach the connection's next request)."""
    if getattr(req, "body", None) is None:
        return
    should_close = req.should_close

    def closing() -> bool:  # asked when the answer's headers are written, and after
        if not req.must_close and body_left_on_socket(req):
            req.must_close = True
            req.body_unread = True
        return bool(should_close())

    req.should_close = closing


def unpace(req: Any, sock: Any) -> None:
    """The request is answered: the connection's next request reads its own way. After a
    cut-off or an answer that left the body unread, a short lingering close, so that the
    client's next bytes do not reset the connection before it has read its answer."""
    unreader = getattr(req, "unreader", None)
    if unreader is not None:
        vars(unreader).pop("chunk", None)
    if sock is not None and (getattr(req, "body_too_slow", False) or getattr(req, "body_unread", False)):
        linger(sock)


class ConnectionShare:
    """Open connections per client address in this worker, refused above `limit`; a
    trusted proxy's connections are neither counted nor refused (it limits its clients)."""

    def __init__(self, limit: int, trusted: TrustedProxies | None = None) -> None:
        self.limit = limit
        self.trusted = trusted or TrustedProxies(())
        self.open: Counter[str] = Counter()

    def admit(self, host: str) -> bool:
        if not self.limit or self.trusted.trusts(host):
            return True
        if self.open[host] >= self.limit:
            return False
        self.open[host] += 1
        return True

    def release(self, host: str) -> None:
        if host not in self.open:  # not counted: no limit, or a trusted proxy
            return
        self.open[host] -= 1
        if self.open[host] <= 0:
            del self.open[host]

    def refuse(self, client: Any) -> None:
        """429 in JSON before anything is read, then a short lingering close."""
        write_json_error(
            client,
            429,
            "Too Many Requests",
            f"This address holds {self.limit} connections to the API already; close some and retry.",
            code="too_many_connections",
            extra=f"Retry-After: {RETRY_AFTER_S}\r\n",
        )


def install(limit: int, trusted: TrustedProxies | None = None) -> ConnectionShare:
    """Count and share out the connections of gunicorn's gevent worker (`-k gevent`)."""
    share = ConnectionShare(limit, trusted)
    handle = GEVENT_HANDLE

    def shared_handle(self: GeventWorker, listener: Any, client: Any, addr: Any) -> None:
        host = addr[0] if isinstance(addr, tuple) and addr else ""  # "" : a unix socket
        if not share.admit(host):
            try:
                client.setblocking(1)
                share.refuse(client)
            except OSError:  # the client has gone already
                pass
            finally:
                client.close()
            return
        try:
            handle(self, listener, client, addr)
        finally:
            share.release(host)

    GeventWorker.handle = shared_handle  # type: ignore[method-assign]
    return share


def raise_open_files(connections: int) -> int:
    """Raise the soft open-file limit to hold `connections` (never past the hard limit):
    a worker short of descriptors stops accepting as surely as one with a full pool."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = connections + SPARE_FILES
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    if soft != resource.RLIM_INFINITY and soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        return want
    return soft
