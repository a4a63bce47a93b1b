"""Assistants from a template or from scratch, and their plugin assignments."""

from __future__ import annotations

from typing import Any

import pytest

from tests.plugins.conftest import make_assistant

IMAGE = "builtin-image_generation"


def test_from_a_template(client: Any) -> None:
    """A template_id copies the template's fields; given fields win."""
    made = make_assistant(client, template_id="builtin-statistician", name="Stats", defaults={"language": "de"})
    assert made["template_id"] == "builtin-statistician"
    assert "correlation" in made["tools"] and made["instructions"].startswith("Answer with the statistic")
    assert made["defaults"] == {"language": "de", "detail": "detailed", "chart": "auto"}
    assert made["visibility"] == "private" and made["owner_id"] is None


def test_name_from_the_template(client: Any) -> None:
    made = client.post("/api/assistants", json={"template_id": "builtin-data-explorer"}).get_json()
    assert made["name"] == "Data explorer"


def test_from_scratch_crud(client: Any) -> None:
    made = make_assistant(client, name="Mine", tools=["count_rows", "describe"], planner="llm")
    aid = made["id"]
    assert made["tools"] == ["count_rows", "describe"] and made["planner"] == "llm"
    assert client.get("/api/assistants").get_json()["total"] == 1
    changed = client.put(f"/api/assistants/{aid}", json={"name": "Renamed", "example_questions": ["How many?"]})
    assert changed.get_json()["name"] == "Renamed" and changed.get_json()["example_questions"] == ["How many?"]
    assert client.delete(f"/api/assistants/{aid}").status_code == 204
    assert client.get(f"/api/assistants/{aid}").status_code == 404


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"template_id": "nope"}, "unknown_template"),
        ({"name": "x", "tools": ["teleport"]}, "validation_error"),
        ({"name": "x", "defaults": {"language": "klingon"}}, "validation_error"),
        ({"description": "no name, no template"}, "validation_error"),
    ],
)
def test_bad_assistants(client: Any, body: dict[str, Any], code: str) -> None:
    response = client.post("/api/assistants", json=body)
    assert response.status_code == 422 and response.get_json()["error"]["code"] == code


def test_assignments(client: Any) -> None:
    """Assign, list in order, change, refuse a double, remove; unknown ids answer 404/422."""
    aid = make_assistant(client)["id"]
    created = client.post(f"/api/assistants/{aid}/plugins", json={"plugin_id": IMAGE, "sort_order": 2})
    assert created.status_code == 201 and created.get_json()["is_enabled"] is True
    client.post(f"/api/assistants/{aid}/plugins", json={"plugin_id": "builtin-describe", "sort_order": 1})
    listed = client.get(f"/api/assistants/{aid}/plugins").get_json()["items"]
    assert [a["plugin_id"] for a in listed] == ["builtin-describe", IMAGE]
    assert client.post(f"/api/assistants/{aid}/plugins", json={"plugin_id": IMAGE}).status_code == 409
    body = {"is_enabled": False, "sort_order": 0, "config_override": {"parameters": {"width": 256}}}
    changed = client.put(f"/api/assistants/{aid}/plugins/{IMAGE}", json=body).get_json()
    assert changed["is_enabled"] is False and changed["config_override"] == {"parameters": {"width": 256}}
    assert client.delete(f"/api/assistants/{aid}/plugins/{IMAGE}").status_code == 204
    assert client.delete(f"/api/assistants/{aid}/plugins/{IMAGE}").status_code == 404
    assert client.get("/api/assistants/nope/plugins").status_code == 404
    assert client.post("/api/assistants/nope/plugins", json={"plugin_id": IMAGE}).status_code == 404
    unknown = client.post(f"/api/assistants/{aid}/plugins", json={"plugin_id": "nope"})
    assert unknown.status_code == 422 and unknown.get_json()["error"]["code"] == "unknown_plugin"
    assert client.put(f"/api/assistants/{aid}/plugins/nope", json={"is_enabled": True}).status_code == 404
