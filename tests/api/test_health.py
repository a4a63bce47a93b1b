"""Health (SPEC 9): database, upload folder and free space, registered checks, and the
three statuses with their HTTP codes."""

from __future__ import annotations

from typing import Any

import pytest

from datapulse.api.health import DEGRADED, HEALTHY, UNHEALTHY, overall, register_check
from datapulse.storage.db import Database


def only_builtin_checks(app: Any) -> None:
    """Drop the checks other areas registered, so a test sees only what it sets up."""
    app.extensions["datapulse"].checks = {}


def test_health_lists_core_and_registered_checks(client) -> None:  # type: ignore[no-untyped-def]
    """The answer has a status and one entry per check, the core ones healthy here."""
    r = client.get("/api/health")
    body = r.json
    assert {"database", "uploads", "refresh_scheduler"} <= set(body["checks"])
    assert body["checks"]["database"]["status"] == HEALTHY
    assert body["checks"]["database"]["backend"] in ("sqlite", "postgresql")
    assert body["checks"]["refresh_scheduler"]["failed_sources"] == 0
    assert body["status"] == overall(body["checks"])
    assert r.status_code == (503 if body["status"] == UNHEALTHY else 200)


def test_all_healthy_is_200(app, client, settings) -> None:  # type: ignore[no-untyped-def]
    """With enough space and a working database the platform is healthy (200)."""
    only_builtin_checks(app)
    app.extensions["datapulse"].settings = settings.replace(MIN_FREE_DISK_MB=0)
    r = client.get("/api/health")
    assert r.status_code == 200 and r.json["status"] == HEALTHY
    assert r.json["checks"]["uploads"]["free_mb"] >= 0


def test_low_disk_space_is_degraded(app, client, settings) -> None:  # type: ignore[no-untyped-def]
    """Free space below MIN_FREE_DISK_MB degrades health but still answers 200."""
    only_builtin_checks(app)
    app.extensions["datapulse"].settings = settings.replace(MIN_FREE_DISK_MB=1024 * 1024 * 1024)
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json["status"] == DEGRADED and r.json["checks"]["uploads"]["status"] == DEGRADED


def test_broken_database_is_unhealthy_503(app, client) -> None:  # type: ignore[no-untyped-def]
    """A database that cannot be reached makes health unhealthy with 503 and a JSON body."""
    svc = app.extensions["datapulse"]
    good = svc.db
    svc.db = Database("postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=1")
    try:
        r = client.get("/api/health")
        assert r.status_code == 503 and r.is_json
        assert r.json["status"] == UNHEALTHY and r.json["checks"]["database"]["status"] == UNHEALTHY
        assert "error" in r.json["checks"]["database"]
        deps = client.get("/api/health/dependencies")
        assert deps.status_code == 200 and deps.json["status"] == UNHEALTHY
    finally:
        svc.db.dispose()
        svc.db = good


def test_missing_upload_folder_is_unhealthy(app, client, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An upload folder that does not exist is unhealthy."""
    only_builtin_checks(app)
    app.extensions["datapulse"].settings = settings.replace(UPLOAD_FOLDER=tmp_path / "gone" / "uploads")
    r = client.get("/api/health")
    assert r.status_code == 503 and r.json["checks"]["uploads"]["status"] == UNHEALTHY


def test_registered_check_that_raises_is_reported_not_crashed(app, client) -> None:  # type: ignore[no-untyped-def]
    """A check that raises counts as unhealthy with its error; health itself answers."""
    only_builtin_checks(app)

    def broken(_svc: Any) -> dict[str, Any]:
        raise RuntimeError("probe exploded")

    register_check(app.extensions["datapulse"], "broken", broken)
    r = client.get("/api/health")
    assert r.status_code == 503 and "probe exploded" in r.json["checks"]["broken"]["error"]


@pytest.mark.parametrize(("status", "code"), [(HEALTHY, 200), (DEGRADED, 200), (UNHEALTHY, 503)])
def test_worst_check_decides(app, client, settings, status, code) -> None:  # type: ignore[no-untyped-def]
    """The overall status is the worst of the checks; only unhealthy is 503."""
    only_builtin_checks(app)
    app.extensions["datapulse"].settings = settings.replace(MIN_FREE_DISK_MB=0)
    register_check(app.extensions["datapulse"], "probe", lambda _svc: {"status": status})
    r = client.get("/api/health")
    assert r.status_code == code and r.json["status"] == status


def test_dependencies_endpoint_shape(client) -> None:  # type: ignore[no-untyped-def]
    """`/api/health/dependencies` lists the same checks under `dependencies`."""
    r = client.get("/api/health/dependencies")
    assert r.status_code == 200
    assert {"database", "uploads"} <= set(r.json["dependencies"]) and r.json["status"] in (HEALTHY, DEGRADED, UNHEALTHY)


def test_root_health_is_the_api_health(app, client) -> None:  # type: ignore[no-untyped-def]
    """`GET /health` on the API's port answers the API's health as JSON (503 when
    unhealthy), never the UI page with 200."""
    only_builtin_checks(app)
    register_check(app.extensions["datapulse"], "probe", lambda _svc: {"status": UNHEALTHY})
    r = client.get("/health")
    assert r.status_code == 503 and r.is_json
    assert r.json["status"] == UNHEALTHY and "probe" in r.json["checks"]


def test_a_kept_check_is_computed_once_while_fresh(app, client) -> None:  # type: ignore[no-untyped-def]
    """A check registered with max_age_s runs once for health calls within that age; one that
    raises on its first run is reported unhealthy, not crashed."""
    only_builtin_checks(app)
    svc = app.extensions["datapulse"]
    calls: list[int] = []

    def counted(_svc: Any) -> dict[str, Any]:
        calls.append(1)
        return {"status": HEALTHY, "calls": len(calls)}

    def broken(_svc: Any) -> dict[str, Any]:
        raise RuntimeError("figures unavailable")

    register_check(svc, "counted", counted, max_age_s=3600)
    register_check(svc, "broken", broken, max_age_s=3600)
    first, second = client.get("/api/health").json, client.get("/api/health").json
    assert first["checks"]["counted"] == second["checks"]["counted"] == {"status": HEALTHY, "calls": 1}
    broken_result = second["checks"]["broken"]
    assert broken_result["status"] == UNHEALTHY and "figures unavailable" in broken_result["error"]
