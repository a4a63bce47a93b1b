"""Every route is in `/api/openapi.json` with its answer's shape, so that clients and the
schemathesis run (tests/api/test_openapi_schemathesis.py) see all of it: chat, agents,
health and system included, streams as `text/event-stream`."""

from __future__ import annotations

import re
from typing import Any

STREAMS_AND_FILES = {"text/event-stream", "application/octet-stream", "application/pdf", "text/markdown",
                     "text/plain", "text/csv", "image/png", "image/jpeg"}  # fmt: skip


def _spec(client: Any) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return dict(response.json)


def test_every_route_is_documented(app, client) -> None:  # type: ignore[no-untyped-def]
    """Each API rule (and `/health`) appears in the document with each of its methods."""
    paths = _spec(client)["paths"]
    for rule in app.url_map.iter_rules():
        path = rule.rule
        if not (path.startswith("/api/") or path == "/health") or path.startswith(("/api/docs", "/api/openapi")):
            continue
        documented = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", path)
        assert documented in paths, path
        methods = {m.lower() for m in rule.methods or ()} - {"head", "options"}
        assert methods <= set(paths[documented]), (path, methods - set(paths[documented]))


def test_every_success_answer_has_a_shape(client) -> None:  # type: ignore[no-untyped-def]
    """A 2xx with a body declares a JSON schema, or a stream or file media type."""
    missing = []
    for path, operations in _spec(client)["paths"].items():
        for method, op in operations.items():
            for status, response in op.get("responses", {}).items():
                if not status.startswith("2") or status == "204":
                    continue
                content = response.get("content", {})
                json_schema = content.get("application/json", {}).get("schema")
                if not content or (json_schema in (None, {}) and not set(content) & STREAMS_AND_FILES):
                    missing.append(f"{method.upper()} {path} {status}")
    assert not missing, missing


def test_chat_and_health_shapes_are_named(client) -> None:  # type: ignore[no-untyped-def]
    """The chat, agents, health and system answers refer to named schemas."""
    paths = _spec(client)["paths"]

    def ref(path: str, method: str, status: str) -> str:
        schema = paths[path][method]["responses"][status]["content"]["application/json"]["schema"]
        return str(schema.get("$ref", "")).rsplit("/", 1)[-1]

    assert ref("/api/chat/runs/{run_id}", "get", "200") == "RunOut"
    assert ref("/api/chat/conversations", "get", "200") == "ConversationPage"
    assert ref("/api/chat/conversations/{conversation_id}/messages", "post", "202") == "AskOut"
    assert ref("/api/health", "get", "503") == "HealthOut" and ref("/health", "get", "200") == "HealthOut"
    assert ref("/api/agents", "get", "200") == "AgentList" and ref("/api/system/metrics", "get", "200") == "MetricsOut"
    events = paths["/api/chat/runs/{run_id}/events"]["get"]["responses"]["200"]["content"]
    assert "text/event-stream" in events


def test_an_id_beside_a_literal_route_is_documented_as_never_that_word(client) -> None:  # type: ignore[no-untyped-def]
    """`/api/files/batch` is the batch route (GET answers 405, not a file's 404): the
    document says a file id is never `batch` (likewise `test` and `import`), so that a client
    generating ids from the document (schemathesis did) expects what the server does."""
    paths = _spec(client)["paths"]
    for path, name, word in [("/api/files/{file_id}", "file_id", "batch"),
                             ("/api/datasources/{datasource_id}", "datasource_id", "test"),
                             ("/api/templates/{template_id}", "template_id", "import")]:  # fmt: skip
        for op in paths[path].values():
            (param,) = [p for p in op["parameters"] if p["in"] == "path" and p["name"] == name]
            assert param["schema"]["not"] == {"enum": [word]}, (path, param)
            assert "405" in op["responses"], path
    assert client.get("/api/files/batch").status_code == 405
    assert client.get("/api/files/batch2").status_code == 404
