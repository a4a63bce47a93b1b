"""The audit log in the API (SPEC 11): every successful write is recorded, and admins
read the log at `GET /api/audit` (filters, pages, CSV export).

Recording happens after the answer is made, as one INSERT through the process's event
writer (datapulse.chat.writer): it commits with the runs' events of the moment, and under
gevent a request waits for it without holding up the worker, where an INSERT of the
hub's own waited for SQLite's write lock with every stream of the worker frozen. A
streamed answer (a question's SSE) does not wait for its entry at all: its first event
goes out at once, and its entry is committed with the next batch.
What if that INSERT fails? The write it describes has already been committed, so the
answer stays the success it is: turning it into a 500 would tell the client that
nothing happened and invite a second, duplicate write. Instead the failure is loud:
the entry is logged at ERROR with all its fields (the log keeps the trail), counted,
and `/api/health` shows the `audit` check degraded with the number of entries lost
since the process started.

Sign-ins and account changes are recorded by the users work with `note(...)` (this
request).
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from typing import Any, cast

from apiflask import APIBlueprint, APIFlask, fields
from apiflask.validators import Length, OneOf, Regexp
from flask import Response, current_app, g, request, stream_with_context
from sqlalchemy import Connection, Table, insert

from datapulse import audit
from datapulse.api.batch import SUB_REQUEST
from datapulse.api.guards import SAFE_METHODS
from datapulse.api.health import DEGRADED, HEALTHY, register_check
from datapulse.api.pagination import PageQuery, page_of, paginate_select
from datapulse.api.platform import Platform
from datapulse.api.schemas.audit import CSV_DOC, AuditPage
from datapulse.api.services import services
from datapulse.api.validation import no_nul_text
from datapulse.chat.export import neutralise
from datapulse.chat.writer import BatchState, QuietJob
from datapulse.errors import Forbidden
from datapulse.events import iso
from datapulse.runtime import os_lock
from datapulse.storage.audit_models import AuditEntry

log = logging.getLogger(__name__)
bp = APIBlueprint("audit", __name__, url_prefix="/api", tag="Audit")

EXTENSION_KEY = "datapulse.audit"
AUDITED = "datapulse.audited"  # environ mark: this request's entry is written already
NOT_RECORDED = frozenset({"batch.batch"})  # each sub-request of a batch records itself
CSV_CHUNK = 1000
_MAX_BODY_FOR_IDS = 256 * 1024


def may_read_audit(principal: Any) -> bool:
    """Admins only. Without a principal (before sign-in exists, or `local` mode) the
    caller is the one built-in admin."""
    return principal is None or getattr(principal, "role", None) == "admin"


class AuditWriter:
    """Writes entries and counts the ones that could not be written (for health)."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.enabled = True  # bench/bench_audit.py measures the cost against False
        self.lost = 0
        self.last_error: str | None = None
        self._lock = os_lock()  # the writer's native thread counts its failures too (runtime.os_lock)

    def write(self, fields: dict[str, Any], *, wait: bool = True) -> bool:
        """Write one entry; `wait=False` returns at once (a failure is counted when the
        writer meets it). False when the entry could not be written."""
        job = _Entry(self, fields)
        writer = self.platform.chat_store.writer
        if not wait:
            writer.submit_nowait(job)
            return True
        try:
            writer.submit(job)
        except Exception as exc:  # noqa: BLE001 - any database error: the entry goes to the log
            self.lose(fields, exc)
            return False
        return True

    def lose(self, fields: dict[str, Any], exc: BaseException) -> None:
        with self._lock:
            self.lost += 1
            self.last_error = f"{iso()} {type(exc).__name__}"
        log.error("audit entry not written (%s); the entry: %s", type(exc).__name__, _loggable(fields))

    def health(self, _platform: Platform) -> dict[str, Any]:
        if not self.lost:
            return {"status": HEALTHY}
        return {"status": DEGRADED, "lost_entries": self.lost, "last_error": self.last_error}


