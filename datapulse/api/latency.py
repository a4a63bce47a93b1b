"""The API's own request latency (p50/p95 over the last minute), measured around each
`/api/` request by before/after hooks, and reported on the bus for the WebSocket server.

Each process reports a mergeable histogram every REPORT_EVERY_S seconds, from the
request path itself (no thread: safe across gunicorn's fork and under gevent). A
MemoryBus gets no reports: it has no WebSocket server to tell, and tests read it.
"""

from __future__ import annotations

import os
import socket
import time
from typing import Any

from flask import Flask, Response, request

from datapulse.bus.base import EventBus
from datapulse.bus.internal import API_LATENCY, INTERNAL_TOPIC
from datapulse.metrics.histogram import LatencyWindow

REPORT_EVERY_S = 5.0
ENVIRON_KEY = "datapulse.started"


class LatencyRecorder:
    def __init__(self, bus: EventBus, report_every_s: float = REPORT_EVERY_S) -> None:
        self.bus = bus
        self.window = LatencyWindow()
        self.report_every_s = report_every_s
        self.last_report = time.monotonic()
        self.reports = 0

    def record(self, ms: float) -> None:
        self.window.record(ms)
        now = time.monotonic()
        if now - self.last_report >= self.report_every_s:
            self.last_report = now
            self.report()

    def report(self) -> None:
        bus = self.bus
        if bus.stats().get("transport") == "memory":
            return
        summary = self.window.summary()
        bus.publish(API_LATENCY, INTERNAL_TOPIC, {"reporter": f"{socket.gethostname()}:{os.getpid()}", **summary})
        self.reports += 1

    def summary(self) -> dict[str, Any]:
        """This process's figures, for `GET /api/system/metrics`."""
        out = self.window.summary()
        out.pop("buckets")
        return {**out, "processes": 1}


def init_app(app: Flask, recorder: LatencyRecorder) -> None:
    """Time every `/api/` request into `recorder` (the platform's)."""

    # On the request's environ, not `g`: requests run inside a batch share one app context.
    @app.before_request
    def _start_clock() -> None:
        request.environ[ENVIRON_KEY] = time.perf_counter()

    @app.after_request
    def _stop_clock(response: Response) -> Response:
        started = request.environ.pop(ENVIRON_KEY, None)
        if started is not None and request.path.startswith("/api/"):
            recorder.record((time.perf_counter() - started) * 1000)
        return response
