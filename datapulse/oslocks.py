"""The OS's own threading primitives, whatever gevent patched, and the one check whether it
patched `threading`. At the bottom of the layers (no datapulse import) so that storage's
connection pool and the runtime share them: a gevent lock's wake-up between native
threads can be lost, so what native threads contend on takes the OS's lock."""

from __future__ import annotations

import sys
from typing import Any


def gevent_patched() -> bool:
    """True under gunicorn's gevent worker (threading monkey-patched); the one check."""
    if "gevent" not in sys.modules:
        return False
    from gevent import monkey

    return bool(monkey.is_module_patched("threading"))


def original(module: str, name: str) -> Any:
    """`module.name` as the standard library defines it, before any gevent patching."""
    if "gevent" in sys.modules:
        from gevent import monkey

        return monkey.get_original(module, name)
    return getattr(__import__(module), name)


def os_lock() -> Any:
    """A lock of the OS's (`_thread`'s original), whatever gevent patched: for what native
    threads (the agents' runs) contend on. A gevent lock's wake-up between native threads
    can be lost (two runs building the same table at once: one waited forever). Hold it
    only for work that never yields to the hub: a greenlet waiting on it stops the hub."""
    return original("_thread", "allocate_lock")()


def os_rlock() -> Any:
    """A reentrant lock of the OS's (`_thread.RLock`'s original), for logging's locks: a
    handler may be re-entered from its own error path. Its owner is the OS thread, so
    greenlets of one hub count as one owner: only for work that never yields."""
    return original("_thread", "RLock")()
