"""Launcher benchmark: how fast the platform comes back, stops, and what it costs in memory.

Run: `.venv/bin/python bench/bench_launcher.py` (about a minute on a busy 2-core machine).

One real `run_server.py` (gunicorn + gevent API, WebSocket server) on free ports with a
temporary DATA_DIR; in the same run:
- cold start: launch -> API health answers (the first start, migrations included);
- API kill -9 -> health again, promoting the warm standby (the launcher's default);
- baseline: API kill -9 with no standby ready (it was killed first) -> a cold restart;
- WebSocket server kill -9 -> health again;
- SIGTERM -> launcher exited and no recorded process left;
- memory of each process (RSS and USS, MiB), the standby's cost included.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=1) as response:
            json.loads(response.read())
            return True
    except urllib.error.HTTPError as exc:
        return exc.code == 503
    except (OSError, ValueError):
        return False


def wait(condition, timeout: float = 120.0) -> float:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise TimeoutError(str(condition))
        time.sleep(0.02)
    return time.monotonic() - start


def children(launcher: psutil.Process, needle: str) -> list[psutil.Process]:
    found = []
    for proc in launcher.children():
        try:
            if needle in " ".join(proc.cmdline()):
                found.append(proc)
        except psutil.NoSuchProcess:
            pass
    return found


def serving(launcher: psutil.Process) -> psutil.Process | None:
    """The gunicorn master that has workers (a standby has none)."""
    return next((p for p in children(launcher, "gunicorn") if p.children()), None)


def standby(launcher: psutil.Process) -> psutil.Process | None:
    return next((p for p in children(launcher, "gunicorn") if not p.children()), None)


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="bench-launcher-"))
    flask_port, ws_port = free_port(), free_port()
    env = dict(os.environ, DATA_DIR=str(tmp / "data"), UPLOAD_FOLDER=str(tmp / "uploads"), DATABASE_URL="",
               REDIS_URL="", FLASK_PORT=str(flask_port), WS_PORT=str(ws_port), LOG_LEVEL="WARNING")  # fmt: skip
    api, ws = f"http://127.0.0.1:{flask_port}/api/health", f"http://127.0.0.1:{ws_port}/health"
    log: list[str] = []
    proc = subprocess.Popen([sys.executable, "run_server.py", "--env-file", str(tmp / "none")], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    threading.Thread(target=lambda: log.extend(line.decode() for line in proc.stdout), daemon=True).start()  # type: ignore[union-attr]
    launcher = psutil.Process(proc.pid)
    seen: dict[int, psutil.Process] = {}
    figures: list[tuple[str, str]] = []
    try:
        figures.append(("cold start -> API health", f"{wait(lambda: answers(api)):.2f} s"))
        wait(lambda: answers(ws))
        wait(lambda: "is warm" in "".join(log))
        for p in launcher.children(recursive=True):
            seen[p.pid] = p
        rows = []
        for p in [launcher, *launcher.children(recursive=True)]:
            role = "launcher" if p is launcher else ("ws" if "websocket" in " ".join(p.cmdline()) else "api")
            if role == "api":
                role = "api master" if p.children() else ("api worker" if p.ppid() != launcher.pid else "api standby")
            mem = p.memory_full_info()
            rows.append(f"    {role:<12} pid {p.pid:<7} RSS {mem.rss / 2**20:6.0f} MiB  USS {mem.uss / 2**20:6.0f} MiB")
        # promotion of the warm standby
        old = serving(launcher)
        assert old is not None
        old.kill()
        promoted = wait(lambda: (s := serving(launcher)) is not None and s.pid != old.pid and answers(api))
        figures.append(("API kill -9 -> health (warm standby)", f"{promoted:.2f} s"))
        # baseline: no standby ready, so a cold restart
        wait(lambda: "is warm" in "".join(log[-20:]) or standby(launcher) is not None)
        wait(lambda: standby(launcher) is not None)
        spare = standby(launcher)
        assert spare is not None
        spare.kill()
        time.sleep(0.5)
        old = serving(launcher)
        assert old is not None
        old.kill()
        cold = wait(lambda: (s := serving(launcher)) is not None and s.pid != old.pid and answers(api))
        figures.append(("API kill -9 -> health (baseline: cold restart)", f"{cold:.2f} s"))
        old_ws = children(launcher, "websocket_server.py")[0]
        old_ws.kill()
        back = wait(lambda: (c := children(launcher, "websocket_server.py")) and c[0].pid != old_ws.pid and answers(ws))
        figures.append(("WS kill -9 -> health", f"{back:.2f} s"))
        for p in launcher.children(recursive=True):
            seen[p.pid] = p
        start = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
        wait(lambda: not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in seen.values()), 15)
        figures.append(("SIGTERM -> launcher and every child gone", f"{time.monotonic() - start:.2f} s"))
    finally:
        if proc.poll() is None:
            proc.kill()
        for p in seen.values():
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, value in figures:
        print(f"  {name:<48} {value}")
    print("  memory after start (the standby is the price of the fast API restart):")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
