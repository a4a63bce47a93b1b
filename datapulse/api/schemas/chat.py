"""Response shapes of the chat API (SPEC 5): conversations, messages and runs as the
API shows the stored rows. The domain (datapulse.chat) hands over models; these schemas
are the one place that decides their JSON."""

from __future__ import annotations

from apiflask import Schema, fields

from datapulse.api.schemas.common import JsonDict, JsonList, PageMeta, Timestamp

RUN_STATES = ["queued", "running", "completed", "failed", "cancelled", "interrupted"]


def events_url(run_id: str) -> str:
    return f"/api/chat/runs/{run_id}/events"


class MessageOut(Schema):
    id = fields.String(required=True)
    conversation_id = fields.String(required=True)
    role = fields.String(required=True, metadata={"enum": ["user", "assistant"]})
    content = fields.String(required=True)
    run_id = fields.String(required=True, allow_none=True)
    results = JsonList(fields.Raw(), required=True)
    metadata = JsonDict(required=True, attribute="meta")
    created_at = Timestamp(required=True)


class ConversationOut(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    file_ids = JsonList(fields.String(), required=True)
    datasource_ids = JsonList(fields.String(), required=True)
    template_id = fields.String(required=True, allow_none=True)
    created_at = Timestamp(required=True)
    updated_at = Timestamp(required=True)


class ConversationDetailOut(ConversationOut):
    messages = fields.List(fields.Nested(MessageOut), required=True)


class ConversationItem(ConversationOut):
    """ConversationOut inside a page (its own class: apispec registers a nested class once)."""


class ConversationPage(PageMeta):
    items = fields.List(fields.Nested(ConversationItem), required=True)


class RunOut(Schema):
    id = fields.String(required=True)
    conversation_id = fields.String(required=True)
    message_id = fields.String(required=True, allow_none=True)
    question = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": RUN_STATES})
    result = fields.Dict(required=True, allow_none=True)
    error = fields.Dict(required=True, allow_none=True)
    cancel_requested = fields.Boolean(required=True)
    duration_ms = fields.Float(required=True, allow_none=True)
    created_at = Timestamp(required=True)
    started_at = Timestamp(required=True, allow_none=True)
    finished_at = Timestamp(required=True, allow_none=True)
    events_url = fields.Function(lambda run: events_url(run.id), required=True, metadata={"type": "string"})


class AskOut(Schema):
    message_id = fields.String(required=True)
    run_id = fields.String(required=True)
    events_url = fields.String(required=True)


class AskedOut(AskOut):
    question = fields.String(required=True)


class BatchAskOut(Schema):
    conversation_id = fields.String(required=True)
    runs = fields.List(fields.Nested(AskedOut), required=True)
