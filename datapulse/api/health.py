"""Health (SPEC 9): each dependency is a named check; the worst decides the status."""

from __future__ import annotations

import shutil
from functools import partial
from typing import Any

from apiflask import APIBlueprint, APIFlask

from datapulse.api.platform import Check, Platform
from datapulse.api.schemas.system import DependenciesOut, HealthOut, same_shape
from datapulse.api.services import services
from datapulse.runtime import Kept

bp = APIBlueprint("health", __name__, url_prefix="/api/health", tag="Health")
# `GET /health` on the API's port: a load balancer probing the usual path must see the
# API's health (503 when unhealthy), not the UI page the catch-all route would serve.
root = APIBlueprint("health_root", __name__, tag="Health")

HEALTHY, DEGRADED, UNHEALTHY = "healthy", "degraded", "unhealthy"
_RANK = {HEALTHY: 0, DEGRADED: 1, UNHEALTHY: 2}


def register_check(svc: Platform, name: str, check: Check, max_age_s: float | None = None) -> None:
    """Subsystems add their checks in their init_app (websocket, redis, agents ...). A check
    that queries the database for figures (not for reachability) may give `max_age_s`:
    its result is kept that long and then refreshed behind the health call that finds it
    stale (`Kept`), so that health answers at once when a loaded database is slow
    (bench/bench_concurrent_askers.py at 200 askers: such a count took up to 0.24 s)."""
    if max_age_s is None:
        svc.checks[name] = check
        return
    kept = Kept(partial(_safe, check, svc), max_age_s)
    svc.checks[name] = lambda _svc: kept.get()


def _safe(check: Check, svc: Platform) -> dict[str, Any]:
    try:
        return check(svc)
    except Exception as exc:  # a broken check must not break health itself
        return {"status": UNHEALTHY, "error": f"{type(exc).__name__}: {exc}"}


def check_database(svc: Platform) -> dict[str, Any]:
    try:
        svc.db.ping()
    except Exception as exc:  # any driver error means the database is unreachable
        return {"status": UNHEALTHY, "error": type(exc).__name__}
    return {"status": HEALTHY, "backend": svc.db.engine.dialect.name}


def check_uploads(svc: Platform) -> dict[str, Any]:
    folder = svc.settings.UPLOAD_FOLDER
    try:
        usage = shutil.disk_usage(folder)
    except OSError as exc:
        return {"status": UNHEALTHY, "error": exc.strerror or str(exc)}
    free_mb = usage.free // (1024 * 1024)
    status = DEGRADED if free_mb < svc.settings.MIN_FREE_DISK_MB else HEALTHY
    return {"status": status, "free_mb": free_mb, "total_mb": usage.total // (1024 * 1024)}


def check_lanes(svc: Platform) -> dict[str, Any]:
    """Degraded while a lane (user SQL, exports) has every worker busy: its new work waits."""
    lanes = {name: lane.stats() for name, lane in svc.lanes.items()}
    full = sorted(name for name, stats in lanes.items() if stats["busy"] >= stats["workers"])
    return {"status": DEGRADED if full else HEALTHY, "saturated": full, **lanes}


def run_checks(svc: Platform) -> dict[str, dict[str, Any]]:
    checks: dict[str, Check] = {"database": check_database, "uploads": check_uploads, "lanes": check_lanes}
    checks.update(svc.checks)
    return {name: _safe(check, svc) for name, check in checks.items()}


def overall(results: dict[str, dict[str, Any]]) -> str:
    return max((r.get("status", UNHEALTHY) for r in results.values()), key=lambda s: _RANK.get(s, 2), default=HEALTHY)


@root.get("/health")
@root.output(HealthOut)
@root.doc(
    summary="The API's health (as `/api/health`), for load balancers",
    responses={503: same_shape("HealthOut", "Unhealthy")},  # type: ignore[arg-type]
)
def root_health() -> tuple[dict[str, Any], int]:
    return _health()


def init_app(app: APIFlask, svc: Platform) -> None:
    app.register_blueprint(root)


@bp.get("")
@bp.output(HealthOut)
@bp.doc(
    summary="Overall health with one check per dependency",
    responses={503: same_shape("HealthOut", "Unhealthy")},  # type: ignore[arg-type]
)
def health() -> tuple[dict[str, Any], int]:
    return _health()


def _health() -> tuple[dict[str, Any], int]:
    results = run_checks(services())
    status = overall(results)
    return {"status": status, "checks": results}, 503 if status == UNHEALTHY else 200


@bp.get("/dependencies")
@bp.output(DependenciesOut)
@bp.doc(summary="The dependencies' checks alone")
def dependencies() -> dict[str, Any]:
    results = run_checks(services())
    return {"status": overall(results), "dependencies": results}
