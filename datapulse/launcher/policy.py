"""When to restart a child: at once after it had been healthy, with back-off before."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BackOff:
    """Growing delays for a child that keeps dying before it became healthy.

    `delay(n)` is the wait before restart number n (1-based) of such a streak:
    0.5, 1, 2, 4 ... capped at `cap`. After `max_failures` failures in a row the
    supervisor gives up instead of restarting.
    """

    base: float = 0.5
    factor: float = 2.0
    cap: float = 8.0
    max_failures: int = 5

    def delay(self, failures: int) -> float:
        if failures < 1:
            return 0.0
        return float(min(self.cap, self.base * self.factor ** (failures - 1)))

    def gives_up(self, failures: int) -> bool:
        return failures >= self.max_failures
