"""Database tables. Every top-level row has a nullable `owner_id`; what a user may see
is decided from it and `visibility` (datapulse.auth.access); ids are opaque hex strings."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from datapulse.events import utcnow
from datapulse.storage.sealed import SealedJSON


def new_id() -> str:
    return uuid.uuid4().hex


class SourceState(StrEnum):
    """`data_sources.status` (SPEC 4)."""

    READY = "ready"
    REFRESHING = "refreshing"
    FAILED = "failed"


class RunState(StrEnum):
    """`runs.status` (SPEC 5): queued → running → completed | failed | cancelled; a run
    whose owning process died becomes interrupted."""

    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"


ACTIVE_RUN_STATES: Final = (RunState.QUEUED, RunState.RUNNING)
FINAL_RUN_STATES: Final = (RunState.COMPLETED, RunState.FAILED, RunState.CANCELLED, RunState.INTERRUPTED)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True), dict[str, Any]: JSON, list[Any]: JSON}


PRIVATE = "private"
SHARED = "shared"
VISIBILITIES = (PRIVATE, SHARED)


class OwnedMixin:
    """An object a user owns (SPEC 11): only its owner (and admins) see it while
    `private`; every signed-in user reads it once `shared`. `owner_id` is the owner's
    user id as text; NULL means the installation's (made in local mode, or built in)."""

    owner_id: Mapped[str | None] = mapped_column(String(64), index=True)
    visibility: Mapped[str] = mapped_column(String(16), default=PRIVATE)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class FileStatus(StrEnum):
    """Where an uploaded file is in its life: profiled (`ready`, a table), still being
    profiled, or refused by its reader (`failed`, with the reason in `error`)."""

    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class StoredFile(TimestampMixin, OwnedMixin, Base):
    __tablename__ = "files"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(255))
    table_name: Mapped[str] = mapped_column(String(63), unique=True)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    type: Mapped[str] = mapped_column(String(16))
    checksum: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=FileStatus.PROCESSING, index=True)
    error: Mapped[str | None] = mapped_column(Text)
    rows: Mapped[int | None] = mapped_column(BigInteger)
    columns: Mapped[int | None] = mapped_column(Integer)
    schema: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    stored_path: Mapped[str] = mapped_column(String(1024))
    derived_path: Mapped[str | None] = mapped_column(String(1024))


class DataSource(TimestampMixin, OwnedMixin, Base):
    __tablename__ = "datasources"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(16))
    config: Mapped[dict[str, Any]] = mapped_column(SealedJSON, default=dict)  # sql passwords encrypted
    table_name: Mapped[str] = mapped_column(String(63), unique=True)
    refresh_interval: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=SourceState.REFRESHING)
    version: Mapped[int] = mapped_column(Integer, default=0)
    last_refreshed: Mapped[datetime | None] = mapped_column()
    next_refresh_at: Mapped[datetime | None] = mapped_column(index=True)
    error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    worker_id: Mapped[str | None] = mapped_column(String(64))  # whose refresh runs (datapulse.lease)

    versions: Mapped[list[DatasetVersion]] = relationship(
        back_populates="datasource", cascade="all, delete-orphan", passive_deletes=True
    )


class DatasetVersion(Base):
    __tablename__ = "dataset_versions"
    __table_args__ = (UniqueConstraint("datasource_id", "version"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    datasource_id: Mapped[str] = mapped_column(ForeignKey("datasources.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(1024))
    rows: Mapped[int] = mapped_column(BigInteger, default=0)
    columns: Mapped[int] = mapped_column(Integer, default=0)
    schema: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    checksum: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    datasource: Mapped[DataSource] = relationship(back_populates="versions")


class TableName(Base):
    """Every SQL table name in use, by a file or a data source: its primary key makes a
    name unique across both, which their own `table_name` columns cannot."""

    __tablename__ = "table_names"
    __table_args__ = (UniqueConstraint("kind", "ref_id"),)

    name: Mapped[str] = mapped_column(String(63), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # file, datasource
    ref_id: Mapped[str] = mapped_column(String(32))
    owner_id: Mapped[str | None] = mapped_column(String(64), index=True)


class Conversation(TimestampMixin, OwnedMixin, Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(255), default="")
    file_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    datasource_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    template_id: Mapped[str | None] = mapped_column(String(64))
    assistant_id: Mapped[str | None] = mapped_column(String(32))
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Message.created_at",
    )


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # user, assistant
    content: Mapped[str] = mapped_column(Text, default="")
    run_id: Mapped[str | None] = mapped_column(String(32), index=True)
    results: Mapped[list[Any]] = mapped_column(JSON, default=list)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


# The search index over `messages.content` (migration 0007): an FTS5 table with its shadow
# tables on SQLite; a generated column of the folded text and its pg_trgm index on
# PostgreSQL. No model declares them (none can be declared portably), so comparing the
# models with the database leaves them out.
SEARCH_INDEX = ("messages_fts", "content_folded", "ix_messages_content_folded_trgm")


def declared_by_models(name: str | None, _type: str, _parents: Any) -> bool:
    """Alembic's `include_name`: False for the search index's objects."""
    return not (name or "").startswith(SEARCH_INDEX)


class Run(Base):
    __tablename__ = "runs"
    # A conversation's latest run is read by every new question (clarify.resolve): the
    # index ends where that run is, however many runs the conversation holds.
    __table_args__ = (Index("ix_runs_conversation_created", "conversation_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[str | None] = mapped_column(String(64), index=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    message_id: Mapped[str | None] = mapped_column(String(32))
    question: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=RunState.QUEUED, index=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    worker_id: Mapped[str | None] = mapped_column(String(64))
    heartbeat_at: Mapped[datetime | None] = mapped_column()  # refreshed by the owning worker while active
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_ms: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()


class RunEvent(Base):
    __tablename__ = "run_events"
    __table_args__ = (UniqueConstraint("run_id", "seq"), Index("ix_run_events_run_seq", "run_id", "seq"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# SPEC 12's tables live in their own module; imported here so that Base.metadata holds them.
from datapulse.storage import audit_models as _audit_models  # noqa: E402,F401
from datapulse.storage import auth_models as _auth_models  # noqa: E402,F401
from datapulse.storage import plugin_models as _plugin_models  # noqa: E402,F401
