"""Chat with the analysis agents (SPEC 5): conversations, messages, runs and their SSE.

A question becomes a user message and a queued run; the run executes in the
background (`datapulse.chat.executor`), and every reader, in any worker, follows the
run's stored events (`datapulse.chat.sse`). Each route parses its request, calls one
method of the chat service (`datapulse.chat.service`) and serializes the answer.
"""

from __future__ import annotations

import logging
from typing import Any

from apiflask import APIBlueprint
from flask import Response, request, stream_with_context

from datapulse.api.access import check_object
from datapulse.api.pagination import page_of
from datapulse.api.schemas.chat import (
    EXPORT_DOC,
    SSE_DOC,
    AskOut,
    BatchAskOut,
    BatchIn,
    ConversationDetailOut,
    ConversationIn,
    ConversationListQuery,
    ConversationOut,
    ConversationPage,
    ConversationPatch,
    EventsQuery,
    ExportQuery,
    MessageIn,
    RunOut,
    SearchPage,
    SearchQuery,
    events_url,
)
from datapulse.api.services import services
from datapulse.chat import search as chat_search
from datapulse.chat.export import export_conversation
from datapulse.chat.service import ChatService
from datapulse.chat.sse import SSE_HEADERS, parse_last_event_id, stream_run
from datapulse.errors import Unprocessable
from datapulse.plugins.image import image_bytes
from datapulse.runtime import offload
from datapulse.storage.models import Conversation, Run

log = logging.getLogger(__name__)
bp = APIBlueprint("chat", __name__, url_prefix="/api/chat", tag="Chat")


def _chat() -> ChatService:
    """The chat service over the platform's current parts (a test may swap the executor)."""
    svc = services()
    return ChatService(svc.db, svc.bus, svc.chat_store, svc.executor, svc.settings)


def _sse(run_id: str, after_seq: int, headers: dict[str, str] | None = None, status: str | None = None) -> Response:
    """Headers are fixed before the first event; the generator touches no session."""
    svc = services()
    settings = svc.settings
    events = stream_run(
        svc.chat_store,
        run_id,
        after_seq,
        keepalive_s=settings.CHAT_KEEPALIVE_S,
        poll_s=settings.CHAT_POLL_S,
        is_local=svc.executor.is_local,
        status=status,
    )
    return Response(
        stream_with_context(events), mimetype="text/event-stream", headers={**SSE_HEADERS, **(headers or {})}
    )


def _wants_stream() -> bool:
    return request.accept_mimetypes.best_match(["application/json", "text/event-stream"]) == "text/event-stream"


# Conversations ---------------------------------------------------------------------
# (405 is documented on the GET/DELETE of one item: an id holding an encoded "/" lands
# on a sibling route that does not take that method.)
@bp.post("/conversations")
@bp.input(ConversationIn, location="json")
@bp.output(ConversationDetailOut, status_code=201)
@bp.doc(summary="Start a conversation over some files and data sources", responses=[201, 404, 422])
def create_conversation(json_data: dict[str, Any]) -> tuple[Conversation, int]:
    return _chat().create_conversation(json_data), 201


@bp.get("/conversations")
@bp.input(ConversationListQuery, location="query")
@bp.output(ConversationPage)
@bp.doc(summary="List conversations, newest first; `search` filters by title")
def list_conversations(query_data: dict[str, Any]) -> dict[str, Any]:
    page, per_page = query_data["page"], query_data["per_page"]
    rows, total = _chat().list_conversations(page, per_page, query_data.get("search"))
    return page_of(rows, total, page, per_page)


@bp.get("/conversations/<conversation_id>")
@bp.output(ConversationDetailOut)
@bp.doc(summary="One conversation with its messages", responses=[200, 404, 405])
def get_conversation(conversation_id: str) -> Conversation:
    return _chat().get_conversation(conversation_id)


@bp.patch("/conversations/<conversation_id>")
@bp.input(ConversationPatch, location="json")
@bp.output(ConversationOut)
@bp.doc(summary="Rename a conversation, switch its assistant or share it", responses=[200, 403, 404, 405, 422])
def update_conversation(conversation_id: str, json_data: dict[str, Any]) -> Conversation:
    return _chat().update_conversation(conversation_id, json_data)


@bp.delete("/conversations/<conversation_id>")
@bp.output({}, status_code=204)
@bp.doc(summary="Delete a conversation, its messages, runs and events", responses=[204, 404, 405])
def delete_conversation(conversation_id: str) -> tuple[str, int]:
    _chat().delete_conversation(conversation_id)
    return "", 204


