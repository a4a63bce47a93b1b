"""The analysis agents (SPEC 5, 9): `GET /api/agents` and `GET /api/health/agents`."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, APIFlask

from datapulse.api.health import DEGRADED, HEALTHY, UNHEALTHY, register_check
from datapulse.api.platform import Platform
from datapulse.api.schemas.system import AgentList, AgentsHealthOut, same_shape
from datapulse.api.services import services
from datapulse.errors import DependencyDown

bp = APIBlueprint("agents", __name__, url_prefix="/api", tag="Agents")

FAILURE_RATE_DEGRADED = 0.5  # more failed agent steps than this (over the last day) degrades health


def _agents(svc: Platform) -> list[dict[str, Any]]:
    try:
        return svc.agent_stats.agents()
    except ImportError as exc:
        raise DependencyDown(f"The agents cannot be loaded: {exc}", code="agents_unavailable") from exc


def init_app(app: APIFlask, svc: Platform) -> None:
    register_check(svc, "agents", check_agents)


def check_agents(svc: Platform) -> dict[str, Any]:
    """Unhealthy when the agents cannot be loaded; degraded when most of their recent
    steps failed or the run executor is full."""
    try:
        agents = svc.agent_stats.agents()
    except ImportError as exc:
        return {"status": UNHEALTHY, "error": f"the agents cannot be loaded: {exc}"}
    if not agents:
        return {"status": UNHEALTHY, "error": "no agents are registered"}
    runs = sum(a["runs"] for a in agents)
    failures = sum(a["failures"] for a in agents)
    stats = svc.executor.stats()
    status, problems = HEALTHY, []
    if runs and failures / runs > FAILURE_RATE_DEGRADED:
        status = DEGRADED
        problems.append(f"{failures} of {runs} recent agent steps failed")
    if stats and stats["active"] >= stats["max_pending"]:
        status = DEGRADED
        problems.append("the run executor is full")
    out: dict[str, Any] = {
        "status": status,
        "agents": len(agents),
        "processing": sum(a["active"] for a in agents),
        "runs": runs,
        "failures": failures,
        "executor": stats,
    }
    if problems:
        out["problems"] = problems
    return out


@bp.get("/agents")
@bp.output(AgentList)
@bp.doc(summary="The agents with their state and counts (runs, failures, mean duration)", responses=[200, 503])
def list_agents() -> dict[str, Any]:
    agents = _agents(services())
    return {"items": agents, "total": len(agents)}


@bp.get("/health/agents")
@bp.output(AgentsHealthOut)
@bp.doc(
    summary="Health of the agents and of the run executor",
    responses={503: same_shape("AgentsHealthOut", "The agents cannot be loaded")},  # type: ignore[arg-type]
)
def agents_health() -> tuple[dict[str, Any], int]:
    svc = services()
    check = check_agents(svc)
    body = {**check, "agents": svc.agent_stats.agents() if check["status"] != UNHEALTHY else []}
    return body, 503 if check["status"] == UNHEALTHY else 200
