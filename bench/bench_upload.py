"""Upload-to-ready of a generated 5-million-row CSV through the real API, against the
naive way (pandas.read_csv, then per-column stats), in the same run.

    python bench/bench_upload.py            # 5M rows, ~250-280 MB
    python bench/bench_upload.py --gb       # the ~1 GB variant (18M rows)
    python bench/bench_upload.py --rows N   # any size

It generates the CSV into a temporary folder (deleted afterwards), starts the API in
a subprocess on a free port with a temporary DATA_DIR, streams the upload with
http.client, polls until `status: ready` and prints seconds from the first byte sent
to ready (polled every 20 ms), the part of it after the 201 ("processing": the server's
work on the stored file, comparable with the naive profile, which also starts from a
file on disk) and the API process's peak RSS growth (psutil, sampled every 10 ms). The
naive profile runs in its own subprocess so that its memory is measured the same way.
Goals (issue 2): 5M rows < 5 s, < 0.5 GB growth, >= 3x faster than naive.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
POLL_S = 0.02  # the poll interval is measurement error on `ready`: keep it small
SERVER = """
import sys
from werkzeug.serving import make_server
from datapulse.api.app import create_app
from datapulse.bus.base import MemoryBus
from datapulse.settings import load_settings
import logging
logging.getLogger("werkzeug").setLevel(logging.WARNING)
app = create_app(load_settings(env_file=None), bus=MemoryBus())
app.extensions["datapulse"].start()
server = make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True)
print("ready", flush=True)
server.serve_forever()
"""
NAIVE = """
import sys, time
import pandas as pd
t0, c0 = time.perf_counter(), time.process_time()
df = pd.read_csv(sys.argv[1], parse_dates=["ts"])
profile = {"rows": len(df), "columns": []}
for name in df.columns:
    col = df[name]
    stats = {"name": name, "dtype": str(col.dtype), "nulls": int(col.isna().sum()), "unique": int(col.nunique())}
    if pd.api.types.is_numeric_dtype(col):
        stats.update(min=float(col.min()), max=float(col.max()), mean=float(col.mean()))
    stats["samples"] = col.dropna().unique()[:5].tolist()
    profile["columns"].append(stats)
print(time.perf_counter() - t0, time.process_time() - c0, flush=True)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def generate(path: Path, rows: int) -> None:
    import duckdb

    with duckdb.connect() as conn:
        conn.execute("SET enable_progress_bar = false")
        conn.execute(
            f"""COPY (SELECT range AS id, 'cat' || (range % 100) AS category, 'region' || (range % 10) AS region,
                 round(random() * 1000, 4) AS value, TIMESTAMP '2024-01-01' + INTERVAL (range) SECOND AS ts
                 FROM range({rows})) TO '{path}' (HEADER)"""
        )


class PeakRSS:
    """Samples the RSS of a process and its children (gunicorn's worker) in a thread;
    `growth` is the peak minus the baseline."""

    def __init__(self, pid: int, interval: float = 0.01) -> None:
        self.proc = psutil.Process(pid)
        self.baseline = self.peak = self._rss()
        self.cpu0 = self._cpu()
        self.cpu = 0.0
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self._rss())
            except psutil.NoSuchProcess:
                return
            time.sleep(self.interval)

    def _tree(self) -> list[psutil.Process]:
        return [self.proc, *self.proc.children(recursive=True)]

    def _rss(self) -> int:
        return sum(p.memory_info().rss for p in self._tree())

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.cpu = self._cpu() - self.cpu0

    def _cpu(self) -> float:
        """CPU seconds (all threads): unlike wall time, not inflated by a busy machine."""
        try:
            return float(sum(t.user + t.system for t in (p.cpu_times() for p in self._tree())))
        except psutil.NoSuchProcess:
            return self.cpu0

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.baseline) / 1e6

    def so_far(self) -> tuple[float, float]:
        """(peak RSS growth in MB, CPU seconds) up to now, while still sampling."""
        return self.growth_mb, self._cpu() - self.cpu0


