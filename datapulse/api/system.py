"""System endpoints: `/api/config` (the UI's settings) and `/api/system/metrics`; also the
`websocket` (and, with REDIS_URL, `redis`) health checks of the event bus."""

from __future__ import annotations

import http.client
import json
import time
from typing import Any

import redis
from apiflask import APIBlueprint
from flask import Flask, request

from datapulse.api import latency
from datapulse.api.health import DEGRADED, HEALTHY, register_check
from datapulse.api.platform import Platform
from datapulse.api.schemas.system import ConfigOut, MetricsOut
from datapulse.api.services import services
from datapulse.bus.local import local_ws_host
from datapulse.bus.redis_stream import PRESENCE_TTL_S, presence_key
from datapulse.hosts import public_urls
from datapulse.metrics.system import AlertTracker

bp = APIBlueprint("system", __name__, url_prefix="/api", tag="System")

PROBE_TIMEOUT_S = 0.5


@bp.get("/config")
@bp.output(ConfigOut)
@bp.doc(summary="The configuration the UI reads (no secrets)")
def frontend_config() -> dict[str, Any]:
    settings = services().settings
    api_url, ws_url = public_urls(settings, request.headers.get("Host"), request.scheme)
    return {**settings.frontend(), "api_url": api_url, "ws_url": ws_url}


@bp.get("/system/metrics")
@bp.output(MetricsOut)
@bp.doc(summary="CPU, memory, disk, network, platform processes, WebSocket and API latency")
def system_metrics() -> dict[str, Any]:
    """The shape of the WebSocket `system_metrics` event, sampled by this API process."""
    svc = services()
    with svc.sampler_lock:
        metrics = svc.sampler.sample()
    metrics["websocket"] = websocket_stats(svc)
    metrics["api_latency"] = svc.latency.summary()
    s = svc.settings
    metrics["health"] = AlertTracker(s.ALERT_CPU_PCT, s.ALERT_MEMORY_PCT, s.ALERT_DISK_PCT).evaluate(metrics)
    return metrics


def probe_ws_health(settings: Any, timeout: float = PROBE_TIMEOUT_S) -> dict[str, Any] | None:
    """The local WebSocket server's `/health`, or None when it does not answer."""
    conn = http.client.HTTPConnection(local_ws_host(settings.HOST).strip("[]"), settings.WS_PORT, timeout=timeout)
    try:
        conn.request("GET", "/health")
        response = conn.getresponse()
        body = json.loads(response.read())
        return body if response.status == 200 and isinstance(body, dict) else None
    except (OSError, ValueError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def redis_servers(settings: Any) -> int | None:
    """How many WebSocket servers renewed their presence in Redis lately; None if Redis is down."""
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        try:
            return int(client.zcount(presence_key(settings.secret_key), time.time() - PRESENCE_TTL_S, "+inf"))
        finally:
            client.close()
    except redis.RedisError:
        return None


def websocket_stats(svc: Platform) -> dict[str, Any] | None:
    if svc.settings.REDIS_URL:
        return {"servers": redis_servers(svc.settings)}
    health = probe_ws_health(svc.settings)
    if health is None:
        return None
    return {k: health.get(k) for k in ("connections", "events_per_s", "seq", "publishers", "server_id")}


def check_websocket(svc: Platform) -> dict[str, Any]:
    """Degraded (never unhealthy: the API works without it) when events cannot get through."""
    stats = svc.bus.stats()
    transport = stats.get("transport")
    out = {k: stats.get(k) for k in ("transport", "published", "dropped", "queued", "connected", "last_error")}
    if transport == "memory":
        return {**out, "status": HEALTHY, "note": "events stay in this process (no WebSocket server)"}
    if transport == "redis":
        servers = redis_servers(svc.settings)
        return {**out, "status": HEALTHY if servers else DEGRADED, "servers": servers}
    reachable = bool(stats.get("connected")) or probe_ws_health(svc.settings) is not None
    return {**out, "status": HEALTHY if reachable else DEGRADED, "reachable": reachable}


def check_redis(svc: Platform) -> dict[str, Any]:
    try:
        client = redis.Redis.from_url(svc.settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        try:
            client.ping()
        finally:
            client.close()
    except redis.RedisError as exc:
        return {"status": DEGRADED, "error": f"{type(exc).__name__}: {exc}"}
    return {"status": HEALTHY}


def init_app(app: Flask, svc: Platform) -> None:
    latency.init_app(app, svc.latency)
    register_check(svc, "websocket", check_websocket)
    if svc.settings.REDIS_URL and "redis" not in svc.checks:
        register_check(svc, "redis", check_redis)
