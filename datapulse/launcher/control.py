"""The launcher's control socket: `DATA_DIR/launcher.sock`, owner-only (0600).

One JSON request per connection, one JSON answer: `{"cmd": "status"}`,
`{"cmd": "start"|"stop"|"restart", "services": ["api", "ws"]}`, `{"cmd": "shutdown"}`.
The socket thread never touches the supervisor's state: it posts the request on the
supervisor's queue (like a signal) and the loop answers, so there is one decider."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty, SimpleQueue
from typing import TYPE_CHECKING, Any

from datapulse.launcher.process import Message
from datapulse.settings import Settings

if TYPE_CHECKING:
    from datapulse.launcher.supervisor import Supervisor

SOCKET_NAME = "launcher.sock"
MAX_REQUEST = 64 * 1024
ANSWER_TIMEOUT_S = 10.0
_SUN_PATH_MAX = 100  # sockaddr_un holds 108 bytes; keep a margin


def socket_path(settings: Settings) -> Path:
    """CONTROL_SOCKET, or DATA_DIR/launcher.sock."""
    if settings.CONTROL_SOCKET:
        return Path(settings.CONTROL_SOCKET).expanduser().resolve()
    return settings.DATA_DIR.resolve() / SOCKET_NAME


@contextlib.contextmanager
def _short(path: Path) -> Iterator[str]:
    """A path to `path` short enough for a unix socket address (via /proc/self/fd on Linux)."""
    if len(str(path)) < _SUN_PATH_MAX:
        yield str(path)
        return
    fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield f"/proc/self/fd/{fd}/{path.name}"
    finally:
        os.close(fd)


@dataclass
class ControlCall:
    """A request waiting for the supervisor loop's answer."""

    request: dict[str, Any]
    answer: SimpleQueue[dict[str, Any]] = field(default_factory=SimpleQueue)

    def run(self, supervisor: Supervisor) -> None:
        try:
            self.answer.put(execute(supervisor, self.request))
        except Exception as exc:  # a bad request must never stop the loop
            self.answer.put({"ok": False, "error": f"{type(exc).__name__}: {exc}"})


def child_status(supervisor: Supervisor) -> dict[str, Any]:
    now = supervisor.clock.now()
    services = []
    for child in supervisor.children.values():
        state = "running" if child.running else "stopped" if child.held else "restarting"
        if child.running and not child.healthy:
            state = "starting"
        if child.hold == "stop":
            state = "stopping"
        services.append(
            {
                "name": child.spec.name,
                "state": state,
                "pid": child.pid if child.running else None,
                "healthy": child.running and child.healthy,
                "restarts": child.restarts,
                "uptime_s": round(now - child.started_at, 1) if child.running else None,
                "standby_pid": child.standby_pid if child.standby is not None else None,
            }
        )
    return {"ok": True, "launcher_pid": os.getpid(), "stopping": supervisor.stopping, "services": services}


def execute(supervisor: Supervisor, request: dict[str, Any]) -> dict[str, Any]:
    """Carry out one request inside the supervisor loop; answers at once (the CLI polls status)."""
    cmd = request.get("cmd")
    if cmd == "status":
        return child_status(supervisor)
    if cmd == "shutdown":
        supervisor.log("shutdown requested on the control socket: stopping every child")
        supervisor.stop()
        return {"ok": True}
    if cmd not in ("start", "stop", "restart"):
        return {"ok": False, "error": f"unknown command {cmd!r}"}
    if supervisor.stopping:
        return {"ok": False, "error": "the launcher is stopping"}
    names = request.get("services") or list(supervisor.children)
    unknown = [n for n in names if n not in supervisor.children]
    if unknown:
        return {"ok": False, "error": f"not run by this launcher: {', '.join(unknown)}"}
    done: dict[str, str] = {}
    for name in names:
        done[name] = supervisor.control(name, cmd)
    return {"ok": True, "done": done}


class ControlServer:
    """Accepts connections on the unix socket in a thread; each request goes through the loop."""

    def __init__(self, path: Path, supervisor: Supervisor) -> None:
        self.path = path
        self.supervisor = supervisor
        self.sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._closed = threading.Event()

    def start(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists() or self.path.is_symlink():
            if ping(self.path):
                raise RuntimeError(f"another launcher answers on {self.path}")
            self.path.unlink()  # left by a launcher that was killed
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        with _short(self.path) as address:
            sock.bind(address)
        os.chmod(self.path, 0o600)  # before listen(): nobody can connect yet
        sock.listen(16)
        sock.settimeout(0.5)
        self.sock = sock
        self._thread = threading.Thread(target=self._serve, name="control-socket", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        assert self.sock is not None
        while not self._closed.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                request = json.loads(_read_line(conn))
                if not isinstance(request, dict):
                    raise ValueError("expected a JSON object")
            except (OSError, ValueError) as exc:
                _send(conn, {"ok": False, "error": f"bad request: {exc}"})
                return
            call = ControlCall(request)
            self.supervisor.events.put(Message("control", "launcher", 0, call))
            try:
                answer = call.answer.get(timeout=ANSWER_TIMEOUT_S)
            except Empty:
                answer = {"ok": False, "error": "the launcher did not answer in time"}
            with contextlib.suppress(OSError):
                _send(conn, answer)

    def close(self) -> None:
        self._closed.set()
        if self.sock is not None:
            self.sock.close()
        if self._thread is not None:
            self._thread.join(timeout=2)
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def _read_line(conn: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
        if len(data) > MAX_REQUEST:
            raise ValueError("request too large")
    return data


def _send(conn: socket.socket, answer: dict[str, Any]) -> None:
    conn.sendall(json.dumps(answer).encode() + b"\n")


# The client side, used by the CLI ---------------------------------------------------------
class NotRunning(ConnectionError):
    """No launcher answers on the control socket."""


def request(path: Path, payload: dict[str, Any], timeout: float = ANSWER_TIMEOUT_S + 2) -> dict[str, Any]:
    if not path.exists():
        raise NotRunning(f"no control socket at {path}")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            with _short(path) as address:
                sock.connect(address)
        except (ConnectionRefusedError, FileNotFoundError) as exc:
            raise NotRunning(f"no launcher answers on {path}") from exc
        _send(sock, payload)
        line = _read_line(sock)
    if not line:
        raise NotRunning(f"the launcher closed {path} without answering")
    answer: dict[str, Any] = json.loads(line)
    return answer


def ping(path: Path) -> bool:
    """True when a launcher answers on `path`."""
    try:
        return bool(request(path, {"cmd": "status"}, timeout=3).get("ok"))
    except (OSError, ValueError):
        return False


def wait_for(path: Path, condition: Any, timeout: float) -> dict[str, Any]:
    """Poll status until `condition(status)` holds; the last status either way."""
    deadline = time.monotonic() + timeout
    while True:
        status = request(path, {"cmd": "status"})
        if condition(status) or time.monotonic() >= deadline:
            return status
        time.sleep(0.1)
