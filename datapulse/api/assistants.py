"""Templates, assistants and plugin assignments (SPEC 12). Bodies are checked twice: the
marshmallow schemas document and type them, the JSON Schema of datapulse.assistants
judges them (a bad import gets a 422 naming the field)."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema, fields
from apiflask.validators import Length, OneOf, Range
from flask.blueprints import BlueprintSetupState

from datapulse.api.pagination import PageQuery, page_of
from datapulse.api.schemas.plugins import (
    AssignmentOut,
    AssignmentPage,
    AssistantOut,
    AssistantPage,
    TemplateExportOut,
    TemplateOut,
    TemplatePage,
)
from datapulse.api.services import services
from datapulse.api.validation import SegmentBut, no_nul_text
from datapulse.assistants.schema import CHARTS, DETAILS, LANGUAGES, PLANNERS
from datapulse.assistants.service import AssistantService
from datapulse.assistants.templates import FORMAT, TemplateService, known_tools

bp = APIBlueprint("assistants", __name__, url_prefix="/api", tag="Assistants")


class TemplateId(SegmentBut):
    """A template id, never the word `import` (its own route), so that the methods a
    path allows (OPTIONS, 405) are those of one route."""

    reserved = "import"


def _register_converter(state: BlueprintSetupState) -> None:
    state.app.url_map.converters.setdefault("template_id", TemplateId)


bp.record_once(_register_converter)


def _templates() -> TemplateService:
    return services().templates


def _assistants() -> AssistantService:
    return services().assistants


class DefaultsIn(Schema):
    language = fields.String(validate=OneOf(LANGUAGES))
    detail = fields.String(validate=OneOf(DETAILS))
    chart = fields.String(validate=OneOf(CHARTS))


class PersonaIn(Schema):
    """Documents and types the body; the JSON Schema of datapulse.assistants judges it."""

    name = fields.String(validate=[Length(1, 120), no_nul_text()])
    description = fields.String(validate=[Length(max=2000), no_nul_text()])
    instructions = fields.String(validate=[Length(max=20000), no_nul_text()])
    tools = fields.List(fields.String(validate=OneOf(sorted(known_tools()))), validate=Length(max=100))
    defaults = fields.Nested(DefaultsIn)
    planner = fields.String(validate=OneOf(PLANNERS))
    example_questions = fields.List(fields.String(validate=[Length(max=500), no_nul_text()]), validate=Length(max=50))
    visibility = fields.String(validate=OneOf(["private", "shared"]))


class TemplateIn(PersonaIn):
    category = fields.String(validate=[Length(1, 64), no_nul_text()])
    tags = fields.List(fields.String(validate=[Length(1, 40), no_nul_text()]), validate=Length(max=30))


class TemplateCreate(TemplateIn):
    name = fields.String(required=True, validate=[Length(1, 120), no_nul_text()])


class TemplateFile(TemplateIn):
    """An exported template (validated by the template JSON Schema alone, so that a bad
    file's 422 names the failing field)."""

    name = fields.String(required=True, validate=[Length(1, 120), no_nul_text()])
    format = fields.String(validate=OneOf([FORMAT]))


class AssistantIn(PersonaIn):
    template_id = fields.String(allow_none=True, validate=[Length(max=64), no_nul_text()])


class TemplateQuery(PageQuery):
    category = fields.String(load_default=None, validate=[Length(max=64), no_nul_text()])
    tag = fields.String(load_default=None, validate=[Length(max=64), no_nul_text()])
    search = fields.String(load_default=None, validate=[Length(max=200), no_nul_text()])


class AssignmentIn(Schema):
    plugin_id = fields.String(required=True, validate=[Length(1, 64), no_nul_text()])
    is_enabled = fields.Boolean(load_default=True)
    sort_order = fields.Integer(load_default=0, validate=Range(-1_000_000, 1_000_000))
    config_override = fields.Dict(load_default=dict)


class AssignmentChange(Schema):
    is_enabled = fields.Boolean()
    sort_order = fields.Integer(validate=Range(-1_000_000, 1_000_000))
    config_override = fields.Dict()


def _page(items: list[dict[str, Any]], query: dict[str, Any]) -> dict[str, Any]:
    page, per_page = query["page"], query["per_page"]
    start = (page - 1) * per_page
    return page_of(items[start : start + per_page], len(items), page, per_page)


# Templates ---------------------------------------------------------------------------
@bp.get("/templates")
@bp.input(TemplateQuery, location="query", arg_name="query")
@bp.output(TemplatePage)
@bp.doc(summary="Templates, built-in and custom (category, tag and search filters)")
def list_templates(query: dict[str, Any]) -> dict[str, Any]:
    return _page(_templates().list(query["category"], query["tag"], query["search"]), query)


@bp.post("/templates")
@bp.input(TemplateCreate, location="json", arg_name="body")
@bp.output(TemplateOut, status_code=201)
@bp.doc(summary="Create a custom template", responses=[201, 422])
def create_template(body: dict[str, Any]) -> dict[str, Any]:
    return _templates().create(body)


@bp.post("/templates/import")
@bp.input(TemplateFile, location="json", arg_name="body", validation=False)
@bp.output(TemplateOut, status_code=201)
@bp.doc(summary="Import a template exported as JSON", responses=[201, 422])
def import_template(body: dict[str, Any]) -> dict[str, Any]:
    return _templates().import_(body)


@bp.get("/templates/<template_id:template_id>")
@bp.output(TemplateOut)
@bp.doc(summary="One template", responses=[200, 404, 405])
def get_template(template_id: str) -> dict[str, Any]:
    return _templates().get(template_id)


@bp.get("/templates/<template_id:template_id>/export")
@bp.output(TemplateExportOut)
@bp.doc(summary="One template as a JSON document to import elsewhere", responses=[200, 404])
def export_template(template_id: str) -> tuple[dict[str, Any], int, dict[str, str]]:
    disposition = f'attachment; filename="template-{template_id}.json"'
    return _templates().export(template_id), 200, {"Content-Disposition": disposition}


@bp.put("/templates/<template_id:template_id>")
@bp.input(TemplateIn, location="json", arg_name="body")
@bp.output(TemplateOut)
@bp.doc(summary="Change a custom template (built-in ones answer 409)", responses=[200, 404, 409, 422, 405])
def update_template(template_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return _templates().update(template_id, body)


@bp.delete("/templates/<template_id:template_id>")
@bp.doc(summary="Delete a custom template", responses=[204, 404, 409, 405])
def delete_template(template_id: str) -> tuple[str, int]:
    _templates().delete(template_id)
    return "", 204


# Assistants --------------------------------------------------------------------------
@bp.get("/assistants")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(AssistantPage)
@bp.doc(summary="Assistants")
def list_assistants(query: dict[str, Any]) -> dict[str, Any]:
    return _page(_assistants().list(), query)


@bp.post("/assistants")
@bp.input(AssistantIn, location="json", arg_name="body")
@bp.output(AssistantOut, status_code=201)
@bp.doc(summary="Create an assistant, from a template_id or from scratch", responses=[201, 422])
def create_assistant(body: dict[str, Any]) -> dict[str, Any]:
    return _assistants().create(body)


@bp.get("/assistants/<assistant_id>")
@bp.output(AssistantOut)
@bp.doc(summary="One assistant", responses=[200, 404])
def get_assistant(assistant_id: str) -> dict[str, Any]:
    return _assistants().get(assistant_id)


@bp.put("/assistants/<assistant_id>")
@bp.input(AssistantIn, location="json", arg_name="body")
@bp.output(AssistantOut)
@bp.doc(summary="Change an assistant", responses=[200, 404, 422])
def update_assistant(assistant_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return _assistants().update(assistant_id, body)


@bp.delete("/assistants/<assistant_id>")
@bp.doc(summary="Delete an assistant and its assignments", responses=[204, 404])
def delete_assistant(assistant_id: str) -> tuple[str, int]:
    _assistants().delete(assistant_id)
    return "", 204


# Assignments -------------------------------------------------------------------------
@bp.get("/assistants/<assistant_id>/plugins")
@bp.output(AssignmentPage)
@bp.doc(summary="The plugins assigned to an assistant, in their order", responses=[200, 404])
def list_assignments(assistant_id: str) -> dict[str, Any]:
    items = _assistants().assignments(assistant_id)
    return {"items": items, "total": len(items), "page": 1, "per_page": max(len(items), 1)}


@bp.post("/assistants/<assistant_id>/plugins")
@bp.input(AssignmentIn, location="json", arg_name="body")
@bp.output(AssignmentOut, status_code=201)
@bp.doc(summary="Assign a plugin to an assistant", responses=[201, 404, 409, 422])
def assign_plugin(assistant_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return _assistants().assign(assistant_id, body)


@bp.put("/assistants/<assistant_id>/plugins/<plugin_id>")
@bp.input(AssignmentChange, location="json", arg_name="body")
@bp.output(AssignmentOut)
@bp.doc(summary="Enable or disable, reorder or configure an assignment", responses=[200, 404, 422])
def change_assignment(assistant_id: str, plugin_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return _assistants().change(assistant_id, plugin_id, body)


@bp.delete("/assistants/<assistant_id>/plugins/<plugin_id>")
@bp.doc(summary="Remove a plugin from an assistant", responses=[204, 404])
def unassign_plugin(assistant_id: str, plugin_id: str) -> tuple[str, int]:
    _assistants().unassign(assistant_id, plugin_id)
    return "", 204


# A conversation's assistant (SPEC 12) is switched by PATCH /api/chat/conversations/<id>,
# with its renaming, in datapulse/api/chat.py: one route for one conversation.
