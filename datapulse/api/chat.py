"""Chat with the analysis agents (SPEC 5): conversations, messages, runs and their SSE.

A question becomes a user message and a queued run; the run executes in the
background (`datapulse.chat.executor`), and every reader, in any worker, follows the
run's stored events (`datapulse.chat.sse`).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from apiflask import APIBlueprint, APIFlask, Schema, fields
from apiflask.validators import Length, OneOf
from flask import Response, current_app, jsonify, request, stream_with_context
from sqlalchemy import delete, select

from datapulse.api.pagination import PageQuery, page_of, paginate_select
from datapulse.api.services import Services, services
from datapulse.api.validation import no_nul_text, visible_text
from datapulse.chat import clarify
from datapulse.chat import conversations as convs
from datapulse.chat.executor import RunExecutor
from datapulse.chat.export import FORMATS, ROLES, export_conversation
from datapulse.chat.sse import KEEPALIVE_S, POLL_S, SSE_HEADERS, parse_last_event_id, stream_run
from datapulse.chat.store import FINAL_STATES, RUN_FAILED, EventStore
from datapulse.errors import Conflict, RateLimited
from datapulse.storage.models import Conversation, Run

log = logging.getLogger(__name__)
bp = APIBlueprint("chat", __name__, url_prefix="/api/chat", tag="Chat")

MAX_CONTENT = 10_000  # characters of one question
MAX_BATCH = 20  # questions in one POST /api/chat/batch
MAX_REFS = 100  # files or data sources attached to one conversation
STORE, EXECUTOR = "chat.store", "chat.executor"
ID = fields.String(validate=[Length(min=1, max=64), no_nul_text()])
SSE_DOC = {"description": "The run's events as server-sent events", "content": {"text/event-stream": {}}}


class ConversationIn(Schema):
    title = fields.String(load_default="", validate=[Length(max=255), no_nul_text()])
    file_ids = fields.List(ID, load_default=list, validate=Length(max=MAX_REFS))
    datasource_ids = fields.List(ID, load_default=list, validate=Length(max=MAX_REFS))
    template_id = fields.String(load_default=None, allow_none=True, validate=[Length(max=64), no_nul_text()])
    assistant_id = fields.String(load_default=None, allow_none=True, validate=[Length(max=64), no_nul_text()])


class ClarificationChoice(Schema):
    """The candidate a reply chose for an earlier run's clarification (SPEC 5)."""

    run_id = fields.String(required=True, validate=[Length(min=1, max=64), no_nul_text()])
    value = fields.String(required=True, validate=[Length(min=1, max=MAX_CONTENT), no_nul_text()])


class MessageIn(Schema):
    content = fields.String(required=True, validate=[Length(min=1, max=MAX_CONTENT), visible_text()])
    clarification = fields.Nested(ClarificationChoice)


class BatchIn(Schema):
    conversation_id = fields.String(required=True, validate=[Length(min=1, max=64), no_nul_text()])
    questions = fields.List(
        fields.String(validate=[Length(min=1, max=MAX_CONTENT), visible_text()]),
        required=True,
        validate=Length(min=1, max=MAX_BATCH),
    )


class ExportQuery(Schema):
    format = fields.String(load_default="json", validate=OneOf(FORMATS))
    roles = fields.String(load_default="all", validate=OneOf(ROLES))
    timestamps = fields.Boolean(load_default=True)
    metadata = fields.Boolean(load_default=False)


class EventsQuery(Schema):
    last_event_id = fields.String(load_default=None, allow_none=True)


def init_app(app: APIFlask, svc: Services) -> None:
    """One event store and one bounded executor per process; end the runs a dead
    process left behind (`interrupted`, with a final event)."""
    store = EventStore(svc.db, stale_after_s=svc.settings.RUN_STALE_AFTER_S, bus=svc.bus)
    executor = RunExecutor(
        store,
        svc.bus,
        svc.settings,
        max_workers=int(app.config.get("CHAT_MAX_WORKERS", 4)),
        max_pending=int(app.config.get("CHAT_MAX_PENDING", 256)),
    )
    svc.components[STORE] = store
    svc.components[EXECUTOR] = executor
    # Load the agents now (in the background: start-up stays fast), not in the first
    # question's time to first event.
    threading.Thread(target=_warm_up, args=(executor,), name="datapulse-agents-warm-up", daemon=True).start()
    interrupted = store.interrupt_orphans()
    if interrupted:
        log.warning("marked %d run(s) interrupted that a previous process left unfinished", len(interrupted))


