"""Templates: the built-in ones shipped as package data (read-only), custom ones stored;
filters, export as a self-describing JSON document and import of one."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import select

from datapulse.assistants.schema import check
from datapulse.errors import Conflict, NotFound, Unprocessable
from datapulse.events import iso
from datapulse.storage.db import Database
from datapulse.storage.plugin_models import PRIVATE, SHARED, Template

FORMAT = "datapulse-template/1"
EDITABLE: tuple[str, ...] = ("name", "description", "category", "tags", "instructions", "tools", "defaults", "planner")
EDITABLE += ("example_questions", "visibility")
BASE_DEFAULTS = {"language": "auto", "detail": "brief", "chart": "auto"}


@cache
def builtin_templates() -> tuple[dict[str, Any], ...]:
    text = resources.files("datapulse.assistants").joinpath("builtin_templates.json").read_text("utf-8")
    items = json.loads(text)
    return tuple({**t, "is_builtin": True, "owner_id": None, "visibility": SHARED} for t in items)


@cache
def known_tools() -> frozenset[str]:
    from datapulse.agents.tools import build_registry

    return frozenset(build_registry().names())


def check_tools(tools: list[str]) -> None:
    tools[:] = list(dict.fromkeys(tools))  # a tool named twice counts once
    unknown = [t for t in tools if t not in known_tools()]
    if unknown:
        raise Unprocessable(
            f"Unknown tool '{unknown[0]}'; tools must be built-in analysis tools.",
            code="unknown_tool",
            details={"fields": {"tools": [f"unknown: {', '.join(unknown)}"]}, "known": sorted(known_tools())},
        )


def template_dict(row: Template) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.id}
    out |= {key: getattr(row, key) for key in EDITABLE}
    out |= {"is_builtin": False, "owner_id": row.owner_id}
    return out | {"created_at": iso(row.created_at), "updated_at": iso(row.updated_at)}


def _matches(t: dict[str, Any], category: str | None, tag: str | None, search: str | None) -> bool:
    if category and t.get("category", "").lower() != category.lower():
        return False
    if tag and tag.lower() not in [x.lower() for x in t.get("tags", [])]:
        return False
    if search:
        hay = " ".join([t["name"], t.get("description", ""), *t.get("tags", []), t.get("category", "")]).lower()
        return search.lower() in hay
    return True


class TemplateService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self, category: str | None = None, tag: str | None = None, search: str | None = None) -> list[Any]:
        with self.db.session() as session:
            custom = [template_dict(r) for r in session.scalars(select(Template).order_by(Template.created_at))]
        return [t for t in [*builtin_templates(), *custom] if _matches(t, category, tag, search)]

    def get(self, template_id: str) -> dict[str, Any]:
        for t in builtin_templates():
            if t["id"] == template_id:
                return dict(t)
        with self.db.session() as session:
            row = None if "\x00" in template_id else session.get(Template, template_id)
            if row is None:
                raise NotFound(f"No template with id '{template_id}'.", details={"template_id": template_id})
            return template_dict(row)

    def create(self, doc: Any) -> dict[str, Any]:
        doc = check("template", doc)
        check_tools(doc.get("tools", []))
        values = {k: doc[k] for k in EDITABLE if k in doc}
        values["defaults"] = {**BASE_DEFAULTS, **values.get("defaults", {})}
        values.setdefault("visibility", PRIVATE)
        with self.db.session() as session:
            row = Template(**values)
            session.add(row)
            session.flush()
            return template_dict(row)

    def update(self, template_id: str, doc: Any) -> dict[str, Any]:
        self._refuse_builtin(template_id, "changed")
        doc = check("template", doc, partial=True)
        check_tools(doc.get("tools", []))
        with self.db.session() as session:
            row = self._row(session, template_id)
            for key in EDITABLE:
                if key in doc:
                    setattr(row, key, {**row.defaults, **doc[key]} if key == "defaults" else doc[key])
            session.flush()
            return template_dict(row)

    def delete(self, template_id: str) -> None:
        self._refuse_builtin(template_id, "deleted")
        with self.db.session() as session:
            session.delete(self._row(session, template_id))

    def export(self, template_id: str) -> dict[str, Any]:
        t = self.get(template_id)
        return {"format": FORMAT, **{k: t[k] for k in EDITABLE if k in t and k != "visibility"}}

    def import_(self, doc: Any) -> dict[str, Any]:
        if isinstance(doc, dict):
            doc = {k: v for k, v in doc.items() if k not in ("id",)}
        return self.create(doc)

    def _refuse_builtin(self, template_id: str, verb: str) -> None:
        if any(t["id"] == template_id for t in builtin_templates()):
            raise Conflict(
                f"Built-in templates cannot be {verb}; export it and import a copy.", code="builtin_template"
            )

    def _row(self, session: Any, template_id: str) -> Template:
        row = None if "\x00" in template_id else session.get(Template, template_id)
        if row is None:
            raise NotFound(f"No template with id '{template_id}'.", details={"template_id": template_id})
        return row  # type: ignore[no-any-return]
