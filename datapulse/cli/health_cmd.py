"""`datapulse health [--detailed]`: the API's /api/health and the WebSocket server's /health."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import click

from datapulse.cli.base import State, emit_json, json_option, pass_state, table
from datapulse.launcher.specs import probe_host

EPILOG = (
    "Exit codes: 0 healthy, 1 degraded (also: the WebSocket server is unreachable, as the API's own "
    "check says: the API works without it), 2 unhealthy or the API unreachable."
)
RANK = {"healthy": 0, "degraded": 1, "unhealthy": 2, "unreachable": 2}


def fetch(url: str, timeout: float) -> tuple[str, dict[str, Any]]:
    """(status, body) of a health URL; `unreachable` when nothing (or no JSON) answers."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:  # 503 carries the unhealthy body
        raw = exc.read()
    except (OSError, ValueError) as exc:
        return "unreachable", {"error": str(getattr(exc, "reason", exc))}
    try:
        body = json.loads(raw)
    except ValueError:
        return "unreachable", {"error": "the answer is not JSON"}
    status = (
        str(body.get("status", "healthy" if body.get("ok", True) else "unhealthy"))
        if isinstance(body, dict)
        else "unhealthy"
    )
    return status, body if isinstance(body, dict) else {}


@click.command("health", epilog=EPILOG)
@click.option("--detailed", is_flag=True, help="Also list every check of the API (database, uploads, ...).")
@click.option("--timeout", default=5.0, show_default=True, help="Seconds to wait for each server.")
@json_option
@pass_state
def group(state: State, detailed: bool, timeout: float, as_json: bool) -> None:
    """Ask both servers how they are; the worst answer decides the exit code."""
    settings = state.settings
    host = probe_host(settings.HOST)
    targets = {
        "api": f"http://{host}:{settings.FLASK_PORT}/api/health",
        "ws": f"http://{host}:{settings.WS_PORT}/health",
    }
    results = {name: fetch(url, timeout) for name, url in targets.items()}
    ws_status = results["ws"][0]
    effective = [results["api"][0], "degraded" if ws_status == "unreachable" else ws_status]
    worst = max(effective, key=lambda s: RANK.get(s, 2))
    overall = "unhealthy" if worst not in RANK or worst == "unreachable" else worst
    if as_json:
        out: dict[str, Any] = {"status": overall}
        for name, (status, body) in results.items():
            out[name] = {"url": targets[name], "status": status}
            if detailed or status == "unreachable":
                out[name]["body"] = body
        emit_json(out)
    else:
        rows: list[tuple[str, str, str]] = [(name, status, targets[name]) for name, (status, _) in results.items()]
        if detailed:
            for check, info in (results["api"][1].get("checks") or {}).items():
                extra = ", ".join(f"{k}={v}" for k, v in info.items() if k != "status")
                rows.append((f"  api.{check}", str(info.get("status", "?")), extra))
        table(rows, ("service", "status", "detail"))
        click.echo(f"overall: {overall}")
    raise SystemExit(RANK.get(overall, 2))