def _warm_up(executor: RunExecutor) -> None:
    try:
        executor.list_agents()
    except ImportError as exc:
        log.warning("the analysis agents cannot be loaded: %s", exc)


def _store() -> EventStore:
    return services().component(STORE)  # type: ignore[no-any-return]


def _executor() -> RunExecutor:
    return services().component(EXECUTOR)  # type: ignore[no-any-return]


def _sse(run_id: str, after_seq: int, headers: dict[str, str] | None = None) -> Response:
    """Headers are fixed before the first event; the generator touches no session."""
    cfg = current_app.config
    events = stream_run(
        _store(),
        run_id,
        after_seq,
        keepalive_s=float(cfg.get("CHAT_KEEPALIVE_S", KEEPALIVE_S)),
        poll_s=float(cfg.get("CHAT_POLL_S", POLL_S)),
        is_local=_executor().is_local,
    )
    return Response(
        stream_with_context(events), mimetype="text/event-stream", headers={**SSE_HEADERS, **(headers or {})}
    )


def _wants_stream() -> bool:
    return request.accept_mimetypes.best_match(["application/json", "text/event-stream"]) == "text/event-stream"


def _submit(run_id: str) -> None:
    """Hand a stored run to the executor; a full executor ends the run as failed (429)."""
    try:
        _executor().submit(run_id, step_delay=float(current_app.config.get("CHAT_STEP_DELAY", 0.0)))
    except RateLimited as exc:
        error = {"code": exc.code, "message": exc.message}
        data = {"run_id": run_id, "status": "failed", "error": error}
        _store().finish(run_id, "failed", RUN_FAILED, data, error=error)
        raise


# Conversations ---------------------------------------------------------------------
# (405 is documented on the GET/DELETE of one item: an id holding an encoded "/" lands
# on a sibling route that does not take that method.)
@bp.post("/conversations")
@bp.input(ConversationIn, location="json")
@bp.doc(summary="Start a conversation over some files and data sources", responses=[201, 404, 422])
def create_conversation(json_data: dict[str, Any]) -> tuple[Response, int]:
    with services().db.session() as session:
        conv = convs.create_conversation(session, json_data)
        out = convs.conversation_out(conv, with_messages=True)
    return jsonify(out), 201


@bp.get("/conversations")
@bp.input(PageQuery, location="query")
@bp.doc(summary="List conversations, newest first")
def list_conversations(query_data: dict[str, Any]) -> Response:
    page, per_page = query_data["page"], query_data["per_page"]
    with services().db.session() as session:
        stmt = select(Conversation).order_by(Conversation.created_at.desc(), Conversation.id)
        rows, total = paginate_select(session, stmt, page, per_page)
        items = [convs.conversation_out(c) for c in rows]
    return jsonify(page_of(items, total, page, per_page))


@bp.get("/conversations/<conversation_id>")
@bp.doc(summary="One conversation with its messages", responses=[200, 404, 405])
def get_conversation(conversation_id: str) -> Response:
    with services().db.session() as session:
        out = convs.conversation_out(convs.get_conversation(session, conversation_id), with_messages=True)
    return jsonify(out)


@bp.delete("/conversations/<conversation_id>")
@bp.doc(summary="Delete a conversation, its messages, runs and events", responses=[204, 404, 405])
def delete_conversation(conversation_id: str) -> tuple[str, int]:
    svc = services()
    with svc.db.session() as session:
        conv = convs.get_conversation(session, conversation_id)
        active = list(
            session.scalars(select(Run.id).where(Run.conversation_id == conv.id, Run.status.not_in(FINAL_STATES)))
        )
    for run_id in active:
        _executor().cancel(run_id)
    with svc.db.session() as session:
        # Lock the runs before the conversation: the order a finishing run takes them,
        # so that a delete racing a run's last write waits instead of deadlocking.
        session.execute(select(Run.id).where(Run.conversation_id == conversation_id).with_for_update()).all()
        session.execute(delete(Conversation).where(Conversation.id == conversation_id))
    return "", 204


