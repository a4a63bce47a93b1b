"""Request and response shapes of the chat API (SPEC 5): conversations, messages and
runs as the API shows the stored rows. The domain (datapulse.chat) hands over models;
these schemas are the one place that decides their JSON."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from apiflask import Schema, fields
from apiflask.validators import Length, OneOf
from marshmallow import ValidationError, validates_schema

from datapulse.api.pagination import PageQuery
from datapulse.api.schemas.common import JsonDict, JsonList, PageMeta, Timestamp
from datapulse.api.validation import DisplayText, no_nul_text, visible_text
from datapulse.chat.export import FORMATS, LANGS, MIMETYPES, ROLES
from datapulse.events import as_utc
from datapulse.storage.models import VISIBILITIES

# Requests ---------------------------------------------------------------------------
MAX_CONTENT = 10_000  # characters of one question
MAX_BATCH = 20  # questions in one POST /api/chat/batch
MAX_REFS = 100  # files or data sources attached to one conversation
MAX_SEARCH = 200  # characters of a search query
ID = fields.String(validate=[Length(min=1, max=64), no_nul_text()])
SSE_DOC = {
    "description": "The run's events as server-sent events",
    "content": {"text/event-stream": {"schema": {"type": "string"}}},
}
BINARY_FORMATS = ("pdf", "csv")  # csv: a zip of the result tables
BINARY = {"schema": {"type": "string", "format": "binary"}}
EXPORT_DOC = {
    "description": "The conversation as a file (an attachment) of the requested format",
    "content": {(MIMETYPES[fmt].split(";")[0]): BINARY if fmt in BINARY_FORMATS else {} for fmt in FORMATS},
}


class UntilTime(fields.DateTime):
    """The end of a time range, exclusive; a date alone (`2026-12-04`) means the end of that day."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        moment: datetime = super()._deserialize(value, attr, data, **kwargs)
        if isinstance(value, str) and _DATE_ONLY.match(value.strip()):
            if moment.date() == date.max:
                raise ValidationError("Not a date that has an end.")
            moment += timedelta(days=1)
        return moment


_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class TimeRangeQuery(Schema):
    """`from` (inclusive) and `to` (exclusive; a date alone: the end of that day)."""

    since = fields.DateTime(data_key="from", metadata={"description": "from this time on (ISO 8601; no zone: UTC)"})
    until = UntilTime(
        data_key="to",
        metadata={"description": "before this time (ISO 8601; no zone: UTC); a date alone includes that day"},
    )

    @validates_schema
    def _order(self, data: dict[str, Any], **_kwargs: Any) -> None:
        since, until = data.get("since"), data.get("until")
        if since is not None and until is not None and as_utc(since) >= as_utc(until):
            raise ValidationError("`from` must be before `to`.", field_name="from")


class ConversationIn(Schema):
    title = DisplayText(load_default="", validate=[Length(max=255), no_nul_text()])
    file_ids = fields.List(ID, load_default=list, validate=Length(max=MAX_REFS))
    datasource_ids = fields.List(ID, load_default=list, validate=Length(max=MAX_REFS))
    template_id = fields.String(load_default=None, allow_none=True, validate=[Length(max=64), no_nul_text()])
    assistant_id = fields.String(load_default=None, allow_none=True, validate=[Length(max=64), no_nul_text()])


class ConversationPatch(Schema):
    """A new name (visible text) and/or another assistant (null or "": none); an empty patch changes nothing."""

    title = DisplayText(validate=[Length(min=1, max=255), visible_text()])
    assistant_id = fields.String(allow_none=True, validate=[Length(max=64), no_nul_text()])
    visibility = fields.String(validate=OneOf(VISIBILITIES), metadata={"description": "share it, or not (SPEC 11)"})


class ConversationListQuery(PageQuery):
    search = fields.String(
        validate=[Length(max=200), no_nul_text()], metadata={"description": "part of the title (any case)"}
    )


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


class ExportQuery(TimeRangeQuery):
    format = fields.String(load_default="json", validate=OneOf(FORMATS))
    roles = fields.String(load_default="all", validate=OneOf(ROLES))
    timestamps = fields.Boolean(load_default=True)
    metadata = fields.Boolean(load_default=False)
    lang = fields.String(
        load_default=None,
        validate=OneOf(LANGS),
        metadata={"description": "language of the PDF's numbers, dates and words; default: the first question's"},
    )
    charts = fields.Boolean(load_default=True, metadata={"description": "include the charts (not for csv)"})
    tables = fields.Boolean(load_default=True, metadata={"description": "include the tables (not for csv)"})


class SearchQuery(TimeRangeQuery, PageQuery):
    q = fields.String(
        required=True,
        validate=[Length(min=1, max=MAX_SEARCH), visible_text()],
        metadata={"description": 'terms that must all occur (any case, as parts of words); "a phrase" in quotes'},
    )
    conversation_id = fields.String(
        validate=[Length(min=1, max=64), no_nul_text()], metadata={"description": "only this conversation"}
    )
    role = fields.String(validate=OneOf(["user", "assistant"]), metadata={"description": "only questions or answers"})


class EventsQuery(Schema):
    last_event_id = fields.String(load_default=None, allow_none=True)


# Responses --------------------------------------------------------------------------
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
    assistant_id = fields.String(required=True, allow_none=True)
    created_at = Timestamp(required=True)
    updated_at = Timestamp(required=True)
    owner_id = fields.String(required=True, allow_none=True, metadata={"description": "the owner's user id"})
    visibility = fields.String(required=True, metadata={"enum": ["private", "shared"]})


class ConversationDetailOut(ConversationOut):
    messages = fields.List(fields.Nested(MessageOut), required=True)


class ConversationItem(ConversationOut):
    """ConversationOut inside a page (its own class: apispec registers a nested class once)."""


class ConversationPage(PageMeta):
    items = fields.List(fields.Nested(ConversationItem), required=True)


class SearchConversation(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)


class SearchMessage(Schema):
    id = fields.String(required=True)
    role = fields.String(required=True, metadata={"enum": ["user", "assistant"]})
    created_at = Timestamp(required=True)


class SearchHit(Schema):
    """Serializes datapulse.chat.search.Hit."""

    conversation = fields.Nested(SearchConversation, required=True)
    message = fields.Nested(SearchMessage, required=True)
    snippet = fields.String(
        required=True, metadata={"description": "plain text around the first match (not HTML); `…` marks a cut"}
    )
    highlights = fields.List(
        fields.List(fields.Integer(), validate=Length(equal=2)),
        required=True,
        metadata={"description": "[start, end) character offsets of each match in `snippet`"},
    )


class SearchPage(PageMeta):
    items = fields.List(fields.Nested(SearchHit), required=True)


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
