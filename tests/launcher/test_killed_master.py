"""Issue 11 row 10 on the real platform: SIGKILL of the API's gunicorn master (and of its
worker alone) in the middle of a run, under `run_server.py` as it is deployed.

The run's process dies with it (the worker gets the parent-death signal; it does not
outlive its master), the launcher promotes the warm standby (or gunicorn respawns the
worker), and the run must end as `interrupted` within RUN_STALE_AFTER_S of the new API
answering, with nobody asking a new question: the new worker's start-up check or its
housekeeping timer ends it. A reader that reconnects as a browser's EventSource does
(Last-Event-ID) gets the final `run_failed` and its stream ends; a new question runs and
its cancel ends it; `/api/health` answers in time all along (the sampler of
tests/attack.py, from the takeover on: while no master listens, nothing can answer).

Runs are slow for real: CHAT_STEP_DELAY=60 holds each agent step a minute.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import psutil
import pytest
import requests

from tests.attack import HealthSampler, http_probe, tree_rss, under_attack
from tests.chat.helpers import SseEvent, parse_sse

from .conftest import Launched, healthy, running, wait_until
from .test_run_server import BOOT_S, stop_and_check_nothing_left

STALE_S = 5.0  # RUN_STALE_AFTER_S: the setting's minimum
TAKEOVER_S = 10.0  # the "usable within 10 s"
FINAL = ("run_completed", "run_failed")


class EventSourceReader:
    """Reads a run's events as a browser does: on a broken connection it reconnects with
    Last-Event-ID, until a final event ends the stream or `deadline_s` passes."""

    def __init__(self, url: str, deadline_s: float) -> None:
        self.url, self.deadline_s = url, deadline_s
        self.events: list[SseEvent] = []
        self.reconnects = 0
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        deadline = time.monotonic() + self.deadline_s
        while time.monotonic() < deadline:
            last = self.events[-1].id if self.events else None
            headers = {"Last-Event-ID": str(last)} if last is not None else {}
            try:
                with requests.get(self.url, headers=headers, stream=True, timeout=(2, 10)) as response:
                    if response.status_code == 200:
                        lines = response.iter_lines(chunk_size=1, decode_unicode=True)
                        self.events.extend(parse_sse(lines))
                        if self.events and self.events[-1].event in FINAL:
                            return
            except requests.RequestException:
                pass
            self.reconnects += 1
            time.sleep(0.2)

    def ended(self, timeout: float) -> bool:
        self.thread.join(timeout)
        return not self.thread.is_alive()


def status_of(base: str, run_id: str) -> str:
    return str(requests.get(f"{base}/api/chat/runs/{run_id}", timeout=5).json()["status"])


def ask(base: str, conversation_id: str) -> str:
    url = f"{base}/api/chat/conversations/{conversation_id}/messages"
    response = requests.post(url, json={"content": "total sales by region"}, timeout=10)
    assert response.status_code == 202, response.text
    return str(response.json()["run_id"])


def answers(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return requests.get(url, timeout=1).status_code in (200, 503)
        except requests.RequestException:
            return False

    return check


def kill_mid_run(run: Launched, base: str, conversation_id: str, victim: Callable[[], psutil.Process]) -> None:
    """Ask, SIGKILL `victim()` while the run is running, then check the row's goals."""
    health = f"{base}/api/health"
    run_id = ask(base, conversation_id)
    wait_until(lambda: status_of(base, run_id) == "running", timeout=30, run=run)
    reader = EventSourceReader(f"{base}/api/chat/runs/{run_id}/events", deadline_s=TAKEOVER_S + STALE_S + 30)
    wait_until(lambda: bool(reader.events), timeout=10, run=run)  # run_started read from the old worker
    master = run.child("gunicorn")
    workers = master.children()
    assert len(workers) == 1
    process = victim()
    process.kill()
    killed_at = time.monotonic()
    # The worker does not outlive its master: it is dead (a zombie at most) at once.
    wait_until(lambda: not running(workers[0]), timeout=5, run=run)
    took_over = wait_until(answers(health), timeout=TAKEOVER_S, step=0.02, run=run)
    assert any(w.pid != workers[0].pid for w in run.child("gunicorn").children())
    answered_at = time.monotonic()

    def after_the_kill() -> float:
        # Nobody asks anything: the run ends on the new worker's own start-up check or timer.
        wait_until(lambda: status_of(base, run_id) == "interrupted", timeout=STALE_S, step=0.05, run=run)
        ended = time.monotonic() - answered_at
        assert reader.ended(10), "the stream did not end"
        # Usable: a new question runs, and its cancel ends it.
        fresh = ask(base, conversation_id)
        wait_until(lambda: status_of(base, fresh) == "running", timeout=10, run=run)
        assert requests.post(f"{base}/api/chat/runs/{fresh}/cancel", timeout=5).status_code == 202
        wait_until(lambda: status_of(base, fresh) == "cancelled", timeout=5, run=run)
        return ended

    sampler = HealthSampler(http_probe(health), memory=tree_rss(run.proc.pid))
    ended = under_attack(after_the_kill, sampler)
    print(
        f"killed {'master' if process.pid == master.pid else 'worker'}: API answered {took_over:.2f} s after,"
        f" run interrupted {ended:.2f} s later ({time.monotonic() - killed_at:.1f} s in all),"
        f" stream reconnected {reader.reconnects}x"
    )
    final = reader.events[-1]
    assert final.event == "run_failed" and final.data["status"] == "interrupted", reader.events
    assert [e.id for e in reader.events] == list(range(1, len(reader.events) + 1))  # nothing lost or repeated
    assert reader.reconnects >= 1  # it was cut off by the kill and came back


@pytest.mark.slow  # a launcher, its standby and two takeovers: about 40 s
def test_a_run_of_a_killed_master_or_worker_ends_interrupted_and_its_stream_ends(launch) -> None:  # type: ignore[no-untyped-def]
    run = launch("--api-only", env={"RUN_STALE_AFTER_S": str(STALE_S), "CHAT_STEP_DELAY": "60"})
    base = f"http://127.0.0.1:{run.env['FLASK_PORT']}"  # type: ignore[attr-defined]
    wait_until(healthy(f"{base}/api/health", (200, 503)), timeout=BOOT_S, run=run)
    wait_until(lambda: "api standby (pid" in run.output() and "is warm" in run.output(), timeout=BOOT_S, run=run)
    upload = requests.post(f"{base}/api/files", files={"file": ("s.csv", b"region,sales\nnorth,10\nsouth,20\n")})
    assert upload.status_code == 201, upload.text
    conversation = requests.post(f"{base}/api/chat/conversations", json={}, timeout=5).json()["id"]

    # The worker alone: gunicorn's master starts another.
    kill_mid_run(run, base, conversation, lambda: run.child("gunicorn").children()[0])
    # The master: its worker dies with it, the launcher promotes the warm standby.
    standby = run.child("gunicorn", standby=True)
    kill_mid_run(run, base, conversation, lambda: run.child("gunicorn"))
    assert run.child("gunicorn").pid == standby.pid

    stop_and_check_nothing_left(run)
