"""Every text field of assistants, templates and plugins refuses NUL with a 422 (54472be).

PostgreSQL text cannot hold NUL: before the fix the schemathesis run on PostgreSQL got
500s for such values (SQLite stored them). Each field is named here so that the rule is
checked on both databases without relying on generated cases reaching it."""

from __future__ import annotations

from typing import Any

from tests.plugins.conftest import make_assistant

NUL = "a\x00b"
FORMAT = "datapulse-template/1"

# (method, path with {aid} for an existing assistant, JSON body or None, query string or None)
CASES: list[tuple[str, str, dict[str, Any] | None, dict[str, str] | None]] = [
    ("post", "/api/assistants", {"name": NUL}, None),
    ("post", "/api/assistants", {"name": "x", "description": NUL}, None),
    ("post", "/api/assistants", {"name": "x", "instructions": NUL}, None),
    ("post", "/api/assistants", {"name": "x", "example_questions": ["ok", NUL]}, None),
    ("post", "/api/assistants", {"name": "x", "template_id": NUL}, None),
    ("put", "/api/assistants/{aid}", {"name": NUL}, None),
    ("post", "/api/templates", {"name": NUL}, None),
    ("post", "/api/templates", {"name": "x", "category": NUL}, None),
    ("post", "/api/templates", {"name": "x", "tags": [NUL]}, None),
    ("post", "/api/templates/import", {"format": FORMAT, "name": NUL}, None),
    ("post", "/api/templates/import", {"format": FORMAT, "name": "x", "tags": [NUL]}, None),
    ("get", "/api/templates", None, {"search": NUL}),
    ("get", "/api/templates", None, {"category": NUL}),
    ("get", "/api/templates", None, {"tag": NUL}),
    ("post", "/api/assistants/{aid}/plugins", {"plugin_id": NUL}, None),
    ("post", "/api/plugins/builtin-describe/execute", {"function_name": NUL}, None),
    ("post", "/api/plugins/builtin-describe/execute", {"function_name": "describe", "assistant_id": NUL}, None),
    ("post", "/api/chat/execute-function", {"function_name": "describe", "plugin_id": NUL}, None),
    ("post", "/api/chat/detect-functions", {"assistant_id": "{aid}", "message": NUL}, None),
    ("post", "/api/chat/detect-functions", {"assistant_id": NUL, "message": "hi"}, None),
    ("get", "/api/plugin-executions", None, {"plugin_id": NUL}),
    ("get", "/api/plugin-executions", None, {"assistant_id": NUL}),
]


def _fill(value: Any, aid: str) -> Any:
    if isinstance(value, str):
        return value.replace("{aid}", aid)
    if isinstance(value, dict):
        return {k: _fill(v, aid) for k, v in value.items()}
    return value


def _stored(client: Any) -> tuple[list[str], int]:
    assistants = [a["name"] for a in client.get("/api/assistants").get_json()["items"]]
    return assistants, client.get("/api/templates").get_json()["total"]


def test_nul_in_a_text_field_is_422(client: Any) -> None:
    """422 validation_error, and no assistant or template is added or changed. One app for
    every case: each request is judged against what was stored just before it."""
    aid = make_assistant(client, name="Kept")["id"]
    wrong = []
    for method, path, body, query in CASES:
        before = _stored(client)
        response = getattr(client, method)(_fill(path, aid), json=_fill(body, aid), query_string=query)
        error = (response.get_json() or {}).get("error", {})
        if response.status_code != 422 or error.get("code") != "validation_error" or _stored(client) != before:
            wrong.append((method, path, body, query, response.status_code))
    assert wrong == []
