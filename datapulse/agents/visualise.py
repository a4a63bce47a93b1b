"""The visualiser: picks a chart for a step's results where a chart helps."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from datapulse.agents import charts
from datapulse.agents.jsonsafe import chart
from datapulse.agents.tools.base import Workspace
from datapulse.agents.tools.live import points as live_points

MAX_BARS = 60


def _label(row: list[Any], n: int) -> str:
    return " / ".join(str(v) for v in row[:n])


def _sample_points(frame: pd.DataFrame, x: str, y: str) -> list[tuple[Any, Any]]:
    """The (x, y) pairs with both values, at most MAX_POINTS of them: a fixed sample, the
    same chart every time. Positions are picked, not rows copied: a frame of both
    columns and its dropna cost ~40 ms per million rows."""
    xs, ys = frame[x], frame[y]
    keep = np.flatnonzero((xs.notna() & ys.notna()).to_numpy())
    if len(keep) > charts.MAX_POINTS:
        # Generator.choice picks k of n without shuffling all n (pandas' sample does).
        keep = keep[np.sort(np.random.default_rng(0).choice(len(keep), charts.MAX_POINTS, replace=False))]
    return list(zip(xs.to_numpy()[keep].tolist(), ys.to_numpy()[keep].tolist(), strict=True))


def chart_for(step: dict[str, Any], results: list[dict[str, Any]], ws: Workspace) -> dict[str, Any] | None:
    tool, args = step["tool"], step["args"]
    tables = [r for r in results if r["kind"] == "table"]
    if not tables:
        if tool == "correlation" and args.get("x") and args.get("y"):
            source = ws.live(args)
            if source is not None:  # the first pairs the database gives: no table is copied for a chart
                points = list(live_points(source, args, charts.MAX_POINTS).itertuples(index=False, name=None))
            else:
                points = _sample_points(ws.select(args), args["x"], args["y"])
            return chart(f"{args['y']} vs {args['x']}", charts.scatter("", args["x"], args["y"], points))
        return None
    tbl = tables[0]
    cols, rows = tbl["columns"], tbl["rows"]
    if not rows:
        return None
    if tool == "group_aggregate":
        n_groups = len(args.get("group_by") or [])
        values = {c: [r[i] for r in rows[:MAX_BARS]] for i, c in enumerate(cols) if i >= n_groups}
        return chart(tbl["title"], charts.bar(tbl["title"], [_label(r, n_groups) for r in rows[:MAX_BARS]], values))
    if tool == "trend":
        return chart(tbl["title"], charts.line(tbl["title"], [r[0] for r in rows], {cols[1]: [r[1] for r in rows]}))
    if tool == "distribution":
        if cols[0] == "bin_start":
            labels = [f"{r[0]:.4g}–{r[1]:.4g}" for r in rows]
            return chart(tbl["title"], charts.bar(tbl["title"], labels, {"count": [r[2] for r in rows]}))
        return chart(
            tbl["title"],
            charts.bar(tbl["title"], [r[0] for r in rows[:MAX_BARS]], {"count": [r[1] for r in rows[:MAX_BARS]]}),
        )
    if tool == "share":
        return chart(
            tbl["title"], charts.pie(tbl["title"], [r[0] for r in rows[:MAX_BARS]], [r[1] for r in rows[:MAX_BARS]])
        )
    if tool == "distinct_values" and len(rows) > 1:
        return chart(
            tbl["title"],
            charts.bar(tbl["title"], [r[0] for r in rows[:MAX_BARS]], {"count": [r[1] for r in rows[:MAX_BARS]]}),
        )
    if tool == "correlation":
        labels = [f"{r[0]} ~ {r[1]}" for r in rows]
        return chart(tbl["title"], charts.bar(tbl["title"], labels, {"correlation": [r[2] for r in rows]}, True))
    if tool == "compare_groups":
        return chart(tbl["title"], charts.bar(tbl["title"], [r[0] for r in rows], {"mean": [r[2] for r in rows]}))
    if tool == "top_n" and len(rows) > 1:
        col = args["column"]
        i = cols.index(col)
        label_i = next((k for k, c in enumerate(cols) if isinstance(rows[0][k], str) and c != col), None)
        labels = [str(r[label_i]) if label_i is not None else str(k + 1) for k, r in enumerate(rows[:MAX_BARS])]
        return chart(tbl["title"], charts.bar(tbl["title"], labels, {col: [r[i] for r in rows[:MAX_BARS]]}))
    if tool == "pivot":
        xs = cols[1:]
        ys = [r[0] for r in rows]
        cells = [(x, y, rows[y][x + 1]) for y in range(len(rows)) for x in range(len(xs))]
        return chart(tbl["title"], charts.heatmap(tbl["title"], xs, ys, cells))
    if tool == "missing_values":
        return chart(tbl["title"], charts.bar(tbl["title"], [r[0] for r in rows], {"missing": [r[1] for r in rows]}))
    return None


def plain_chart(results: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A bar chart of the first table's first numeric column, labelled by its first text
    column (or the row number): what an assistant that always wants a chart gets where
    no chart fits the step better. None when the table has no number to draw."""
    tbl = next((r for r in results if r["kind"] == "table" and r["rows"]), None)
    if tbl is None:
        return None
    cols, rows = tbl["columns"], tbl["rows"][:MAX_BARS]

    def is_number(v: Any) -> bool:
        return isinstance(v, int | float) and not isinstance(v, bool)

    num = next((i for i in range(len(cols)) if all(is_number(r[i]) or r[i] is None for r in rows)), None)
    if num is None:
        return None
    text = next((i for i in range(len(cols)) if i != num and any(isinstance(r[i], str) for r in rows)), None)
    labels = [str(r[text]) if text is not None else str(k + 1) for k, r in enumerate(rows)]
    return chart(tbl["title"], charts.bar(tbl["title"], labels, {cols[num]: [r[num] for r in rows]}))
