"""Benchmark of chat over SSE, through the real API under gunicorn with one gevent worker.

(a) Time to the first event and to the final answer for a group-by question over a
    generated 1,000,000-row Parquet file (goals: first event < 100 ms, final < 1 s);
    the answer is checked against pandas.
(b) Concurrent SSE run streams one gevent worker holds: p99 event latency, events/s
    and memory per stream, beside a bare Flask generator endpoint in the same worker,
    measured in the same run (goal: 1,000 run streams at p99 < 100 ms). The runs use a
    paced stand-in for the agents (an agent_update every --interval seconds carrying its
    send time, no computation; every run reports at the same instants, the worst case),
    so that the figures are those of the run machinery: executor, the event writer's
    group commit, notifier, SSE. "final p99" is from a run's answer being ready to its
    final event read by the client (all runs end in the same millisecond). The worker
    runs with the launcher's gunicorn configuration (datapulse/api/serve/gunicorn_conf.py).

    .venv/bin/python bench/bench_chat.py [--rows 1000000] [--streams 100,500,1000]

gunicorn loads `bench_chat:bench_app()` from this folder (the factory below).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


# The server side (imported by gunicorn) -----------------------------------------------
def bench_app() -> Any:
    """The platform's app; with BENCH_AGENTS=paced the paced agents and the bare endpoint."""
    from flask import Response, request

    from datapulse.api.app import create_app
    from datapulse.chat.executor import RunExecutor
    from datapulse.settings import load_settings

    settings = load_settings(env_file=None)
    app = create_app(settings)
    if os.environ.get("BENCH_AGENTS") != "paced":
        return app
    svc = app.extensions["datapulse"]
    old = svc.executor
    events, interval = int(os.environ["BENCH_EVENTS"]), float(os.environ["BENCH_INTERVAL"])
    # By default every run is a greenlet of its own on the hub (the worst case for the
    # streams); BENCH_RUN_WORKERS=4 BENCH_OFFLOAD=1 is the launcher's executor instead.
    workers, offload = int(os.environ.get("BENCH_RUN_WORKERS", "5000")), os.environ.get("BENCH_OFFLOAD") == "1"
    executor = RunExecutor(old.store, svc.bus, settings, max_workers=workers, max_pending=10_000,
                           analyse=paced_agents(events, interval), offload=None if offload else False)  # fmt: skip
    executor.list_agents = lambda: ["bench"]
    svc.executor = executor  # the worker hook starts the platform with it

    @app.get("/bench/bare")
    def bare() -> Response:
        n, pause, start = int(request.args["events"]), float(request.args["interval"]), float(request.args["start"])

        def generate() -> Any:
            yield ": connected\n\n"
            time.sleep(max(0.0, start - time.time()))
            for i in range(1, n + 1):
                time.sleep(pause)
                yield f"id: {i}\nevent: tick\ndata: {json.dumps({'ts': time.time()})}\n\n"

        return Response(generate(), mimetype="text/event-stream", headers={"Cache-Control": "no-cache"})

    if os.environ.get("BENCH_PROFILE"):  # a file: POST /bench/profile starts, DELETE writes it
        import cProfile

        profile = cProfile.Profile(time.thread_time)

        @app.route("/bench/profile", methods=["POST", "DELETE"])
        def profiling() -> str:
            # The hub's thread runs every greenlet: this profiles the worker's work on it.
            if request.method == "POST":
                profile.enable()
            else:
                profile.disable()
                profile.dump_stats(os.environ["BENCH_PROFILE"])
            return "ok"

    return app


def paced_agents(events: int, interval: float) -> Any:
    from datapulse.agents.contract import AnalysisOutcome

    def analyse(request: Any, sink: Any, settings: Any) -> Any:
        # "bench <epoch>": every run starts reporting at that moment, once all streams are open.
        time.sleep(max(0.0, float(request.question.split()[-1]) - time.time()))
        for i in range(events):
            time.sleep(interval)
            sink.agent("bench", "processing", int(100 * i / events), f"{time.time():.6f}")
        return AnalysisOutcome(answer=f"{time.time():.6f}", results=[], plan=[])  # when the answer was ready

    return analyse


