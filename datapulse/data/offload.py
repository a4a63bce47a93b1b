"""Run blocking native work (DuckDB, openpyxl) off the gevent hub.

Under gunicorn's gevent worker every request is a greenlet on one OS thread; a DuckDB
call of several seconds would freeze every other request of that worker. When gevent
has patched `threading`, such calls go to gevent's pool of real threads and the
calling greenlet waits cooperatively; otherwise they simply run in place.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def gevent_patched() -> bool:
    """True under gunicorn's gevent worker (threading monkey-patched); the one check."""
    if "gevent" not in sys.modules:
        return False
    from gevent import monkey

    return bool(monkey.is_module_patched("threading"))


def offload(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)`, in a native thread when running under gevent."""
    if not gevent_patched():
        return fn(*args, **kwargs)
    import gevent

    def captured() -> tuple[bool, Any]:
        try:
            return True, fn(*args, **kwargs)
        except BaseException as exc:  # handed back to the caller, raised there
            return False, exc

    ok, value = gevent.get_hub().threadpool.apply(captured)
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


def cooperate() -> None:
    """Let other greenlets run (gunicorn's heartbeat among them) inside a long loop that
    never waits on a socket, such as reading an upload whose bytes keep arriving."""
    if gevent_patched():
        import gevent

        gevent.sleep(0)
