"""An HTTP plugin against a local fake server: success, retries, breaker, time limit, garbage."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pybreaker
import pytest

from tests.plugins.conftest import make_plugin, wait_execution
from tests.plugins.fakes import FakeState, fake_server

FUNCTION = {"name": "echo", "description": "Echo the parameters", "parameters": {"type": "object"}}


@pytest.fixture
def fake() -> Iterator[FakeState]:
    with fake_server() as state:
        yield state


def http_plugin(client: Any, fake: FakeState, path: str, **extra: Any) -> dict[str, Any]:
    manifest = {"name": f"p{path.strip('/')}", "kind": "http", "endpoint": f"{fake.base}{path}"}
    return make_plugin(client, **manifest, functions=[FUNCTION], **extra)


def run(client: Any, app: Any, plugin_id: str, **parameters: Any) -> dict[str, Any]:
    body = {"function_name": "echo", "parameters": parameters}
    response = client.post(f"/api/plugins/{plugin_id}/execute", json=body)
    assert response.status_code == 202, response.get_json()
    return wait_execution(app, response.get_json()["execution_id"])


def test_success_sends_the_secret_and_stores_the_answer(client: Any, app: Any, fake: FakeState) -> None:
    """The answer is the output; the auth header carries the secret, which the API never returns."""
    plugin = http_plugin(client, fake, "/ok", auth={"header": "X-Api-Key", "secret": "s3cret"})
    assert "s3cret" not in str(client.get(f"/api/plugins/{plugin['id']}").get_json())
    done = run(client, app, plugin["id"], q=1)
    assert done["status"] == "completed", done
    assert done["output_result"] == {"echo": {"function": "echo", "parameters": {"q": 1}}, "auth": "s3cret"}
    assert done["attempts"] == 1 and done["execution_time_ms"] >= 0
    fetched = client.get(f"/api/plugin-executions/{done['id']}").get_json()
    assert fetched["input_parameters"] == {"q": 1}


def test_retries_after_a_500(client: Any, app: Any, fake: FakeState) -> None:
    """Two 500s, then success: completed after three attempts."""
    fake.fail_first = 2
    plugin = http_plugin(client, fake, "/flaky", retries=2)
    done = run(client, app, plugin["id"])
    assert done["status"] == "completed" and done["attempts"] == 3


def test_gives_up_after_its_retries(client: Any, app: Any, fake: FakeState) -> None:
    """Always 500: failed after 1 + retries attempts, with the status in the message."""
    plugin = http_plugin(client, fake, "/fail", retries=1)
    done = run(client, app, plugin["id"])
    assert done["status"] == "failed" and done["attempts"] == 2
    assert "HTTP 500" in done["error_message"]


def test_time_limit(client: Any, app: Any, fake: FakeState) -> None:
    """A plugin that hangs fails at its time limit; another plugin still answers meanwhile."""
    slow = http_plugin(client, fake, "/hang", timeout_s=0.3, retries=0)
    fast = http_plugin(client, fake, "/ok")
    hanging = client.post(f"/api/plugins/{slow['id']}/execute", json={"function_name": "echo"}).get_json()
    assert run(client, app, fast["id"])["status"] == "completed"
    done = wait_execution(app, hanging["execution_id"])
    assert done["status"] == "failed" and "time limit" in done["error_message"]


def test_garbage_body(client: Any, app: Any, fake: FakeState) -> None:
    """A 200 that is not JSON fails with a clear message and is not retried."""
    done = run(client, app, http_plugin(client, fake, "/garbage")["id"])
    assert done["status"] == "failed" and "not JSON" in done["error_message"] and done["attempts"] == 1


def test_unreachable(client: Any, app: Any, fake: FakeState) -> None:
    """Nothing listening: failed, 'unreachable'."""
    plugin = make_plugin(client, name="gone", kind="http", endpoint="http://127.0.0.1:9/x", functions=[FUNCTION])
    done = run(client, app, plugin["id"])
    assert done["status"] == "failed" and "unreachable" in done["error_message"]


def test_breaker_opens_and_closes_again(
    client: Any, app: Any, fake: FakeState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After PLUGIN_BREAKER_FAILURES failures the plugin is not called; once the open time
    has passed (a moved clock, not a sleep) one call goes through and closes it."""
    fake.down = True
    plugin = http_plugin(client, fake, "/switch", retries=0)
    failures = app.extensions["datapulse"].settings.PLUGIN_BREAKER_FAILURES
    for _ in range(failures):
        assert run(client, app, plugin["id"])["status"] == "failed"
    hits = fake.hits["/switch"]
    fake.down = False
    refused = run(client, app, plugin["id"])
    assert refused["status"] == "failed" and "circuit breaker is open" in refused["error_message"]
    assert fake.hits["/switch"] == hits  # not called while open

    later = datetime.now(UTC) + timedelta(seconds=app.extensions["datapulse"].settings.PLUGIN_BREAKER_OPEN_S + 1)

    class Clock(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return later

    monkeypatch.setattr(pybreaker, "datetime", Clock)
    assert run(client, app, plugin["id"])["status"] == "completed"
    breaker = app.extensions["datapulse"].plugins.registry.kinds["http"].breaker(plugin["id"])
    assert breaker.current_state == "closed"
