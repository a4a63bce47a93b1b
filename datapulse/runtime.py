"""The process's concurrency runtime: gevent detection, native-thread offload, hub callbacks.

Under gunicorn's gevent worker every request is a greenlet on one OS thread, and
`threading` is monkey-patched: a DuckDB call or an agent run of a second would freeze
every other request and stream of that worker. So blocking native work goes to gevent's
pool of real threads (`offload`, `HubCalls.run_in_thread`), and what such a thread must
do on the hub's side (wake readers, publish on the bus) is handed back to the hub with
`run_callback_threadsafe` (`HubCalls`, `HubBus`). Code that needs an OS primitive even
when gevent patched it (the event writer's thread, its queue, a run's cancel flag)
takes it from `native_primitives`. Without gevent every helper here is a plain call.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

if TYPE_CHECKING:
    from datapulse.bus.base import EventBus

T = TypeVar("T")


def gevent_patched() -> bool:
    """True under gunicorn's gevent worker (threading monkey-patched); the one check."""
    if "gevent" not in sys.modules:
        return False
    from gevent import monkey

    return bool(monkey.is_module_patched("threading"))


def gevent_hub() -> Any | None:
    """The gevent hub when `threading` is monkey-patched (gunicorn -k gevent), else None."""
    if not gevent_patched():
        return None
    import gevent

    return gevent.get_hub()


def offload(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)`, in a native thread when running under gevent (the calling
    greenlet waits cooperatively); in place otherwise."""
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


class NativePrimitives(NamedTuple):
    """The OS's own primitives, even when gevent patched the modules."""

    Event: type[threading.Event]
    SimpleQueue: type[Any]
    start_new_thread: Callable[..., Any]


def native_primitives() -> NativePrimitives:
    if "gevent" in sys.modules:
        from gevent import monkey

        return NativePrimitives(
            monkey.get_original("threading", "Event"),
            monkey.get_original("queue", "SimpleQueue"),
            monkey.get_original("_thread", "start_new_thread"),
        )
    import _thread
    import queue

    return NativePrimitives(threading.Event, queue.SimpleQueue, _thread.start_new_thread)


def real_event() -> threading.Event:
    """A native-thread Event (the patched one is a greenlet primitive)."""
    return native_primitives().Event()


class HubCalls:
    """Runs a call in the hub's thread: directly when already there, else scheduled."""

    def __init__(self, hub: Any) -> None:
        from gevent import monkey, spawn_raw

        self.hub = hub
        self.hub_thread = hub.thread_ident
        self._ident: Callable[[], int] = monkey.get_original("_thread", "get_ident")
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


def hub_calls() -> HubCalls | None:
    """HubCalls for this process's hub under gevent, else None."""
    hub = gevent_hub()
    return HubCalls(hub) if hub is not None else None


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