@bp.post("/conversations/<conversation_id>/messages")
@bp.input(MessageIn, location="json")
@bp.output(AskOut, status_code=202, description="The run was queued")
@bp.doc(
    summary="Ask a question: 202 with the run, or its events with Accept: text/event-stream",
    description=(
        "With `clarification: {run_id, value}` (or a content equal to a candidate's label of the "
        "conversation's latest clarification) the reply answers that run's original question with "
        "the choice bound. 404: no such conversation or run; 409: the run is of another conversation "
        "or asked for no clarification; 422: the value is not a candidate."
    ),
    responses={  # type: ignore[arg-type]
        202: "The run was queued",
        200: SSE_DOC,
        404: "Not found",
        409: "Conflict",
        422: "Invalid",
        429: "Too many runs",
    },
)
def post_message(conversation_id: str, json_data: dict[str, Any]) -> Response | tuple[dict[str, Any], int]:
    asked = _chat().ask(conversation_id, json_data["content"], json_data.get("clarification"))
    body = {"message_id": asked.message_id, "run_id": asked.run_id, "events_url": events_url(asked.run_id)}
    if _wants_stream():
        headers = {"X-Run-Id": asked.run_id, "X-Message-Id": asked.message_id, "Location": body["events_url"]}
        return _sse(asked.run_id, 0, headers)
    return body, 202


@bp.post("/batch")
@bp.input(BatchIn, location="json")
@bp.output(BatchAskOut, status_code=202)
@bp.doc(summary="Ask several questions at once, each its own run", responses=[202, 404, 422, 429])
def batch(json_data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    chat, conversation_id = _chat(), json_data["conversation_id"]
    chat.make_room(len(json_data["questions"]))  # before the access check, as a full executor answers 429 first
    check_object(chat.db, "conversation_id", conversation_id, changes=True)
    asked = chat.ask_many(conversation_id, json_data["questions"])
    runs = [
        {"question": a.question, "message_id": a.message_id, "run_id": a.run_id, "events_url": events_url(a.run_id)}
        for a in asked
    ]
    return {"conversation_id": conversation_id, "runs": runs}, 202


# Search ----------------------------------------------------------------------------
@bp.get("/search")
@bp.input(SearchQuery, location="query")
@bp.output(SearchPage)
@bp.doc(
    summary="Search the messages of every conversation you may read, newest first",
    description=(
        "Every term must occur in the message, in any case and as part of a word (Chinese and German "
        'compounds are found); `"a phrase"` is one term. Each hit has the conversation, the message '
        "and a plain-text `snippet` with the `[start, end)` offsets of the matches in `highlights`."
    ),
    responses=[200, 404, 422],
)
def search(query_data: dict[str, Any]) -> dict[str, Any]:
    terms = chat_search.parse_terms(query_data["q"])
    if not terms:
        raise Unprocessable("The search has no terms.", details={"q": ["Must hold a word or a phrase."]})
    filters = chat_search.Filters(
        conversation_id=query_data.get("conversation_id"),
        role=query_data.get("role"),
        since=query_data.get("since"),
        until=query_data.get("until"),
    )
    page, per_page = query_data["page"], query_data["per_page"]
    items, total = _chat().search(terms, filters, page, per_page)
    return page_of(items, total, page, per_page)


# Runs ------------------------------------------------------------------------------
@bp.get("/runs/<run_id>")
@bp.output(RunOut)
@bp.doc(summary="A run: its status and its result", responses=[200, 404, 405])
def get_run(run_id: str) -> Run:
    return _chat().get_run(run_id)


@bp.get("/runs/<run_id>/events")
@bp.input(EventsQuery, location="query")
@bp.doc(
    summary="The run's events as SSE, from the start or after Last-Event-ID, until the final event",
    responses={200: SSE_DOC, 404: {}},  # type: ignore[arg-type]
)
def run_events(run_id: str, query_data: dict[str, Any]) -> Response:
    status = _chat().run_status(run_id)  # 404 before the stream starts
    after = parse_last_event_id(request.headers.get("Last-Event-ID"), query_data.get("last_event_id"))
    return _sse(run_id, after, status=status)


@bp.post("/runs/<run_id>/cancel")
@bp.output(RunOut, status_code=202)
@bp.doc(summary="Stop a run (at the agents' next step)", responses=[202, 404, 409])
def cancel_run(run_id: str) -> tuple[Run, int]:
    return _chat().cancel_run(run_id), 202


# Export ----------------------------------------------------------------------------
@bp.get("/conversations/<conversation_id>/export")
@bp.input(ExportQuery, location="query")
@bp.doc(
    summary="Export a conversation as JSON, Markdown, text, PDF, its result tables (csv: a zip of CSVs) "
    "or its transcript (transcript_csv)",
    responses={200: EXPORT_DOC, 404: "Not found", 422: "Invalid", 429: "Too many exports at once"},  # type: ignore[arg-type]
)
def export(conversation_id: str, query_data: dict[str, Any]) -> Response:
    conv = _chat().get_conversation(conversation_id)
    data = ConversationDetailOut().dump(conv)  # the export shows what the API shows
    svc = services()
    settings = svc.settings

    def images(url: str) -> bytes | None:
        return image_bytes(settings, url)

    # Rendering (a PDF of a long conversation takes seconds) runs in the export lane.
    body, mimetype, filename = svc.lanes["export"].run(offload, export_conversation, data, **query_data, images=images)
    response = Response(body, content_type=mimetype)  # it names its charset itself
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
