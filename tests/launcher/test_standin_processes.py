"""The real Supervisor with real processes: crash loops and children that ignore SIGTERM.

These use a tiny stand-in child (standin.py) run by harness.py, which is the launcher
minus the platform's own specs; test_run_server.py covers the platform itself.
"""

from __future__ import annotations

import json
import signal
import sys
import time

from tests.conftest import free_port

from .conftest import HERE, healthy, wait_until


def _harness(launch, children: list[dict]):  # type: ignore[no-untyped-def]
    return launch(json.dumps(children), script=HERE / "harness.py")


def test_child_that_exits_at_once_makes_the_launcher_give_up_with_exit_code_1(launch) -> None:  # type: ignore[no-untyped-def]
    """Five deaths in a row before health: everything stops, the message names the child, exit 1."""
    port = free_port()
    standin = str(HERE / "standin.py")
    run = _harness(
        launch,
        [
            {"name": "crashy", "argv": [sys.executable, standin, "exit"], "health_url": "http://127.0.0.1:1/health"},
            {"name": "calm", "argv": [sys.executable, standin, "serve", str(port)],
             "health_url": f"http://127.0.0.1:{port}/health"},
        ],
    )  # fmt: skip
    assert run.wait(timeout=40) == 1, run.output()
    assert "harness: crashy died 5 times in a row before it came up (last: exit code 3); giving up" in run.stderr
    out = run.output()
    assert out.count("crashy   | standin exit starting") == 5
    for delay in ("0.5", "1", "2", "4"):
        assert f"restarting in {delay} s" in out
    assert "calm stopped" in out
    assert run.alive() == []


def test_child_that_ignores_sigterm_is_killed_within_10_s(launch) -> None:  # type: ignore[no-untyped-def]
    """SIGTERM to the launcher ends a SIGTERM-ignoring child and its helper within 10 s."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/health"
    run = _harness(
        launch, [{"name": "stubborn", "argv": [sys.executable, str(HERE / "standin.py"), "stubborn", str(port)],
                  "health_url": url}]
    )  # fmt: skip
    wait_until(healthy(url), timeout=20)
    wait_until(lambda: "helper up" in run.output(), timeout=10)
    tree = run.snapshot()
    assert len(tree) == 2  # the child and its helper, in the child's process group
    start = time.monotonic()
    run.proc.send_signal(signal.SIGTERM)
    assert run.wait(timeout=12) == 0, run.output()
    wait_until(lambda: run.alive() == [], timeout=max(0.1, 10 - (time.monotonic() - start)))
    assert "killing stubborn" in run.output()
