"""Gunicorn runs the factory with the platform's configuration: the worker hook starts
the platform (its recoveries run before the first answer) and a stop ends the worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from datapulse.processes import APP_FACTORY, GUNICORN_CONFIG
from datapulse.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _answers(url: str) -> bool:
    try:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def test_worker_hooks_start_and_stop_the_platform(settings: Settings) -> None:
    settings.UPLOAD_FOLDER.mkdir(parents=True, exist_ok=True)
    leftover = settings.UPLOAD_FOLDER / f".upload-{'b' * 32}.part"
    leftover.write_bytes(b"what a killed worker left")
    env = {
        **os.environ,
        "DATA_DIR": str(settings.DATA_DIR),
        "UPLOAD_FOLDER": str(settings.UPLOAD_FOLDER),
        "DATABASE_URL": settings.DATABASE_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        "FLASK_PORT": str(settings.FLASK_PORT),
        "WS_PORT": str(settings.WS_PORT),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    bind = f"127.0.0.1:{settings.FLASK_PORT}"
    argv = [sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIG, "-k", "gevent", "-w", "1", "-b", bind, APP_FACTORY]
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while not _answers(f"http://{bind}/api/config"):
            assert proc.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not answer"
            time.sleep(0.2)
        assert not leftover.exists()  # post_worker_init ran the platform's recoveries
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0  # worker_exit stopped the platform in time
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
