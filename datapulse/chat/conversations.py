"""Conversations, messages and runs: the reads and writes behind the chat API (which
decides their JSON, datapulse.api.schemas.chat)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, selectinload

from datapulse.auth.principal import current
from datapulse.chat import clarify
from datapulse.chat.clarify import Reply
from datapulse.errors import NotFound
from datapulse.events import utcnow
from datapulse.storage.models import Conversation, DataSource, Run, RunState, StoredFile, new_id
from datapulse.storage.plugin_models import Assistant
from datapulse.text import clean_display_text

TITLE_FROM_QUESTION = 80  # characters of the first question that title an untitled conversation


def get_conversation(session: Session, conversation_id: str, with_messages: bool = False) -> Conversation:
    """The conversation (with its messages loaded, to be read after the session ends)."""
    options = [selectinload(Conversation.messages)] if with_messages else []
    conv = session.get(Conversation, conversation_id, options=options)
    if conv is None:
        raise NotFound(f"No conversation with id '{conversation_id}'.", details={"conversation_id": conversation_id})
    return conv


@dataclass(frozen=True)
class Head:
    """What a new question needs of its conversation: not the stored context (a JSON
    document that grows with the conversation) nor the file lists."""

    id: str
    title: str
    owner_id: str | None


def conversation_head(session: Session, conversation_id: str) -> Head:
    """The conversation's id, title and owner (404 as `get_conversation`; an ORM select,
    so the session's access filter applies as it does there)."""
    row = session.execute(
        select(Conversation.id, Conversation.title, Conversation.owner_id).where(Conversation.id == conversation_id)
    ).first()
    if row is None:
        raise NotFound(f"No conversation with id '{conversation_id}'.", details={"conversation_id": conversation_id})
    return Head(row[0], row[1], row[2])


# A new question's one read: its conversation's head and, in the same row, the latest run
# (clarify.LATEST_COLUMNS, NULLs when there is none) that tells whether the question
# answers a clarification; one statement on the hub instead of two (issue 16). The
# latest run is the end of `ix_runs_conversation_created`, as in clarify.LATEST_RUN.
_LATEST_RUN_ID = (
    select(Run.id)
    .where(Run.conversation_id == Conversation.id)
    .order_by(Run.created_at.desc(), Run.id.desc())
    .limit(1)
    .correlate(Conversation)
    .scalar_subquery()
)
QUESTION_CONTEXT: Select[Any] = (
    select(Conversation.id, Conversation.title, Conversation.owner_id, *clarify.LATEST_COLUMNS)
    .select_from(Conversation)
    .outerjoin(Run, Run.id == _LATEST_RUN_ID)
    .where(Conversation.id == bindparam("conversation_id"))
)


def question_context(session: Session, conversation_id: str) -> tuple[Head, Any]:
    """The conversation's head (404 as `conversation_head`, the session's access filter
    applies) and its latest run as clarify.LATEST_COLUMNS, None when it has none."""
    row = session.execute(QUESTION_CONTEXT, {"conversation_id": conversation_id}).first()
    if row is None:
        raise NotFound(f"No conversation with id '{conversation_id}'.", details={"conversation_id": conversation_id})
    latest = tuple(row[3:]) if row[3] is not None else None
    return Head(row[0], row[1], row[2]), latest


def no_run(run_id: str) -> NotFound:
    return NotFound(f"No run with id '{run_id}'.", details={"run_id": run_id})


def get_run(session: Session, run_id: str) -> Run:
    run = session.get(Run, run_id)
    if run is None:
        raise no_run(run_id)
    return run


def check_references(session: Session, file_ids: Iterable[str], datasource_ids: Iterable[str]) -> None:
    """404 naming every unknown file and data source id (all at once)."""
    file_ids, datasource_ids = list(file_ids), list(datasource_ids)
    known_files = set(session.scalars(select(StoredFile.id).where(StoredFile.id.in_(file_ids))))
    known_sources = set(session.scalars(select(DataSource.id).where(DataSource.id.in_(datasource_ids))))
    missing_files = [f for f in file_ids if f not in known_files]
    missing_sources = [d for d in datasource_ids if d not in known_sources]
    if missing_files or missing_sources:
        raise NotFound(
            "The conversation names files or data sources that do not exist.",
            code="unknown_reference",
            details={"file_ids": missing_files, "datasource_ids": missing_sources},
        )


def check_assistant(session: Session, assistant_id: str | None) -> None:
    """404 for an unknown assistant, like an unknown file or data source."""
    if assistant_id and session.get(Assistant, assistant_id) is None:
        raise NotFound(
            f"No assistant with id '{assistant_id}'.", code="unknown_assistant", details={"assistant_id": assistant_id}
        )


def create_conversation(session: Session, data: dict[str, Any]) -> Conversation:
    file_ids = list(dict.fromkeys(data.get("file_ids") or []))
    datasource_ids = list(dict.fromkeys(data.get("datasource_ids") or []))
    check_references(session, file_ids, datasource_ids)
    check_assistant(session, data.get("assistant_id"))
    conv = Conversation(
        title=(data.get("title") or "").strip(),
        file_ids=file_ids,
        datasource_ids=datasource_ids,
        template_id=data.get("template_id"),
        assistant_id=data.get("assistant_id"),
        context={},
        messages=[],
    )
    session.add(conv)
    session.flush()
    return conv


def update_conversation(session: Session, conversation_id: str, data: dict[str, Any]) -> Conversation:
    """Rename a conversation and/or switch its assistant (SPEC 12); 404 for an unknown one."""
    conv = get_conversation(session, conversation_id)
    if "title" in data:
        conv.title = data["title"].strip()[:255]
    if "assistant_id" in data:
        check_assistant(session, data["assistant_id"])
        conv.assistant_id = data["assistant_id"] or None
    if "visibility" in data:  # the route checked that the caller owns it (or is an admin)
        conv.visibility = data["visibility"]
    session.flush()
    return conv


@dataclass(frozen=True)
class NewRun:
    """A question's user message and queued run, made (ids, times) before they are
    stored; `title` is the title the untitled conversation takes from it."""

    message: dict[str, Any]  # Message's attributes
    run: dict[str, Any]  # Run's attributes
    title: str | None

    @property
    def run_id(self) -> str:
        return str(self.run["id"])

    @property
    def message_id(self) -> str:
        return str(self.message["id"])


def new_run(conv: Head | Conversation, content: str, worker_id: str, reply: Reply | None = None) -> NewRun:
    """The user's message and a queued run for it (the caller stores them and submits the
    run). A reply to a clarification runs the original question; its message keeps the
    choice. The run is the conversation owner's, else the asker's (as `scope_sessions`
    would assign it)."""
    now = utcnow()
    message_id, run_id = new_id(), new_id()
    principal = current.get()
    owner = conv.owner_id if conv.owner_id is not None else principal.owner_key if principal is not None else None
    title = None if conv.title else clean_display_text(content.strip().splitlines()[0])[:TITLE_FROM_QUESTION]
    message = {
        "id": message_id, "conversation_id": conv.id, "role": "user", "content": content, "results": [],
        "meta": reply.meta() if reply is not None else {}, "run_id": run_id, "created_at": now,
    }  # fmt: skip
    run = {
        "id": run_id, "conversation_id": conv.id, "owner_id": owner, "message_id": message_id,
        "question": reply.question if reply is not None else content, "status": RunState.QUEUED,
        "worker_id": worker_id, "heartbeat_at": now, "cancel_requested": False, "created_at": now,
    }  # fmt: skip
    return NewRun(message, run, title)
