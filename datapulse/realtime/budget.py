"""Per-client budgets of the WebSocket server: how fast a client may talk, and how often
the log may say the same thing.

A client that sends `resume` a thousand times a second makes the server write replays it
never reads; it is told once (`error` rate_limited) and closed. Warnings about such
clients are limited too, so an attack cannot fill the disk with log lines.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

FLOOD_CLOSE_CODE = 1008  # policy violation


class MessageRate:
    """A token bucket: `per_s` messages a second on average, bursts up to two seconds' worth."""

    __slots__ = ("per_s", "burst", "tokens", "last", "clock")

    def __init__(self, per_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_s = per_s
        self.burst = max(2 * per_s, 1)
        self.tokens = self.burst
        self.clock = clock
        self.last = clock()

    def allow(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.per_s)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class LogLimiter:
    """At most `count` lines per `interval` seconds for one kind of warning; the number left
    out is added to the next line that gets through."""

    def __init__(
        self,
        logger: logging.Logger,
        count: int = 10,
        interval: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.logger, self.count, self.interval, self.clock = logger, count, interval, clock
        self.window_start = clock()
        self.in_window = 0
        self.suppressed = 0

    def warning(self, message: str, *args: object) -> None:
        now = self.clock()
        if now - self.window_start >= self.interval:
            self.window_start, self.in_window = now, 0
        if self.in_window >= self.count:
            self.suppressed += 1
            return
        self.in_window += 1
        if self.suppressed:
            message += " (%d similar warnings suppressed)"
            args = (*args, self.suppressed)
            self.suppressed = 0
        self.logger.warning(message, *args)