@bp.post("/conversations/<conversation_id>/messages")
@bp.input(MessageIn, location="json")
@bp.doc(
    summary="Ask a question: 202 with the run, or its events with Accept: text/event-stream",
    description=(
        "With `clarification: {run_id, value}` (or a content equal to a candidate's label of the "
        "conversation's latest clarification) the reply answers that run's original question with "
        "the choice bound. 404: no such conversation or run; 409: the run is of another conversation "
        "or asked for no clarification; 422: the value is not a candidate."
    ),
    responses={202: {"description": "The run was queued"}, 200: SSE_DOC, 404: {}, 409: {}, 422: {}, 429: {}},  # type: ignore[arg-type]
)
def post_message(conversation_id: str, json_data: dict[str, Any]) -> Response | tuple[Response, int]:
    svc = services()
    content = json_data["content"]
    with svc.db.session() as session:
        conv = convs.get_conversation(session, conversation_id)
        reply = clarify.resolve(session, conv, content, json_data.get("clarification"))
        message, run = convs.ask(session, conv, content, _executor().identity, reply)
        message_id, run_id = message.id, run.id
    _submit(run_id)
    body = {"message_id": message_id, "run_id": run_id, "events_url": convs.events_url(run_id)}
    if _wants_stream():
        return _sse(run_id, 0, {"X-Run-Id": run_id, "X-Message-Id": message_id, "Location": body["events_url"]})
    return jsonify(body), 202


@bp.post("/batch")
@bp.input(BatchIn, location="json")
@bp.doc(summary="Ask several questions at once, each its own run", responses=[202, 404, 422, 429])
def batch(json_data: dict[str, Any]) -> tuple[Response, int]:
    svc = services()
    executor = _executor()
    questions = json_data["questions"]
    if executor.max_pending - executor.active() < len(questions):
        raise RateLimited("Too many questions are being answered; try again shortly.", retry_after=2)
    with svc.db.session() as session:
        conv = convs.get_conversation(session, json_data["conversation_id"])
        asked = [convs.ask(session, conv, q, executor.identity) for q in questions]
        runs = [
            {"question": q, "message_id": m.id, "run_id": r.id, "events_url": convs.events_url(r.id)}
            for q, (m, r) in zip(questions, asked, strict=True)
        ]
    for item in runs:
        _submit(item["run_id"])
    return jsonify({"conversation_id": json_data["conversation_id"], "runs": runs}), 202


# Runs ------------------------------------------------------------------------------
@bp.get("/runs/<run_id>")
@bp.doc(summary="A run: its status and its result", responses=[200, 404, 405])
def get_run(run_id: str) -> Response:
    with services().db.session() as session:
        out = convs.run_out(convs.get_run(session, run_id))
    return jsonify(out)


@bp.get("/runs/<run_id>/events")
@bp.input(EventsQuery, location="query")
@bp.doc(
    summary="The run's events as SSE, from the start or after Last-Event-ID, until the final event",
    responses={200: SSE_DOC, 404: {}},  # type: ignore[arg-type]
)
def run_events(run_id: str, query_data: dict[str, Any]) -> Response:
    with services().db.session() as session:
        convs.get_run(session, run_id)
    after = parse_last_event_id(request.headers.get("Last-Event-ID"), query_data.get("last_event_id"))
    return _sse(run_id, after)


@bp.post("/runs/<run_id>/cancel")
@bp.doc(summary="Stop a run (at the agents' next step)", responses=[202, 404, 409])
def cancel_run(run_id: str) -> tuple[Response, int]:
    with services().db.session() as session:
        run = convs.get_run(session, run_id)
        if run.status in FINAL_STATES:
            raise Conflict(
                f"The run has already ended ({run.status}).", code="run_finished", details={"status": run.status}
            )
    _executor().cancel(run_id)
    with services().db.session() as session:
        out = convs.run_out(convs.get_run(session, run_id))
    return jsonify(out), 202


# Export ----------------------------------------------------------------------------
@bp.get("/conversations/<conversation_id>/export")
@bp.input(ExportQuery, location="query")
@bp.doc(summary="Export a conversation as JSON, Markdown, text, CSV or PDF", responses=[200, 404, 422])
def export(conversation_id: str, query_data: dict[str, Any]) -> Response:
    with services().db.session() as session:
        conv = convs.get_conversation(session, conversation_id)
        data = convs.conversation_out(conv, with_messages=True)
    body, mimetype, filename = export_conversation(data, **query_data)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
