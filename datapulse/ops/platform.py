"""Is the platform running? The launcher's control socket, then the API and WebSocket ports."""

from __future__ import annotations

import time

from datapulse.launcher import control
from datapulse.launcher.process import probe
from datapulse.launcher.specs import probe_host
from datapulse.ops.errors import OpsError
from datapulse.settings import Settings


def running(settings: Settings) -> list[str]:
    """What shows the platform is up (empty when nothing does)."""
    found = []
    path = control.socket_path(settings)
    if control.ping(path):
        found.append(f"a launcher answers on {path}")
    host = probe_host(settings.HOST)
    if probe(f"http://{host}:{settings.FLASK_PORT}/api/health", (200, 503), timeout=1.0):
        found.append(f"an API answers on port {settings.FLASK_PORT}")
    if probe(f"http://{host}:{settings.WS_PORT}/health", (200, 503), timeout=1.0):
        found.append(f"a WebSocket server answers on port {settings.WS_PORT}")
    return found


def stop_launcher(settings: Settings, timeout: float = 30.0) -> None:
    """Ask the running launcher to stop everything and wait until nothing answers."""
    path = control.socket_path(settings)
    try:
        control.request(path, {"cmd": "shutdown"})
    except control.NotRunning as exc:
        raise OpsError(
            "the platform runs but not under this launcher (no control socket): stop it first, then retry"
        ) from exc
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not running(settings):
            return
        time.sleep(0.2)
    raise OpsError(f"the platform was asked to stop but still runs after {timeout:g} s")