_INSERT_ENTRY = insert(cast(Table, AuditEntry.__table__))


class _Entry(QuietJob):
    """One audit entry: a row of the writer's batch (one executemany for all of them)."""

    def __init__(self, owner: AuditWriter, fields: dict[str, Any]) -> None:
        self.owner, self.fields = owner, fields
        self.row = audit.entry_row(**fields)

    def apply(self, conn: Connection, state: BatchState) -> None:
        state.add_row(_INSERT_ENTRY, self.row)

    def failed(self, error: BaseException) -> None:
        self.owner.lose(self.fields, error)


def _loggable(fields: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in fields.items() if k != "at"}, default=str, sort_keys=True)


def writer_of(app: APIFlask) -> AuditWriter:
    writer: AuditWriter = app.extensions[EXTENSION_KEY]
    return writer


def _principal_user_id() -> int | None:
    principal = getattr(g, "principal", None)
    user_id = getattr(principal, "user_id", None)
    return user_id if isinstance(user_id, int) else None


def _request_fields() -> dict[str, Any]:
    details = {"batch": True} if request.environ.get(SUB_REQUEST) else {}
    return {
        "user_id": _principal_user_id(),
        "remote_addr": request.remote_addr,
        "method": request.method,
        "path": request.path,
        "details": details,
    }


def note(
    action: str,
    *,
    status: int,
    object_type: str | None = None,
    object_id: str | int | None = None,
    user_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> bool:
    """Record an entry about the current request now, in place of the automatic one:
    for sign-ins (`audit.LOGIN`, `audit.LOGIN_FAILED` with the status answered) and
    token or user changes. `user_id` defaults to the signed-in user. False when the
    entry could not be written (it is then logged and counted, never raised)."""
    fields = _request_fields()
    fields.update(action=action, status=status, object_type=object_type, object_id=object_id)
    if user_id is not None:
        fields["user_id"] = user_id
    fields["details"] = {**fields["details"], **(details or {})}
    request.environ[AUDITED] = True
    return writer_of(current_app).write(fields)  # type: ignore[arg-type]  # the app is an APIFlask


def _object_of(response: Response) -> tuple[str | None, str | None, list[str]]:
    """(object type, object id, ids created): the type is the path segment before the
    first variable (`/api/files/<file_id>` → files) or the last one (`/api/files`); the
    id is that variable, or the `id` the answer names (several: `ids`)."""
    rule = request.url_rule
    if rule is None:
        return None, None, []
    parts = [p for p in rule.rule.split("/") if p][1:]  # without "api"
    for index, part in enumerate(parts):
        if part.startswith("<"):
            name = part.strip("<>").split(":")[-1]
            value = (request.view_args or {}).get(name)
            return (parts[index - 1] if index else None), (None if value is None else str(value)), []
    ids = _created_ids(response)
    return (parts[-1] if parts else None), (ids[0] if len(ids) == 1 else None), ids if len(ids) > 1 else []


def _created_ids(response: Response) -> list[str]:
    if response.is_streamed or response.direct_passthrough or not response.is_json:
        return []
    if (response.content_length or 0) > _MAX_BODY_FOR_IDS:
        return []
    body = response.get_json(silent=True)
    if not isinstance(body, dict):
        return []
    if isinstance(body.get("id"), (str, int)):
        return [str(body["id"])]
    for value in body.values():
        if isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value):
            return [str(v["id"]) for v in value[:50]]
    return []


def init_app(app: APIFlask, platform: Platform) -> None:
    writer = AuditWriter(platform)
    app.extensions[EXTENSION_KEY] = writer
    register_check(platform, "audit", writer.health)

    @app.after_request
    def _record_write(response: Response) -> Response:
        if (
            request.method in SAFE_METHODS
            or not 200 <= response.status_code < 400
            or not writer.enabled
            or request.environ.get(AUDITED)
            or request.endpoint is None
            or request.endpoint in NOT_RECORDED
            or not request.path.startswith("/api/")
        ):
            return response
        request.environ[AUDITED] = True
        object_type, object_id, ids = _object_of(response)
        fields = _request_fields()
        fields.update(action=request.endpoint, status=response.status_code)
        fields.update(object_type=object_type, object_id=object_id)
        if ids:
            fields["details"] = {**fields["details"], "ids": ids}
        writer.write(fields, wait=not response.is_streamed)
        return response


