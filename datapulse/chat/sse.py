"""Server-sent events over the stored run events: replay, then follow live.

The stream reads only the database (woken early by the in-process notifier when the
run executes in this worker), so a reader in any worker sees the same events in the
same order; it ends right after the run's final event.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from datapulse.chat.store import EventStore, StoredEvent
from datapulse.storage.models import FINAL_RUN_STATES

KEEPALIVE = ": keep-alive\n\n"
LOCAL_POLL_S = 2.0  # the same for a run executing in this process (its stores wake the reader)
STATUS_CHECK_S = 2.0  # how often an idle stream checks that its run still exists
ENDED = (None, *FINAL_RUN_STATES)

# No `Connection` header: it is hop-by-hop, the server's to set (PEP 3333). Werkzeug's
# server closes the connection after a streamed answer and says `Connection: close`; a
# `keep-alive` of ours ahead of it made Chromium send its next request on that socket,
# which werkzeug swallowed while draining it before the close (issue 14).
SSE_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",
}


def format_event(event: StoredEvent) -> str:
    """`id:`, `event:` and one JSON `data:` line (rendered once per event)."""
    return event.sse


def parse_last_event_id(header: str | None, query: str | None) -> int:
    """`Last-Event-ID` header first, `?last_event_id=` as the fallback; bad values mean 0."""
    for raw in (header, query):
        if raw is None or raw.strip() == "":
            continue
        try:
            return max(0, int(raw.strip()))
        except ValueError:
            return 0
    return 0


def stream_run(
    store: EventStore,
    run_id: str,
    after_seq: int = 0,
    *,
    keepalive_s: float,
    poll_s: float,
    is_local: Callable[[str], bool] | None = None,
    clock: Any = time.monotonic,
    status: str | None = None,
) -> Iterator[str]:
    """Yield the run's events after `after_seq`, then follow until the final event.

    `keepalive_s` (CHAT_KEEPALIVE_S) keeps proxies from closing an idle stream;
    `poll_s` (CHAT_POLL_S) is how often the database is read when nothing woke the reader.

    A run executing in this process wakes its readers on every stored event, so they
    read the database only then (and every LOCAL_POLL_S); other runs are polled.
    `status`: the run's status as the caller has just read it (not read again: opening
    a stream is the hot path when many readers arrive at once, issue 16)."""
    last = after_seq
    last_sent = last_check = clock()

    def local() -> bool:
        return is_local is not None and is_local(run_id)

    with store.notifier.watch(run_id) as watch:
        if not local() and (status or store.run_status(run_id)) in ENDED:
            # Already over: send what the reader missed (it ends with the final event).
            for event in store.events_after(run_id, last, limit=100_000):
                yield format_event(event)
            return
        while True:
            seen = watch.version
            events = store.events_after(run_id, last)
            for event in events:
                last = event.seq
                yield format_event(event)
                if event.final:
                    return
            now = clock()
            if events:
                last_sent = now
                continue
            here = local()
            if not here and now - last_check >= STATUS_CHECK_S:
                # A run deleted with its conversation never sends a final event.
                last_check = now
                if store.run_status(run_id) is None:
                    return
            if now - last_sent >= keepalive_s:
                yield KEEPALIVE
                last_sent = now
            remaining = keepalive_s - (now - last_sent)
            interval = LOCAL_POLL_S if here else poll_s
            watch.wait(seen, max(0.001, min(interval, remaining)))
