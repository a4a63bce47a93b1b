"""In-process helpers of the event store: waking readers, and the events of local runs.

Both only spare work: a reader in another worker still polls the database, and a
reader of a run that is not (or no longer) executing here reads the database.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datapulse.chat.store import StoredEvent


class _Watch:
    """A version and an Event that is set (and replaced) on every bump. No Condition:
    under gevent its ownership checks cost a trip round the hub on every wait."""

    __slots__ = ("event", "version", "watchers")

    def __init__(self) -> None:
        self.event = threading.Event()
        self.version = 0
        self.watchers = 0

    def bump(self) -> None:
        self.version += 1  # first, so that a reader holding the new Event sees the change
        event, self.event = self.event, threading.Event()
        event.set()

    def wait(self, seen: int, timeout: float) -> int:
        """Wait until the version moves past `seen` (or `timeout` s); return the version."""
        event = self.event
        if self.version == seen:
            event.wait(timeout)
        return self.version


class Notifier:
    """Wakes in-process readers as soon as an event of their run is stored, so that they
    need not poll fast; readers in other workers fall back to polling the database."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._watches: dict[str, _Watch] = {}
        # Set under gevent when runs execute in native threads: moves the wake-up to the hub.
        self.dispatch: Callable[..., None] | None = None

    def notify(self, run_id: str) -> None:
        if self.dispatch is not None:
            self.dispatch(self._notify, run_id)
        else:
            self._notify(run_id)

    def notify_many(self, run_ids: list[str]) -> None:
        """One hand-over to the hub for a whole batch of stored events."""
        if self.dispatch is not None:
            self.dispatch(self._notify_many, run_ids)
        else:
            self._notify_many(run_ids)

    def _notify(self, run_id: str) -> None:
        with self._lock:
            watch = self._watches.get(run_id)
        if watch is not None:
            watch.bump()

    def _notify_many(self, run_ids: list[str]) -> None:
        for run_id in dict.fromkeys(run_ids):
            self._notify(run_id)

    @contextmanager
    def watch(self, run_id: str) -> Iterator[_Watch]:
        """Register interest before reading, so that no store between read and wait is missed."""
        with self._lock:
            watch = self._watches.setdefault(run_id, _Watch())
            watch.watchers += 1
        try:
            yield watch
        finally:
            with self._lock:
                watch.watchers -= 1
                if watch.watchers == 0:
                    self._watches.pop(run_id, None)

    def watched(self) -> int:
        with self._lock:
            return len(self._watches)


RETAIN_S = 30.0  # how long a finished run's events stay in memory


class RecentEvents:
    """Every event of each run that executes in this process, in seq order from 1, so
    that its readers (and the next seq) need no query. A run whose list could be
    incomplete (another process wrote to it) is dropped: the database answers then.
    Only GIL-atomic list and dict operations: safe from native threads and greenlets."""

    def __init__(self, retain_s: float = RETAIN_S, clock: Callable[[], float] = time.monotonic) -> None:
        self._runs: dict[str, list[StoredEvent]] = {}
        self.clock = clock
        self._fresh: set[str] = set()
        self.retain_s = retain_s
        self._retired: deque[tuple[float, str]] = deque()

    def track(self, run_id: str, fresh: bool = False) -> None:
        """`fresh`: the run was just created and has no events besides those it `begin`s
        with (the next seq follows them, or is 1)."""
        self._runs.setdefault(run_id, [])
        if fresh:
            self._fresh.add(run_id)

    def begin(self, run_id: str, first: StoredEvent) -> None:
        """A run just created with its first event (seq 1): tracked from there."""
        self._runs[run_id] = [first]

    def untrack(self, run_id: str) -> None:
        self._runs.pop(run_id, None)
        self._fresh.discard(run_id)

    def retire(self, run_id: str) -> None:
        """The run ended: keep its events `retain_s` longer, so that the readers woken by
        its final event (and late ones) read memory, not the database, all at once."""
        self._retired.append((self.clock() + self.retain_s, run_id))
        self.sweep()

    def sweep(self) -> None:
        """Forget the runs retired long enough ago."""
        now = self.clock()
        while self._retired and self._retired[0][0] <= now:
            try:
                _, run_id = self._retired.popleft()
            except IndexError:  # another thread swept it meanwhile
                return
            self.untrack(run_id)

    def tracked(self, run_id: str) -> bool:
        return run_id in self._runs

    def next_seq(self, run_id: str) -> int | None:
        """The next seq, or None to ask the database (untracked, or the first event)."""
        events = self._runs.get(run_id)
        if events:
            return events[-1].seq + 1
        return 1 if events is not None and run_id in self._fresh else None

    def add(self, run_id: str, event: StoredEvent) -> None:
        events = self._runs.get(run_id)
        if events is None:
            return
        if event.seq != len(events) + 1:
            self.untrack(run_id)
            return
        events.append(event)
        self._fresh.discard(run_id)

    def after(self, run_id: str, after_seq: int, limit: int) -> list[StoredEvent] | None:
        events = self._runs.get(run_id)
        if events is None:
            return None
        return events[after_seq : after_seq + limit]
