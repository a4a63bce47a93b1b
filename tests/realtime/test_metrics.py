"""System metrics: broadcast while someone listens on `system`, alerts, API latency, /api/system/metrics."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from websockets.asyncio.client import connect

from datapulse.api.app import create_app
from datapulse.settings import Settings
from tests.conftest import free_port
from tests.realtime.conftest import (
    ROOT,
    barrier,
    close_app,
    recv_events,
    recv_json,
    settings_env,
    stop_process,
    wait_health,
)

FAST = {"METRICS_INTERVAL": "0.2"}


def assert_metrics_shape(data: dict) -> None:
    assert 0 <= data["cpu"]["percent"] <= 100
    assert len(data["cpu"]["per_core"]) == data["cpu"]["count"] >= 1
    assert 0 < data["memory"]["percent"] < 100 and data["memory"]["total_bytes"] > 0
    assert data["disk"]["total_bytes"] > 0 and "percent" in data["disk"]
    assert data["network"]["sent_bytes_per_s"] >= 0 and data["network"]["recv_bytes_per_s"] >= 0
    assert data["processes"] and all(p["memory_rss_bytes"] > 0 for p in data["processes"])
    assert {"connections", "events_per_s"} <= set(data["websocket"] or {})
    assert "api_latency" in data
    assert data["health"]["status"] in ("healthy", "warning", "error")


@pytest.mark.sqlite_pass  # the WebSocket server alone, in local mode: no database
def test_metrics_broadcast_while_someone_listens(start_ws_server) -> None:  # type: ignore[no-untyped-def]
    """Every METRICS_INTERVAL a system_metrics event goes out, with the full shape."""
    server = start_ws_server(**FAST)

    async def main() -> None:
        async with connect(server.url) as ws:
            await recv_json(ws)
            first, second = await recv_events(ws, 2, "system_metrics")
            assert first["topic"] == "system" and second["seq"] > first["seq"]
            data = second["data"]
            assert_metrics_shape(data)
            assert data["websocket"]["connections"] == 1
            me = [p for p in data["processes"] if p["self"]]
            assert me and me[0]["role"] == "websocket" and me[0]["pid"] == server.proc.pid

    asyncio.run(main())


@pytest.mark.sqlite_pass  # the WebSocket server alone, in local mode: no database
def test_no_metrics_without_listeners(start_ws_server) -> None:  # type: ignore[no-untyped-def]
    """With nobody subscribed to `system`, no metrics are sampled or published."""
    server = start_ws_server(**FAST)

    async def main() -> None:
        async with connect(server.url) as ws:
            await recv_json(ws)
            await ws.send(json.dumps({"type": "unsubscribe", "topics": ["system"]}))
            await barrier(ws)
            seq = server.health()["seq"]
            await asyncio.sleep(1.2)  # six intervals
            assert server.health()["seq"] == seq
            assert await barrier(ws) == []
            await ws.send(json.dumps({"type": "subscribe", "topics": ["system"]}))
            (event,) = await recv_events(ws, 1, "system_metrics")
            assert event["seq"] > seq

    asyncio.run(main())


@pytest.mark.sqlite_pass  # the WebSocket server alone, in local mode: no database
def test_system_health_alert_when_threshold_is_crossed(start_ws_server) -> None:  # type: ignore[no-untyped-def]
    """A low ALERT_DISK_PCT raises a disk alert in a system_health event; high thresholds raise none."""
    server = start_ws_server(ALERT_DISK_PCT="1", ALERT_MEMORY_PCT="100", ALERT_CPU_PCT="100", **FAST)

    async def main() -> None:
        async with connect(server.url) as ws:
            await recv_json(ws)
            (event,) = await recv_events(ws, 1, "system_health")
            data = event["data"]
            assert data["status"] in ("warning", "error") and "disk" in data["raised"]
            alert = next(a for a in data["alerts"] if a["metric"] == "disk")
            assert alert["threshold"] == 1 and alert["value"] >= 1 and alert["message"]
            assert "memory" not in {a["metric"] for a in data["alerts"]}
            (metrics,) = await recv_events(ws, 1, "system_metrics")
            assert "disk" in {a["metric"] for a in metrics["data"]["health"]["alerts"]}

    asyncio.run(main())


def test_api_latency_reaches_the_metrics(settings: Settings, start_ws_server) -> None:  # type: ignore[no-untyped-def]
    """The API measures its requests and reports them on the bus; system_metrics carries p50/p95."""
    server = start_ws_server(port=settings.WS_PORT, **FAST)
    app = create_app(settings)
    app.config["TESTING"] = True
    recorder = app.extensions["datapulse"].latency
    recorder.report_every_s = 0.0
    try:
        client = app.test_client()
        for _ in range(20):
            assert client.get("/api/config").status_code == 200

        async def main() -> None:
            async with connect(server.url) as ws:
                await recv_json(ws)
                deadline = time.monotonic() + 10
                while True:
                    client.get("/api/config")
                    (event,) = await recv_events(ws, 1, "system_metrics")
                    latency = event["data"]["api_latency"]
                    if latency and latency["count"] >= 20:
                        break
                    assert time.monotonic() < deadline, latency
                assert latency["p50_ms"] > 0 and latency["p95_ms"] >= latency["p50_ms"]
                assert latency["processes"] == 1 and latency["window_s"] == 60

        asyncio.run(main())
        assert recorder.reports >= 20
    finally:
        close_app(app)


def test_api_system_metrics_endpoint(client, bus) -> None:  # type: ignore[no-untyped-def]
    """GET /api/system/metrics answers the broadcast's shape, with this process's latency."""
    for _ in range(3):
        client.get("/api/config")
    response = client.get("/api/system/metrics")
    assert response.status_code == 200
    data = response.get_json()
    assert data["websocket"] is None  # no WebSocket server in this test
    data["websocket"] = {"connections": 0, "events_per_s": 0}
    assert_metrics_shape(data)
    assert data["api_latency"]["count"] >= 3 and data["api_latency"]["p50_ms"] > 0
    assert not [e for e in bus.events if e.topic == "_internal"]  # a MemoryBus gets no reports


FAKE_LAUNCHER = """
import subprocess, sys, time
ws = subprocess.Popen([sys.executable, sys.argv[1], "--host", "127.0.0.1", "--port", sys.argv[2]])
sibling = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
print(sibling.pid, flush=True)
try:
    ws.wait()
