"""Pieces of the server checked without a network: hub numbering, ingest, reports, metrics errors."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import psutil
import pytest
from websockets.frames import Frame, Opcode

from datapulse.bus.internal import API_LATENCY, INTERNAL_TOPIC
from datapulse.metrics.system import SystemSampler, platform_root, role_of
from datapulse.realtime import ingest as ingest_module
from datapulse.realtime.hub import Hub, text_frame
from datapulse.realtime.ingest import Ingest
from datapulse.realtime.metrics_loop import MetricsLoop
from datapulse.realtime.redis_feed import RedisFeed
from datapulse.settings import Settings


def test_hub_numbers_events_and_keeps_a_bounded_replay_buffer() -> None:
    """Each published event takes the next seq; the replay buffer keeps the newest WS_REPLAY_BUFFER."""
    hub = Hub(replay_size=3)
    assert [hub.publish("activity", "activity", {"n": i}) for i in range(5)] == [1, 2, 3, 4, 5]
    assert [seq for seq, _, _ in hub.replay] == [3, 4, 5]
    assert hub.stats()["published"] == 5 and hub.stats()["seq"] == 5


@pytest.mark.parametrize("size", [0, 125, 126, 65535, 65536])
def test_text_frame_matches_the_library(size: int) -> None:
    """The frame built once for every client is byte for byte what websockets would send."""
    payload = b"a" * size
    expected = Frame(Opcode.TEXT, payload).serialize(mask=False, extensions=[])
    assert text_frame(payload) == expected


def test_hub_seq_going_back_empties_the_replay_buffer() -> None:
    """A Redis seq at or below ours (the counter was reset) restarts numbering and empties the buffer."""
    hub = Hub(replay_size=10)
    hub.publish("activity", "activity", {}, seq=7)
    hub.publish("activity", "activity", {}, seq=8)
    hub.publish("activity", "activity", {}, seq=2)
    assert hub.seq == 2 and [seq for seq, _, _ in hub.replay] == [2]


def test_ingest_rejects_malformed_events_and_keeps_latency_reports() -> None:
    """Events with an unknown topic, a non-object data or bad JSON are counted as rejected, not broadcast."""
    hub = Hub()
    ingest = Ingest(hub)
    for item in (
        "not an object",
        {"topic": "weather", "type": "x", "data": {}},
        {"topic": "files", "type": 3, "data": {}},
        {"topic": "files", "type": "file_update", "data": []},
    ):
        ingest.accept(item)
    assert ingest.parse_frame(b"{broken") == []
    assert ingest.rejected == 5 and hub.seq == 0
    ingest.accept({"topic": INTERNAL_TOPIC, "type": API_LATENCY, "data": {"reporter": "w1", "buckets": {"10": 4}}})
    assert hub.seq == 0  # internal reports are not events
    summary = ingest.latency.summary()
    assert summary is not None and summary["count"] == 4 and summary["processes"] == 1
    ingest.accept({"topic": "files", "type": "file_update", "data": {"ok": True}, "ts": "2026-01-01T00:00:00Z"})
    assert hub.seq == 1 and b'"ts":"2026-01-01T00:00:00Z"' in hub.replay[-1][2]


def test_latency_reports_of_dead_workers_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that stopped reporting no longer counts after the report TTL."""
    ingest = Ingest(Hub())
    ingest.latency.note({"reporter": "gone", "buckets": {"3": 1}})
    later = time.monotonic() + ingest_module.LATENCY_REPORT_TTL_S + 1
    monkeypatch.setattr(ingest_module.time, "monotonic", lambda: later)
    assert ingest.latency.summary() is None


def test_disk_error_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """When the upload folder's disk cannot be read, the sample says why and goes on."""
    sampler = SystemSampler(tmp_path)

    def broken(path: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(psutil, "disk_usage", broken)
    sample = sampler.sample()
    assert sample["disk"] == {"path": str(tmp_path), "error": "Permission denied", "percent": None}
    assert sample["memory"]["total_bytes"] > 0


def test_roles_and_root_outside_the_platform() -> None:
    """Command lines name the platform's roles; a process outside the platform is its own root."""
    assert role_of(["python", "run_server.py"]) == "launcher"
    assert role_of(["python", "websocket_server.py", "--port", "1"]) == "websocket"
    assert role_of(["gunicorn", "-k", "gevent", "app:app"]) == "api"
    assert role_of(["python", "-m", "datapulse.api.serve.devserver"]) == "api"
    assert role_of(["python", "-m", "pytest"]) is None
    me = psutil.Process()
    assert platform_root(me).pid == me.pid  # pytest's parents are not platform processes


def test_metrics_loop_survives_a_failing_round(settings: Settings) -> None:
    """A round that fails is logged; the next rounds still publish."""
    published: list[str] = []
    calls = {"n": 0}

    async def publish(type_: str, data: dict) -> None:
        if type_ != "system_metrics":
            return  # a real alert of a busy machine (system_health) is not what is counted here
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("boom")
        published.append(type_)

    class QuietSampler:
        """A machine at rest, whatever the real load: no alert may slip in between."""

        def __init__(self, folder: Path) -> None:
            self.folder = folder

        def sample(self) -> dict:
            return {"cpu": {"percent": 1.0}, "memory": {"percent": 1.0}, "disk": {"percent": 1.0}}

    loop = MetricsLoop(settings.replace(METRICS_INTERVAL=0.01), lambda: 1, dict, publish, make_sampler=QuietSampler)

    async def main() -> None:
        task = asyncio.create_task(loop.run())
        deadline = time.monotonic() + 20
        while len(published) < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    asyncio.run(main())
    assert calls["n"] >= 3 and published[:2] == ["system_metrics", "system_metrics"]


def test_redis_feed_without_a_connection_neither_publishes_nor_leads(settings: Settings) -> None:
    """Before it is connected, the feed publishes nothing and holds no metrics lease."""
    feed = RedisFeed("redis://127.0.0.1:1/0", settings.secret_key, 100, Ingest(Hub()), "me")

    async def main() -> tuple[bool, bool]:
        return await feed.publish("system_metrics", "system", {}, "t"), await feed.hold_metrics_lease(1.0)

    assert asyncio.run(main()) == (False, False)
    assert feed.stats()["connected"] is False


def test_cpu_percent_is_measured_across_threads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Samples taken from another thread than the last one (requests, executors) still see CPU use.

    The CPU counters are scripted (one core busy for a second), so the machine's real load
    cannot change the answer.
    """
    real = psutil.cpu_times()
    zero = real._replace(**{field: 0.0 for field in real._fields})
    cores = psutil.cpu_count()
    readings = {"n": 0}

    def cpu_times(percpu: bool = False):  # type: ignore[no-untyped-def]
        tick = readings["n"] // 2  # the sampler reads the total, then the cores
        readings["n"] += 1
        busy = zero._replace(user=float(tick), idle=float(tick))
        idle = zero._replace(idle=2.0 * tick)
        return [busy, *[idle] * (cores - 1)] if percpu else busy

    monkeypatch.setattr(psutil, "cpu_times", cpu_times)
    sampler = SystemSampler(tmp_path)
    result: dict = {}
    worker = threading.Thread(target=lambda: result.update(sampler.sample()))
    worker.start()
    worker.join()
    assert result["cpu"]["percent"] == 50.0
    assert result["cpu"]["per_core"] == [50.0, *[0.0] * (cores - 1)] and len(result["cpu"]["per_core"]) == cores
