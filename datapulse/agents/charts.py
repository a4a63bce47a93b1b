"""Apache ECharts options for the visualiser: small and complete. Their values are made
JSON-safe once, by `datapulse.agents.jsonsafe.chart`, which every spec goes through."""

from __future__ import annotations

from typing import Any

MAX_POINTS = 2000  # scatter/line points drawn at most


def bar(title: str, categories: list[Any], series: dict[str, list[Any]], horizontal: bool = False) -> dict[str, Any]:
    cat_axis = {"type": "category", "data": list(categories)}
    val_axis = {"type": "value"}
    return {
        "title": {"text": title},
        "tooltip": {"trigger": "axis"},
        "legend": {"show": len(series) > 1},
        "xAxis": val_axis if horizontal else cat_axis,
        "yAxis": cat_axis if horizontal else val_axis,
        "series": [{"name": name, "type": "bar", "data": list(values)} for name, values in series.items()],
    }


def line(title: str, xs: list[Any], series: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        "title": {"text": title},
        "tooltip": {"trigger": "axis"},
        "legend": {"show": len(series) > 1},
        "xAxis": {"type": "category", "data": list(xs[:MAX_POINTS])},
        "yAxis": {"type": "value"},
        "series": [
            {"name": name, "type": "line", "data": list(values[:MAX_POINTS])} for name, values in series.items()
        ],
    }


def scatter(title: str, x_name: str, y_name: str, points: list[tuple[Any, Any]]) -> dict[str, Any]:
    return {
        "title": {"text": title},
        "tooltip": {"trigger": "item"},
        "xAxis": {"type": "value", "name": x_name, "scale": True},
        "yAxis": {"type": "value", "name": y_name, "scale": True},
        "series": [{"type": "scatter", "symbolSize": 5, "data": [[x, y] for x, y in points[:MAX_POINTS]]}],
    }


def pie(title: str, labels: list[Any], values: list[Any]) -> dict[str, Any]:
    return {
        "title": {"text": title},
        "tooltip": {"trigger": "item", "formatter": "{b}: {c} ({d}%)"},
        "series": [
            {
                "type": "pie",
                "radius": "60%",
                "data": [{"name": label, "value": v} for label, v in zip(labels, values, strict=True)],
            }
        ],
    }


def heatmap(title: str, xs: list[Any], ys: list[Any], cells: list[tuple[int, int, Any]]) -> dict[str, Any]:
    values = [c[2] for c in cells if c[2] is not None]
    return {
        "title": {"text": title},
        "tooltip": {"position": "top"},
        "xAxis": {"type": "category", "data": list(xs)},
        "yAxis": {"type": "category", "data": list(ys)},
        "visualMap": {
            "min": min(values, default=0),
            "max": max(values, default=1),
            "calculable": True,
        },
        "series": [{"type": "heatmap", "data": [[x, y, v] for x, y, v in cells]}],
    }
