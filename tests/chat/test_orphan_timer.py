"""The runs of a dead process end on a timer started with the platform (issue 11 row 10).

After a SIGKILL of gunicorn's master its workers die with it, and the standby's fresh
workers may start while they are still dying: the start-up check sees them alive. The
run then stayed `running` until someone asked a question in the new worker (the
housekeeping only started with the first question). Here nobody asks: the executor's
clock is moved past the orphan check and the run ends as interrupted, its stream too,
while the health sampler (tests/attack.py) asks `/api/health` of the same server; then
a new question is answered within the issue's 10 s."""

from __future__ import annotations

import os
import socket
import threading
import time

import requests

from datapulse.storage.models import Run
from tests.attack import HealthSampler, http_probe, tree_rss, under_attack
from tests.chat.conftest import ask, new_conversation
from tests.chat.helpers import SseEvent, parse_sse

# A worker of this host whose process is gone (pid and start time name no live process).
DEAD_WORKER = f"{socket.gethostname()}:999999999:1.00"


def test_a_dead_processs_run_ends_without_a_new_question(chat_app, chat_client, server) -> None:
    platform = chat_app.extensions["datapulse"]
    executor = platform.executor
    # A run as a killed process leaves it: running, owned by a process that is gone.
    # Nobody asks anything in this process (that would start the housekeeping too).
    conversation_id = new_conversation(chat_client)
    with platform.db.session() as session:
        run = Run(conversation_id=conversation_id, question="slow", status="running", worker_id=DEAD_WORKER)
        session.add(run)
        session.flush()
        run_id = run.id
    assert chat_client.get(f"/api/chat/runs/{run_id}").json["status"] == "running"
    # A reader of its stream, waiting on the running run (as the browser was).
    streamed: list[SseEvent] = []

    def read() -> None:
        with requests.get(f"{server}/api/chat/runs/{run_id}/events", stream=True, timeout=30) as response:
            streamed.extend(parse_sse(response.iter_lines(chunk_size=1, decode_unicode=True)))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    skew = [0.0]
    executor.clock = lambda: time.monotonic() + skew[0]

    def orphaned() -> None:
        time.sleep(0.5)  # the attack: a stream open on the dead process's run (it hung for minutes)
        skew[0] = platform.settings.RUN_STALE_AFTER_S + 1  # the staleness limit has passed
        deadline = time.monotonic() + 15
        while chat_client.get(f"/api/chat/runs/{run_id}").json["status"] == "running":
            assert time.monotonic() < deadline, "the run was never ended by the timer"
            time.sleep(0.05)
        reader.join(30)  # ... and its stream

    # The server's health in time all along, this process's memory bounded.
    under_attack(orphaned, HealthSampler(http_probe(f"{server}/api/health"), memory=tree_rss(os.getpid())))
    run = chat_client.get(f"/api/chat/runs/{run_id}").json
    assert run["status"] == "interrupted"
    assert not reader.is_alive(), "the stream did not end"
    assert streamed[-1].event == "run_failed" and streamed[-1].data["error"]["code"] == "interrupted"

    # Usable after: the next question in that conversation is answered.
    after = ask(chat_client, conversation_id, "and now?")["run_id"]
    deadline = time.monotonic() + 10
    while (status := chat_client.get(f"/api/chat/runs/{after}").json["status"]) in ("queued", "running"):
        assert time.monotonic() < deadline, f"not usable within 10 s: the next run is still {status}"
        time.sleep(0.05)
    assert status == "completed"
