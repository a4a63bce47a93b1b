"""The audit log (SPEC 11): every successful write is recorded with who, what, when and
from where; `GET /api/audit` filters, pages and exports it as CSV, for admins only; a
failure to record never fails the write but shows in the log and in health."""

from __future__ import annotations

import csv
import io
import logging
import threading
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from flask import g
from sqlalchemy import text

from datapulse import audit
from datapulse.api import audit as audit_api
from datapulse.api.audit import may_read_audit
from datapulse.storage.audit_models import AuditEntry
from tests.conftest import started_app

T0 = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def upload(client: Any, name: str = "a.csv", body: bytes = b"x,y\n1,2\n") -> str:
    reply = client.post("/api/files", data={"file": (io.BytesIO(body), name)}, content_type="multipart/form-data")
    assert reply.status_code == 201
    return str(reply.get_json()["files"][0]["id"])


def entries(client: Any, query: str = "") -> list[dict[str, Any]]:
    reply = client.get(f"/api/audit{query}")
    assert reply.status_code == 200, reply.get_json()
    return list(reply.get_json()["items"])


def test_successful_writes_are_recorded_reads_and_refusals_are_not(client: Any) -> None:
    file_id = upload(client)
    assert client.get("/api/files").status_code == 200
    assert client.post("/api/query", json={"sql": "DROP TABLE x"}).status_code == 400  # refused: not a write
    assert client.delete(f"/api/files/{file_id}", environ_base={"REMOTE_ADDR": "10.9.8.7"}).status_code == 204
    deleted, uploaded = entries(client)
    assert uploaded["action"] == "files.upload" and uploaded["status"] == 201
    assert (uploaded["object_type"], uploaded["object_id"]) == ("files", file_id)  # the id the answer names
    assert deleted["action"] == "files.delete_file" and deleted["status"] == 204
    assert (deleted["object_type"], deleted["object_id"]) == ("files", file_id)  # the id in the path
    assert deleted["method"] == "DELETE" and deleted["path"] == f"/api/files/{file_id}"
    assert deleted["remote_addr"] == "10.9.8.7" and deleted["user_id"] is None
    assert datetime.fromisoformat(deleted["at"]) >= datetime.fromisoformat(uploaded["at"])


def test_a_batch_records_each_sub_request_not_itself(client: Any) -> None:
    sub = [{"id": str(i), "method": "POST", "path": "/api/query", "body": {"sql": "SELECT 1"}} for i in range(2)]
    assert client.post("/api/batch", json={"requests": sub}).status_code == 200
    found = entries(client)
    assert [e["action"] for e in found] == ["query.query", "query.query"]
    assert all(e["details"] == {"batch": True} for e in found)


def test_the_signed_in_user_is_recorded(app: Any, client: Any) -> None:
    @app.before_request
    def _sign_in() -> None:  # stands in for the users work's hook
        g.principal = SimpleNamespace(user_id=7, role="admin")

    upload(client)
    assert [e["user_id"] for e in entries(client)] == [7]


def test_sign_ins_are_recorded_once_through_note(settings: Any) -> None:
    """Sign-in (users mode): a failure (401, its own entry) and a success that replaces
    the automatic entry of the request, both naming the account."""
    with started_app(settings, AUTH_MODE="users") as app:
        platform = app.extensions["datapulse"]
        user = platform.auth.create_user("a@x.org", "right password", "admin")
        client = app.test_client()
        assert client.post("/api/auth/login", json={"email": "a@x.org", "password": "wrong"}).status_code == 401
        signed = client.post("/api/auth/login", json={"email": "a@x.org", "password": "right password"})
        assert signed.status_code == 200
        token = {"Authorization": f"Bearer {signed.get_json()['access_token']}"}
        success, failure = client.get("/api/audit", headers=token).get_json()["items"]
    assert (failure["action"], failure["status"], failure["user_id"]) == ("auth.login_failed", 401, None)
    assert (success["action"], success["status"], success["user_id"]) == ("auth.login", 200, user.id)
    assert failure["object_id"] == success["object_id"] == "a@x.org"


def _seed(app: Any) -> None:
    db = app.extensions["datapulse"].db
    rows = [
        dict(action="files.upload", object_type="files", object_id="f1", user_id=1, at=T0),
        dict(action="files.delete_file", object_type="files", object_id="f1", user_id=2, at=T0 + timedelta(hours=1)),
        dict(action="query.query", object_type="query", user_id=None, at=T0 + timedelta(hours=2)),
        dict(action="filesystem.odd", object_type="filesystem", user_id=1, at=T0 + timedelta(hours=3)),
        dict(action="auth.login_failed", object_type="users", object_id="=HYPERLINK(1)", at=T0 + timedelta(hours=4)),
    ]
    with db.session() as session:
        session.add_all(AuditEntry(**audit.entry_row(status=200, remote_addr="127.0.0.1", **row)) for row in rows)


@pytest.mark.parametrize(
    ("query", "actions"),
    [
        ("?user=1", ["filesystem.odd", "files.upload"]),
        ("?user=local", ["auth.login_failed", "query.query"]),
        ("?action=files", ["files.delete_file", "files.upload"]),  # a prefix of actions, not of words
        ("?action=files.upload", ["files.upload"]),
        ("?object=files", ["files.delete_file", "files.upload"]),
        ("?object=files:f1&user=2", ["files.delete_file"]),
        ("?object=files:nothing", []),
        ("?user=7000000000", []),  # beyond any user id: nothing, not PostgreSQL's integer overflow (500)
        ("?from=2026-01-10T15:00:00Z&to=2026-01-10T13:00:00Z", []),  # an empty range finds nothing
        ("?from=2026-01-10T13:00:00Z&to=2026-01-10T15:00:00Z", ["query.query", "files.delete_file"]),
        ("?from=2026-01-10T16:00:00%2B02:00", ["auth.login_failed", "filesystem.odd", "query.query"]),  # 14:00 UTC
    ],
)
def test_filters(app: Any, client: Any, query: str, actions: list[str]) -> None:
    _seed(app)
    assert [e["action"] for e in entries(client, query)] == actions


