"""One error shape across every endpoint (SPEC 2): walk EVERY `/api` route of the app's
url_map with an unknown id, a bad body and a bad query; each answer is JSON
`{"error": {"code", "message", "details"}}`, never HTML, never a 500.

The routes come from the url_map and the operations' inputs from the app's own OpenAPI
document, so routes that other areas add later are covered without editing this file.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

from datapulse.bus.base import MemoryBus
from datapulse.settings import load_settings
from tests.conftest import migrated

pytestmark = pytest.mark.database  # one module-wide app on SQLite or a fresh PostgreSQL schema

UNKNOWN_ID = "no-such-id-0000"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Documentation endpoints answer HTML or assets on purpose.
NOT_JSON_API = {"openapi.spec", "openapi.docs", "docs_asset", "openapi.swagger_ui_oauth_redirect", "static", "ui"}


def _collect() -> tuple[list[tuple[str, str, str]], dict[str, Any]]:
    """(endpoint, rule, method) of every JSON API route, and the OpenAPI document."""
    from datapulse.api.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            environ={"DATA_DIR": f"{tmp}/data", "UPLOAD_FOLDER": f"{tmp}/up", "LOG_LEVEL": "ERROR"}, env_file=None
        )
        app = create_app(migrated(settings), bus=MemoryBus())
        app.config["TESTING"] = True
        try:
            spec = app.test_client().get("/api/openapi.json").get_json()
            routes = sorted(
                (rule.endpoint, rule.rule, method)
                for rule in app.url_map.iter_rules()
                if rule.rule.startswith("/api/") and rule.endpoint not in NOT_JSON_API
                for method in sorted(rule.methods or ())
                if method in METHODS
            )
        finally:
            app.extensions["datapulse"].scheduler.stop()
            app.extensions["datapulse"].db.dispose()
    return routes, spec


ROUTES, SPEC = _collect()
WITH_ID = [r for r in ROUTES if "<" in r[1]]


def spec_path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def operation(rule: str, method: str) -> dict[str, Any]:
    return SPEC["paths"].get(spec_path(rule), {}).get(method.lower(), {})  # type: ignore[no-any-return]


def fill(rule: str, value: str = UNKNOWN_ID) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", value, rule)


def json_schema(op: dict[str, Any]) -> dict[str, Any] | None:
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return resolve(content["application/json"].get("schema", {}))


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = SPEC["components"]["schemas"][name]
    return schema


def sample(schema: dict[str, Any]) -> Any:
    """A minimal value that satisfies `schema` (required properties only)."""
    schema = resolve(schema)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: sample(props[name]) for name in schema.get("required", []) if name in props}
    if kind == "array":
        return [sample(schema.get("items", {}))] if schema.get("minItems") else []
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    return "x" * max(1, int(schema.get("minLength", 1)))


def wrong(schema: dict[str, Any]) -> Any:
    """A value of the wrong JSON type for `schema`."""
    kind = resolve(schema).get("type")
    return {
        "string": 12345,
        "integer": "not-a-number",
        "number": "NaN?",
        "boolean": "maybe",
        "array": "not-a-list",
    }.get(kind, ["not", "an", "object"])


def assert_error_shape(response: Any, statuses: tuple[int, ...]) -> dict[str, Any]:
    assert response.status_code in statuses, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "application/json", response.mimetype
    text = response.get_data(as_text=True)
    assert "<html" not in text.lower() and "Traceback" not in text
    body = response.get_json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "details"}
    assert re.fullmatch(r"[a-z][a-z0-9_]*", error["code"]) and isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], dict)
    return error  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One app for the whole walk (SQLite, or a fresh PostgreSQL schema like conftest's)."""
    from datapulse.api.app import create_app
    from tests import conftest

    tmp = tmp_path_factory.mktemp("shape")
    database_url, cleanup = "", None
    if conftest.TEST_DB == "postgres":
        database_url, cleanup = _pg_schema()
    settings = load_settings(
        environ={
            "DATA_DIR": str(tmp / "data"),
            "UPLOAD_FOLDER": str(tmp / "up"),
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "ERROR",
            "SECRET_KEY": "test-secret-key-0123456789",
            "WS_PORT": str(conftest.free_port()),
        },
        env_file=None,
    )
    app = create_app(migrated(settings), bus=MemoryBus())
    app.config["TESTING"] = True
    try:
        yield app.test_client()
    finally:
        app.extensions["datapulse"].scheduler.stop()
        app.extensions["datapulse"].db.dispose()
        if cleanup:
            cleanup()


def _pg_schema() -> tuple[str, Any]:
    import uuid

    from sqlalchemy import create_engine, text

    from tests.conftest import POSTGRES_URL

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def cleanup() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    sep = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}", cleanup