# The client side ---------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """gunicorn -k gevent -w 1 (or `workers`) in a subprocess, stopped (TERM, then KILL) on exit."""

    def __init__(
        self,
        data: Path,
        env: dict[str, str],
        factory: str = "bench_chat:bench_app()",
        workers: int = 1,
        websocket: bool = False,
    ) -> None:
        self.factory = factory  # the app factory gunicorn loads from this folder
        self.workers = workers
        # The launcher runs websocket_server.py beside the API; without it the API's event
        # bus keeps reconnecting and health probes the missing server on every call.
        self.websocket = websocket
        self.ws_proc: subprocess.Popen[bytes] | None = None
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ, "DATA_DIR": str(data / "data"), "UPLOAD_FOLDER": str(data / "uploads"),
            "FLASK_PORT": str(self.port), "WS_PORT": str(free_port()), "SECRET_KEY": "bench-secret-key-0123456789",
            "LOG_LEVEL": "WARNING", "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)]),  # this checkout's code
            "API_CONNECTIONS_PER_CLIENT": "0",  # every stream comes from this one address
            **env,
        }  # fmt: skip
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        import requests

        # The launcher's gunicorn configuration (warm master, frozen heap), as in production.
        cmd = [sys.executable, "-m", "gunicorn", "-c", "python:datapulse.api.serve.gunicorn_conf",
               "-k", "gevent", "-w", str(self.workers), "--worker-connections", "20000",
               "-b", f"127.0.0.1:{self.port}", "--log-level", "warning", "--timeout", "120",
               self.factory]  # fmt: skip
        if self.websocket:
            ws_cmd = [sys.executable, str(ROOT / "websocket_server.py"), "--host", "127.0.0.1"]
            self.ws_proc = subprocess.Popen(ws_cmd, cwd=HERE, env=self.env)
        self.proc = subprocess.Popen(cmd, cwd=HERE, env=self.env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.base}/api/chat/conversations", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def worker_rss(self) -> int:
        import psutil

        assert self.proc is not None
        children = psutil.Process(self.proc.pid).children()
        return sum(c.memory_info().rss for c in children)

    def __exit__(self, *exc: object) -> None:
        for proc in (self.proc, self.ws_proc):
            if proc and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)


RAMP_PER_S = 200.0  # new streams opened per second (all are open before events start)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# (a) time to first event and to the answer -------------------------------------------
def make_file(path: Path, rows: int) -> Any:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(7)
    regions = np.array(["North", "South", "East", "West", "Central", "Coast", "Alps", "Islands"])
    frame = pd.DataFrame({
        "order_id": np.arange(rows),
        "region": regions[rng.integers(0, len(regions), rows)],
        "product": np.char.add("P", rng.integers(0, 40, rows).astype(str)),
        "sales": rng.gamma(2.0, 50.0, rows).round(2),
        "quantity": rng.integers(1, 20, rows),
        "order_date": pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 1095, rows), unit="D"),
    })  # fmt: skip
    frame.to_parquet(path, index=False)
    return frame


@contextlib.contextmanager
def platform_with_file(rows: int, **environ: str) -> Iterator[tuple[Any, Any, Any, str]]:
    """An in-process platform (Flask test client, no server) with one conversation over a
    generated `rows`-row table: `(settings, platform, client, conversation id)`; the
    profiles measure the server's own path without sockets."""
    from datapulse.api.app import create_app
    from datapulse.settings import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "orders.parquet"
        make_file(path, rows)
        settings = load_settings(
            environ={
                "DATA_DIR": str(root / "data"), "UPLOAD_FOLDER": str(root / "uploads"),
                "SECRET_KEY": "bench-secret-key-0123456789", "LOG_LEVEL": "WARNING",
                "RATE_LIMIT": "1000000/minute", "RATE_LIMIT_CHAT": "1000000/minute",
                **environ,
            },
            env_file=None,
        )  # fmt: skip
        app = create_app(settings)
        platform = app.extensions["datapulse"]
        platform.start()
        try:
            client = app.test_client()
            with path.open("rb") as fh:
                file_id = client.post("/api/files", data={"file": (fh, path.name)}).json["files"][0]["id"]
            while client.get(f"/api/files/{file_id}").json["status"] == "processing":
                time.sleep(0.05)
            cid = client.post("/api/chat/conversations", json={"file_ids": [file_id]}).json["id"]
            yield settings, platform, client, cid
        finally:
            platform.stop()


