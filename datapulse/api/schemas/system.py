"""Response shapes of health (SPEC 9), the agents, `/api/config` and the system metrics."""

from __future__ import annotations

from typing import Any

from apiflask import Schema, fields

STATUSES = ["healthy", "degraded", "unhealthy"]
Checks = fields.Dict(
    keys=fields.String(),
    values=fields.Dict(),
    required=True,
    metadata={"description": "One entry per check, each with its own `status` and details."},
)


class HealthOut(Schema):
    status = fields.String(required=True, metadata={"enum": STATUSES})
    checks = Checks


class DependenciesOut(Schema):
    status = fields.String(required=True, metadata={"enum": STATUSES})
    dependencies = Checks


def same_shape(schema_name: str, description: str) -> dict[str, Any]:
    """A `@doc(responses=...)` entry answering with the body of the 200 (a 503 health)."""
    ref = {"$ref": f"#/components/schemas/{schema_name}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


class AgentOut(Schema):
    name = fields.String(required=True)
    title = fields.String()
    description = fields.String()
    role = fields.String()
    state = fields.String(required=True, metadata={"enum": ["idle", "processing", "error"]})
    active = fields.Integer(required=True)
    runs = fields.Integer(required=True, metadata={"description": "finished steps over the last day"})
    failures = fields.Integer(required=True)
    mean_duration_ms = fields.Float(required=True, allow_none=True)
    last_status = fields.String(required=True, allow_none=True)
    last_message = fields.String(allow_none=True)
    last_active = fields.String(required=True, allow_none=True)


class AgentItem(AgentOut):
    """AgentOut inside the agents' health (its own class: apispec registers a nested class once)."""


class AgentList(Schema):
    items = fields.List(fields.Nested(AgentOut), required=True)
    total = fields.Integer(required=True)


class AgentsHealthOut(Schema):
    status = fields.String(required=True, metadata={"enum": STATUSES})
    agents = fields.List(fields.Nested(AgentItem), required=True)
    processing = fields.Integer()
    runs = fields.Integer()
    failures = fields.Integer()
    executor = fields.Dict()
    problems = fields.List(fields.String())
    error = fields.String()


class ConfigOut(Schema):
    """What the UI reads (`Settings.frontend()`); no secrets."""

    api_url = fields.String(required=True)
    ws_url = fields.String(required=True)
    max_upload_bytes = fields.Integer(required=True)
    allowed_extensions = fields.List(fields.String(), required=True)
    ws_max_message_bytes = fields.Integer(required=True)
    heartbeat_interval = fields.Float(required=True)
    metrics_interval = fields.Float(required=True)
    query_timeout_s = fields.Float(required=True)
    languages = fields.List(fields.String(), required=True)
    llm_enabled = fields.Boolean(required=True)
    redis_enabled = fields.Boolean(required=True)
    auth_mode = fields.String(required=True, metadata={"enum": ["local", "users"]})


class MetricsOut(Schema):
    """The shape of the WebSocket `system_metrics` event, sampled by this API process."""

    collected_at = fields.String(required=True)
    cpu = fields.Dict(required=True)
    memory = fields.Dict(required=True)
    disk = fields.Dict(required=True)
    network = fields.Dict(required=True)
    processes = fields.List(fields.Dict(), required=True)
    websocket = fields.Dict(required=True, allow_none=True)
    api_latency = fields.Dict(required=True)
    health = fields.Dict(required=True)
