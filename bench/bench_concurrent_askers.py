"""Many people asking at once (issue 16): C concurrent askers over a 1,000,000-row table.

Each asker has its own conversation and asks the eight kinds of question in turn
(group-by, filter, top-N, shares, trend, distinct count, correlation, comparison):
POST -> 202 -> the run's events read to the final event. Beside it, in the same run, the
same eight questions as plain DuckDB SQL on the same Parquet file (one connection,
back to back: DuckDB's own questions/s on this machine now). While the askers run, a
prober reads GET /api/health every 100 ms. The server is the real API under gunicorn with
one gevent worker (the launcher's configuration, `bench_chat.Server`), SQLite, with the
WebSocket server beside it as the launcher runs it (`--no-websocket`: without, as the
figures before 2026-12-05's evening were taken).

Also in the same run, at each C: bare DuckDB as C closed-loop askers (C threads, each
with its own cursor on one database, each asking the eight SQL questions in turn, no
think time, as many questions as a platform asker), printed under the platform's row as
`bare duckdb C` with its questions/s, p50 and p99, then the platform's p99 over bare
DuckDB's. By Little's law a closed loop of C askers waits C / (questions/s) on average,
so "p99 < 1 s at 50 askers" needs at least 50 questions/s: the bare row says what DuckDB
alone reaches at that concurrency on this machine.

--slow adds a variant: the same askers with one 20 s question in the mix (a DuckDB
computation that keeps one run busy for --slow-s seconds), and prints the others' p99
beside the run without it (goal: within 20 %).

    .venv/bin/python bench/bench_concurrent_askers.py [--askers 10,50,200] [--rows 1000000] [--slow]

Goals (issue 16): at 50 askers p99 < 1 s and >= half of DuckDB's questions/s; at 200
every question answered and /api/health < 100 ms. Absolute figures move with the
machine's load; read the ratio to DuckDB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_chat import Server, make_file, pct  # noqa: E402

QUESTIONS = [
    ("group_by", "average sales by region", "SELECT region, avg(sales) FROM t GROUP BY region"),
    (
        "filter",
        "average sales by product for North",
        "SELECT product, avg(sales) FROM t WHERE region = 'North' GROUP BY product",
    ),
    (
        "top_n",
        "top 5 products by total sales",
        "SELECT product, sum(sales) s FROM t GROUP BY product ORDER BY s DESC LIMIT 5",
    ),
    (
        "share",
        "share of total sales by region",
        "SELECT region, sum(sales) / sum(sum(sales)) OVER () FROM t GROUP BY region",
    ),
    (
        "trend",
        "monthly total sales",
        "SELECT date_trunc('month', order_date) m, sum(sales) FROM t GROUP BY m ORDER BY m",
    ),
    (
        "distinct",
        "number of distinct products by region",
        "SELECT region, count(DISTINCT product) FROM t GROUP BY region",
    ),
    ("correlation", "correlation between sales and quantity", "SELECT corr(sales, quantity) FROM t"),
    (
        "compare",
        "compare average sales between North and South",
        "SELECT region, avg(sales), stddev_samp(sales), count(*) FROM t WHERE region IN ('North', 'South') "
        "GROUP BY region",
    ),
]
SLOW_QUESTION = "bench slow question"


# The server side (imported by gunicorn) -----------------------------------------------
def bench_app() -> Any:
    """The platform's app; with BENCH_SLOW_S the question SLOW_QUESTION computes that long."""
    from datapulse.api.app import create_app
    from datapulse.settings import load_settings

    app = create_app(load_settings(env_file=None))
    slow_s = float(os.environ.get("BENCH_SLOW_S", "0"))
    if slow_s:
        executor = app.extensions["datapulse"].executor
        real = executor.analyse

        def analyse(request: Any, sink: Any, settings: Any) -> Any:
            if request.question != SLOW_QUESTION:
                return real(request, sink, settings)
            import duckdb

            # A long query: DuckDB work on one thread until slow_s has passed, then the
            # ordinary group-by answer (so the run ends like any other).
            con = duckdb.connect()
            con.execute("SET threads = 1")
            end = time.monotonic() + slow_s
            while time.monotonic() < end:
                con.execute("SELECT sum(hash(i)) FROM range(2000000) r(i)").fetchall()
            con.close()
            return real(type(request)(**{**request.__dict__, "question": QUESTIONS[0][1]}), sink, settings)

        executor.analyse = analyse
    return app


