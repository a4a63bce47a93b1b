"""Fixtures that start real launchers on free ports and record every process they spawn."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from datapulse.launcher.process import probe
from datapulse.launcher.specs import ROOT
from tests.conftest import free_port

HERE = Path(__file__).parent


class Launched:
    """A launcher process; a thread records its whole process tree while it runs."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path = ROOT) -> None:
        self.proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
        self.launcher = psutil.Process(self.proc.pid)
        self.seen: dict[int, psutil.Process] = {}
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._done = threading.Event()
        self._threads = [
            threading.Thread(target=self._drain, args=(self.proc.stdout, self.stdout), daemon=True),
            threading.Thread(target=self._drain, args=(self.proc.stderr, self.stderr), daemon=True),
            threading.Thread(target=self._record, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    @staticmethod
    def _drain(stream, sink: list[str]) -> None:  # type: ignore[no-untyped-def]
        for raw in iter(stream.readline, b""):
            sink.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def _record(self) -> None:
        while not self._done.is_set():
            self.snapshot()
            self._done.wait(0.05)

    def snapshot(self) -> list[psutil.Process]:
        try:
            found = self.launcher.children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        for proc in found:
            self.seen.setdefault(proc.pid, proc)
        return found

    def child(self, needle: str, standby: bool = False) -> psutil.Process:
        """The direct child whose command line contains `needle`; for gunicorn, the serving
        master (it has workers) or, with `standby`, the warm standby (no workers yet)."""
        for proc in self.launcher.children():
            try:
                if needle not in " ".join(proc.cmdline()):
                    continue
                if "gunicorn" not in needle or bool(proc.children()) != standby:
                    return proc
            except psutil.NoSuchProcess:
                continue
        raise LookupError(f"no child running {needle!r}; output:\n" + self.output())

    def alive(self) -> list[psutil.Process]:
        """Recorded processes still running (psutil compares create times: no pid reuse)."""
        return [p for p in self.seen.values() if running(p)]

    def output(self) -> str:
        return "\n".join(self.stdout + ["-- stderr --"] + self.stderr)

    def wait(self, timeout: float) -> int:
        code = self.proc.wait(timeout=timeout)
        self._done.set()
        return code

    def close(self) -> list[psutil.Process]:
        """Kill whatever is left (so no test leaves a process behind) and return it."""
        self._done.set()
        self.snapshot()
        left = [p for p in [self.launcher, *self.seen.values()] if running(p)]
        for proc in left:
            try:
                proc.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(left, timeout=5)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()
        self.proc.wait(timeout=5)
        return left


def running(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def wait_until(
    condition: Callable[[], object], timeout: float, step: float = 0.05, run: Launched | None = None
) -> float:
    """Seconds until `condition()` was true; fails the test after `timeout` (with the log of `run`)."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            log = "\n" + run.output() if run else ""
            pytest.fail(f"not true within {timeout} s: {condition}{log}")
        time.sleep(step)
    return time.monotonic() - start


def healthy(url: str, statuses: tuple[int, ...] = (200,)) -> Callable[[], bool]:
    def check() -> bool:
        return probe(url, statuses, timeout=0.5)

    check.__name__ = f"healthy({url})"
    return check


@pytest.fixture
def launch(tmp_path: Path, database_url: str) -> Iterator[Callable[..., Launched]]:
    """Start `run_server.py` (or another script) with a temporary, isolated configuration."""
    started: list[Launched] = []

    def start(*args: str, script: str | Path = "run_server.py", env: dict[str, str] | None = None) -> Launched:
        environ = dict(os.environ)
        environ.update(
            {
                "DATA_DIR": str(tmp_path / "data"),
                "UPLOAD_FOLDER": str(tmp_path / "uploads"),
                "DATABASE_URL": database_url,
                "REDIS_URL": "",
                "FLASK_PORT": str(free_port()),
                "WS_PORT": str(free_port()),
                "SECRET_KEY": "launcher-test-secret-0123456789",
                "LOG_LEVEL": "INFO",
            }
        )
        environ.update(env or {})
        argv = [sys.executable, str(script), *args]
        if script == "run_server.py":
            argv += ["--env-file", str(tmp_path / "absent.env")]
        launched = Launched(argv, environ)
        launched.env = environ  # type: ignore[attr-defined]
        started.append(launched)
        return launched

    yield start
    for launched in started:
        if launched.proc.poll() is None:
            launched.proc.send_signal(signal.SIGKILL)
        launched.close()
