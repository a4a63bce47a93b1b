"""The commands that talk to a running platform: a real launcher (run_server.py --debug)
on free ports, shared by the tests of this module, stopped by the last one."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from datapulse.cli import cli
from datapulse.launcher.control import socket_path
from datapulse.settings import load_settings
from tests.cli.conftest import environ_for
from tests.launcher.conftest import Launched, healthy, wait_until

BOOT_S = 90


class Platform:
    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root, self.env = root, env
        self.settings = load_settings(environ=env, env_file=None)
        self.api = f"http://127.0.0.1:{env['FLASK_PORT']}/api/health"
        self.ws = f"http://127.0.0.1:{env['WS_PORT']}/health"
        self.run = Launched(
            [sys.executable, "run_server.py", "--debug", "--env-file", str(root / "absent.env")], {**os.environ, **env}
        )

    def invoke(self, *args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, ["--env-file", str(self.root / "absent.env"), *args], env=self.env, input=input)

    def status(self) -> dict[str, dict[str, object]]:
        result = self.invoke("services", "status", "--json")
        return {s["name"]: s for s in json.loads(result.output)["services"]}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    root = tmp_path_factory.mktemp("platform")
    env = environ_for(root, "")
    env["LOG_LEVEL"] = "INFO"
    env["LOG_MAX_BYTES"] = "4096"
    env["LOG_BACKUPS"] = "2"
    env["LOG_FORMAT"] = "json"
    up = Platform(root, env)
    try:
        wait_until(healthy(up.api, (200, 503)), timeout=BOOT_S, run=up.run)
        wait_until(healthy(up.ws), timeout=BOOT_S, run=up.run)
        wait_until(lambda: socket_path(up.settings).exists(), timeout=BOOT_S, run=up.run)
        wait_until(lambda: all(s["healthy"] for s in up.status().values()), timeout=BOOT_S, run=up.run)
        yield up
    finally:
        if up.run.proc.poll() is None:
            up.run.proc.send_signal(signal.SIGTERM)
            try:
                up.run.wait(timeout=15)
            except Exception:  # noqa: BLE001 - close() kills what is left
                pass
        up.run.close()


def test_control_socket_is_owner_only_and_status_lists_both(platform: Platform) -> None:
    """The socket is mode 0600; `services status` shows api and ws healthy with pids."""
    path = socket_path(platform.settings)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    result = platform.invoke("services", "status")
    assert result.exit_code == 0, result.output
    assert "api" in result.output and "ws" in result.output
    services = platform.status()
    assert services["api"]["healthy"] and services["ws"]["healthy"]
    assert services["api"]["pid"] == platform.run.child("devserver").pid


def test_health_exit_codes_follow_the_websocket_server(platform: Platform) -> None:
    """0 while both are up; 1 (degraded) with the WebSocket server stopped; 0 again once started."""
    result = platform.invoke("health", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["status"] == "healthy"
    stop = platform.invoke("services", "stop", "ws", "--yes", "--timeout", "30")
    assert stop.exit_code == 0, stop.output
    assert platform.status()["ws"]["state"] == "stopped"
    wait_until(lambda: not healthy(platform.ws)(), timeout=10)
    result = platform.invoke("health", "--detailed")
    assert result.exit_code == 1, result.output
    assert "unreachable" in result.output and "api.database" in result.output
    start = platform.invoke("services", "start", "ws", "--timeout", str(BOOT_S))
    assert start.exit_code == 0, start.output
    assert platform.invoke("health").exit_code == 0


def test_restart_of_one_child_leaves_the_other(platform: Platform) -> None:
    """`services restart api` gives the API a new pid and leaves the WebSocket server's alone."""
    before = platform.status()
    result = platform.invoke("services", "restart", "api", "--yes", "--timeout", str(BOOT_S))
    assert result.exit_code == 0, result.output
    after = platform.status()
    assert after["api"]["pid"] != before["api"]["pid"] and after["api"]["healthy"]
    assert after["ws"]["pid"] == before["ws"]["pid"]
    assert after["api"]["restarts"] == before["api"]["restarts"] + 1


