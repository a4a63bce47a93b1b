"""Plugins (SPEC 12): the registry, execution and its log, and function detection."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema, fields
from apiflask.validators import Length, OneOf, Range, Regexp
from flask import Response
from sqlalchemy import select

from datapulse.api.pagination import PageQuery, page_of, paginate_select
from datapulse.api.schemas.plugins import (
    DetectOut,
    ExecutionAccepted,
    ExecutionOut,
    ExecutionPage,
    PluginOut,
    PluginPage,
    PluginStatsOut,
)
from datapulse.api.services import services
from datapulse.api.validation import no_nul_text
from datapulse.assistants.service import get_assistant
from datapulse.errors import NotFound, Unprocessable
from datapulse.plugins import PluginSystem
from datapulse.plugins.assignments import assistant_planner, enabled_candidates
from datapulse.plugins.detect import Candidate
from datapulse.plugins.detection import find_calls
from datapulse.plugins.executor import execution_dict
from datapulse.plugins.image import image_path
from datapulse.plugins.stats import plugin_stats
from datapulse.plugins.store import get_plugin, plugin_dict
from datapulse.storage.plugin_models import AssistantPlugin, Plugin, PluginExecution

bp = APIBlueprint("plugins", __name__, url_prefix="/api", tag="Plugins")
STATUSES = ("pending", "running", "completed", "failed")


def plugin_system() -> PluginSystem:
    return services().plugins


class FunctionIn(Schema):
    name = fields.String(required=True, validate=Regexp(r"^[A-Za-z0-9_.-]{1,120}$"))
    description = fields.String(required=True, validate=[Length(max=2000), no_nul_text()])
    parameters = fields.Dict(required=True, metadata={"description": "JSON Schema of the parameters"})
    keywords = fields.List(fields.String(validate=[Length(max=80), no_nul_text()]), validate=Length(max=50))


class AuthIn(Schema):
    header = fields.String(required=True, validate=Regexp(r"^[A-Za-z0-9-]{1,80}$"))
    secret = fields.String(
        required=True, validate=[Length(1, 4000), no_nul_text()], metadata={"description": "never returned"}
    )


class ManifestIn(Schema):
    """Documents the manifest; the manifest JSON Schema (datapulse.plugins.manifest) judges it."""

    name = fields.String(required=True, validate=Regexp(r"^[A-Za-z0-9_.-]{1,120}$"))
    description = fields.String(validate=[Length(max=2000), no_nul_text()])
    kind = fields.String(required=True, validate=OneOf(["http", "mcp"]))
    functions = fields.List(fields.Nested(FunctionIn), validate=Length(max=200))
    keywords = fields.List(fields.String(validate=[Length(max=80), no_nul_text()]), validate=Length(max=50))
    visibility = fields.String(validate=OneOf(["private", "shared"]))
    endpoint = fields.String(
        validate=[Length(max=2000), no_nul_text()], metadata={"description": "http: gets {function, parameters}"}
    )
    method = fields.String(validate=OneOf(["POST", "PUT"]))
    auth = fields.Nested(AuthIn, metadata={"description": "http: the header and its secret"})
    timeout_s = fields.Float(validate=Range(min=0, max=3600, min_inclusive=False))
    retries = fields.Integer(validate=Range(0, 10))
    cost_per_call = fields.Float(validate=Range(min=0))
    command = fields.String(validate=[Length(1, 1000), no_nul_text()], metadata={"description": "mcp over stdio"})
    args = fields.List(fields.String(validate=[Length(max=1000), no_nul_text()]), validate=Length(max=100))
    url = fields.String(
        validate=[Length(max=2000), no_nul_text()], metadata={"description": "mcp over streamable HTTP"}
    )


class ExecuteIn(Schema):
    function_name = fields.String(required=True, validate=[Length(1, 120), no_nul_text()])
    parameters = fields.Dict(load_default=dict)
    assistant_id = fields.String(load_default=None, validate=[Length(1, 64), no_nul_text()])


class ChatExecuteIn(ExecuteIn):
    plugin_id = fields.String(load_default=None, validate=[Length(1, 64), no_nul_text()])


class DetectIn(Schema):
    assistant_id = fields.String(required=True, validate=[Length(1, 64), no_nul_text()])
    message = fields.String(required=True, validate=[Length(1, 20_000), no_nul_text()])


class ExecutionQuery(PageQuery):
    plugin_id = fields.String(validate=[Length(1, 64), no_nul_text()])
    assistant_id = fields.String(validate=[Length(1, 64), no_nul_text()])
    status = fields.String(validate=OneOf(STATUSES))


class KindQuery(PageQuery):
    kind = fields.String(validate=OneOf(("builtin", "http", "mcp")))


@bp.get("/plugins")
@bp.input(KindQuery, location="query", arg_name="query")
@bp.output(PluginPage)
@bp.doc(summary="The registry: built-in tools and plugins, HTTP plugins, MCP servers")
def list_plugins(query: dict[str, Any]) -> dict[str, Any]:
    with services().db.session() as session:
        stmt = select(Plugin).order_by(Plugin.is_builtin.desc(), Plugin.name)
        if query.get("kind"):
            stmt = stmt.where(Plugin.kind == query["kind"])
        rows, total = paginate_select(session, stmt, query["page"], query["per_page"])
        return page_of([plugin_dict(r) for r in rows], total, query["page"], query["per_page"])


@bp.post("/plugins")
@bp.input(ManifestIn, location="json", arg_name="body", validation=False)
@bp.output(PluginOut, status_code=201)
@bp.doc(summary="Register an HTTP plugin or an MCP server (its tools are discovered)", responses=[201, 403, 409, 422])
def create_plugin(body: dict[str, Any]) -> dict[str, Any]:
    return plugin_system().store.create(body)


@bp.get("/plugins/<plugin_id>")
@bp.output(PluginOut)
@bp.doc(summary="One plugin with its manifest (never its secret)", responses=[200, 404])
def get_plugin_route(plugin_id: str) -> dict[str, Any]:
    with services().db.session() as session:
        return plugin_dict(get_plugin(session, plugin_id))


@bp.put("/plugins/<plugin_id>")
@bp.input(ManifestIn, location="json", arg_name="body", validation=False)
@bp.output(PluginOut)
@bp.doc(summary="Replace a plugin's manifest (without auth the secret is kept)", responses=[200, 403, 404, 409, 422])
def update_plugin(plugin_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return plugin_system().store.update(plugin_id, body)


@bp.delete("/plugins/<plugin_id>")
@bp.doc(summary="Delete a plugin (its executions stay in the log)", responses=[204, 404, 409])
def delete_plugin(plugin_id: str) -> tuple[str, int]:
    plugin_system().store.delete(plugin_id)
    return "", 204


@bp.get("/plugins/<plugin_id>/stats")
@bp.output(PluginStatsOut)
@bp.doc(summary="Executions, success rate, p50/p95 time, cost, per assistant", responses=[200, 404])
def stats(plugin_id: str) -> dict[str, Any]:
    svc = services()
    with svc.db.session() as session:
        get_plugin(session, plugin_id)
    return plugin_stats(svc.db, plugin_id)


@bp.post("/plugins/<plugin_id>/execute")
@bp.input(ExecuteIn, location="json", arg_name="body")
@bp.output(ExecutionAccepted, status_code=202)
@bp.doc(summary="Run one function of a plugin asynchronously", responses=[202, 404, 422, 429])
def execute(plugin_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return _submit(plugin_id, body)


def _submit(plugin_id: str, body: dict[str, Any]) -> dict[str, Any]:
    config = _config(body["assistant_id"], plugin_id) if body["assistant_id"] else {}
    execution_id = plugin_system().engine.submit(
        plugin_id, body["function_name"], {**config.get("parameters", {}), **body["parameters"]},
        assistant_id=body["assistant_id"], config=config,
    )  # fmt: skip
    return {"execution_id": execution_id}


@bp.post("/chat/execute-function")
@bp.input(ChatExecuteIn, location="json", arg_name="body")
@bp.output(ExecutionAccepted, status_code=202)
@bp.doc(summary="Run a detected function call asynchronously", responses=[202, 404, 422, 429])
def chat_execute(body: dict[str, Any]) -> dict[str, Any]:
    plugin_id = body["plugin_id"] or _resolve(body["assistant_id"], body["function_name"])
    return _submit(plugin_id, body)


@bp.post("/chat/detect-functions")
@bp.input(DetectIn, location="json", arg_name="body")
@bp.output(DetectOut)
@bp.doc(summary="Function calls of the assistant's enabled plugins found in a message", responses=[200, 404])
def detect_functions(body: dict[str, Any]) -> dict[str, Any]:
    aid = body["assistant_id"]
    planner = assistant_planner(services().db, aid)
    return {"calls": find_calls(body["message"], candidates(aid), services().settings, planner)}


@bp.get("/plugin-executions")
@bp.input(ExecutionQuery, location="query", arg_name="query")
@bp.output(ExecutionPage)
@bp.doc(summary="The execution log, newest first (plugin_id, status, assistant_id filters)")
def list_executions(query: dict[str, Any]) -> dict[str, Any]:
    with services().db.session() as session:
        stmt = select(PluginExecution).order_by(PluginExecution.created_at.desc(), PluginExecution.id)
        for key in ("plugin_id", "assistant_id", "status"):
            if query.get(key):
                stmt = stmt.where(getattr(PluginExecution, key) == query[key])
        rows, total = paginate_select(session, stmt, query["page"], query["per_page"])
        return page_of([execution_dict(r) for r in rows], total, query["page"], query["per_page"])


@bp.get("/plugin-executions/<execution_id>")
@bp.output(ExecutionOut)
@bp.doc(summary="One execution in full", responses=[200, 404])
def get_execution(execution_id: str) -> dict[str, Any]:
    return plugin_system().engine.get(execution_id)


@bp.get("/plugin-executions/<execution_id>/image")
@bp.doc(
    summary="The image an execution generated",
    responses={200: {"description": "The image", "content": {"image/png": {}, "image/jpeg": {}}}, 404: "No image"},  # type: ignore[arg-type]
)
def execution_image(execution_id: str) -> Response:
    plugin_system().engine.get(execution_id)
    path = image_path(services().settings, execution_id)
    if path is None:
        raise NotFound("This execution has no image.", details={"execution_id": execution_id})
    response = Response(path.read_bytes(), mimetype="image/png" if path.suffix == ".png" else "image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _config(assistant_id: str, plugin_id: str) -> dict[str, Any]:
    with services().db.session() as session:
        get_assistant(session, assistant_id)
        link = session.scalar(
            select(AssistantPlugin).where(
                AssistantPlugin.assistant_id == assistant_id, AssistantPlugin.plugin_id == plugin_id
            )
        )
        return dict(link.config_override) if link is not None else {}


def _resolve(assistant_id: str | None, function_name: str) -> str:
    """The plugin of the assistant's enabled ones that has this function."""
    if not assistant_id:
        raise Unprocessable("Name the plugin_id, or an assistant_id to find it in.", code="plugin_required")
    ids = {c.plugin_id for c in candidates(assistant_id) if c.function["name"] == function_name}
    if len(ids) != 1:
        raise Unprocessable(
            f"{'No' if not ids else 'More than one'} enabled plugin of this assistant has '{function_name}'.",
            code="unknown_function",
            details={"function_name": function_name},
        )
    return ids.pop()


def candidates(assistant_id: str) -> list[Candidate]:
    return enabled_candidates(services().db, plugin_system().registry, assistant_id)
