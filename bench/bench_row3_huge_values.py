"""Issue 11 row 3 at its full size: `POST /api/query` returning `repeat('x', 10000000)`
x 100 rows (a 1 GB result), three at once, against a real gunicorn (gevent worker, the
platform's configuration and default settings) on 127.0.0.1, while the health sampler of
the tests (tests/attack.py) asks `/api/health` every 50 ms and reads the process tree's
memory. Too slow for `make test` (tests/api/test_query_budget.py runs it scaled down).

    .venv/bin/python bench/bench_row3_huge_values.py [--rows 100] [--clients 3] [--env SQL_WORKERS=1]

Prints one JSON line: each reply's size, rows and truncation, the attack's length,
health's slowest answer and the tree's memory growth (the issue's goals: under 2 s and
under 1 GB; once 5.8 s and +1.7 GB for one query, unanswered and 6.4 GB for three), then
how long after the attack a preview and a query answered again.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.api.gunicorn_server import gunicorn_process  # noqa: E402
from tests.attack import MIB, HealthSampler, http_probe, tree_rss  # noqa: E402
from tests.files.helpers import csv_bytes  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100, help="rows of 10 MB each (the issue: 100)")
    parser.add_argument("--clients", type=int, default=3, help="queries at once (the issue: 3)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="a setting of the server")
    args = parser.parse_args()
    sql = f"SELECT repeat('x', 10000000) AS s FROM range({args.rows})"
    env = dict(pair.split("=", 1) for pair in args.env)
    with tempfile.TemporaryDirectory() as folder, gunicorn_process(Path(folder), **env) as ((host, port), server):
        base = f"http://{host}:{port}"
        stored = requests.post(f"{base}/api/files", files={"file": ("kept.csv", csv_bytes(50))}, timeout=60)
        file_id = stored.json()["files"][0]["id"]
        preview_url = f"{base}/api/files/{file_id}/preview?limit=50"
        before = requests.get(preview_url, timeout=60).json()["rows"]
        replies: list[dict[str, Any]] = [{} for _ in range(args.clients)]

        def query(i: int) -> None:
            started = time.monotonic()
            reply = requests.post(f"{base}/api/query", json={"sql": sql}, timeout=600)
            body = reply.json()
            replies[i] = {
                "status": reply.status_code,
                "bytes": len(reply.content),
                "rows": body.get("total_rows"),
                "truncated_reason": body.get("truncated_reason") or body.get("error", {}).get("code"),
                "seconds": round(time.monotonic() - started, 2),
            }

        sampler = HealthSampler(http_probe(f"{base}/api/health"), memory=tree_rss(server.pid))
        started = time.monotonic()
        with sampler:
            threads = [threading.Thread(target=query, args=(i,)) for i in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        attack_s = time.monotonic() - started
        ended = time.monotonic()
        preview = requests.get(preview_url, timeout=60).json()["rows"]
        answer = requests.post(f"{base}/api/query", json={"sql": "SELECT 6 * 7 AS a"}, timeout=60).json()["rows"]
        usable_s = time.monotonic() - ended
        latencies = sorted(s.latency_s for s in sampler.samples)
        print(
            json.dumps(
                {
                    "rows": args.rows,
                    "clients": args.clients,
                    "env": env,
                    "replies": replies,
                    "attack_s": round(attack_s, 2),
                    "health_samples": len(latencies),
                    "health_unanswered": sum(s.status is None for s in sampler.samples),
                    "health_median_s": round(latencies[len(latencies) // 2], 3) if latencies else None,
                    "health_slowest_s": round(sampler.slowest_s, 3),
                    "health_over_1s": [
                        (round(x.at_s, 1), round(x.latency_s, 2)) for x in sampler.samples if x.latency_s > 1
                    ],
                    "memory_start_mib": round(sampler.rss_start / MIB),
                    "memory_growth_mib": round(sampler.growth_bytes / MIB),
                    "usable_after_s": round(usable_s, 2),
                    "stored_unchanged": preview == before and answer == [[42]],
                }
            )
        )


if __name__ == "__main__":
    main()
