"""Data-source refresh benchmark: a `url` source's CSV fetched from a local HTTP server
and turned into a dataset version (streamed to disk, DuckDB to Parquet), beside the
naive way (`requests.get(...).content` then `pandas.read_csv` then `to_parquet`).

    .venv/bin/python bench/bench_datasources.py [--rows 1000000] [--repeat 3]

Each run happens in a fresh child process so that peak memory (ru_maxrss growth over
the process after its imports) belongs to that run alone. Prints one JSON line per
measurement and a summary; not a test (the machine is shared, figures are noisy).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, url, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
import duckdb, pandas, pyarrow, requests  # both ways pay their imports before the baseline
from datapulse.datasources.fetch_url import FetchPolicy, fetch_to_file
from datapulse.datasources.guard import Allowlist
from datapulse.datasources.tables import fetched_to_parquet
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
if mode == "datapulse":
    body = work / "body.csv"
    fetch_to_file(url, body, FetchPolicy(Allowlist(["127.0.0.1"]), 120, 2 ** 31))
    fetched_to_parquet(body, "csv", work / "v1.parquet")
else:
    import io
    frame = pandas.read_csv(io.BytesIO(requests.get(url, timeout=120).content))
    frame.to_parquet(work / "v1.parquet")
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"mode": mode, "seconds": round(seconds, 3), "peak_growth_mb": round((peak - base) / 1024, 1)}))
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


def make_csv(path: Path, rows: int) -> None:
    rng = random.Random(7)
    categories = [f"cat_{i:03d}" for i in range(100)]
    regions = [f"region_{i}" for i in range(10)]
    with open(path, "w") as out:
        out.write("id,category,region,value,ts\n")
        for i in range(rows):
            out.write(
                f"{i},{rng.choice(categories)},{rng.choice(regions)},{rng.random() * 1000:.4f},"
                f"2024-01-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:00\n"
            )


def run(mode: str, url: str, work: Path) -> dict[str, float]:
    work.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, url, str(work)],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_csv(root / "data.csv", args.rows)
        size_mb = (root / "data.csv").stat().st_size / 1e6
        handler = partial(QuietHandler, directory=str(root))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/data.csv"
            results: dict[str, list[dict[str, float]]] = {"datapulse": [], "naive": []}
            for i in range(args.repeat):
                for mode in results:
                    result = run(mode, url, root / f"{mode}-{i}")
                    results[mode].append(result)
                    print(json.dumps({"rows": args.rows, "csv_mb": round(size_mb, 1), **result}), flush=True)
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)
    summary = {
        mode: {
            "median_s": statistics.median(r["seconds"] for r in rs),
            "median_peak_growth_mb": statistics.median(r["peak_growth_mb"] for r in rs),
        }
        for mode, rs in results.items()
    }
    dp, naive = summary["datapulse"], summary["naive"]
    summary["speedup"] = round(naive["median_s"] / dp["median_s"], 2) if dp["median_s"] else None
    print(json.dumps({"summary": summary}))


if __name__ == "__main__":
    main()
