"""What the launcher runs: one `ChildSpec` per child, built from the resolved settings.

Settings reach the children through environment variables (every setting exported,
folders made absolute, the secret key resolved once), so the API and the WebSocket
server agree on ports, DATA_DIR and SECRET_KEY whatever their working folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from datapulse.processes import APP_FACTORY, DEVSERVER_MODULE, GUNICORN_CONFIG, STANDBY_ENV, STANDBY_READY
from datapulse.settings import SETTINGS, Settings

ROOT = Path(__file__).resolve().parents[2]
FRONTEND_DIR = ROOT / "vue-frontend"
__all__ = ["STANDBY_ENV", "STANDBY_READY", "ChildSpec", "build_specs"]


@dataclass(frozen=True)
class ChildSpec:
    """One supervised child: its command, and how the launcher knows it is up."""

    name: str
    argv: tuple[str, ...]
    cwd: Path = ROOT
    env: Mapping[str, str] = field(default_factory=dict)
    # GET this URL until it answers with JSON and a status in `health_statuses`.
    health_url: str | None = None
    health_statuses: tuple[int, ...] = (200,)
    # A child that has not answered health after this long is killed (a failed start).
    start_timeout: float = 120.0
    # Without a health URL, a child counts as healthy once it has run this long.
    healthy_after: float = 5.0
    # Keep a warm standby of this child (started with STANDBY_ENV=1), promoted on a crash.
    standby: bool = False


def env_value(value: object) -> str:
    """A setting as the string `load_settings()` reads back to the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Path):
        return str(value.resolve())
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)


def child_env(settings: Settings, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of every child: the launcher's own plus the resolved settings."""
    env = dict(os.environ if base is None else base)
    for setting in SETTINGS:
        env[setting.name] = env_value(getattr(settings, setting.name))
    env["SECRET_KEY"] = settings.secret_key  # generated once here, shared by all children
    env["PYTHONUNBUFFERED"] = "1"  # lines reach the log as they are written
    return env


def probe_host(host: str) -> str:
    """The address to probe a server that listens on `host` (wildcards mean loopback)."""
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def uses_gunicorn(debug: bool, workers: int) -> bool:
    """SPEC 7: gunicorn with gevent workers outside --debug, or with more than one worker."""
    return not debug or workers > 1


def api_spec(settings: Settings, env: Mapping[str, str], debug: bool = False) -> ChildSpec:
    host = f"[{settings.HOST}]" if ":" in settings.HOST else settings.HOST
    bind = f"{host}:{settings.FLASK_PORT}"
    if uses_gunicorn(debug, settings.WORKERS):
        argv: tuple[str, ...] = (
            sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIG,
            "-k", "gevent", "-w", str(settings.WORKERS), "-b", bind, APP_FACTORY,
        )  # fmt: skip
    else:
        argv = (sys.executable, "-m", DEVSERVER_MODULE)
    return ChildSpec(
        name="api",
        argv=argv,
        env=env,
        health_url=f"http://{probe_host(settings.HOST)}:{settings.FLASK_PORT}/api/health",
        health_statuses=(200, 503),  # 503 = up but a dependency is down: the process is fine
        standby=uses_gunicorn(debug, settings.WORKERS),  # gunicorn_conf knows how to wait
    )


def ws_spec(settings: Settings, env: Mapping[str, str]) -> ChildSpec:
    return ChildSpec(
        name="ws",
        argv=(sys.executable, "websocket_server.py", "--host", settings.HOST, "--port", str(settings.WS_PORT)),
        env=env,
        health_url=f"http://{probe_host(settings.HOST)}:{settings.WS_PORT}/health",
    )


def frontend_spec(env: Mapping[str, str], folder: Path = FRONTEND_DIR) -> ChildSpec:
    return ChildSpec(name="ui", argv=("npm", "run", "dev"), cwd=folder, env=env, healthy_after=10.0)


def build_specs(
    settings: Settings,
    *,
    api: bool = True,
    ws: bool = True,
    frontend: bool = False,
    debug: bool = False,
    env: Mapping[str, str] | None = None,
    frontend_dir: Path = FRONTEND_DIR,
) -> list[ChildSpec]:
    """The children for these options, in start order."""
    env = child_env(settings) if env is None else env
    specs: list[ChildSpec] = []
    if api:
        specs.append(api_spec(settings, env, debug))
    if ws:
        specs.append(ws_spec(settings, env))
    if frontend and (frontend_dir / "package.json").is_file():
        specs.append(frontend_spec(env, frontend_dir))
    return specs
