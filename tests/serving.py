"""A WSGI app served by werkzeug on 127.0.0.1 in a thread, for tests that need a real socket."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from werkzeug.serving import make_server


@contextmanager
def serving(app: Any) -> Iterator[int]:
    """The app on a free port (yielded) until the block ends; then the server is shut down
    (its loop polls every 50 ms: with the default 0.5 s each shutdown waited up to that)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield int(server.server_port)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