def first_and_final(base: str, cid: str, question: str) -> tuple[float, float, dict[str, Any]]:
    """(ms to the first SSE event, ms to run_completed, its data) for one question."""
    import requests

    started = time.perf_counter()
    first = final = 0.0
    data: dict[str, Any] = {}
    with requests.post(f"{base}/api/chat/conversations/{cid}/messages", json={"content": question},
                       headers={"Accept": "text/event-stream"}, stream=True, timeout=120) as response:  # fmt: skip
        event = ""
        for line in response.iter_lines(chunk_size=None, decode_unicode=True):
            if line.startswith("id:") and not first:
                first = (time.perf_counter() - started) * 1000
            if line.startswith("event:"):
                event = line[6:].strip()
            if line.startswith("data:") and event in ("run_completed", "run_failed"):
                final = (time.perf_counter() - started) * 1000
                data = {"event": event, **json.loads(line[5:])}
    return first, final, data


def bench_answer(rows: int, repeats: int) -> None:
    import requests

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders_1m.parquet"
        frame = make_file(path, rows)
        want = frame.groupby("region")["sales"].mean()
        with Server(Path(tmp), {"BENCH_AGENTS": "real"}) as server:
            with path.open("rb") as fh:
                response = requests.post(f"{server.base}/api/files", files={"file": (path.name, fh)}, timeout=300)
            file_id = response.json()["files"][0]["id"]
            while requests.get(f"{server.base}/api/files/{file_id}", timeout=10).json()["status"] == "processing":
                time.sleep(0.1)
            cid = requests.post(
                f"{server.base}/api/chat/conversations", json={"file_ids": [file_id]}, timeout=10
            ).json()["id"]  # noqa: E501
            question = "average sales by region"
            cold = first_and_final(server.base, cid, question)
            warm = [first_and_final(server.base, cid, question) for _ in range(repeats)]
        table = next(r for r in cold[2]["results"] if r["kind"] == "table")
        got = {row[0]: row[-1] for row in table["rows"]}
        correct = all(abs(got[k] - v) <= 1e-6 * abs(v) for k, v in want.items()) and len(got) == len(want)
        firsts, finals = [w[0] for w in warm], [w[1] for w in warm]
        print(f"(a) group-by over {rows:,} rows ('{question}'), gunicorn -k gevent -w 1, SQLite")
        print(f"    cold (first question on the file): first event {cold[0]:.1f} ms, final answer {cold[1]:.1f} ms")
        print(f"    warm x{repeats}: first event median {statistics.median(firsts):.1f} ms (max {max(firsts):.1f}),"
              f" final median {statistics.median(finals):.1f} ms (max {max(finals):.1f})")  # fmt: skip
        print(f"    answer matches pandas: {correct}; goals: first < 100 ms "
              f"{'met' if statistics.median(firsts) < 100 else 'MISSED'}, final < 1 s "
              f"{'met' if statistics.median(finals) < 1000 else 'MISSED'}")  # fmt: skip


# (b) concurrent streams ------------------------------------------------------------------
async def read_stream(port: int, request: bytes, latencies: list[float], counts: dict[str, Any], delay: float) -> None:
    await asyncio.sleep(delay)
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    except OSError as exc:
        counts["errors"] += 1
        counts[type(exc).__name__] = counts.get(type(exc).__name__, 0) + 1
        return
    try:
        writer.write(request)
        status = await reader.readline()
        if b" 200 " not in status:
            counts["errors"] += 1
            counts[f"status {status[9:12].decode() or 'none'}"] = counts.get(f"status {status[9:12].decode()}", 0) + 1
            return
        while (await reader.readline()) not in (b"\r\n", b""):
            pass
        counts["connected"] += 1
        event = b""
        async for line in reader:
            if line.startswith(b"event:"):
                event = line[6:].strip()
            elif line.startswith(b"data:"):
                now = time.time()
                data = json.loads(line[5:])
                sent = {b"tick": data.get("ts"), b"agent_update": data.get("message")}.get(event)
                if sent is not None:
                    latencies.append((now - float(sent)) * 1000)
                    counts["events"] += 1
                    counts["last"] = max(counts["last"], now)
                if event in (b"run_completed", b"run_failed"):
                    counts["finished"] += 1
                    if event == b"run_completed":  # answer ready -> final event read
                        counts["finals"].append((now - float(data["answer"])) * 1000)
                    break
                if event == b"tick":
                    counts["ticks"] += 1
    except (OSError, asyncio.IncompleteReadError) as exc:
        counts["errors"] += 1
        counts[type(exc).__name__] = counts.get(type(exc).__name__, 0) + 1
    finally:
        writer.close()


