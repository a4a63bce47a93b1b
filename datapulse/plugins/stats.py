"""Per-plugin statistics (SPEC 12): executions, success rate, p50/p95 time, cost, per assistant."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from datapulse.storage.db import Database
from datapulse.storage.plugin_models import PluginExecution

WINDOW = 10_000  # the newest executions the figures are computed over


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def _figures(rows: list[tuple[str, float | None, float]]) -> dict[str, Any]:
    finished = [r for r in rows if r[0] in ("completed", "failed")]
    ok = sum(1 for r in finished if r[0] == "completed")
    times = [r[1] for r in finished if r[1] is not None]
    return {
        "executions": len(rows),
        "completed": ok,
        "failed": len(finished) - ok,
        "success_rate": round(ok / len(finished), 4) if finished else None,
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
        "cost": round(sum(r[2] or 0.0 for r in rows), 6),
    }


def plugin_stats(db: Database, plugin_id: str) -> dict[str, Any]:
    with db.session() as session:
        rows = session.execute(
            select(
                PluginExecution.status,
                PluginExecution.execution_time_ms,
                PluginExecution.cost,
                PluginExecution.assistant_id,
            )
            .where(PluginExecution.plugin_id == plugin_id)
            .order_by(PluginExecution.created_at.desc())
            .limit(WINDOW)
        ).all()
    by_assistant: dict[str | None, list[tuple[str, float | None, float]]] = {}
    for status, ms, cost, assistant in rows:
        by_assistant.setdefault(assistant, []).append((status, ms, cost))
    return {
        "plugin_id": plugin_id,
        **_figures([(s, m, c) for s, m, c, _a in rows]),
        "per_assistant": [{"assistant_id": a, **_figures(r)} for a, r in by_assistant.items()],
    }
