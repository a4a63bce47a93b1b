"""The metrics both servers share: alerts raised and cleared, and the latency histogram
that API processes report and the WebSocket server merges."""

from __future__ import annotations

import json

from datapulse.metrics import histogram
from datapulse.metrics.system import AlertTracker


def test_alert_tracker_reports_raise_level_change_and_clear() -> None:
    """An alert is reported once when raised, again when its level changes, and when it clears."""
    tracker = AlertTracker(cpu_pct=80, memory_pct=90, disk_pct=90)

    def sample(cpu: float) -> dict:
        return {"cpu": {"percent": cpu}, "memory": {"percent": 10}, "disk": {"percent": 10}}

    assert tracker.update(sample(50)) is None
    raised = tracker.update(sample(85))
    assert raised and raised["status"] == "warning" and raised["raised"] == ["cpu"] and raised["cleared"] == []
    assert tracker.update(sample(86)) is None  # still the same alert: no repeat
    worse = tracker.update(sample(95))
    assert worse and worse["status"] == "error" and worse["raised"] == ["cpu"]
    cleared = tracker.update(sample(20))
    assert cleared and cleared["status"] == "healthy" and cleared["cleared"] == ["cpu"] and cleared["alerts"] == []
    assert tracker.update(sample(20)) is None


def test_histogram_percentiles_merge_across_processes() -> None:
    """Exact p50/p95 per process; merged buckets give the right bucket across processes."""
    one, two = histogram.LatencyWindow(), histogram.LatencyWindow()
    for ms in range(1, 101):
        one.record(float(ms))
    for _ in range(100):
        two.record(1000.0)
    s1 = one.summary()
    assert (s1["count"], s1["p50_ms"], s1["p95_ms"]) == (100, 50.0, 95.0)
    merged = histogram.merge([json.loads(json.dumps(s1)), two.summary()])  # as they travel: JSON keys
    assert merged["count"] == 200
    assert 95.0 <= merged["p50_ms"] <= 100 * 1.25  # the bucket holding 100 ms
    assert 1000.0 <= merged["p95_ms"] <= 1250.0
    assert histogram.merge([]) == {"count": 0, "p50_ms": None, "p95_ms": None}


def test_latency_window_forgets_old_samples() -> None:
    """Samples older than the window no longer count."""
    window = histogram.LatencyWindow(window_s=60)
    window.record(500.0, now=0.0)
    window.record(5.0, now=100.0)
    assert window.summary(now=100.0)["count"] == 1 and window.summary(now=100.0)["p95_ms"] == 5.0