finally:
    sibling.kill()
    ws.kill()
"""


def test_platform_processes_are_found_through_the_launcher(settings: Settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Under a launcher (run_server.py), the metrics list the launcher, the server and its siblings."""
    launcher = tmp_path / "run_server.py"
    launcher.write_text(FAKE_LAUNCHER)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(launcher), str(ROOT / "websocket_server.py"), str(port)],
        cwd=ROOT,
        env=settings_env(settings, **FAST),
        stdout=subprocess.PIPE,
        start_new_session=True,  # one process group: the launcher, the server and the sibling
    )
    try:
        assert proc.stdout is not None
        sibling = int(proc.stdout.readline())
        wait_health(port, proc)

        async def main() -> None:
            async with connect(f"ws://127.0.0.1:{port}/ws") as ws:
                await recv_json(ws)
                _, (event,) = await recv_events(ws, 1, "system_metrics"), await recv_events(ws, 1, "system_metrics")
                rows = {p["pid"]: p for p in event["data"]["processes"]}
                assert rows[proc.pid]["role"] == "launcher"
                assert sibling in rows
                assert [p["role"] for p in rows.values() if p["self"]] == ["websocket"]

        asyncio.run(main())
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        stop_process(proc)
        time.sleep(0.2)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.stdout.close()  # type: ignore[union-attr]
