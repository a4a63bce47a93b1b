"""`run_server.py` end to end: the real API and WebSocket server on free ports."""

from __future__ import annotations

import json
import signal
import socket
import time
import urllib.error
import urllib.request

from .conftest import Launched, healthy, running, wait_until

BOOT_S = 60  # first start on a busy 2-core machine; restarts are held to 5 s


def urls(run: Launched) -> tuple[str, str]:
    env = run.env  # type: ignore[attr-defined]
    return (
        f"http://127.0.0.1:{env['FLASK_PORT']}/api/health",
        f"http://127.0.0.1:{env['WS_PORT']}/health",
    )


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:  # 503: up, but a dependency is down
        return exc.code, dict(exc.headers), exc.read()


def closed(port: str) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", int(port))) != 0


def kill_and_time_recovery(run: Launched, needle: str, url: str) -> float:
    """SIGKILL the child running `needle`; seconds until a new one answers health."""
    old = run.child(needle)
    start = time.monotonic()
    old.kill()

    def back() -> bool:
        try:
            return run.child(needle).pid != old.pid and healthy(url, (200, 503))()
        except LookupError:
            return False

    wait_until(back, timeout=30, step=0.02, run=run)
    elapsed = time.monotonic() - start
    print(f"{needle}: back and healthy {elapsed:.2f} s after kill -9")
    return elapsed


def stop_and_check_nothing_left(run: Launched) -> None:
    start = time.monotonic()
    run.proc.send_signal(signal.SIGTERM)
    assert run.wait(timeout=12) == 0, run.output()
    wait_until(lambda: run.alive() == [], timeout=max(0.1, 10 - (time.monotonic() - start)))
    assert len(run.seen) >= 2


def test_platform_restarts_killed_children_within_5_s_and_stops_cleanly(launch) -> None:  # type: ignore[no-untyped-def]
    """kill -9 of the API and of the WS server each come back within 5 s; SIGTERM leaves nothing."""
    run = launch()
    api, ws = urls(run)
    api_boot = wait_until(healthy(api, (200, 503)), timeout=BOOT_S, step=0.02)
    ws_boot = wait_until(healthy(ws), timeout=BOOT_S, step=0.02)
    print(f"cold start: api {api_boot:.2f} s, ws {ws_boot:.2f} s (ws measured after api)")
    wait_until(lambda: "api standby (pid" in run.output() and "is warm" in run.output(), timeout=BOOT_S)
    # gunicorn with gevent workers, outside --debug
    master = run.child("gunicorn")
    assert "-k gevent" in " ".join(master.cmdline())
    status, headers, body = get(api.replace("/api/health", "/api/config"))
    assert status == 200 and "gunicorn" in headers.get("Server", "").lower()
    assert json.loads(body)["ws_url"].endswith(f":{run.env['WS_PORT']}/ws")  # type: ignore[attr-defined]
    # both children got the launcher's resolved settings
    api_env, ws_env = master.environ(), run.child("websocket_server.py").environ()
    for name in ("DATA_DIR", "SECRET_KEY", "FLASK_PORT", "WS_PORT", "UPLOAD_FOLDER"):
        assert api_env[name] == ws_env[name] == run.env[name], name  # type: ignore[attr-defined]
    workers = master.children()
    assert workers
    standby = run.child("gunicorn", standby=True)
    assert kill_and_time_recovery(run, "gunicorn", api) < 5.0, run.output()
    assert run.child("gunicorn").pid == standby.pid  # the warm standby took over
    assert not any(running(w) for w in workers)
    assert kill_and_time_recovery(run, "websocket_server.py", ws) < 5.0, run.output()
    for line in (
        "api died (killed by SIGKILL) after it had been up; promoting its warm standby now",
        "ws died (killed by SIGKILL) after it had been up; restarting it now",
    ):
        wait_until(lambda line=line: line in run.output(), timeout=5)
    stop_and_check_nothing_left(run)


