"""Stream start-up (issue 16): N run streams opened at the same moment, time to each one's
first event, beside a bare gevent generator endpoint in the same worker and run.

"readers": N clients open the stored events of one finished run at once (GET
/api/chat/runs/<id>/events), time to the first event. "runs": N clients POST a question
with Accept: text/event-stream at once (each creates a run; the agents are bench_chat's
paced stand-in, one update, no computation), time from opening the connection to the
first SSE event (`id:` line). "bare": N clients GET bench_chat's bare Flask generator at
once, time to its first event. One gunicorn gevent worker with the launcher's
configuration (bench_chat.Server), SQLite.

    .venv/bin/python bench/bench_stream_startup.py [--streams 1000] [--rounds 2] [--base DIR]

`--base DIR`: also serve another checkout's datapulse (e.g. a worktree of main) in a
worker of its own and measure its "runs" in every round, between this one's, against the
same bare figure ("base runs"). `--launcher-executor`: the runs execute as the launcher's
executor runs them (4 at once, in native threads; a new run waits for a free one) instead
of each in a greenlet of its own.

Goal (issue 16): a run stream's first-event p99 within 2x of the bare one measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_chat import Server, pct  # noqa: E402


async def first_event(port: int, request: bytes, firsts: list[float], counts: dict[str, int], go: Any) -> None:
    await go.wait()
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    except OSError:
        counts["errors"] += 1
        return
    try:
        writer.write(request)
        got_first = False
        async for line in reader:
            if line.startswith(b"id:") and not got_first:
                firsts.append((time.perf_counter() - started) * 1000)
                got_first = True
            if line.startswith(b"event:") and line[6:].strip() in (b"run_completed", b"run_failed", b"tick"):
                break
        if not got_first:
            counts["errors"] += 1
    except (OSError, asyncio.IncompleteReadError):
        counts["errors"] += 1
    finally:
        writer.close()


async def phase(port: int, request: bytes, streams: int) -> dict[str, Any]:
    firsts: list[float] = []
    counts = {"errors": 0}
    go = asyncio.Event()
    tasks = [asyncio.create_task(first_event(port, request, firsts, counts, go)) for _ in range(streams)]
    await asyncio.sleep(0.2)  # every task waits at the gate
    started = time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    return {
        "got": len(firsts),
        "errors": counts["errors"],
        "p50": pct(firsts, 0.5),
        "p99": pct(firsts, 0.99),
        "max": max(firsts, default=float("nan")),
        "seconds": time.perf_counter() - started,
    }


def main() -> None:
    import requests

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--base", type=Path, help="another checkout whose runs are measured in the same rounds")
    parser.add_argument(
        "--launcher-executor", action="store_true",
        help="the launcher's executor (4 runs at once in native threads) instead of a greenlet per run",
    )  # fmt: skip
    args = parser.parse_args()
    env = {
        "BENCH_AGENTS": "paced", "BENCH_EVENTS": "1", "BENCH_INTERVAL": "0",
        "RATE_LIMIT": "1000000/minute", "RATE_LIMIT_CHAT": "1000000/minute",
        "PYTHONPATH": f"{HERE}:{HERE.parent}",
        **({"BENCH_RUN_WORKERS": "4", "BENCH_OFFLOAD": "1"} if args.launcher_executor else {}),
    }  # fmt: skip
    bare = b"GET /bench/bare?events=1&interval=0&start=0 HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
    print(f"{args.streams} streams opened at once, one gunicorn gevent worker; ms from connect to the first event")
    print(f"{'kind':<9} {'got':>6} {'errors':>6} {'p50':>8} {'p99':>8} {'max':>8} {'p99 / bare p99':>15}")
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        server = stack.enter_context(Server(tmp / "new", env))
        base = None
        if args.base is not None:
            base_env = {**env, "PYTHONPATH": f"{HERE}:{args.base}"}  # this bench's server side, its datapulse
            base = stack.enter_context(Server(tmp / "base", base_env))
        runs = runs_request(server)
        base_runs = runs_request(base) if base is not None else b""
        done = requests.post(
            f"{server.base}/api/chat/conversations/{runs[1]}/messages", json={"content": "bench 0"}, timeout=30
        ).json()
        readers = f"GET {done['events_url']} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode()
        for _ in range(args.rounds):
            rows = [("bare", asyncio.run(phase(server.port, bare, args.streams)))]
            time.sleep(1)
            rows.append(("readers", asyncio.run(phase(server.port, readers, args.streams))))
            time.sleep(1)
            if base is not None:
                rows.append(("base runs", asyncio.run(phase(base.port, base_runs[0], args.streams))))
                time.sleep(1)
            rows.append(("runs", asyncio.run(phase(server.port, runs[0], args.streams))))
            time.sleep(1)
            for kind, x in rows:
                print(
                    f"{kind:<9} {x['got']:>6} {x['errors']:>6} {x['p50']:>8.0f} {x['p99']:>8.0f} {x['max']:>8.0f} "
                    f"{x['p99'] / rows[0][1]['p99']:>15.2f}",
                    flush=True,
                )


def runs_request(server: Server) -> tuple[bytes, str]:
    """A POST asking in a new conversation with Accept: text/event-stream, and that
    conversation's id; the server is warmed with 20 of them."""
    import requests

    cid = requests.post(f"{server.base}/api/chat/conversations", json={}, timeout=10).json()["id"]
    body = json.dumps({"content": "bench 0"}).encode()
    request = (
        f"POST /api/chat/conversations/{cid}/messages HTTP/1.0\r\nHost: 127.0.0.1\r\n"
        f"Accept: text/event-stream\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    asyncio.run(phase(server.port, request, 20))  # warm
    return request, cid


if __name__ == "__main__":
    main()
