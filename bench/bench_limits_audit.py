"""What rate limits and the audit log add to a request, beside the same request without
them, measured in the same run with the two kinds interleaved (a busy machine slows both).

    .venv/bin/python bench/bench_limits_audit.py [--requests 500] [--redis redis://127.0.0.1:6379/15]

- `GET /api/files` with the default limits in memory, in Redis (when reachable), and
  with every limit setting empty (the baseline);
- `POST /api/chat/conversations` (a small write) with its audit entry, and without it.

Through Flask's test client on SQLite, so the figures are the server's own work.
Prints one JSON line per measurement; not a test (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from datapulse.api.app import create_app  # noqa: E402
from datapulse.api.audit import writer_of  # noqa: E402
from datapulse.bus.base import MemoryBus  # noqa: E402
from datapulse.settings import RATE_LIMIT_SETTINGS, load_settings  # noqa: E402


def make_app(folder: Path, **env: str) -> Any:
    base = {
        "DATA_DIR": str(folder / "data"),
        "UPLOAD_FOLDER": str(folder / "up"),
        "SECRET_KEY": f"bench-{uuid.uuid4().hex}",
        "LOG_LEVEL": "ERROR",
    }
    app = create_app(load_settings(environ={**base, **env}, env_file=None), bus=MemoryBus())
    app.extensions["datapulse"].start()
    return app


def timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    reply = call()
    elapsed = time.perf_counter() - started
    assert reply.status_code < 300, reply.get_data()[:200]
    return elapsed * 1000


def figures(name: str, samples: list[float], baseline: list[float] | None = None) -> None:
    ordered = sorted(samples)
    out: dict[str, Any] = {
        "measure": name,
        "n": len(samples),
        "p50_ms": round(statistics.median(ordered), 3),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1], 3),
    }
    if baseline:
        out["p50_added_ms"] = round(out["p50_ms"] - statistics.median(baseline), 3)
    print(json.dumps(out))


def redis_reachable(url: str) -> bool:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500, help="per kind; under RATE_LIMIT's 1200/minute")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-limits-"))
    limits_on: dict[str, str] = {}  # the defaults: RATE_LIMIT 1200/minute, each client's window up to 1200 entries
    apps = {
        "off": make_app(tmp / "off", **{name: "" for name in RATE_LIMIT_SETTINGS}),
        "memory": make_app(tmp / "memory", **limits_on),
    }
    if redis_reachable(args.redis):
        apps["redis"] = make_app(tmp / "redis", REDIS_URL=args.redis, **limits_on)
    clients = {name: app.test_client() for name, app in apps.items()}
    samples: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(args.requests):
        for name, client in clients.items():
            samples[name].append(timed(lambda c=client: c.get("/api/files")))
    figures("GET /api/files, no limits (baseline)", samples["off"])
    figures("GET /api/files, limits in memory", samples["memory"], samples["off"])
    if "redis" in samples:
        figures("GET /api/files, limits in Redis", samples["redis"], samples["off"])

    writer = writer_of(apps["off"])
    client = clients["off"]
    audited: list[float] = []
    bare: list[float] = []
    for _ in range(args.requests // 2):
        for enabled, bucket in ((True, audited), (False, bare)):
            writer.enabled = enabled
            bucket.append(timed(lambda: client.post("/api/chat/conversations", json={"title": "b"})))
    figures("POST /api/chat/conversations, no audit entry (baseline)", bare)
    figures("POST /api/chat/conversations, with its audit entry", audited, bare)
    for app in apps.values():
        app.extensions["datapulse"].stop()


if __name__ == "__main__":
    main()
