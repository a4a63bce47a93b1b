"""Tables of SPEC 12: templates, assistants, plugins, their assignments and the execution log.

Every object has `owner_id` and `visibility` ("private" by default, or "shared"):
datapulse.auth.access scopes them like files and conversations.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from datapulse.events import utcnow
from datapulse.storage.models import PRIVATE, SHARED, VISIBILITIES, Base, OwnedMixin, TimestampMixin, new_id

__all__ = ["PRIVATE", "SHARED", "VISIBILITIES", "OwnedMixin"]


class Template(TimestampMixin, OwnedMixin, Base):
    """A custom template; the built-in ones are package data and never stored."""

    __tablename__ = "templates"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(64), default="custom", index=True)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    instructions: Mapped[str] = mapped_column(Text, default="")
    tools: Mapped[list[Any]] = mapped_column(JSON, default=list)
    defaults: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    planner: Mapped[str] = mapped_column(String(16), default="rules")
    example_questions: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Assistant(TimestampMixin, OwnedMixin, Base):
    __tablename__ = "assistants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    instructions: Mapped[str] = mapped_column(Text, default="")
    tools: Mapped[list[Any]] = mapped_column(JSON, default=list)
    defaults: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    planner: Mapped[str] = mapped_column(String(16), default="rules")
    example_questions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    template_id: Mapped[str | None] = mapped_column(String(64))


class Plugin(TimestampMixin, OwnedMixin, Base):
    """A registered plugin: its manifest, and for `http` the encrypted auth secret."""

    __tablename__ = "plugins"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), index=True)
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    secret: Mapped[str | None] = mapped_column(Text)  # Fernet token, never returned
    is_builtin: Mapped[bool] = mapped_column(Boolean, default=False)


class AssistantPlugin(Base):
    __tablename__ = "assistant_plugins"
    __table_args__ = (UniqueConstraint("assistant_id", "plugin_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    assistant_id: Mapped[str] = mapped_column(ForeignKey("assistants.id", ondelete="CASCADE"), index=True)
    plugin_id: Mapped[str] = mapped_column(ForeignKey("plugins.id", ondelete="CASCADE"), index=True)
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    config_override: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PluginExecution(OwnedMixin, Base):
    """One call of a plugin function; kept after its plugin is deleted (the log)."""

    __tablename__ = "plugin_executions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    plugin_id: Mapped[str] = mapped_column(String(64), index=True)
    assistant_id: Mapped[str | None] = mapped_column(String(32), index=True)
    run_id: Mapped[str | None] = mapped_column(String(32))
    function_name: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    input_parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    output_result: Mapped[Any] = mapped_column(JSON, nullable=True)
    execution_time_ms: Mapped[float | None] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error_message: Mapped[str | None] = mapped_column(Text)
    cost: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column()