def upload_to_ready(port: int, csv: Path) -> tuple[float, float, dict]:
    """Stream the file as multipart; returns (seconds to 201, seconds to ready, FileInfo)."""
    boundary = "benchBoundary7MA4YWxkTrZu0gW"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{csv.name}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    length = len(head) + csv.stat().st_size + len(tail)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.putrequest("POST", "/api/files")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Content-Length", str(length))
    conn.endheaders()
    t0 = time.perf_counter()
    conn.send(head)
    with open(csv, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            conn.send(chunk)
    conn.send(tail)
    response = conn.getresponse()
    body = json.loads(response.read())
    t_created = time.perf_counter() - t0
    if response.status != 201:
        raise SystemExit(f"upload failed: {response.status} {body}")
    file_id = body["files"][0]["id"]
    info = body["files"][0]
    while info["status"] == "processing":
        time.sleep(POLL_S)
        conn.request("GET", f"/api/files/{file_id}")
        info = json.loads(conn.getresponse().read())
    conn.close()
    return t_created, time.perf_counter() - t0, info


def _command(port: int, gunicorn: bool) -> list[str]:
    if gunicorn:  # the production set-up of run_server.py: gunicorn with a gevent worker
        return [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}", "app:app"]
    return [sys.executable, "-c", SERVER, str(port)]


def _wait_listening(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:  # an answer, not just an open socket: gunicorn listens before its worker is up
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/config")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the API did not start")


def wait_for_file(path: Path, timeout: float = 600) -> float:
    """Seconds until `path` exists (the Parquet copy the server writes after `ready`)."""
    t0 = time.perf_counter()
    while not path.exists():
        if time.perf_counter() - t0 > timeout:
            raise SystemExit(f"{path.name} was never written")
        time.sleep(POLL_S)
    return time.perf_counter() - t0


def run_api(csv: Path, work: Path, gunicorn: bool = False) -> dict[str, Any]:
    """Upload, poll until ready, then wait for the Parquet copy; times from the first byte."""
    port = free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(work / "data"),
        "UPLOAD_FOLDER": str(work / "uploads"),
        "DATABASE_URL": "",
        "SECRET_KEY": "bench-secret-key-0123456789",
        "LOG_LEVEL": "WARNING",
        "FLASK_PORT": str(port),
        "WS_PORT": str(free_port()),
        "MAX_UPLOAD_MB": str(max(2048, csv.stat().st_size // (1024 * 1024) * 2)),
    }
    proc = subprocess.Popen(_command(port, gunicorn), env=env, stdout=subprocess.DEVNULL, cwd=ROOT)
    try:
        _wait_listening(port, proc)
        time.sleep(0.5)
        with PeakRSS(proc.pid) as rss:
            created, ready, info = upload_to_ready(port, csv)
            growth, cpu = rss.so_far()
            copied = ready + wait_for_file(work / "data" / "derived" / f"{info['id']}.parquet")
        return {
            "created": created,
            "ready": ready,
            "growth": growth,
            "cpu": cpu,
            "info": info,
            "copied": copied,
            "growth_total": rss.growth_mb,
            "cpu_total": rss.cpu,
        }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run_naive(csv: Path) -> tuple[float, float, float]:
    proc = subprocess.Popen([sys.executable, "-c", NAIVE, str(csv)], stdout=subprocess.PIPE, text=True)
    try:
        with PeakRSS(proc.pid) as rss:
            out, _ = proc.communicate(timeout=1800)
        if proc.returncode != 0:
            raise SystemExit("the naive profile failed")
        seconds, cpu = (float(x) for x in out.split())
        return seconds, rss.growth_mb, cpu
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--gb", action="store_true", help="the 1 GB variant (18M rows)")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--gunicorn", action="store_true", help="serve with gunicorn + gevent (as run_server.py)")
    args = parser.parse_args()
    rows = 18_000_000 if args.gb else args.rows
    work = Path(tempfile.mkdtemp(prefix="datapulse-bench-"))
    try:
        csv = work / "bench.csv"
        t = time.perf_counter()
        generate(csv, rows)
        size_mb = csv.stat().st_size / 1e6
        print(f"generated {rows:,} rows, {size_mb:.0f} MB in {time.perf_counter() - t:.1f} s")
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (a noisy machine skews all)")
        api = run_api(csv, work, args.gunicorn)
        created, ready, growth, cpu, info = api["created"], api["ready"], api["growth"], api["cpu"], api["info"]
        processing = ready - created
        print(f"API  first byte -> 201:    {created:6.2f} s")
        print(f"API  first byte -> ready:  {ready:6.2f} s   peak RSS growth {growth:5.0f} MB   CPU {cpu:5.2f} s")
        print(f"API  processing (201 -> ready, server-side work on the stored file): {processing:6.2f} s")
        print(
            f"API  first byte -> Parquet copy written: {api['copied']:6.2f} s   "
            f"peak RSS growth {api['growth_total']:5.0f} MB   CPU {api['cpu_total']:5.2f} s"
        )
        print(f"     status={info['status']} rows={info['rows']:,} columns={info['columns']}")
        if not args.skip_naive:
            naive_s, naive_mb, naive_cpu = run_naive(csv)
            print(
                f"naive pandas read+profile: {naive_s:6.2f} s   peak RSS growth {naive_mb:5.0f} MB   "
                f"CPU {naive_cpu:5.2f} s"
            )
            print(f"ratio naive / API end to end: wall {naive_s / ready:.2f}x, CPU {naive_cpu / max(cpu, 1e-9):.2f}x")
            print(
                f"ratio naive / API processing (both start from a file on disk): {naive_s / max(processing, 1e-9):.2f}x"
            )
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        goal_s = 12.0 if rows > 10_000_000 else 5.0
        verdict = "met" if ready < goal_s and max(growth, api["growth_total"]) < 500 else "NOT met"
        print(f"goal (< {goal_s:.0f} s to ready, < 500 MB growth until the copy is written): {verdict}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
