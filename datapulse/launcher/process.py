"""A real child process that reports on the supervisor's queue: start, line, healthy, stop.

Each child gets its own session (process group), so signals reach its helpers too
(gunicorn workers, Vite under npm). On Linux it also gets a parent-death signal, so
it does not outlive a launcher that was killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from queue import SimpleQueue
from typing import Any

from datapulse.launcher.specs import ChildSpec
from datapulse.processes import STANDBY_ENV, STANDBY_READY
from datapulse.processes.lifeline import parent_death_hook

HEALTH_POLL_S = 0.2


@dataclass(frozen=True)
class Message:
    """What children (and signal handlers) tell the supervisor loop.

    kind: start (data = pid), line (data = text), ready (a standby is warm), healthy,
    stop (data = exit code), signal (data = signal number). `generation` tells apart
    the runs of one child, and its standby from the running one.
    """

    kind: str
    name: str
    generation: int = 0
    data: Any = None


def _no_proxy_opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def probe(url: str, statuses: tuple[int, ...], timeout: float = 1.0) -> bool:
    """True when `url` answers with one of `statuses` and a JSON body."""
    try:
        with _no_proxy_opener().open(url, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    except (OSError, ValueError):
        return False
    if status not in statuses:
        return False
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


class ChildProcess:
    """Starts one run of a child; three helper threads turn its life into messages."""

    def __init__(
        self, spec: ChildSpec, events: SimpleQueue[Message], generation: int = 0, standby: bool = False
    ) -> None:
        self.spec = spec
        self.events = events
        self.generation = generation
        self.standby = standby  # waits for promote() before it serves (or is probed)
        self.proc: subprocess.Popen[bytes] | None = None
        self._exited = threading.Event()
        self._reap_lock = threading.Lock()  # no group signal once the leader is reaped

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def _post(self, kind: str, data: Any = None) -> None:
        self.events.put(Message(kind, self.spec.name, self.generation, data))

    def start(self) -> None:
        """Spawn the child. Call from a long-lived thread: Linux ties the parent-death
        signal to the thread that forked, not to the process."""
        env = dict(self.spec.env or os.environ)
        if self.standby:
            env[STANDBY_ENV] = "1"
        try:
            self.proc = subprocess.Popen(
                list(self.spec.argv),
                cwd=self.spec.cwd,
                env=env,
                stdin=subprocess.PIPE,  # closes when the launcher dies: Vite exits on that
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=parent_death_hook(),
            )
        except OSError as exc:
            self._post("line", f"cannot start {' '.join(self.spec.argv)}: {exc.strerror or exc}")
            self._post("stop", 127)
            return
        self._post("start", self.proc.pid)
        reader = threading.Thread(target=self._read, name=f"{self.spec.name}-read", daemon=True)
        reader.start()
        threading.Thread(target=self._wait, args=(reader,), name=f"{self.spec.name}-wait", daemon=True).start()
        if not self.standby:
            self._start_probe()

    def _start_probe(self) -> None:
        if self.spec.health_url:
            threading.Thread(target=self._probe, name=f"{self.spec.name}-health", daemon=True).start()

    def promote(self) -> None:
        """Tell a warm standby to bind and serve; from now on it is probed like any child."""
        assert self.proc is not None and self.proc.stdin is not None
        self.standby = False
        try:
            self.proc.stdin.write(b"go\n")
            self.proc.stdin.flush()
        except (OSError, ValueError):  # it died meanwhile: its stop message follows
            return
        self._start_probe()

    def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for raw in iter(self.proc.stdout.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            self._post("ready" if line == STANDBY_READY else "line", line)
        self.proc.stdout.close()

    def _wait(self, reader: threading.Thread) -> None:
        assert self.proc is not None
        try:  # wait without reaping, so the group id cannot be reused before we kill it
            os.waitid(os.P_PID, self.proc.pid, os.WEXITED | os.WNOWAIT)
        except ChildProcessError:
            pass
        with self._reap_lock:
            self._signal_group(signal.SIGKILL)  # a group never outlives its leader
            code = self.proc.wait()
            self._exited.set()
        reader.join(timeout=1.0)  # trailing output comes before "stop"
        if self.proc.stdin:
            try:
                self.proc.stdin.close()
            except OSError:  # a broken pipe on flush: the child is gone anyway
                pass
        self._post("stop", code)

    def _probe(self) -> None:
        assert self.spec.health_url
        while not self._exited.is_set():
            if probe(self.spec.health_url, self.spec.health_statuses):
                if not self._exited.is_set():
                    self._post("healthy")
                return
            self._exited.wait(HEALTH_POLL_S)

    def _signal_group(self, sig: int) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def send(self, sig: int) -> None:
        """Signal the whole process group, unless the child is already gone."""
        with self._reap_lock:
            if not self._exited.is_set():
                self._signal_group(sig)

    def terminate(self) -> None:
        self.send(signal.SIGTERM)

    def kill(self) -> None:
        self.send(signal.SIGKILL)
