"""An assistant's instructions reach the language-model planner (SPEC 12), and its planner
field decides whether the model is asked: the model is a local fake OpenAI-compatible server."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest

from datapulse.agents.planner import llm
from datapulse.settings import Settings
from tests.agents.fake_llm import FakeLLM, fake_llm, tool_reply
from tests.assistants.test_chat_assistant import wait_run
from tests.plugins.conftest import make_assistant

CSV = "shop,sales\n" + "\n".join(f"{'north' if i % 2 else 'south'},{100 + i * 7}" for i in range(20)) + "\n"
INSTRUCTIONS = "Always think like an auditor: report medians, never means. Marker 7f3a."
CALL = ("group_aggregate", {"table": "shops", "measures": ["sales"], "agg": "median", "group_by": ["shop"]})


@pytest.fixture
def model() -> Iterator[FakeLLM]:
    llm.reset_breakers()
    with fake_llm([("json", tool_reply(CALL))]) as fake:
        yield fake
    llm.reset_breakers()


@pytest.fixture
def settings(settings: Settings, model: FakeLLM) -> Settings:
    return settings.replace(LLM_BASE_URL=model.url, LLM_MODEL="test-model", LLM_API_KEY="sk-test", LLM_TIMEOUT_S=5.0)


def ask(client: Any, assistant_id: str, question: str) -> dict[str, Any]:
    upload = client.post("/api/files", data={"file": (io.BytesIO(CSV.encode()), "shops.csv")})
    assert upload.status_code == 201, upload.get_json()
    body = {"file_ids": [upload.get_json()["files"][0]["id"]], "assistant_id": assistant_id}
    conv = client.post("/api/chat/conversations", json=body).get_json()
    asked = client.post(f"/api/chat/conversations/{conv['id']}/messages", json={"content": question})
    run = wait_run(client, asked.get_json()["run_id"])
    assert run["status"] == "completed", run
    return run["result"]  # type: ignore[no-any-return]


def test_instructions_go_to_the_model_in_its_system_prompt(client: Any, model: FakeLLM) -> None:
    auditor = make_assistant(client, name="Auditor", planner="llm", instructions=INSTRUCTIONS)
    result = ask(client, auditor["id"], "typical sales per shop")
    assert result["plan"] == [{"tool": CALL[0], "args": CALL[1]}]  # the model's plan was run
    [request] = model.requests
    system = request["body"]["messages"][0]
    assert system["role"] == "system" and INSTRUCTIONS in system["content"]
    assert request["body"]["messages"][1] == {"role": "user", "content": "typical sales per shop"}


def test_no_instructions_no_section(client: Any, model: FakeLLM) -> None:
    plain = make_assistant(client, name="Plain", planner="llm")
    ask(client, plain["id"], "typical sales per shop")
    assert "Instructions of the assistant" not in model.requests[0]["body"]["messages"][0]["content"]


def test_a_rules_assistant_never_asks_the_model(client: Any, model: FakeLLM) -> None:
    rules = make_assistant(client, name="Rules", planner="rules", instructions=INSTRUCTIONS)
    result = ask(client, rules["id"], "average sales by shop")
    assert model.requests == []
    assert result["plan"][0]["tool"] == "group_aggregate" and result["plan"][0]["args"]["agg"] == "mean"
