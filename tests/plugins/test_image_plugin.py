"""The image_generation plugin against a fake Flux queue that returns a real PNG."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from datapulse.settings import Settings
from tests.plugins.conftest import wait_execution
from tests.plugins.fakes import FakeState, fake_server, tiny_png

IMAGE = "builtin-image_generation"


@pytest.fixture
def fake() -> Iterator[FakeState]:
    with fake_server() as state:
        yield state


@pytest.fixture
def settings(settings: Settings, fake: FakeState) -> Settings:
    return settings.replace(IMAGE_API_URL=f"{fake.base}/flux/submit", IMAGE_API_KEY="test-key")


def generate(client: Any, app: Any, **parameters: Any) -> dict[str, Any]:
    body = {"function_name": "generate_image", "parameters": parameters}
    response = client.post(f"/api/plugins/{IMAGE}/execute", json=body)
    assert response.status_code == 202, response.get_json()
    return wait_execution(app, response.get_json()["execution_id"])


def test_submit_poll_fetch_store_and_serve(client: Any, app: Any, fake: FakeState) -> None:
    """The prompt is queued with the key, polled until done, the PNG stored and served as an image result."""
    done = generate(client, app, prompt="a red fox in the snow", width=512, height=512)
    assert done["status"] == "completed", done["error_message"]
    result = done["output_result"]
    assert result == {
        "kind": "image",
        "title": "a red fox in the snow",
        "url": f"/api/plugin-executions/{done['id']}/image",
        "mime": "image/png",
    }
    assert fake.hits["/flux/requests/r1/status"] == fake.polls_before_done + 1
    submitted = next(b for b in fake.bodies if isinstance(b, dict) and "prompt" in b)
    assert submitted == {"prompt": "a red fox in the snow", "image_size": {"width": 512, "height": 512}}
    image = client.get(result["url"])
    assert image.status_code == 200 and image.mimetype == "image/png" and image.data == tiny_png()


def test_a_wrong_key_fails_clearly(client: Any, app: Any, settings: Settings) -> None:
    """401 from the service: failed, with the status in the message; no image served."""
    app.extensions["datapulse"].settings = settings.replace(IMAGE_API_KEY="wrong")
    engine = app.extensions["datapulse"].plugins.engine
    engine.settings = app.extensions["datapulse"].settings
    done = generate(client, app, prompt="x")
    assert done["status"] == "failed" and "HTTP 401" in done["error_message"]
    assert client.get(f"/api/plugin-executions/{done['id']}/image").status_code == 404


def test_unconfigured_service(client: Any, app: Any, settings: Settings) -> None:
    """Without IMAGE_API_URL the execution fails and says which setting is missing."""
    engine = app.extensions["datapulse"].plugins.engine
    engine.settings = settings.replace(IMAGE_API_URL="")
    done = generate(client, app, prompt="x")
    assert done["status"] == "failed" and "IMAGE_API_URL" in done["error_message"]
