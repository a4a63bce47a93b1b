"""A detected plugin call runs as the step of a chat run: progress as agent updates, the image as the result."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from datapulse.settings import Settings
from tests.assistants.test_chat_assistant import wait_run
from tests.plugins.conftest import make_assistant
from tests.plugins.fakes import FakeState, fake_server


@pytest.fixture
def fake() -> Iterator[FakeState]:
    with fake_server() as state:
        yield state


@pytest.fixture
def settings(settings: Settings, fake: FakeState) -> Settings:
    return settings.replace(IMAGE_API_URL=f"{fake.base}/flux/submit", IMAGE_API_KEY="test-key")


def test_image_request_in_a_chat_run(client: Any) -> None:
    """The image plugin is called by the run; the run's result is the image; the events show the plugins agent."""
    aid = make_assistant(client, template_id="builtin-data-explorer")["id"]
    client.post(f"/api/assistants/{aid}/plugins", json={"plugin_id": "builtin-image_generation"})
    conv = client.post("/api/chat/conversations", json={"assistant_id": aid}).get_json()
    asked = client.post(f"/api/chat/conversations/{conv['id']}/messages", json={"content": "Draw a picture of a fox"})
    run = wait_run(client, asked.get_json()["run_id"])
    assert run["status"] == "completed", run
    [image] = run["result"]["results"]
    assert image["kind"] == "image" and image["mime"] == "image/png" and image["title"] == "a fox"
    assert client.get(image["url"]).status_code == 200
    assert run["result"]["plan"][0]["tool"] == "plugin:image_generation"
    assert run["result"]["answer"] == "image_generation.generate_image: a fox"
    events = client.get(f"/api/chat/runs/{run['id']}/events").get_data(as_text=True)
    assert '"agent": "plugins"' in events or '"agent":"plugins"' in events
    log = client.get(f"/api/plugin-executions?assistant_id={aid}").get_json()["items"]
    assert log[0]["run_id"] == run["id"] and log[0]["status"] == "completed"
    # the plan step names the execution, so that the chat can show its status
    assert run["result"]["plan"][0]["execution_id"] == log[0]["id"]


def test_a_data_question_still_goes_to_the_agents(client: Any) -> None:
    aid = make_assistant(client)["id"]
    client.post(f"/api/assistants/{aid}/plugins", json={"plugin_id": "builtin-image_generation"})
    conv = client.post("/api/chat/conversations", json={"assistant_id": aid}).get_json()
    asked = client.post(f"/api/chat/conversations/{conv['id']}/messages", json={"content": "How many rows?"})
    run = wait_run(client, asked.get_json()["run_id"])
    assert run["status"] == "completed" and not run["result"]["plan"]