def test_logs_tail_level_and_rotation(platform: Platform) -> None:
    """Each service has its file; --tail, --service and --level filter; small LOG_MAX_BYTES rotates."""
    logs = Path(platform.env["DATA_DIR"]) / "logs"
    wait_until(lambda: (logs / "launcher.log").exists() and (logs / "api.log").exists(), timeout=10)
    result = platform.invoke("logs", "--service", "launcher", "--tail", "3")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 3 and all(" launcher " in line for line in lines)
    every = platform.invoke("logs", "--tail", "0", "--json")
    assert every.exit_code == 0 and every.output == ""
    errors = platform.invoke("logs", "--level", "ERROR", "--json", "--tail", "1000")
    assert all(json.loads(line)["level"] in ("ERROR", "CRITICAL") for line in errors.output.splitlines())
    # 4 KiB per file, 2 kept: each request adds an access-log line to api.log
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    config_url = platform.api.replace("/api/health", "/api/config")

    def request_until_rotated_twice() -> bool:
        opener.open(config_url, timeout=5).close()
        return (logs / "api.log.2").exists()

    wait_until(request_until_rotated_twice, timeout=60, step=0)
    for _ in range(100):
        opener.open(config_url, timeout=5).close()
    assert not (logs / "api.log.3").exists()
    assert (logs / "api.log").stat().st_size <= 4096 + 1024
    since = platform.invoke("logs", "--since", "1h", "--service", "launcher", "--tail", "1000")
    assert since.exit_code == 0 and since.output.count("\n") >= 3


def test_json_log_lines_carry_the_request_id(platform: Platform) -> None:
    """LOG_FORMAT=json: the API's line for a request carries the X-Request-ID it was sent with."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(
        platform.api.replace("/api/health", "/api/config"), headers={"X-Request-ID": "req-42"}
    )
    with opener.open(request, timeout=5) as response:
        assert response.headers["X-Request-ID"] == "req-42"

    def logged() -> bool:
        found = platform.invoke("logs", "--service", "api", "--json", "--tail", "1000").output.splitlines()
        return any(json.loads(line).get("request_id") == "req-42" for line in found)

    wait_until(logged, timeout=30)
    logs = Path(platform.env["DATA_DIR"]) / "logs"
    raw = [
        line for f in ("api.log.1", "api.log") if (logs / f).exists() for line in (logs / f).read_text().splitlines()
    ]
    assert all(line.startswith("{") for line in raw)
    assert any(json.loads(line).get("request_id") == "req-42" and json.loads(line)["service"] == "api" for line in raw)


def test_logs_follow_prints_new_lines(platform: Platform) -> None:
    """`python -m datapulse logs --follow` prints lines written after it started (a ws restart makes some)."""
    argv = [sys.executable, "-m", "datapulse", "--env-file", str(platform.root / "absent.env"), "logs"]
    argv += ["--service", "launcher", "--tail", "1", "--follow", "--max-seconds", "120"]
    follower = subprocess.Popen(argv, env={**os.environ, **platform.env}, stdout=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(follower.stdout.readline, "")), daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        wait_until(lambda: len(lines) >= 1, timeout=30)  # the tail line: it is following now
        restart = platform.invoke("services", "restart", "ws", "--yes", "--timeout", str(BOOT_S))
        assert restart.exit_code == 0, restart.output
        wait_until(lambda: any("restart of ws requested" in line for line in lines), timeout=30)
        wait_until(lambda: any("ws is up" in line for line in lines[1:]), timeout=30)
    finally:
        follower.terminate()
        follower.wait(timeout=10)
        if follower.stdout:
            follower.stdout.close()


def test_cleanup_and_config_beside_the_running_platform(platform: Platform) -> None:
    """cleanup --dry-run and a real cleanup run while the platform serves; config reads its settings."""
    stray = Path(platform.env["UPLOAD_FOLDER"]) / ("ab" * 16 + ".csv")
    stray.write_bytes(b"x")
    os.utime(stray, (0, 0))  # old: not an upload in flight
    listed = platform.invoke("cleanup", "--dry-run", "--json")
    assert listed.exit_code == 0, listed.output
    assert [i["target"] for i in json.loads(listed.output)["would_remove"]] == [str(stray)]
    done = platform.invoke("cleanup", "--yes")
    assert done.exit_code == 0 and not stray.exists(), done.output
    assert platform.invoke("config", "get", "FLASK_PORT").output.strip() == platform.env["FLASK_PORT"]
    assert platform.invoke("health").exit_code == 0


def test_backup_while_running_restore_refused_then_stop(platform: Platform, tmp_path: Path) -> None:
    """A backup works while the platform runs; restore refuses; restore --stop stops the launcher."""
    archive = tmp_path / "live.tar.gz"
    result = platform.invoke("db", "backup", str(archive))
    assert result.exit_code == 0, result.output
    refused = platform.invoke("db", "restore", str(archive), "--yes")
    assert refused.exit_code == 1 and "platform is running" in refused.output
    done = platform.invoke("db", "restore", str(archive), "--yes", "--stop")
    assert done.exit_code == 0, done.output
    assert platform.run.wait(timeout=15) == 0
    health = platform.invoke("health")
    assert health.exit_code == 2 and "unreachable" in health.output
    gone = platform.invoke("services", "status")
    assert gone.exit_code == 1 and "not running" in gone.output