def test_children_do_not_outlive_a_launcher_killed_with_sigkill(launch) -> None:  # type: ignore[no-untyped-def]
    """With the launcher SIGKILLed, its children end too (Linux parent-death signal).

    The WebSocket server alone keeps this fast; gunicorn workers dying with their
    master (the same mechanism, one level down) is checked in the kill -9 test above.
    """
    run = launch("--ws-only")
    _, ws = urls(run)
    wait_until(healthy(ws), timeout=BOOT_S)
    child = run.child("websocket_server.py")
    run.launcher.kill()
    assert run.wait(timeout=5) == -signal.SIGKILL
    wait_until(lambda: run.alive() == [], timeout=5)
    assert not running(child)


def test_api_only_with_debug_runs_flasks_server_alone(launch) -> None:  # type: ignore[no-untyped-def]
    """--api-only --debug: one child, Flask's development server, no WebSocket server."""
    run = launch("--api-only", "--debug")
    api, _ = urls(run)
    wait_until(healthy(api, (200, 503)), timeout=BOOT_S)
    children = run.launcher.children()
    assert len(children) == 1 and "datapulse.api.serve.devserver" in " ".join(children[0].cmdline())
    status, headers, body = get(api)
    assert status in (200, 503) and "checks" in json.loads(body)
    assert "werkzeug" in headers.get("Server", "").lower()
    assert closed(run.env["WS_PORT"])  # type: ignore[attr-defined]
    assert "  WebSocket   ws://" not in run.output()
    assert "not started with --api-only" in run.output()
    stop_and_check_nothing_left_single(run)


def test_ws_only_runs_the_websocket_server_alone(launch) -> None:  # type: ignore[no-untyped-def]
    """--ws-only: one child, the WebSocket server; the API port stays closed."""
    run = launch("--ws-only")
    _, ws = urls(run)
    wait_until(healthy(ws), timeout=BOOT_S)
    children = run.launcher.children()
    assert len(children) == 1 and "websocket_server.py" in " ".join(children[0].cmdline())
    assert closed(run.env["FLASK_PORT"])  # type: ignore[attr-defined]
    stop_and_check_nothing_left_single(run)


def stop_and_check_nothing_left_single(run: Launched) -> None:
    run.proc.send_signal(signal.SIGINT)  # Ctrl-C behaves like SIGTERM
    assert run.wait(timeout=12) == 0, run.output()
    wait_until(lambda: run.alive() == [], timeout=10)
    assert "SIGINT received: stopping every child" in run.output()


def test_check_passes_for_a_good_configuration_and_starts_nothing(launch) -> None:  # type: ignore[no-untyped-def]
    """--check with a valid configuration prints the summary and exits 0 without children."""
    run = launch("--check")
    assert run.wait(timeout=30) == 0, run.output()
    assert "configuration OK" in run.stdout
    assert run.seen == {}
    assert run.env["SECRET_KEY"] not in run.output()  # type: ignore[attr-defined]


def test_check_fails_for_a_bad_configuration_naming_each_setting(launch) -> None:  # type: ignore[no-untyped-def]
    """--check with bad settings names each one on stderr and exits 1."""
    run = launch("--check", "--workers", "0", env={"WS_PORT": "5999", "FLASK_PORT": "5999"})
    assert run.wait(timeout=30) == 1, run.output()
    errors = "\n".join(run.stderr)
    assert "WORKERS='0'" not in errors and "WORKERS=0: must be at least 1" in errors
    assert "FLASK_PORT and WS_PORT are both 5999" in errors


def test_launcher_refuses_to_start_when_a_port_is_taken(launch) -> None:  # type: ignore[no-untyped-def]
    """A busy FLASK_PORT stops the launch before any child starts, naming the setting."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = launch(env={"FLASK_PORT": str(port)})
        assert run.wait(timeout=30) == 1, run.output()
    assert f"FLASK_PORT={port}: port is already in use on 127.0.0.1" in "\n".join(run.stderr)
    assert run.seen == {}
