"""Request latency over a sliding minute, in a form several processes can merge.

Each API process keeps its own samples; what it reports is a sparse histogram over
fixed, geometric buckets (each 25 % wider than the last), so the WebSocket server can
add the reports of every gunicorn worker and read p50/p95 off the sum.
"""

from __future__ import annotations

import bisect
import math
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any

WINDOW_S = 60.0
# Upper bounds in ms: 0.1 ms ... about 65 s; one more bucket holds anything slower.
BOUNDS_MS: tuple[float, ...] = tuple(0.1 * 1.25**i for i in range(61))


def bucket_of(ms: float) -> int:
    return bisect.bisect_left(BOUNDS_MS, ms)


def bucket_upper(index: int) -> float:
    return BOUNDS_MS[index] if index < len(BOUNDS_MS) else BOUNDS_MS[-1] * 1.25


def percentile_of_buckets(buckets: Mapping[int, int], q: float) -> float | None:
    """The bucket upper bound under which a fraction q of the samples lie."""
    total = sum(buckets.values())
    if not total:
        return None
    rank = q * total
    seen = 0
    for index in sorted(buckets):
        seen += buckets[index]
        if seen >= rank:
            return round(bucket_upper(index), 3)
    return round(bucket_upper(max(buckets)), 3)


def merge(reports: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """p50/p95 over several processes' reports (each with `buckets` {index: count})."""
    total: dict[int, int] = {}
    for report in reports:
        for key, count in report.get("buckets", {}).items():
            total[int(key)] = total.get(int(key), 0) + int(count)
    return {
        "count": sum(total.values()),
        "p50_ms": percentile_of_buckets(total, 0.50),
        "p95_ms": percentile_of_buckets(total, 0.95),
    }


class LatencyWindow:
    """Thread-safe samples of the last `window_s` seconds (capped, oldest dropped first)."""

    def __init__(self, window_s: float = WINDOW_S, max_samples: int = 100_000) -> None:
        self.window_s = window_s
        self._samples: deque[tuple[float, float]] = deque(maxlen=max_samples)
        self._lock = threading.Lock()

    def record(self, ms: float, now: float | None = None) -> None:
        with self._lock:
            self._samples.append((time.monotonic() if now is None else now, ms))

    def _recent(self, now: float | None) -> list[float]:
        cutoff = (time.monotonic() if now is None else now) - self.window_s
        with self._lock:
            while self._samples and self._samples[0][0] < cutoff:
                self._samples.popleft()
            return [ms for _, ms in self._samples]

    def summary(self, now: float | None = None) -> dict[str, Any]:
        """Exact p50/p95 of this process, plus the buckets others may merge."""
        values = sorted(self._recent(now))
        buckets: dict[int, int] = {}
        for ms in values:
            index = bucket_of(ms)
            buckets[index] = buckets.get(index, 0) + 1
        return {
            "count": len(values),
            "p50_ms": _exact(values, 0.50),
            "p95_ms": _exact(values, 0.95),
            "buckets": buckets,
            "window_s": self.window_s,
        }


def _exact(sorted_values: list[float], q: float) -> float | None:
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))  # nearest rank
    return round(sorted_values[index], 3)
