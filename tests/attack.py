"""An attack under a health sampler (issue 11, "How it is checked"): while the attack
runs, a thread asks `/api/health` again and again and records how long each answer took
(and, when given a process, the resident memory of its whole tree); afterwards the test
asserts that health kept answering in time.

    sampler = HealthSampler(http_probe(f"http://127.0.0.1:{port}/api/health"), memory=tree_rss(pid))
    result = under_attack(lambda: flood(...), sampler, max_latency_s=2.0)

The probe and the memory reader are injected (a scripted probe tests the sampler
itself), and every sample is kept, so a failure shows the whole timeline.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import psutil

T = TypeVar("T")
Probe = Callable[[], int]  # one health request: its status; raises OSError when unanswered
MIB = 1024 * 1024
# The goals on this 2-core machine: health under 2 s, the tree under 1 GB more.
MAX_LATENCY_S = 2.0
MAX_GROWTH_BYTES = 1024 * MIB


def http_probe(url: str, timeout_s: float = 10.0, source: str | None = None, host_header: str | None = None) -> Probe:
    """GET `url` on a fresh connection (from `source`, a 127/8 address, if given)."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    named = host_header or f"{host}:{port}"

    def probe() -> int:
        conn = http.client.HTTPConnection(host, port, timeout=timeout_s, source_address=(source, 0) if source else None)
        try:
            conn.request("GET", parts.path or "/", headers={"Host": named, "Connection": "close"})
            reply = conn.getresponse()
            reply.read()
            return reply.status
        finally:
            conn.close()

    return probe


def tree_rss(pid: int) -> Callable[[], int]:
    """The resident memory of `pid` and all its descendants (gunicorn's master and workers)."""

    def rss() -> int:
        try:
            root = psutil.Process(pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0
        total = 0
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return total

    return rss


@dataclass(frozen=True)
class Sample:
    at_s: float  # since the sampler started
    latency_s: float
    status: int | None  # None: no answer (refused, reset, timed out)


class HealthSampler:
    """Probes health every `every_s` (one probe at a time) from its own thread."""

    def __init__(
        self,
        probe: Probe,
        every_s: float = 0.05,
        memory: Callable[[], int] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.probe, self.every_s, self.memory, self.clock = probe, every_s, memory, clock
        self.samples: list[Sample] = []
        self.rss_start = self.rss_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="health-sampler", daemon=True)
        self._started = 0.0

    def _run(self) -> None:
        while True:
            begun = self.clock()
            try:
                status: int | None = self.probe()
            except OSError:
                status = None
            self.samples.append(Sample(begun - self._started, self.clock() - begun, status))
            if self.memory is not None:
                self.rss_peak = max(self.rss_peak, self.memory())
            # At least two samples, however short the attack: the last one answers at its end.
            if self._stop.wait(self.every_s) and len(self.samples) >= 2:
                return

    def __enter__(self) -> HealthSampler:
        if self.memory is not None:
            self.rss_start = self.rss_peak = self.memory()
        self._started = self.clock()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(60)  # the probe in flight ends within its own timeout

    @property
    def growth_bytes(self) -> int:
        return self.rss_peak - self.rss_start

    @property
    def slowest_s(self) -> float:
        return max((s.latency_s for s in self.samples), default=0.0)

    def summary(self) -> str:
        unanswered = sum(s.status is None for s in self.samples)
        line = f"health sampled {len(self.samples)} times, slowest {self.slowest_s:.2f} s, {unanswered} unanswered"
        if self.memory is not None:
            line += f"; memory +{self.growth_bytes / MIB:.0f} MiB"
        return line

    def check(
        self,
        max_latency_s: float = MAX_LATENCY_S,
        min_samples: int = 2,
        max_growth_bytes: int | None = MAX_GROWTH_BYTES,
        statuses: tuple[int, ...] = (200, 503),
    ) -> None:
        """Health answered every time (200, or 503 `degraded`/`unhealthy` in JSON, never
        nothing), each within `max_latency_s`, often enough to have seen the attack."""
        timeline = ", ".join(f"{s.at_s:.1f}s:{s.status}/{s.latency_s:.2f}" for s in self.samples[:200])
        assert len(self.samples) >= min_samples, f"{self.summary()}: too few samples to judge [{timeline}]"
        bad = [s for s in self.samples if s.status not in statuses or s.latency_s >= max_latency_s]
        assert not bad, f"{self.summary()}; {len(bad)} over {max_latency_s} s or not answered [{timeline}]"
        if self.memory is not None and max_growth_bytes is not None:
            assert self.growth_bytes < max_growth_bytes, self.summary()


def under_attack(attack: Callable[[], T], sampler: HealthSampler, **check: Any) -> T:
    """Run `attack` while `sampler` probes health, then check the samples; the attack's
    result is returned for the test's own assertions."""
    with sampler:
        result = attack()
    print(sampler.summary())
    sampler.check(**check)
    return result
