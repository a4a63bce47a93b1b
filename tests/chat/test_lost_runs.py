"""A run whose ending could not be stored does not stay `running` forever: the executor
ends the runs it finished executing that are still active a check later (the heartbeat
kept such a run from the orphan check; its readers waited on a silent stream)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.chat.conftest import ask, new_conversation, wait_run


def _events(client: Any, run_id: str) -> list[str]:
    body = client.get(f"/api/chat/runs/{run_id}/events").get_data(as_text=True)
    return [line.split(": ", 1)[1] for line in body.splitlines() if line.startswith("event: ")]


def _until_executed(executor: Any, run_id: str) -> None:
    deadline = time.monotonic() + 20
    while executor.is_local(run_id):
        assert time.monotonic() < deadline, "the run was never executed"
        time.sleep(0.02)


def test_a_run_whose_ending_was_never_stored_ends_as_interrupted(
    chat_app: Any, chat_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    executor = chat_app.extensions["datapulse"].executor
    store = executor.store

    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("the database went away at the wrong moment")

    conversation_id = new_conversation(chat_client)
    with monkeypatch.context() as patched:  # every ending of the run fails to be stored
        patched.setattr(store, "finish", broken)
        patched.setattr(store, "fail", broken)
        run_id = ask(chat_client, conversation_id, "how many rows?")["run_id"]
        _until_executed(executor, run_id)
    assert chat_client.get(f"/api/chat/runs/{run_id}").json["status"] in ("queued", "running")

    assert executor.end_lost_runs() == []  # the first check only notes it (an ending may be queued)
    assert chat_client.get(f"/api/chat/runs/{run_id}").json["status"] in ("queued", "running")
    assert executor.end_lost_runs() == [run_id]
    run = chat_client.get(f"/api/chat/runs/{run_id}").json
    assert run["status"] == "interrupted"
    assert _events(chat_client, run_id)[-1] == "run_failed"  # its readers get a final event
    assert executor.end_lost_runs() == []  # and it is forgotten

    # The next question is answered as usual.
    after = ask(chat_client, conversation_id, "and now?")["run_id"]
    assert wait_run(chat_client, after)["status"] == "completed"


def test_runs_that_ended_normally_are_left_alone(chat_app: Any, chat_client: Any) -> None:
    executor = chat_app.extensions["datapulse"].executor
    conversation_id = new_conversation(chat_client)
    run_id = ask(chat_client, conversation_id, "how many rows?")["run_id"]
    assert wait_run(chat_client, run_id)["status"] == "completed"
    executor.store.writer.flush()
    assert executor.end_lost_runs() == []
    assert executor.end_lost_runs() == []
    assert chat_client.get(f"/api/chat/runs/{run_id}").json["status"] == "completed"