async def phase(server: Server, kind: str, streams: int, events: int, interval: float, cid: str) -> dict[str, Any]:
    latencies: list[float] = []
    counts: dict[str, Any] = {
        "connected": 0, "events": 0, "finished": 0, "errors": 0, "ticks": 0, "last": 0.0, "finals": [],
    }  # fmt: skip
    ramp = streams / RAMP_PER_S
    start_at = time.time() + ramp + 2.0  # every stream is open before the first event
    if kind == "bare":
        path = f"/bench/bare?events={events}&interval={interval}&start={start_at}"
        request = f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode()
    else:
        body = json.dumps({"content": f"bench {start_at}"}).encode()
        request = (f"POST /api/chat/conversations/{cid}/messages HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                   f"Accept: text/event-stream\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {len(body)}\r\n\r\n").encode() + body  # fmt: skip
    base_rss = server.worker_rss()
    peak = base_rss
    started = time.perf_counter()
    tasks = [
        asyncio.create_task(read_stream(server.port, request, latencies, counts, i / RAMP_PER_S))
        for i in range(streams)
    ]
    while not all(t.done() for t in tasks):
        peak = max(peak, server.worker_rss())
        await asyncio.sleep(0.25)
    elapsed = time.perf_counter() - started
    window = max(1e-3, counts["last"] - start_at)
    held = counts["ticks"] // events if kind == "bare" else counts["finished"]
    return {
        "kind": kind, "streams": streams, "held": held, "errors": counts["errors"], "events": counts["events"],
        "p50": pct(latencies, 0.50), "p99": pct(latencies, 0.99), "max": max(latencies, default=float("nan")),
        "events_per_s": counts["events"] / window, "kib_per_stream": (peak - base_rss) / 1024 / streams,
        "final_p99": pct(counts["finals"], 0.99),
        "seconds": elapsed, "error_kinds": {k: v for k, v in counts.items() if k not in (
            "connected", "events", "finished", "errors", "ticks", "last", "finals")},
    }  # fmt: skip


def bench_streams(ladder: list[int], events: int, interval: float) -> None:
    import requests

    print(f"(b) concurrent SSE streams, one gunicorn gevent worker, {events} events per stream every {interval}s")
    print("    kind   streams  held  errors   p50 ms   p99 ms   max ms   events/s  KiB/stream  final p99 ms")
    env = {"BENCH_AGENTS": "paced", "BENCH_EVENTS": str(events), "BENCH_INTERVAL": str(interval)}
    with tempfile.TemporaryDirectory() as tmp, Server(Path(tmp), env) as server:
        cid = requests.post(f"{server.base}/api/chat/conversations", json={}, timeout=10).json()["id"]
        for streams in ladder:
            for kind in ("bare", "runs"):
                r = asyncio.run(phase(server, kind, streams, events, interval, cid))
                print(f"    {r['kind']:<6} {r['streams']:>7} {r['held']:>5} {r['errors']:>7} {r['p50']:>8.1f} "
                      f"{r['p99']:>8.1f} {r['max']:>8.1f} {r['events_per_s']:>10.0f} {r['kib_per_stream']:>11.1f} "
                      f"{r['final_p99']:>13.1f}",
                      f"  {r['error_kinds'] or ''}", flush=True)  # fmt: skip
                time.sleep(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--streams", default="100,500,1000")
    parser.add_argument("--events", type=int, default=10)
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--skip-answer", action="store_true")
    parser.add_argument("--skip-streams", action="store_true")
    args = parser.parse_args()
    if not args.skip_answer:
        bench_answer(args.rows, args.repeats)
    if not args.skip_streams:
        bench_streams([int(s) for s in args.streams.split(",")], args.events, args.interval)


if __name__ == "__main__":
    main()
