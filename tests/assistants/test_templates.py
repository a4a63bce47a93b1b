"""Templates: built-in ones, filters, pagination, custom CRUD, export and import."""

from __future__ import annotations

from typing import Any

import pytest

BUILTIN = ("builtin-data-explorer", "builtin-statistician", "builtin-business-analyst", "builtin-data-quality-auditor")


def test_builtin_templates_are_listed_with_their_fields(client: Any) -> None:
    """Four built-ins, each with instructions, tools, defaults, tags, category and examples."""
    page = client.get("/api/templates").get_json()
    assert page["total"] == 4 and page["page"] == 1 and page["per_page"] == 50
    assert [t["id"] for t in page["items"]] == list(BUILTIN)
    for t in page["items"]:
        assert t["instructions"] and t["tools"] and t["tags"] and t["category"] and t["example_questions"]
        assert set(t["defaults"]) == {"language", "detail", "chart"} and t["is_builtin"] is True


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("category=statistics", ["builtin-statistician"]),
        ("tag=duplicates", ["builtin-data-quality-auditor"]),
        ("search=revenue", ["builtin-business-analyst"]),
        ("search=nothing-like-this", []),
    ],
)
def test_filters(client: Any, query: str, ids: list[str]) -> None:
    """category, tag and search narrow the list."""
    assert [t["id"] for t in client.get(f"/api/templates?{query}").get_json()["items"]] == ids


def test_pagination(client: Any) -> None:
    page = client.get("/api/templates?page=2&per_page=3").get_json()
    assert page["total"] == 4 and len(page["items"]) == 1 and page["page"] == 2


def test_custom_template_crud_export_import(client: Any) -> None:
    """Create, read, change, export, import the export as a copy, delete."""
    body = {"name": "Churn", "category": "business", "tags": ["churn"], "tools": ["trend", "share"]}
    created = client.post("/api/templates", json=body)
    assert created.status_code == 201
    tid = created.get_json()["id"]
    assert created.get_json()["defaults"] == {"language": "auto", "detail": "brief", "chart": "auto"}
    changed = client.put(f"/api/templates/{tid}", json={"defaults": {"chart": "always"}, "tags": ["churn", "kpi"]})
    assert changed.status_code == 200 and changed.get_json()["defaults"]["chart"] == "always"
    exported = client.get(f"/api/templates/{tid}/export")
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    doc = exported.get_json()
    assert doc["format"] == "datapulse-template/1" and doc["name"] == "Churn" and "id" not in doc
    imported = client.post("/api/templates/import", json=doc)
    assert imported.status_code == 201 and imported.get_json()["id"] != tid
    assert imported.get_json()["tags"] == ["churn", "kpi"]
    assert client.delete(f"/api/templates/{tid}").status_code == 204
    assert client.get(f"/api/templates/{tid}").status_code == 404


def test_builtin_templates_export_but_do_not_change(client: Any) -> None:
    assert client.get("/api/templates/builtin-statistician/export").get_json()["name"] == "Statistician"
    assert client.put("/api/templates/builtin-statistician", json={"name": "x"}).status_code == 409
    assert client.delete("/api/templates/builtin-statistician").status_code == 409


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        ({"name": "x", "defaults": {"chart": "sometimes"}}, "defaults.chart"),
        ({"name": "x", "tags": "not-a-list"}, "tags"),
        ({"name": "x", "planner": "magic"}, "planner"),
        ({"name": "x", "surprise": 1}, "(root)"),
        ({"description": "no name"}, "(root)"),
        ({"name": "x", "format": "other/9"}, "format"),
    ],
)
def test_bad_import_names_the_field(client: Any, doc: dict[str, Any], field: str) -> None:
    """A bad file gets 422 with the failing field named in the message and the details."""
    response = client.post("/api/templates/import", json=doc)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert field in error["details"].get("fields", {}) or field in str(error["details"]), error
    assert f"'{field}'" in error["message"]


def test_unknown_tools_are_refused(client: Any) -> None:
    response = client.post("/api/templates", json={"name": "x", "tools": ["teleport"]})
    assert response.status_code == 422 and "tools" in str(response.get_json()["error"]["details"])
    imported = client.post("/api/templates/import", json={"name": "x", "tools": ["teleport"]})
    assert imported.status_code == 422 and imported.get_json()["error"]["code"] == "unknown_tool"


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_unknown_template_404(client: Any, method: str) -> None:
    kwargs = {"json": {"name": "x"}} if method == "put" else {}
    assert getattr(client, method)("/api/templates/nope", **kwargs).status_code == 404
    assert client.get("/api/templates/nope/export").status_code == 404
