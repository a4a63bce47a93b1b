"""`POST /api/batch` (SPEC 10): sub-requests through the real app, in order, isolated."""

from __future__ import annotations

import time
from typing import Any

import pytest

from datapulse.api.batch import DEADLINE, SUB_REQUEST
from tests.datasources.test_datasources import make_sqlite, sql_body


def batch(client: Any, requests: list[dict[str, Any]], **kwargs: Any) -> Any:
    return client.post("/api/batch", json={"requests": requests}, **kwargs)


def test_batch_answers_each_in_order(client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Mixed sub-requests are answered in request order with their own status and JSON body."""
    body = sql_body(make_sqlite(tmp_path / "a.db"))
    r = batch(
        client,
        [
            {"id": "create", "method": "POST", "path": "/api/datasources", "body": body},
            {"id": "list", "method": "GET", "path": "/api/datasources?page=1&per_page=5"},
            {"id": "missing", "method": "GET", "path": "/api/datasources/nope"},
            {"id": "config", "method": "GET", "path": "/api/config"},
        ],
    )
    assert r.status_code == 200
    responses = r.json["responses"]
    assert [x["id"] for x in responses] == ["create", "list", "missing", "config"]
    assert [x["status"] for x in responses] == [201, 200, 404, 200]
    assert responses[0]["body"]["status"] == "ready"
    assert responses[1]["body"]["total"] == 1 and responses[1]["body"]["items"][0]["id"] == responses[0]["body"]["id"]
    assert responses[2]["body"]["error"]["code"] == "not_found"
    assert responses[0]["headers"]["Content-Type"].startswith("application/json")


INNER = {"id": "inner", "method": "GET", "path": "/api/config"}


def test_one_failure_never_fails_the_others(client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Invalid, unknown and refused sub-requests fail alone, each validated as if sent alone."""
    body = sql_body(make_sqlite(tmp_path / "a.db"))
    r = batch(
        client,
        [
            {"id": "bad", "method": "POST", "path": "/api/datasources", "body": {"name": 5}},
            {"id": "nobody", "method": "POST", "path": "/api/datasources"},
            {"id": "ok", "method": "POST", "path": "/api/datasources", "body": body},
            {"id": "method", "method": "PATCH", "path": "/api/datasources"},
            {"id": "nested", "method": "POST", "path": "/api/batch/", "body": {"requests": []}},
            {"id": "nowhere", "method": "GET", "path": "/api/no/such/path"},
            {"id": "encoded", "method": "POST", "path": "/api/%62atch", "body": {"requests": [INNER]}},
        ],
    )
    statuses = {x["id"]: x["status"] for x in r.json["responses"]}
    alone = client.post("/api/datasources").status_code  # the same request sent alone
    assert statuses == {
        "bad": 422,
        "nobody": alone,
        "ok": 201,
        "method": 405,
        "nested": 400,
        "nowhere": 404,
        "encoded": 400,
    }
    assert r.json["responses"][6]["body"]["error"]["code"] == "nested_batch"
    assert alone == 422
    nested = r.json["responses"][4]["body"]["error"]
    assert nested["code"] == "nested_batch"
    assert r.json["responses"][0]["body"]["error"]["details"]["json"]["name"]


def test_delete_gives_204_with_null_body(client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A 204 sub-response has a null body, and later sub-requests see the earlier ones' effects."""
    ds = client.post("/api/datasources", json=sql_body(make_sqlite(tmp_path / "a.db"))).json
    r = batch(
        client,
        [
            {"id": "1", "method": "DELETE", "path": f"/api/datasources/{ds['id']}"},
            {"id": "2", "method": "GET", "path": f"/api/datasources/{ds['id']}"},
        ],
    )
    assert [(x["status"], x["body"] is None) for x in r.json["responses"]] == [(204, True), (404, False)]


def test_caller_headers_reach_sub_requests(app, client) -> None:  # type: ignore[no-untyped-def]
    """Sub-requests carry the caller's headers (so each is authorised as if sent alone)."""
    seen: list[str | None] = []

    @app.get("/api/_probe_headers")
    def probe() -> dict[str, Any]:
        from flask import request

        seen.append(request.headers.get("X-Caller"))
        return {"caller": request.headers.get("X-Caller"), "extra": request.headers.get("X-Extra")}

    r = batch(
        client,
        [{"id": "a", "method": "GET", "path": "/api/_probe_headers", "headers": {"X-Extra": "1"}}],
        headers={"X-Caller": "alice"},
    )
    assert r.json["responses"][0]["body"] == {"caller": "alice", "extra": "1"}


def test_streaming_sub_request_refused(app, client) -> None:  # type: ignore[no-untyped-def]
    """A sub-request whose answer is an event stream is refused for that item only."""
    from flask import Response

    @app.get("/api/_probe_stream")
    def stream() -> Response:
        return Response(iter(["data: 1\n\n"]), mimetype="text/event-stream")

    r = batch(
        client,
        [
            {"id": "s", "method": "GET", "path": "/api/_probe_stream"},
            {"id": "c", "method": "GET", "path": "/api/config"},
        ],
    )
    assert [x["status"] for x in r.json["responses"]] == [422, 200]
    assert r.json["responses"][0]["body"]["error"]["code"] == "streaming_not_supported"


def test_sub_request_crash_is_a_500_item(app, client) -> None:  # type: ignore[no-untyped-def]
    """An unexpected exception inside one sub-request is a 500 item, not a failed batch."""

    @app.get("/api/_probe_crash")
    def crash() -> dict[str, Any]:
        raise RuntimeError("boom")

    r = batch(
        client,
        [
            {"id": "x", "method": "GET", "path": "/api/_probe_crash"},
            {"id": "y", "method": "GET", "path": "/api/config"},
        ],
    )
    assert r.status_code == 200
    assert [x["status"] for x in r.json["responses"]] == [500, 200]
    assert r.json["responses"][0]["body"]["error"]["code"] == "internal_error"


def test_non_json_answer_is_text(app, client) -> None:  # type: ignore[no-untyped-def]
    """A non-JSON sub-response body is passed as text."""

    @app.get("/api/_probe_text")
    def text() -> tuple[str, int, dict[str, str]]:
        return "plain words", 200, {"Content-Type": "text/plain"}

    r = batch(client, [{"id": "t", "method": "GET", "path": "/api/_probe_text"}])
    assert r.json["responses"][0]["body"] == "plain words"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"requests": [{"id": str(i), "method": "GET", "path": "/api/config"} for i in range(51)]}, "requests"),
        ({"requests": []}, "requests"),
        ({"requests": [{"id": "a", "method": "GET", "path": "/api/config"}] * 2}, "requests"),
        ({"requests": [{"id": "a", "method": "TRACE", "path": "/api/config"}]}, "requests"),
        ({"requests": [{"id": "a", "method": "GET", "path": "http://evil.example/api/x"}]}, "requests"),
        ({"requests": [{"id": "a", "method": "GET"}]}, "requests"),
        ({"requests": "all"}, "requests"),
        ({}, "requests"),
    ],
)
def test_invalid_batches_are_422(client, payload, field) -> None:  # type: ignore[no-untyped-def]
    """More than 50, none, repeated ids, bad methods, foreign paths and missing fields are 422."""
    r = client.post("/api/batch", json=payload)
    assert r.status_code == 422 and r.json["error"]["code"] == "validation_error"
    assert field in r.json["error"]["details"]["json"]