# The client side ---------------------------------------------------------------------
async def http(port: int, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
    """One HTTP/1.0 request, the whole response body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 22)
    try:
        data = json.dumps(body).encode() if body is not None else b""
        head = f"{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        writer.write(f"{head}Content-Length: {len(data)}\r\n\r\n".encode() + data)
        status = int((await reader.readline()).split()[1])
        while (await reader.readline()) not in (b"\r\n", b""):
            pass
        return status, await reader.read()
    finally:
        writer.close()


QUESTION_TIMEOUT_S = 300.0  # a run not ended by then is reported (stale), not waited for


async def ask(port: int, cid: str, question: str) -> tuple[str, float]:
    """POST the question (202), read its events to the final one: (final event, seconds).
    A refused POST is `status N`; a stream without its final event after
    QUESTION_TIMEOUT_S is `stale <run id> after seq <last id>` (the bench goes on)."""
    started = time.perf_counter()
    status, raw = await http(port, "POST", f"/api/chat/conversations/{cid}/messages", {"content": question})
    if status != 202:
        return f"status {status}", time.perf_counter() - started
    url = json.loads(raw)["events_url"]
    last_id = "-"
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 22)

    async def final() -> str:
        nonlocal last_id
        async for line in reader:
            if line.startswith(b"id:"):
                last_id = line[3:].strip().decode()
            if line.startswith(b"event:"):
                event = line[6:].strip().decode()
                if event in ("run_completed", "run_failed"):
                    return event
        return "eof"

    try:
        writer.write(f"GET {url} HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
        try:
            event = await asyncio.wait_for(final(), QUESTION_TIMEOUT_S)
        except TimeoutError:
            event = f"stale {url.split('/runs/')[1].split('/')[0]} after seq {last_id}"
        return event, time.perf_counter() - started
    finally:
        writer.close()


async def asker(port: int, cid: str, results: list[tuple[str, str, float]], slow: bool) -> None:
    if slow:
        results.append(("slow", *(await ask(port, cid, SLOW_QUESTION))))
        return
    for kind, question, _ in QUESTIONS:
        results.append((kind, *(await ask(port, cid, question))))


async def prober(port: int, latencies: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        status, _ = await http(port, "GET", "/api/health")
        latencies.append((time.perf_counter() - started) * 1000 if status in (200, 503) else float("inf"))
        await asyncio.sleep(0.1)


async def round_of(port: int, cids: list[str], slow: bool) -> dict[str, Any]:
    results: list[tuple[str, str, float]] = []
    health: list[float] = []
    stop = asyncio.Event()
    probe = asyncio.create_task(prober(port, health, stop))
    started = time.perf_counter()
    tasks = [asyncio.create_task(asker(port, cid, results, slow and i == 0)) for i, cid in enumerate(cids)]
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    stop.set()
    await probe
    quick = [r for r in results if r[0] != "slow"]
    latencies = [r[2] * 1000 for r in quick if r[1] == "run_completed"]
    return {
        "answered": len(latencies),
        "asked": len(quick),
        "p50": pct(latencies, 0.5),
        "p99": pct(latencies, 0.99),
        "qps": len(latencies) / elapsed,
        "health_p50": pct(health, 0.5),
        "health_p99": pct(health, 0.99),
        "health_max": max(health, default=float("nan")),
        "slow": [(r[1], round(r[2], 1)) for r in results if r[0] == "slow"],
        "unanswered": sorted({r[1] for r in quick if r[1] != "run_completed"}),
        "seconds": elapsed,
    }


def duckdb_qps(path: Path, seconds: float = 5.0) -> float:
    """The eight questions as plain SQL, back to back on one connection, for ~seconds."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{path}')")
    for _, _, sql in QUESTIONS:  # warm the file cache as the server's first round does
        con.execute(sql).fetchall()
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for _, _, sql in QUESTIONS:
            con.execute(sql).fetchall()
            done += 1
    return done / (time.perf_counter() - started)


def duckdb_concurrent(path: Path, askers: int) -> dict[str, Any]:
    """Bare DuckDB as `askers` closed-loop askers: that many threads, each with its own
    cursor on one database, each asking the eight questions in turn (as many as one
    platform asker asks), no think time; each question's latency is execute + fetch."""
    import threading

    import duckdb

    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{path}')")
    for _, _, sql in QUESTIONS:  # warm the file cache, as duckdb_qps does
        con.execute(sql).fetchall()
    cursors = [con.cursor() for _ in range(askers)]
    latencies: list[float] = []  # list.append is atomic
    failures: list[str] = []
    gate = threading.Barrier(askers + 1)

    def asker(cursor: Any) -> None:
        gate.wait()
        for _, _, sql in QUESTIONS:
            started = time.perf_counter()
            try:
                cursor.execute(sql).fetchall()
            except Exception as exc:  # reported, not raised: the bench goes on
                failures.append(type(exc).__name__)
                continue
            latencies.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=asker, args=(cursor,), daemon=True) for cursor in cursors]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for cursor in cursors:
        cursor.close()
    con.close()
    return {
        "answered": len(latencies),
        "asked": askers * len(QUESTIONS),
        "p50": pct(latencies, 0.5),
        "p99": pct(latencies, 0.99),
        "mean": sum(latencies) / len(latencies) if latencies else float("nan"),
        "qps": len(latencies) / elapsed,
        "failures": sorted(set(failures)),
        "seconds": elapsed,
    }


