"""Function detection by the language model's tool calls (SPEC 12), against a local fake
OpenAI-compatible server: the tools it is sent, valid and invalid calls, the fallback to the
rule planner when the model fails, and the chat run using the same entry point."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from datapulse.agents.planner import llm
from datapulse.plugins.assignments import enabled_candidates
from datapulse.plugins.detect import Candidate
from datapulse.plugins.detection import find_calls, tools_for
from datapulse.settings import Settings
from tests.agents.fake_llm import FakeLLM, fake_llm, text_reply, tool_reply
from tests.assistants.test_chat_assistant import wait_run
from tests.plugins.conftest import make_assistant, make_plugin
from tests.plugins.detect_bank import PLUGINS
from tests.plugins.fakes import FakeState, fake_server

WEATHER, CURRENCY = PLUGINS[0], PLUGINS[1]
# A message the rules cannot read (no keyword, no description words): only the model finds the call.
UMBRELLA = "Do I need an umbrella in Paris later?"


@pytest.fixture
def model() -> Iterator[FakeLLM]:
    llm.reset_breakers()
    with fake_llm([("json", text_reply("nothing to call"))]) as fake:
        yield fake
    llm.reset_breakers()


@pytest.fixture
def settings(settings: Settings, model: FakeLLM) -> Settings:
    return settings.replace(
        LLM_BASE_URL=model.url, LLM_MODEL="test-model", LLM_TIMEOUT_S=5.0, LLM_ATTEMPTS=1, LLM_BREAKER_FAILURES=50
    )


@pytest.fixture
def setup(client: Any) -> dict[str, str]:
    """An llm-planner assistant with the weather and currency plugins assigned."""
    weather, currency = make_plugin(client, **WEATHER), make_plugin(client, **CURRENCY)
    aid = make_assistant(client, planner="llm")["id"]
    for plugin in (weather, currency):
        assert client.post(f"/api/assistants/{aid}/plugins", json={"plugin_id": plugin["id"]}).status_code == 201
    return {"assistant": aid, "weather": weather["id"], "currency": currency["id"]}


def detect(client: Any, assistant_id: str, message: str) -> list[dict[str, Any]]:
    response = client.post("/api/chat/detect-functions", json={"assistant_id": assistant_id, "message": message})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["calls"]  # type: ignore[no-any-return]


def test_the_model_gets_the_functions_as_tools_and_its_call_is_returned(
    client: Any, model: FakeLLM, setup: dict[str, str]
) -> None:
    model.script = [("json", tool_reply(("weather__get_weather", {"city": "Paris", "unit": "celsius"})))]
    calls = detect(client, setup["assistant"], UMBRELLA)
    assert calls == [
        {
            "plugin_id": setup["weather"],
            "function_name": "get_weather",
            "parameters": {"city": "Paris", "unit": "celsius"},
            "confidence": 1.0,
        }
    ]
    [request] = model.requests
    body = request["body"]
    assert body["model"] == "test-model" and body["messages"][-1] == {"role": "user", "content": UMBRELLA}
    tools = {t["function"]["name"]: t for t in body["tools"]}
    assert set(tools) == {"weather__get_weather", "currency__convert_currency"}
    weather = tools["weather__get_weather"]
    assert weather["type"] == "function"
    assert weather["function"]["parameters"] == WEATHER["functions"][0]["parameters"]
    assert "The current weather in a city" in weather["function"]["description"]
    # without the model, the rules find nothing in this message
    assert find_calls(UMBRELLA, tools_candidates(client, setup["assistant"]), Settings()) == []


def tools_candidates(client: Any, assistant_id: str) -> list[Candidate]:
    platform = client.application.extensions["datapulse"]
    return enabled_candidates(platform.db, platform.plugins.registry, assistant_id)


def test_invalid_calls_are_dropped_valid_ones_kept(client: Any, model: FakeLLM, setup: dict[str, str]) -> None:
    reply = tool_reply(
        ("weather__get_weather", {"unit": "kelvin", "city": "Paris"}),  # not in the enum
        ("weather__get_weather", {"unit": "celsius"}),  # city is required
        ("weather__get_weather", "{not json"),
        ("nope__nothing", {}),  # no such tool
        ("currency__convert_currency", {"amount": 5, "from": "usd", "to": "EUR"}),  # pattern
        ("currency__convert_currency", {"amount": 5, "from": "USD", "to": "EUR"}),
    )
    model.script = [("json", reply)]
    calls = detect(client, setup["assistant"], "5 dollars in euros, and the weather")
    assert [(c["plugin_id"], c["parameters"]) for c in calls] == [
        (setup["currency"], {"amount": 5, "from": "USD", "to": "EUR"})
    ]
    model.script = [("json", text_reply("No function fits."))]
    assert detect(client, setup["assistant"], UMBRELLA) == []  # no tool call: nothing asked


def test_partial_arguments_lower_the_confidence(client: Any, model: FakeLLM, setup: dict[str, str]) -> None:
    model.script = [("json", tool_reply(("weather__get_weather", {"city": "Paris"})))]
    [call] = detect(client, setup["assistant"], UMBRELLA)
    assert call["confidence"] == 0.88  # 0.75 + 0.25 * (1 of 2 parameters)


@pytest.mark.parametrize(
    "reply",
    [("status", 500), ("status", 400), ("text", "<html>oops</html>"), ("json", {"choices": []})],
    ids=["http-500", "http-400", "not-json", "no-message"],
)
def test_a_failing_model_falls_back_to_the_rules(
    client: Any, model: FakeLLM, setup: dict[str, str], reply: tuple[Any, ...], caplog: pytest.LogCaptureFixture
) -> None:
    model.script = [reply]
    with caplog.at_level(logging.WARNING, logger="datapulse.plugins.detection"):
        calls = detect(client, setup["assistant"], "What's the weather in Berlin?")
    assert len(model.requests) == 1  # the model was asked
    assert [(c["plugin_id"], c["parameters"]) for c in calls] == [(setup["weather"], {"city": "Berlin"})]
    assert "falling back to the rule planner" in caplog.text


def test_a_slow_model_times_out_into_the_rules(settings: Settings, model: FakeLLM) -> None:
    model.script = [("sleep", 2.0, tool_reply(("weather__get_weather", {"city": "Rome"})))]
    cand = Candidate("p1", "weather", tuple(WEATHER["keywords"]), WEATHER["functions"][0], {})
    calls = find_calls("What's the weather in Berlin?", [cand], settings.replace(LLM_TIMEOUT_S=0.3), "llm")
    assert [c["parameters"] for c in calls] == [{"city": "Berlin"}]


def test_rules_without_a_model_or_with_a_rules_assistant(client: Any, model: FakeLLM, setup: dict[str, str]) -> None:
    rules = make_assistant(client, name="Rules")["id"]  # planner "rules" by default
    client.post(f"/api/assistants/{rules}/plugins", json={"plugin_id": setup["weather"]})
    calls = detect(client, rules, "What's the weather in Berlin?")
    assert [c["parameters"] for c in calls] == [{"city": "Berlin"}] and model.requests == []
    cand = Candidate("p1", "weather", tuple(WEATHER["keywords"]), WEATHER["functions"][0], {})
    calls = find_calls("What's the weather in Berlin?", [cand], Settings(), "llm")  # no LLM_BASE_URL
    assert [c["parameters"] for c in calls] == [{"city": "Berlin"}] and model.requests == []


def test_tool_names_are_valid_and_unique() -> None:
    function = {"name": "get.weather", "description": "d", "parameters": {"type": "object"}}
    cands = [Candidate(f"p{i}", "Wetter Dienst " + "x" * 60, (), function, {}) for i in range(3)]
    names = list(tools_for(cands))
    assert len(set(names)) == 3
    assert all(len(n) <= 64 and n.replace("_", "").replace("-", "").isalnum() for n in names)


def test_a_chat_run_calls_what_the_model_detected(client: Any, model: FakeLLM) -> None:
    with fake_server() as state:
        run_chat(client, model, state)


def run_chat(client: Any, model: FakeLLM, state: FakeState) -> None:
    plugin = make_plugin(client, **{**WEATHER, "endpoint": f"{state.base}/ok"})
    aid = make_assistant(client, planner="llm")["id"]
    client.post(f"/api/assistants/{aid}/plugins", json={"plugin_id": plugin["id"]})
    model.script = [("json", tool_reply(("weather__get_weather", {"city": "Paris"})))]
    conv = client.post("/api/chat/conversations", json={"assistant_id": aid}).get_json()
    asked = client.post(f"/api/chat/conversations/{conv['id']}/messages", json={"content": UMBRELLA})
    run = wait_run(client, asked.get_json()["run_id"])
    assert run["status"] == "completed", run
    [step] = run["result"]["plan"]
    assert step == {
        "tool": "plugin:weather",
        "args": {"function": "get_weather", "city": "Paris"},
        "execution_id": step["execution_id"],
    }
    assert "weather__get_weather" in {t["function"]["name"] for t in model.requests[0]["body"]["tools"]}
