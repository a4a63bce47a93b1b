"""Runs and server processes: a run cut off by a killed server ends as `interrupted` when
the server starts again; a process starting beside a live one leaves its runs alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from datapulse.settings import Settings
from tests.chat.helpers import SseEvent, parse_sse
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def api_process(settings: Settings, step_delay: float) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """The API with scripted slow agents in a subprocess; always killed at the end."""
    env = {
        **os.environ,
        "DATA_DIR": str(settings.DATA_DIR),
        "UPLOAD_FOLDER": str(settings.UPLOAD_FOLDER),
        "DATABASE_URL": settings.DATABASE_URL,
        "FLASK_PORT": str(settings.FLASK_PORT),
        "WS_PORT": str(settings.WS_PORT),
        "SECRET_KEY": settings.SECRET_KEY,
        "LOG_LEVEL": "ERROR",
        "CHAT_STEP_DELAY": str(step_delay),
    }
    proc = subprocess.Popen([sys.executable, "-m", "tests.chat.serve_app"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{settings.FLASK_PORT}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/api/chat/conversations", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert proc.poll() is None, "the API process died at start"
            assert time.monotonic() < deadline, "the API process did not start"
            time.sleep(0.1)
        yield proc, base
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def first_events(url: str, count: int) -> list[SseEvent]:
    seen: list[SseEvent] = []
    with requests.get(url, stream=True, timeout=30) as response:
        for event in parse_sse(response.iter_lines(chunk_size=1, decode_unicode=True)):
            seen.append(event)
            if len(seen) == count:
                break
    return seen


def all_events(url: str) -> list[SseEvent]:
    with requests.get(url, stream=True, timeout=30) as response:
        return list(parse_sse(response.iter_lines(chunk_size=1, decode_unicode=True)))


def ask(base: str, cid: str) -> dict[str, str]:
    response = requests.post(f"{base}/api/chat/conversations/{cid}/messages", json={"content": "slow"}, timeout=10)
    assert response.status_code == 202
    return dict(response.json())


def test_runs_across_processes_and_a_kill(settings) -> None:
    """A second process leaves a live process's run running and cancels it through the
    database; after SIGKILL mid-run, the next start ends the run as interrupted with a
    final event after exactly the events sent before."""
    with api_process(settings, step_delay=3.0) as (first, base):
        cid = requests.post(f"{base}/api/chat/conversations", json={}, timeout=5).json()["id"]
        live = ask(base, cid)
        assert [e.event for e in first_events(base + live["events_url"], 2)] == ["run_started", "agent_update"]
        with api_process(settings.replace(FLASK_PORT=free_port()), step_delay=1.0) as (_, other):
            state = requests.get(f"{other}/api/chat/runs/{live['run_id']}", timeout=5).json()
            assert state["status"] == "running"
            assert requests.post(f"{other}/api/chat/runs/{live['run_id']}/cancel", timeout=5).status_code == 202
            cancelled = all_events(other + live["events_url"])
            assert cancelled[-1].event == "run_failed" and cancelled[-1].data["status"] == "cancelled"

            killed = ask(base, cid)
            seen = first_events(base + killed["events_url"], 2)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(10)
    with api_process(settings, step_delay=0.0) as (_, base):
        state = requests.get(f"{base}/api/chat/runs/{killed['run_id']}", timeout=5).json()
        assert state["status"] == "interrupted" and state["error"]["code"] == "interrupted"
        events = all_events(base + killed["events_url"])
        assert [e.id for e in events] == list(range(1, len(events) + 1))
        assert [(e.id, e.event) for e in events[:2]] == [(e.id, e.event) for e in seen]
        assert events[-1].event == "run_failed" and events[-1].data["status"] == "interrupted"
        messages = requests.get(f"{base}/api/chat/conversations/{cid}", timeout=5).json()["messages"]
        assert messages[-1]["role"] == "assistant" and messages[-1]["metadata"]["status"] == "interrupted"
        assert requests.get(f"{base}/api/chat/runs/{live['run_id']}", timeout=5).json()["status"] == "cancelled"
