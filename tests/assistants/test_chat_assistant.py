"""A conversation's assistant really limits the run: a tool outside its subset is refused, not used."""

from __future__ import annotations

import io
import time
from typing import Any

from tests.plugins.conftest import make_assistant

CSV = "carat,price\n" + "\n".join(f"{c / 10},{int(300 + c * 97 + (c % 3) * 11)}" for c in range(1, 40)) + "\n"
QUESTION = "What is the correlation between carat and price?"


def wait_run(client: Any, run_id: str, timeout: float = 60.0) -> dict[str, Any]:
    """The run once ended (the API's own state; a bounded poll)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = client.get(f"/api/chat/runs/{run_id}").get_json()
        if run["status"] not in ("queued", "running"):
            return run  # type: ignore[no-any-return]
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} did not end")


def ask(client: Any, conversation_id: str) -> dict[str, Any]:
    response = client.post(f"/api/chat/conversations/{conversation_id}/messages", json={"content": QUESTION})
    assert response.status_code == 202, response.get_json()
    return wait_run(client, response.get_json()["run_id"])


def test_tool_subset_refuses_and_switching_answers(client: Any) -> None:
    """Without correlation: 'this assistant does not do that' (in the assistant's language), no results;
    after PATCH to a statistician: answered."""
    upload = client.post("/api/files", data={"file": (io.BytesIO(CSV.encode()), "gems.csv")})
    assert upload.status_code == 201, upload.get_json()
    file_id = upload.get_json()["files"][0]["id"]
    explorer = make_assistant(client, name="Counter", tools=["count_rows", "schema", "describe"])
    german = make_assistant(client, name="Zähler", tools=["count_rows"], defaults={"language": "de"})
    stats = make_assistant(client, template_id="builtin-statistician")
    body = {"file_ids": [file_id], "assistant_id": explorer["id"]}
    conv = client.post("/api/chat/conversations", json=body).get_json()
    assert conv["assistant_id"] == explorer["id"]

    refused = ask(client, conv["id"])
    assert refused["status"] == "completed", refused
    assert "does not do that" in refused["result"]["answer"] and "correlation" in refused["result"]["answer"]
    assert refused["result"]["results"] == []

    client.patch(f"/api/chat/conversations/{conv['id']}", json={"assistant_id": german["id"]})
    in_german = ask(client, conv["id"])
    assert "Das macht dieser Assistent nicht" in in_german["result"]["answer"]  # its default language

    switched = client.patch(f"/api/chat/conversations/{conv['id']}", json={"assistant_id": stats["id"]})
    assert switched.status_code == 200 and switched.get_json()["assistant_id"] == stats["id"]
    answered = ask(client, conv["id"])
    assert answered["status"] == "completed", answered
    assert "does not do that" not in answered["result"]["answer"]
    assert any(step["tool"] == "correlation" for step in answered["result"]["plan"])


def test_patch_renames_and_checks(client: Any) -> None:
    conv = client.post("/api/chat/conversations", json={}).get_json()
    renamed = client.patch(f"/api/chat/conversations/{conv['id']}", json={"title": "Gems"})
    assert renamed.status_code == 200 and renamed.get_json()["title"] == "Gems"
    bad = client.patch(f"/api/chat/conversations/{conv['id']}", json={"assistant_id": "nope"})
    assert bad.status_code == 404 and bad.get_json()["error"]["code"] == "unknown_assistant"
    assert client.patch("/api/chat/conversations/nope", json={"title": "x"}).status_code == 404
    bad_create = client.post("/api/chat/conversations", json={"assistant_id": "nope"})
    assert bad_create.status_code == 404