# Reading ------------------------------------------------------------------------------
class AuditQuery(PageQuery):
    user = fields.String(
        validate=Regexp(r"^([0-9]{1,18}|local)$"),
        metadata={"description": "a user id, or `local` for entries without a user"},
    )
    action = fields.String(
        validate=[Length(1, 120), no_nul_text()],
        metadata={"description": "an action, or a prefix of actions (`files` finds `files.delete_file`)"},
    )
    object = fields.String(
        validate=[Length(1, 200), Regexp(r"^[^\x00:]+(:[^\x00]+)?$")],
        metadata={"description": "an object type (`files`), or type and id (`files:3f2a…`)"},
    )
    since = fields.DateTime(data_key="from", metadata={"description": "from this time on (ISO 8601)"})
    until = fields.DateTime(data_key="to", metadata={"description": "before this time (ISO 8601)"})
    format = fields.String(validate=OneOf(["json", "csv"]), metadata={"description": "csv: every match as CSV"})


def _filters(query: dict[str, Any]) -> dict[str, Any]:
    object_type, _, object_id = (query.get("object") or "").partition(":")
    return {
        "user": query.get("user"),
        "action": query.get("action"),
        "object_type": object_type or None,
        "object_id": object_id or None,
        "since": query.get("since"),
        "until": query.get("until"),
    }


def _wants_csv(query: dict[str, Any]) -> bool:
    if query.get("format"):
        return bool(query["format"] == "csv")
    best = request.accept_mimetypes.best_match(["application/json", "text/csv"])
    return best == "text/csv" and request.accept_mimetypes["text/csv"] > request.accept_mimetypes["application/json"]


@bp.get("/audit")
@bp.input(AuditQuery, location="query", arg_name="query")
@bp.output(AuditPage)
@bp.doc(
    summary="The audit log, newest first (admins): filter by user, action, object and time; CSV export",
    responses={200: CSV_DOC, 403: "Not an administrator", 422: "Invalid filters"},  # type: ignore[arg-type]
)
def list_audit(query: dict[str, Any]) -> Any:
    if not may_read_audit(getattr(g, "principal", None)):
        raise Forbidden("Only an administrator may read the audit log.")
    filters = _filters(query)
    services().chat_store.writer.flush()  # the entries this process queued without waiting are in
    if _wants_csv(query):
        response = Response(stream_with_context(_csv(filters)), content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="audit-{iso()[:10]}.csv"'
        return response
    with services().db.session() as session:
        rows, total = paginate_select(session, audit.select_entries(**filters), query["page"], query["per_page"])
        items = [audit.entry_dict(r) for r in rows]
    return page_of(items, total, query["page"], query["per_page"])


def _csv(filters: dict[str, Any]) -> Iterator[bytes]:
    """Every matching entry, newest first, read in chunks (memory stays flat); a cell
    that a spreadsheet would run as a formula is neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(audit.COLUMNS)
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    db = services().db
    before: int | None = None
    while True:
        stmt = audit.select_entries(**filters)
        if before is not None:
            stmt = stmt.where(AuditEntry.id < before)
        with db.session() as session:
            rows = list(session.scalars(stmt.limit(CSV_CHUNK)))
            entries = [audit.entry_dict(r) for r in rows]
        if not entries:
            return
        buffer.seek(0)
        buffer.truncate()
        for entry in entries:
            entry["details"] = json.dumps(entry["details"], ensure_ascii=False, sort_keys=True)
            writer.writerow([neutralise("" if entry[c] is None else entry[c]) for c in audit.COLUMNS])
        yield buffer.getvalue().encode("utf-8")
        before = entries[-1]["id"]