def test_exactly_fifty_is_accepted(client) -> None:  # type: ignore[no-untyped-def]
    """The limit itself (50) is allowed."""
    r = batch(client, [{"id": str(i), "method": "GET", "path": "/api/config"} for i in range(50)])
    assert r.status_code == 200 and len(r.json["responses"]) == 50


def test_invalid_json_batch_is_400(client) -> None:  # type: ignore[no-untyped-def]
    """A body that is not JSON is 400 invalid_json."""
    r = client.post("/api/batch", data="{nope", content_type="application/json")
    assert r.status_code == 400 and r.json["error"]["code"] == "invalid_json"


def test_binary_answer_is_base64_with_its_content_type(app, client) -> None:  # type: ignore[no-untyped-def]
    """A binary sub-response (a PDF export) arrives byte for byte: base64 with its content type."""
    import base64

    pdf = b"%PDF-1.4\n\xe2\xe3\xcf\xd3\n\x00\xff binary"

    @app.get("/api/_probe_pdf")
    def binary() -> tuple[bytes, int, dict[str, str]]:
        return pdf, 200, {"Content-Type": "application/pdf"}

    r = batch(client, [{"id": "p", "method": "GET", "path": "/api/_probe_pdf"}])
    item = r.json["responses"][0]
    assert item["headers"]["Content-Type"] == "application/pdf" and item["body_encoding"] == "base64"
    assert base64.b64decode(item["body"]) == pdf


LONG_SQL = "SELECT count(*) FROM range(10000000000000) t(i) WHERE i % 7 = 3"  # hours of work


def test_a_batch_of_slow_queries_ends_at_its_deadline(app, client) -> None:  # type: ignore[no-untyped-def]
    """Issue 11 row 8: the first slow query gets only what the batch has left as its
    time limit (not QUERY_TIMEOUT_S); the items after the deadline are not run."""
    platform = app.extensions["datapulse"]
    platform.settings = platform.settings.replace(BATCH_DEADLINE_S=2.0, QUERY_TIMEOUT_S=600.0)
    query = {"method": "POST", "path": "/api/query", "body": {"sql": LONG_SQL}}
    r = batch(
        client,
        [
            {"id": "slow", **query},
            *({"id": f"queued{i}", **query} for i in range(3)),
            {"id": "after", "method": "GET", "path": "/api/config"},
        ],
    )
    assert r.status_code == 200
    answers = {x["id"]: (x["status"], x["body"]["error"]["code"]) for x in r.json["responses"]}
    assert answers == {
        "slow": (504, "query_timeout"),
        "queued0": (504, "batch_deadline"),
        "queued1": (504, "batch_deadline"),
        "queued2": (504, "batch_deadline"),
        "after": (504, "batch_deadline"),
    }
    assert "deadline" in r.json["responses"][-1]["body"]["error"]["message"]


def test_a_query_item_reached_after_the_deadline_is_not_run(client) -> None:  # type: ignore[no-untyped-def]
    """The deadline can pass between the batch's check and the query's own."""
    environ = {DEADLINE: time.monotonic() - 1, SUB_REQUEST: True}
    r = client.post("/api/query", json={"sql": "SELECT 1"}, environ_base=environ)
    assert r.status_code == 504 and r.json["error"]["code"] == "batch_deadline"
