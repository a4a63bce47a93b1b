"""Keeping the gevent hub free while the agents compute.

Under gunicorn's gevent worker every thread is a greenlet, so a run that computes for
a second (pandas, DuckDB) would stall every stream of the worker for that second. The
executor therefore runs each run in gevent's pool of native threads; what the run must
do on the hub's side (wake the readers, publish on the bus) is handed back to the hub
thread with `run_callback_threadsafe`. Without gevent all of this is a no-op.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from datapulse.bus.base import EventBus
from datapulse.data.offload import gevent_patched


def gevent_hub() -> Any | None:
    """The gevent hub when `threading` is monkey-patched (gunicorn -k gevent), else None."""
    if not gevent_patched():
        return None
    import gevent

    return gevent.get_hub()


def real_event() -> threading.Event:
    """A native-thread Event (the patched one is a greenlet primitive)."""
    if "gevent" in sys.modules:
        from gevent import monkey

        return monkey.get_original("threading", "Event")()  # type: ignore[no-any-return]
    return threading.Event()


class HubCalls:
    """Runs a call in the hub's thread: directly when already there, else scheduled."""

    def __init__(self, hub: Any) -> None:
        from gevent import monkey

        self.hub = hub
        self.hub_thread = hub.thread_ident
        self._ident: Callable[[], int] = monkey.get_original("_thread", "get_ident")
        from gevent import spawn_raw

        self._spawn = spawn_raw

    def in_hub(self) -> bool:
        """True on the hub's own thread (a greenlet), False in a native thread."""
        return bool(self._ident() == self.hub_thread)

    def __call__(self, fn: Callable[..., Any], *args: Any) -> None:
        if self.in_hub():
            fn(*args)
        else:
            # A loop callback must not block; the call may (it takes locks): run it in a greenlet.
            self.hub.loop.run_callback_threadsafe(self._spawn, fn, *args)

    def run_in_thread(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run `fn` in a native thread; the calling greenlet waits without blocking the hub."""
        return self.hub.threadpool.spawn(fn, *args).get()


class HubBus:
    """The bus as seen from a native thread: each publish is made on the hub's thread."""

    def __init__(self, bus: EventBus, calls: HubCalls) -> None:
        self.bus = bus
        self.calls = calls

    def publish(self, type: str, topic: str, data: dict[str, Any]) -> None:
        self.calls(self.bus.publish, type, topic, data)

    def stats(self) -> dict[str, Any]:
        return self.bus.stats()

    def close(self) -> None:
        self.calls(self.bus.close)