def test_routes_were_found() -> None:
    """The walk covers the areas of the API (guards against an empty parametrization)."""
    prefixes = {rule.split("/")[2] for _e, rule, _m in ROUTES}
    assert {"health", "datasources", "batch"} <= prefixes and len(ROUTES) >= 10


@pytest.mark.parametrize(("endpoint", "rule", "method"), WITH_ID, ids=[f"{m} {r}" for _e, r, m in WITH_ID])
def test_unknown_id_is_json_404(api, endpoint, rule, method) -> None:  # type: ignore[no-untyped-def]
    """Every route with an id answers an unknown id with a JSON 404 (given an otherwise valid request)."""
    schema = json_schema(operation(rule, method))
    kwargs = {"json": sample(schema)} if schema is not None else {}
    response = api.open(fill(rule), method=method, **kwargs)
    assert_error_shape(response, (404,))


BODY_ROUTES = [r for r in ROUTES if r[2] in ("POST", "PUT", "PATCH")]


@pytest.mark.parametrize(("endpoint", "rule", "method"), BODY_ROUTES, ids=[f"{m} {r}" for _e, r, m in BODY_ROUTES])
def test_bad_bodies_are_json_4xx(api, endpoint, rule, method) -> None:  # type: ignore[no-untyped-def]
    """Invalid JSON, a non-object body and wrong types in every field get JSON 4xx errors."""
    path = fill(rule)
    op = operation(rule, method)
    schema = json_schema(op)
    broken = api.open(path, method=method, data="{not json", content_type="application/json")
    error = assert_error_shape(broken, (400, 404, 415, 422))
    if schema is not None:
        assert broken.status_code == 400 and error["code"] == "invalid_json"
    if schema is None:  # no JSON body declared (multipart upload, action without body)
        return
    assert_error_shape(api.open(path, method=method, json=["not", "an", "object"]), (400, 422))
    props = schema.get("properties", {})
    if props:
        bad = {name: wrong(prop) for name, prop in props.items()}
        error = assert_error_shape(api.open(path, method=method, json=bad), (400, 422))
        assert error["code"] == "validation_error" and error["details"]


def typed_query(op: dict[str, Any]) -> dict[str, str]:
    """A wrong value for every query parameter whose type or enum can be violated."""
    bad: dict[str, str] = {}
    for param in op.get("parameters", []):
        if param.get("in") != "query":
            continue
        schema = resolve(param.get("schema", {}))
        if schema.get("enum"):
            bad[param["name"]] = "not-one-of-them"
        elif schema.get("type") in ("integer", "number"):
            bad[param["name"]] = "abc"
        elif schema.get("type") == "boolean":
            bad[param["name"]] = "maybe"
    return bad


QUERY_ROUTES = [r for r in ROUTES if r[2] == "GET"]


@pytest.mark.parametrize(("endpoint", "rule", "method"), QUERY_ROUTES, ids=[f"{m} {r}" for _e, r, m in QUERY_ROUTES])
def test_bad_queries_are_json_errors(api, endpoint, rule, method) -> None:  # type: ignore[no-untyped-def]
    """Wrong types in typed query parameters are a JSON 422; untyped routes never 500 on junk."""
    bad = typed_query(operation(rule, method))
    path = fill(rule)
    if bad:
        error = assert_error_shape(api.get(path, query_string=bad), (404, 422))
        if "<" not in rule:
            assert error["code"] == "validation_error"
        return
    response = api.get(path, query_string={"page": "abc", "limit": "-1", "x": "\x00"})
    assert response.status_code < 500 and response.mimetype in ("application/json", "text/event-stream")


@pytest.mark.parametrize(("endpoint", "rule", "method"), ROUTES, ids=[f"{m} {r}" for _e, r, m in ROUTES])
def test_wrong_method_is_json_405(api, endpoint, rule, method) -> None:  # type: ignore[no-untyped-def]
    """A method a path does not serve answers a JSON 405 with an Allow header."""
    path = fill(rule)
    response = api.open(path, method="PATCH") if method != "PATCH" else api.open(path, method="TRACE")
    if response.status_code == 405:
        assert_error_shape(response, (405,))
        assert response.headers.get("Allow")
    else:  # the path serves PATCH as well: then it must be a normal JSON answer
        assert response.status_code < 500 and response.is_json


@pytest.mark.parametrize("path", ["/api/no-such-thing", "/api/datasources/x/y/z", "/api/files/../../etc/passwd"])
def test_unknown_paths_are_json_404(api, path) -> None:  # type: ignore[no-untyped-def]
    """Unknown paths under /api answer JSON 404, never the UI's HTML."""
    assert_error_shape(api.get(path), (404,))


def test_spec_is_the_source_of_the_walk() -> None:
    """Every walked route is documented in the OpenAPI document."""
    missing = [f"{m} {r}" for _e, r, m in ROUTES if not operation(r, m)]
    assert missing == []
