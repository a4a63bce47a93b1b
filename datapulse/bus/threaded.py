"""Fire-and-forget publishing: a bounded queue drained by one background sender thread.

`publish` only serialises the event and puts it on the queue, so a request never waits
for the network; when the queue is full, or the far end is unreachable, events are
dropped and counted. The thread starts on the first publish and again after a fork, so
gunicorn workers (and gevent, whose monkey-patched threads are greenlets) each get one.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import threading
import time
from typing import Any

from datapulse.events import iso

log = logging.getLogger(__name__)

_STOP = object()


class ThreadedBus:
    """Base of the real transports: subclasses implement `_connect`, `_send`, `_disconnect`."""

    transport = "threaded"

    def __init__(self, queue_size: int = 10_000, batch_max: int = 500, retry_s: float = 1.0) -> None:
        self.queue_size = queue_size
        self.batch_max = batch_max
        self.retry_s = retry_s
        self.published = 0
        self.dropped = 0
        self.connected = False
        self.last_error: str | None = None
        self._closed = False
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._queue: queue.Queue[Any] = queue.Queue(queue_size)
        self._thread: threading.Thread | None = None

    # Called from request threads -------------------------------------------------------
    def publish(self, type: str, topic: str, data: dict[str, Any]) -> None:
        try:
            if self._closed:
                raise RuntimeError("bus closed")
            # topic first: the Redis transport tells internal reports by the prefix alone
            item = json.dumps({"topic": topic, "type": type, "ts": iso(), "data": data}, default=str)
            self._ensure_thread()
            self._queue.put_nowait(item)
        except Exception:  # noqa: BLE001 - publish never raises (queue full, closed, bad data)
            self._count_dropped(1)

    def stats(self) -> dict[str, Any]:
        return {
            "transport": self.transport,
            "published": self.published,
            "dropped": self.dropped,
            "queued": self._queue.qsize(),
            "connected": self.connected,
            "last_error": self.last_error,
        }

    def close(self, timeout: float = 3.0) -> None:
        """Send what is queued (best effort), then stop the thread."""
        self._closed = True
        thread = self._thread
        if thread is not None and thread.is_alive() and self._pid == os.getpid():
            try:
                self._queue.put(_STOP, timeout=timeout)
            except queue.Full:
                pass
            thread.join(timeout)

    # The sender thread -----------------------------------------------------------------
    def _ensure_thread(self) -> None:
        if self._pid == os.getpid() and self._thread is not None:
            return
        with self._lock:
            if self._pid == os.getpid() and self._thread is not None:
                return
            if self._pid is not None:  # forked: the parent's thread and queue are not ours
                self._queue = queue.Queue(self.queue_size)
                self.connected = False
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name=f"datapulse-{self.transport}-bus", daemon=True)
            self._thread.start()

    def _count_dropped(self, n: int) -> None:
        with self._lock:
            self.dropped += n

    def _run(self) -> None:
        next_try = 0.0
        stopping = False
        while not stopping:
            try:
                first = self._queue.get(timeout=1.0)
            except queue.Empty:
                continue
            batch: list[str] = []
            for item in self._drain(first):
                if item is _STOP:
                    stopping = True
                else:
                    batch.append(item)
            if not batch:
                continue
            if not self.connected and time.monotonic() >= next_try:
                try:
                    self._connect()
                    self.connected, self.last_error = True, None
                except Exception as exc:  # noqa: BLE001 - any failure means unreachable
                    self._note_failure(exc)
                    next_try = time.monotonic() + self.retry_s
            if not self.connected:
                self._count_dropped(len(batch))
                continue
            try:
                self._send_retrying(batch)
                with self._lock:
                    self.published += len(batch)
            except Exception as exc:  # noqa: BLE001
                self._note_failure(exc)
                self._count_dropped(len(batch))
                self._safe_disconnect()
                next_try = time.monotonic() + self.retry_s
        self._safe_disconnect()

    def _send_retrying(self, batch: list[str]) -> None:
        """Send; a connection found dead on send (the server restarted since the last
        batch) is replaced once at once, so the first event after a restart is not lost."""
        try:
            self._send(batch)
        except Exception:  # noqa: BLE001 - stale connection: reconnect and try once more
            self._safe_disconnect()
            self._connect()
            self.connected, self.last_error = True, None
            self._send(batch)

    def _drain(self, first: Any) -> list[Any]:
        items = [first]
        while len(items) < self.batch_max and first is not _STOP:
            try:
                items.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return items

    def _note_failure(self, exc: Exception) -> None:
        message = f"{type(exc).__name__}: {exc}"
        if self.connected or message != self.last_error:
            log.warning("%s bus: %s (events are dropped until it is back)", self.transport, message)
        self.connected, self.last_error = False, message

    def _safe_disconnect(self) -> None:
        self.connected = False
        try:
            self._disconnect()
        except Exception:  # noqa: BLE001 - already broken
            pass

    # For subclasses --------------------------------------------------------------------
    def _connect(self) -> None:
        raise NotImplementedError

    def _send(self, batch: list[str]) -> None:
        raise NotImplementedError

    def _disconnect(self) -> None:
        raise NotImplementedError
