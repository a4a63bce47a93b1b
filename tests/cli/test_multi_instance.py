"""The multi-instance set-up, for real: nginx (Debian's) with the configuration `datapulse
deploy --target nginx` writes, in front of two API instances (gunicorn, gevent) and two
WebSocket servers sharing one PostgreSQL schema and one Redis stream."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text
from websockets.sync.client import connect

from datapulse.launcher.process import parent_death_hook, probe
from datapulse.launcher.specs import ROOT
from datapulse.ops.deploy import nginx_conf, profile
from datapulse.processes import APP_FACTORY, GUNICORN_CONFIG
from tests.chat.helpers import SseEvent, parse_sse
from tests.cli.test_deploy import need
from tests.conftest import POSTGRES_URL, REDIS_URL, free_port, service_missing
from tests.files.helpers import csv_bytes
from tests.launcher.conftest import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]
BOOT_S = 90


class Proc:
    """A server process in its own group that dies with the test (parent-death signal)."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self.out = open(log, "wb")
        self.popen = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=self.out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=parent_death_hook(),
        )  # fmt: skip

    def kill(self) -> None:
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.popen.wait(timeout=10)
        self.out.close()


class Cluster:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.procs: list[Proc] = []
        self.http = requests.Session()
        self.http.trust_env = False  # no proxy from the environment between us and 127.0.0.1

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> Proc:
        proc = Proc(argv, env, self.root / f"{name}.log")
        self.procs.append(proc)
        return proc

    def logs(self) -> str:
        return "\n".join(f"== {p.log.name}\n{p.log.read_text(errors='replace')[-3000:]}" for p in self.procs)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.popen.poll() is None or not proc.out.closed:
                proc.kill()
        self.http.close()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[dict[str, Any]]:
    nginx = need("nginx")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001 - either service missing
        service_missing("PostgreSQL or Redis", str(exc).splitlines()[0])
    api_ports, ws_ports, proxy_port = [free_port(), free_port()], [free_port(), free_port()], free_port()
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "DATA_DIR": str(tmp_path / "data"),
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "DATABASE_URL": f"{POSTGRES_URL}?options=-csearch_path%3D{schema}",
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": f"multi-{uuid.uuid4().hex}",  # also the Redis namespace: this test's own stream
        "LOG_LEVEL": "WARNING",
        "PUBLIC_WS_URL": f"ws://127.0.0.1:{proxy_port}/ws",
        "CORS_ORIGINS": f"http://127.0.0.1:{proxy_port}",
        "RUN_STALE_AFTER_S": "5",
        # As `datapulse deploy` writes them: nginx names the client and limits its connections.
        "TRUSTED_PROXIES": "127.0.0.1",
        "API_CONNECTIONS_PER_CLIENT": "0",
        "PYTHONUNBUFFERED": "1",
    }
    up = Cluster(tmp_path)
    try:
        migrated = subprocess.run(
            [sys.executable, "-m", "datapulse", "--env-file", str(tmp_path / "absent.env"), "db", "migrate"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert migrated.returncode == 0, migrated.stderr
        apis = []
        for port in api_ports:
            argv = [sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIG, "-k", "gevent", "-w", "1"]
            apis.append(
                up.start(
                    f"api-{port}", [*argv, "-b", f"127.0.0.1:{port}", APP_FACTORY], {**env, "FLASK_PORT": str(port)}
                )
            )
        for port in ws_ports:
            up.start(
                f"ws-{port}",
                [sys.executable, "websocket_server.py", "--port", str(port)],
                {**env, "WS_PORT": str(port)},
            )
        ui = tmp_path / "ui"
        ui.mkdir()
        (ui / "index.html").write_text("<!doctype html><title>DataPulse</title>")
        conf = nginx_conf(
            profile("staging", listen=proxy_port, server_name="127.0.0.1"),
            api=[f"127.0.0.1:{p}" for p in api_ports],
            ws=[f"127.0.0.1:{p}" for p in ws_ports],
            ui_dir=ui,
        )
        prefix = tmp_path / "nginx"
        (prefix / "logs").mkdir(parents=True)
        (prefix / "datapulse.conf").write_text(conf)
        (prefix / "nginx.conf").write_text(
            f"daemon off;\nuser root;\nworker_processes 1;\npid {prefix}/nginx.pid;\nerror_log stderr;\n"
            f"events {{}}\nhttp {{\n  access_log off;\n  include {prefix}/datapulse.conf;\n}}\n"
        )
        up.start("nginx", [nginx, "-c", str(prefix / "nginx.conf"), "-p", str(prefix)], env)
        for port in api_ports:
            wait_until(lambda p=port: probe(f"http://127.0.0.1:{p}/api/health", (200, 503)), timeout=BOOT_S)
        for port in ws_ports:
            wait_until(lambda p=port: probe(f"http://127.0.0.1:{p}/health", (200,)), timeout=BOOT_S)
        wait_until(lambda: probe(f"http://127.0.0.1:{proxy_port}/api/health", (200, 503)), timeout=30)
        yield {
            "up": up,
            "http": up.http,
            "proxy": f"http://127.0.0.1:{proxy_port}",
            "apis": [f"http://127.0.0.1:{p}" for p in api_ports],
            "api_procs": apis,
            "ws": [f"ws://127.0.0.1:{p}/ws" for p in ws_ports],
            "proxy_ws": f"ws://127.0.0.1:{proxy_port}/ws",
        }
    except BaseException:
        print(up.logs())
        raise
    finally:
        up.stop()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


class Listener:
    """A WebSocket client on one server, keeping every sequenced message."""

    def __init__(self, url: str) -> None:
        self.ws = connect(url, open_timeout=10, legacy=True)
        self.ws.send(json.dumps({"type": "subscribe", "topics": ["agents", "data", "files", "activity"]}))
        self.messages: list[dict[str, Any]] = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            for raw in self.ws:
                self.messages.append(json.loads(raw))
        except Exception:  # noqa: BLE001 - closed at the end of the test
            return

    def sequenced(self) -> dict[int, tuple[str, str]]:
        return {m["seq"]: (m["type"], m["topic"]) for m in list(self.messages) if m.get("seq") and m.get("topic")}

    def close(self) -> None:
        self.ws.close()
        self.thread.join(5)


def sse(http: requests.Session, url: str, last_id: int | None = None, limit: int | None = None) -> list[SseEvent]:
    """Read a run's events (all, or the first `limit`) and drop the connection."""
    headers = {"Accept": "text/event-stream"}
    if last_id is not None:
        headers["Last-Event-ID"] = str(last_id)
    out: list[SseEvent] = []
    with http.get(url, headers=headers, stream=True, timeout=60) as response:
        assert response.status_code == 200, response.text
        for event in parse_sse(response.iter_lines(decode_unicode=True)):
            out.append(event)
            if limit is not None and len(out) >= limit:
                break
    return out


def test_two_apis_two_ws_servers_behind_nginx(cluster: dict[str, Any]) -> None:
    """Through the proxy: shared uploads, runs resumed on the other instance, the same seq on
    both WebSocket servers, nothing lost when an API instance dies mid-stream, one refresh per interval."""
    http, proxy, (api1, api2) = cluster["http"], cluster["proxy"], cluster["apis"]
    listeners = [Listener(url) for url in cluster["ws"]]
    via_proxy = Listener(cluster["proxy_ws"])
    try:
        # An upload through the proxy is listed by each instance.
        r = http.post(f"{proxy}/api/files", files={"file": ("sales.csv", csv_bytes(60))}, timeout=60)
        assert r.status_code == 201, r.text
        file_id = r.json()["files"][0]["id"]
        for api in (api1, api2, proxy):
            assert file_id in [f["id"] for f in http.get(f"{api}/api/files", timeout=10).json()["items"]]
        # The UI is served by nginx itself.
        assert "DataPulse" in http.get(f"{proxy}/", timeout=10).text

        # A run started on one instance, streamed there, resumed on the other.
        conv = http.post(f"{api1}/api/chat/conversations", json={"file_ids": [file_id]}, timeout=10).json()["id"]
        run = http.post(
            f"{api1}/api/chat/conversations/{conv}/messages", json={"content": "average value by category"}, timeout=30
        ).json()["run_id"]
        first = sse(http, f"{api1}/api/chat/runs/{run}/events", limit=2)
        rest = sse(http, f"{api2}/api/chat/runs/{run}/events", last_id=first[-1].id)
        whole = sse(http, f"{proxy}/api/chat/runs/{run}/events")
        assert [e.id for e in first + rest] == [e.id for e in whole] == list(range(1, len(whole) + 1))
        assert whole[-1].event == "run_completed", whole[-1]

        # Every WebSocket server (and the one behind the proxy) saw the run's events with the same seq.
        wait_until(lambda: bool(listeners[0].sequenced()) and listeners[0].sequenced() == listeners[1].sequenced(), 30)
        a, b = listeners[0].sequenced(), listeners[1].sequenced()
        assert a == b and len(a) >= 3
        assert any(t == "agents" for _, t in a.values())
        shared = set(a) & set(via_proxy.sequenced())
        assert shared and all(a[s] == via_proxy.sequenced()[s] for s in shared)

        # Kill the instance serving a stream mid-way: the client resumes through the proxy.
        run2 = http.post(
            f"{api1}/api/chat/conversations/{conv}/messages", json={"content": "maximum value"}, timeout=30
        ).json()["run_id"]
        got = sse(http, f"{api2}/api/chat/runs/{run2}/events", limit=1)
        cluster["api_procs"][1].kill()
        resumed = sse(http, f"{proxy}/api/chat/runs/{run2}/events", last_id=got[-1].id)
        ids = [e.id for e in got + resumed]
        assert ids == list(range(1, len(ids) + 1)) and resumed[-1].event in ("run_completed", "run_failed")
        assert http.get(f"{proxy}/api/health", timeout=10).status_code == 200  # the survivor answers

        # An interval refresh happens once per interval across the instances (and not twice).
        interval = 2
        body = {"name": "ticker", "type": "file", "config": {"file_id": file_id}, "refresh_interval": interval}
        source = http.post(f"{proxy}/api/datasources", json=body, timeout=30).json()["id"]
        started = time.monotonic()

        def versions() -> int:
            return int(http.get(f"{proxy}/api/datasources/{source}/versions", timeout=10).json()["total"])

        wait_until(lambda: versions() >= 4, timeout=60, step=0.2)
        elapsed = time.monotonic() - started
        assert versions() <= elapsed / interval + 2, (versions(), elapsed)
    finally:
        for listener in (*listeners, via_proxy):
            listener.close()
