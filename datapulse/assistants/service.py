"""Assistants (from a template or from scratch) and their plugin assignments."""

from __future__ import annotations

import builtins
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from datapulse.assistants.schema import check
from datapulse.assistants.templates import BASE_DEFAULTS, TemplateService, check_tools, known_tools
from datapulse.errors import Conflict, NotFound, Unprocessable
from datapulse.events import iso
from datapulse.storage.db import Database
from datapulse.storage.plugin_models import PRIVATE, Assistant, AssistantPlugin, Plugin

FIELDS = ("name", "description", "instructions", "tools", "defaults", "planner", "example_questions", "visibility")


def assistant_dict(row: Assistant) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.id, **{k: getattr(row, k) for k in FIELDS}}
    out |= {"template_id": row.template_id, "owner_id": row.owner_id}
    return out | {"created_at": iso(row.created_at), "updated_at": iso(row.updated_at)}


def assignment_dict(link: AssistantPlugin, plugin: Plugin) -> dict[str, Any]:
    return {
        "assistant_id": link.assistant_id,
        "plugin_id": link.plugin_id,
        "plugin": {"id": plugin.id, "name": plugin.name, "kind": plugin.kind, "description": plugin.description},
        "is_enabled": link.is_enabled,
        "sort_order": link.sort_order,
        "config_override": link.config_override,
        "created_at": iso(link.created_at),
    }


def get_assistant(session: Session, assistant_id: str) -> Assistant:
    row = None if "\x00" in assistant_id else session.get(Assistant, assistant_id)
    if row is None:
        raise NotFound(f"No assistant with id '{assistant_id}'.", details={"assistant_id": assistant_id})
    return row


class AssistantService:
    def __init__(self, db: Database, templates: TemplateService) -> None:
        self.db, self.templates = db, templates

    def list(self) -> list[dict[str, Any]]:
        with self.db.session() as session:
            return [assistant_dict(r) for r in session.scalars(select(Assistant).order_by(Assistant.created_at))]

    def get(self, assistant_id: str) -> dict[str, Any]:
        with self.db.session() as session:
            return assistant_dict(get_assistant(session, assistant_id))

    def create(self, doc: Any) -> dict[str, Any]:
        doc = check("assistant", doc, partial=True)
        base: dict[str, Any] = {"tools": sorted(known_tools()), "defaults": dict(BASE_DEFAULTS), "planner": "rules"}
        if doc.get("template_id"):
            try:
                template = self.templates.get(doc["template_id"])
            except NotFound:
                raise Unprocessable(
                    f"No template with id '{doc['template_id']}'.",
                    code="unknown_template",
                    details={"fields": {"template_id": ["no such template"]}},
                ) from None
            base |= {k: template[k] for k in FIELDS if k in template and k != "visibility"}
        values = {**base, **{k: doc[k] for k in FIELDS if k in doc}}
        values["defaults"] = {**base["defaults"], **doc.get("defaults", {})}
        if not values.get("name"):
            raise Unprocessable(
                "An assistant needs a name (or a template_id to take it from).",
                details={"fields": {"name": ["required"]}},
            )
        check_tools(values["tools"])
        values.setdefault("visibility", PRIVATE)
        with self.db.session() as session:
            row = Assistant(**values, template_id=doc.get("template_id"))
            session.add(row)
            session.flush()
            return assistant_dict(row)

    def update(self, assistant_id: str, doc: Any) -> dict[str, Any]:
        doc = check("assistant", doc, partial=True)
        check_tools(doc.get("tools", []))
        with self.db.session() as session:
            row = get_assistant(session, assistant_id)
            for key in (*FIELDS, "template_id"):
                if key in doc:
                    setattr(row, key, {**row.defaults, **doc[key]} if key == "defaults" else doc[key])
            session.flush()
            return assistant_dict(row)

    def delete(self, assistant_id: str) -> None:
        with self.db.session() as session:
            session.delete(get_assistant(session, assistant_id))

    # Assignments ---------------------------------------------------------------------
    def assignments(self, assistant_id: str, enabled_only: bool = False) -> builtins.list[dict[str, Any]]:
        with self.db.session() as session:
            get_assistant(session, assistant_id)
            stmt = (
                select(AssistantPlugin, Plugin)
                .join(Plugin, Plugin.id == AssistantPlugin.plugin_id)
                .where(AssistantPlugin.assistant_id == assistant_id)
                .order_by(AssistantPlugin.sort_order, AssistantPlugin.created_at)
            )
            if enabled_only:
                stmt = stmt.where(AssistantPlugin.is_enabled.is_(True))
            return [assignment_dict(link, plugin) for link, plugin in session.execute(stmt)]

    def assign(self, assistant_id: str, doc: dict[str, Any]) -> dict[str, Any]:
        with self.db.session() as session:
            get_assistant(session, assistant_id)
            plugin = session.get(Plugin, doc["plugin_id"]) if "\x00" not in doc["plugin_id"] else None
            if plugin is None:
                raise Unprocessable(
                    f"No plugin with id '{doc['plugin_id']}'.",
                    code="unknown_plugin",
                    details={"fields": {"plugin_id": ["no such plugin"]}},
                )
            if session.scalar(select(AssistantPlugin.id).where(*self._key(assistant_id, plugin.id))):
                raise Conflict("The plugin is already assigned to this assistant.", code="already_assigned")
            link = AssistantPlugin(
                assistant_id=assistant_id,
                plugin_id=plugin.id,
                is_enabled=doc.get("is_enabled", True),
                sort_order=doc.get("sort_order", 0),
                config_override=doc.get("config_override") or {},
            )
            session.add(link)
            session.flush()
            return assignment_dict(link, plugin)

    def change(self, assistant_id: str, plugin_id: str, doc: dict[str, Any]) -> dict[str, Any]:
        with self.db.session() as session:
            link = self._link(session, assistant_id, plugin_id)
            for key in ("is_enabled", "sort_order", "config_override"):
                if key in doc:
                    setattr(link, key, doc[key])
            session.flush()
            return assignment_dict(link, session.get_one(Plugin, plugin_id))

    def unassign(self, assistant_id: str, plugin_id: str) -> None:
        with self.db.session() as session:
            session.delete(self._link(session, assistant_id, plugin_id))

    @staticmethod
    def _key(assistant_id: str, plugin_id: str) -> tuple[Any, ...]:
        return (AssistantPlugin.assistant_id == assistant_id, AssistantPlugin.plugin_id == plugin_id)

    def _link(self, session: Session, assistant_id: str, plugin_id: str) -> AssistantPlugin:
        get_assistant(session, assistant_id)
        link = session.scalar(select(AssistantPlugin).where(*self._key(assistant_id, plugin_id)))
        if link is None:
            raise NotFound(
                f"The plugin '{plugin_id}' is not assigned to this assistant.",
                details={"assistant_id": assistant_id, "plugin_id": plugin_id},
            )
        return link
