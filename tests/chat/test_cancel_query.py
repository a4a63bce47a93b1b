"""Cancelling a run interrupts the DuckDB query it is running (issue 11 row 9): the run
ends `cancelled` at once and its executor worker answers the next question, instead of
both waiting for the query's time limit. The real agents run a real SQL question."""

from __future__ import annotations

import time

import pytest

from datapulse.settings import Settings
from tests.chat.conftest import ask, new_conversation, wait_run
from tests.files.helpers import csv_bytes, upload

# Hours of work for DuckDB: only an interrupt ends it within the test.
LONG_SQL = "SELECT count(*) AS n FROM range(10000000000000) t(i) WHERE i % 7 = 3"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """One executor worker, and a query time limit far beyond the test's waits."""
    return settings.replace(CHAT_MAX_WORKERS=1, QUERY_TIMEOUT_S=120.0)


def test_cancel_interrupts_the_running_query_and_frees_the_worker(app, client):
    executor = app.extensions["datapulse"].executor
    assert executor.max_workers == 1
    info = upload(client, (csv_bytes(5), "small.csv")).get_json()["files"][0]
    conversation = new_conversation(client, file_ids=[info["id"]])
    run_id = ask(client, conversation, LONG_SQL)["run_id"]

    deadline = time.monotonic() + 30
    while executor.running_queries(run_id) == 0:
        assert time.monotonic() < deadline, "the query never started"
        assert client.get(f"/api/chat/runs/{run_id}").json["status"] in ("queued", "running")
        time.sleep(0.02)

    assert client.post(f"/api/chat/runs/{run_id}/cancel").status_code == 202
    run = wait_run(client, run_id, timeout=20)
    assert run["status"] == "cancelled"

    # The one worker is free: the next question is answered, not queued behind the query.
    after = ask(client, conversation, "SELECT 6 * 7 AS answer")["run_id"]
    assert wait_run(client, after, timeout=20)["status"] == "completed"
    assert executor.running_queries(run_id) == 0
