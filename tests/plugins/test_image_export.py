"""A generated image travels with its conversation's exports (SPEC 12): Markdown embeds it
as a data: URI, the PDF draws it; both are read back out of the files and compared."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from datapulse.plugins.image import image_bytes
from datapulse.settings import Settings
from tests.assistants.test_chat_assistant import wait_run
from tests.plugins.conftest import make_assistant
from tests.plugins.fakes import FakeState, fake_server, tiny_png


@pytest.fixture
def fake() -> Iterator[FakeState]:
    with fake_server() as state:
        yield state


@pytest.fixture
def settings(settings: Settings, fake: FakeState) -> Settings:
    return settings.replace(IMAGE_API_URL=f"{fake.base}/flux/submit", IMAGE_API_KEY="test-key")


@pytest.fixture
def drawn(client: Any) -> tuple[str, dict[str, Any]]:
    """(conversation id, the image result) of a conversation that asked for a picture."""
    aid = make_assistant(client, template_id="builtin-data-explorer")["id"]
    client.post(f"/api/assistants/{aid}/plugins", json={"plugin_id": "builtin-image_generation"})
    conv = client.post("/api/chat/conversations", json={"assistant_id": aid, "title": "Foxes"}).get_json()
    asked = client.post(f"/api/chat/conversations/{conv['id']}/messages", json={"content": "Draw a picture of a fox"})
    run = wait_run(client, asked.get_json()["run_id"])
    assert run["status"] == "completed", run
    [image] = run["result"]["results"]
    return conv["id"], image


def export(client: Any, conversation_id: str, fmt: str) -> bytes:
    response = client.get(f"/api/chat/conversations/{conversation_id}/export?format={fmt}")
    assert response.status_code == 200
    return response.get_data()  # type: ignore[no-any-return]


def pdf_images(body: bytes) -> list[tuple[int, int]]:
    return [img.image.size for page in PdfReader(io.BytesIO(body)).pages for img in page.images]


def test_markdown_embeds_the_image_and_the_pdf_draws_it(client: Any, drawn: tuple[str, dict[str, Any]]) -> None:
    conversation_id, image = drawn
    markdown = export(client, conversation_id, "md").decode()
    [(alt, data)] = re.findall(r"!\[([^\]]*)\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", markdown)
    assert alt == "a fox" and base64.b64decode(data) == tiny_png()

    pdf = export(client, conversation_id, "pdf")
    assert pdf_images(pdf) == [(4, 3)]  # the fake's 4x3 PNG, drawn once
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "a fox" in text and "not available" not in text
    # text and JSON name the image by its URL
    assert f"[Image: a fox] {image['url']}" in export(client, conversation_id, "txt").decode()


def test_an_image_gone_from_disk_is_named_not_embedded(
    client: Any, settings: Settings, drawn: tuple[str, dict[str, Any]]
) -> None:
    conversation_id, image = drawn
    for path in (Path(settings.DATA_DIR) / "plugin_images").iterdir():
        path.unlink()
    markdown = export(client, conversation_id, "md").decode()
    assert f"![a fox]({image['url']})" in markdown and "data:image" not in markdown
    pdf = export(client, conversation_id, "pdf")
    assert pdf_images(pdf) == []
    assert "[Image: a fox] (not available)" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_image_bytes_reads_only_execution_image_urls(settings: Settings) -> None:
    folder = Path(settings.DATA_DIR) / "plugin_images"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "e1.png").write_bytes(tiny_png())
    assert image_bytes(settings, "/api/plugin-executions/e1/image") == tiny_png()
    for url in ("/api/plugin-executions/e2/image", "/api/plugin-executions/../e1/image", "https://x/e1.png", ""):
        assert image_bytes(settings, url) is None