def test_pages(app: Any, client: Any) -> None:
    _seed(app)
    reply = client.get("/api/audit?per_page=2&page=2").get_json()
    assert (reply["total"], reply["page"], reply["per_page"]) == (5, 2, 2)
    assert [e["action"] for e in reply["items"]] == ["query.query", "files.delete_file"]


@pytest.mark.parametrize("how", ["format", "accept"])
def test_csv_export_has_every_match_with_formulas_neutralised(
    app: Any, client: Any, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    _seed(app)
    monkeypatch.setattr(audit_api, "CSV_CHUNK", 2)  # several chunks: the export is not one page
    if how == "format":
        reply = client.get("/api/audit?format=csv&per_page=1")
    else:
        reply = client.get("/api/audit?per_page=1", headers={"Accept": "text/csv"})
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    assert reply.headers["Content-Disposition"].startswith('attachment; filename="audit-')
    data = reply.get_data()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(audit.COLUMNS)
    assert [r[3] for r in rows[1:]] == [
        "auth.login_failed",
        "filesystem.odd",
        "query.query",
        "files.delete_file",
        "files.upload",
    ]
    assert rows[1][5] == "'=HYPERLINK(1)"  # a spreadsheet shows it, never runs it
    assert rows[3][2] == ""  # no user
    filtered = client.get("/api/audit?format=csv&user=2").get_data().decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(filtered)))) == 2


def test_only_admins_read_the_log(app: Any, client: Any) -> None:
    role = {"value": "analyst"}

    @app.before_request
    def _sign_in() -> None:
        g.principal = SimpleNamespace(user_id=3, role=role["value"])

    refused = client.get("/api/audit")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert client.get("/api/audit?format=csv").status_code == 403
    role["value"] = "admin"
    assert client.get("/api/audit").status_code == 200
    assert may_read_audit(None) and not may_read_audit(SimpleNamespace(role="viewer"))


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?user=alice", "user"),
        ("?from=yesterday", "from"),
        ("?format=xml", "format"),
        ("?object=:id", "object"),
        ("?per_page=100000", "per_page"),
    ],
)
def test_bad_filters_are_422_naming_the_field(client: Any, query: str, field: str) -> None:
    reply = client.get(f"/api/audit{query}")
    assert reply.status_code == 422
    assert field in reply.get_json()["error"]["details"]["query"]


def test_a_lost_entry_keeps_the_write_and_shows_in_log_and_health(
    app: Any, client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """The write is committed before its entry: the answer stays a success, the entry
    goes to the log at ERROR, and health shows the audit degraded."""
    with app.extensions["datapulse"].db.engine.begin() as conn:
        conn.execute(text("DROP TABLE audit_log"))
    with caplog.at_level(logging.ERROR, logger="datapulse.api.audit"):
        file_id = upload(client, name="kept.csv")
    assert client.get(f"/api/files/{file_id}").status_code == 200  # the upload happened
    assert any("audit entry not written" in r.getMessage() and file_id in r.getMessage() for r in caplog.records)
    health = client.get("/api/health").get_json()
    assert health["checks"]["audit"]["status"] == "degraded"
    assert health["checks"]["audit"]["lost_entries"] == 1


def test_the_log_is_in_the_openapi_document(client: Any) -> None:
    spec = client.get("/api/openapi.json").get_json()
    answers = spec["paths"]["/api/audit"]["get"]["responses"]
    assert {"application/json", "text/csv"} <= set(answers["200"]["content"])
    assert "403" in answers
    names = {p["name"] for p in spec["paths"]["/api/audit"]["get"]["parameters"]}
    assert {"user", "action", "object", "from", "to", "format", "page", "per_page"} <= names


def test_entries_commit_through_the_event_writer_and_a_stream_does_not_wait_for_its_own(app: Any, client: Any) -> None:
    """An entry is written by the process's event writer (group commit; under gevent a
    request waits for it without freezing the worker on SQLite's write lock): while the
    writer is held the write's answer waits for its entry. A question answered as a
    stream does not wait for its entry; GET /api/audit still finds it."""
    from tests.chat.test_writer import hold, wait_queued

    store = app.extensions["datapulse"].chat_store
    gate, holder = hold(store)
    answers: list[int] = []

    def create() -> None:
        answers.append(client.post("/api/chat/conversations", json={}).status_code)

    writer = threading.Thread(target=create)
    writer.start()
    try:
        wait_queued(store, 1)
        assert store.writer._queue.qsize() == 1 and answers == []  # its entry waits behind the gate
    finally:
        gate.opened.set()
        for thread in (holder, writer):
            thread.join(10)
    assert answers == [201] and [e["action"] for e in entries(client)] == ["chat.create_conversation"]
    cid = client.get("/api/chat/conversations").get_json()["items"][0]["id"]
    streamed = client.post(
        f"/api/chat/conversations/{cid}/messages", json={"content": "hi"}, headers={"Accept": "text/event-stream"}
    )
    assert streamed.status_code == 200 and streamed.is_streamed
    streamed.close()
    assert [e["action"] for e in entries(client)] == ["chat.post_message", "chat.create_conversation"]