def bare_line(askers: int, b: dict[str, Any], base_qps: float) -> str:
    """The bare-DuckDB row, in the platform row's columns (no health, no slow question)."""
    return (
        f"{f'bare duckdb {askers}':<22} {b['answered']:>5}/{b['asked']:<5} {b['p50']:>8.0f} {b['p99']:>8.0f} "
        f"{b['qps']:>8.1f} {base_qps:>9.1f} {b['qps'] / base_qps:>6.2f}"
        + (f"  failed: {b['failures']}" if b["failures"] else "")
    )


def setup(server: Server, path: Path, conversations: int) -> list[str]:
    import requests

    with path.open("rb") as fh:
        response = requests.post(f"{server.base}/api/files", files={"file": (path.name, fh)}, timeout=300)
    file_id = response.json()["files"][0]["id"]
    while requests.get(f"{server.base}/api/files/{file_id}", timeout=10).json()["status"] == "processing":
        time.sleep(0.1)
    return [
        requests.post(f"{server.base}/api/chat/conversations", json={"file_ids": [file_id]}, timeout=30).json()["id"]
        for _ in range(conversations)
    ]


def line(label: str, r: dict[str, Any], base_qps: float) -> str:
    return (
        f"{label:<22} {r['answered']:>5}/{r['asked']:<5} {r['p50']:>8.0f} {r['p99']:>8.0f} {r['qps']:>8.1f} "
        f"{base_qps:>9.1f} {r['qps'] / base_qps:>6.2f} {r['health_p50']:>8.1f} {r['health_p99']:>8.1f} "
        f"{r['health_max']:>8.1f}  {r['slow'] or ''}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--askers", default="10,50,200")
    parser.add_argument("--slow", action="store_true", help="also the variant with one 20 s question in the mix")
    parser.add_argument("--slow-s", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=1, help="gunicorn worker processes")
    parser.add_argument(
        "--no-websocket",
        action="store_true",
        help="without websocket_server.py beside the API (as figures before 2026-12-05 evening)",
    )
    args = parser.parse_args()
    ladder = [int(a) for a in args.askers.split(",")]
    env = {
        "RATE_LIMIT": "1000000/minute",
        "RATE_LIMIT_CHAT": "1000000/minute",
        "CHAT_MAX_PENDING": str(max(256, 2 * max(ladder))),
        "BENCH_SLOW_S": str(args.slow_s if args.slow else 0),
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders_1m.parquet"
        make_file(path, args.rows)
        server_env = {**env, "PYTHONPATH": f"{HERE}{os.pathsep}{HERE.parent}"}
        factory = "bench_concurrent_askers:bench_app()"
        with Server(Path(tmp), server_env, factory, args.workers, websocket=not args.no_websocket) as server:
            cids = setup(server, path, max(ladder) + 1)
            asyncio.run(round_of(server.port, cids[:2], False))  # warm: the file, the plans
            workers = f"gunicorn -k gevent -w {args.workers}"
            ws = "no WebSocket server" if args.no_websocket else "websocket_server.py beside it"
            print(f"{args.rows:,} rows, {workers}, {ws}, SQLite; latency in ms (POST to final event)")
            print(
                f"{'run':<22} {'answered':>11} {'p50':>8} {'p99':>8} {'q/s':>8} {'duckdb q/s':>9} {'ratio':>6} "
                f"{'health50':>8} {'health99':>8} {'healthmx':>8}"
            )
            for askers in ladder:
                base = duckdb_qps(path)
                bare = duckdb_concurrent(path, askers)
                r = asyncio.run(round_of(server.port, cids[:askers], False))
                print(line(f"{askers} askers", r, base), flush=True)
                print(bare_line(askers, bare, base), flush=True)
                print(
                    f"{'':<22} platform p99 / bare duckdb p99 at {askers} askers: {r['p99'] / bare['p99']:.1f}"
                    f" (q/s {r['qps'] / max(bare['qps'], 1e-9):.2f} of bare duckdb's; Little: {askers} askers at"
                    f" {r['qps']:.1f} q/s wait {1000 * askers / max(r['qps'], 1e-9):.0f} ms on average,"
                    f" at {bare['qps']:.1f} q/s {1000 * askers / max(bare['qps'], 1e-9):.0f} ms)",
                    flush=True,
                )
                if r["unanswered"]:
                    print(f"{'':<22} not answered: {r['unanswered'][:10]}", flush=True)
                if args.slow:
                    s = asyncio.run(round_of(server.port, cids[: askers + 1], True))
                    print(line(f"{askers} askers + 1 slow", s, base), flush=True)
                    print(f"{'':<22} others' p99 with the slow question / without: {s['p99'] / r['p99']:.2f}")


if __name__ == "__main__":
    main()
