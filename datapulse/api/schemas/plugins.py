"""Answer shapes of SPEC 12: templates, assistants, assignments, plugins, executions."""

from __future__ import annotations

from typing import Any

from apiflask import Schema, fields

from datapulse.api.schemas.common import PageMeta

S = fields.String
NULLABLE: dict[str, Any] = {"required": True, "allow_none": True}


class _Persona(Schema):
    id = S(required=True)
    name = S(required=True)
    description = S(required=True)
    instructions = S(required=True)
    tools = fields.List(S(), required=True)
    defaults = fields.Dict(required=True)
    planner = S(required=True)
    example_questions = fields.List(S(), required=True)
    visibility = S(required=True)
    owner_id = S(**NULLABLE)


class TemplateOut(_Persona):
    category = S(required=True)
    tags = fields.List(S(), required=True)
    is_builtin = fields.Boolean(required=True)
    created_at = S()
    updated_at = S()


class TemplateItem(TemplateOut):
    """TemplateOut inside a page."""


class TemplatePage(PageMeta):
    items = fields.List(fields.Nested(TemplateItem), required=True)


class TemplateExportOut(Schema):
    format = S(required=True)
    name = S(required=True)
    description = S()
    category = S()
    tags = fields.List(S())
    instructions = S()
    tools = fields.List(S())
    defaults = fields.Dict()
    planner = S()
    example_questions = fields.List(S())


class AssistantOut(_Persona):
    template_id = S(**NULLABLE)
    created_at = S(required=True)
    updated_at = S(required=True)


class AssistantItem(AssistantOut):
    """AssistantOut inside a page."""


class AssistantPage(PageMeta):
    items = fields.List(fields.Nested(AssistantItem), required=True)


class AssignmentOut(Schema):
    assistant_id = S(required=True)
    plugin_id = S(required=True)
    plugin = fields.Dict(required=True)
    is_enabled = fields.Boolean(required=True)
    sort_order = fields.Integer(required=True)
    config_override = fields.Dict(required=True)
    created_at = S(required=True)


class AssignmentItem(AssignmentOut):
    """AssignmentOut inside a page."""


class AssignmentPage(PageMeta):
    items = fields.List(fields.Nested(AssignmentItem), required=True)


class PluginOut(Schema):
    id = S(required=True)
    name = S(required=True)
    description = S(required=True)
    kind = S(required=True)
    is_builtin = fields.Boolean(required=True)
    functions = fields.List(fields.Dict(), required=True)
    manifest = fields.Dict(required=True, metadata={"description": "the manifest, without the auth secret"})
    owner_id = S(**NULLABLE)
    visibility = S(required=True)
    created_at = S(required=True)
    updated_at = S(required=True)


class PluginItem(PluginOut):
    """PluginOut inside a page."""


class PluginPage(PageMeta):
    items = fields.List(fields.Nested(PluginItem), required=True)


class _Figures(Schema):
    executions = fields.Integer(required=True)
    completed = fields.Integer(required=True)
    failed = fields.Integer(required=True)
    success_rate = fields.Float(**NULLABLE)
    p50_ms = fields.Float(**NULLABLE)
    p95_ms = fields.Float(**NULLABLE)
    cost = fields.Float(required=True)


class AssistantFigures(_Figures):
    assistant_id = S(**NULLABLE)


class PluginStatsOut(_Figures):
    plugin_id = S(required=True)
    per_assistant = fields.List(fields.Nested(AssistantFigures), required=True)


class ExecutionOut(Schema):
    id = S(required=True)
    plugin_id = S(required=True)
    assistant_id = S(**NULLABLE)
    run_id = S(**NULLABLE)
    function_name = S(required=True)
    status = S(required=True, metadata={"enum": ["pending", "running", "completed", "failed"]})
    input_parameters = fields.Dict(required=True)
    output_result = fields.Raw(**NULLABLE)
    execution_time_ms = fields.Float(**NULLABLE)
    attempts = fields.Integer(required=True)
    error_message = S(**NULLABLE)
    cost = fields.Float(required=True)
    created_at = S(required=True)
    finished_at = S(**NULLABLE)


class ExecutionItem(ExecutionOut):
    """ExecutionOut inside a page."""


class ExecutionPage(PageMeta):
    items = fields.List(fields.Nested(ExecutionItem), required=True)


class ExecutionAccepted(Schema):
    execution_id = S(required=True)


class CallOut(Schema):
    plugin_id = S(required=True)
    function_name = S(required=True)
    parameters = fields.Dict(required=True)
    confidence = fields.Float(required=True, metadata={"minimum": 0, "maximum": 1})


class DetectOut(Schema):
    calls = fields.List(fields.Nested(CallOut), required=True)
