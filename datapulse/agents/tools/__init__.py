"""The analysis tools and their registry (see `base.Tool`)."""

from __future__ import annotations

from datapulse.agents.tools import aggregate, basic, derive, stats
from datapulse.agents.tools.base import Tool, ToolError, ToolRegistry, Workspace, validate
from datapulse.agents.tools.join import Join
from datapulse.agents.tools.sqltool import DEFAULT_TIMEOUT_S, Sql

__all__ = ["Tool", "ToolError", "ToolRegistry", "Workspace", "build_registry", "validate"]


def build_registry(sql_timeout_s: float = DEFAULT_TIMEOUT_S) -> ToolRegistry:
    """A registry holding every built-in tool, registered the way a plugin would be."""
    registry = ToolRegistry()
    for tool in (*basic.TOOLS, *aggregate.TOOLS, *stats.TOOLS, *derive.TOOLS, Join(), Sql(sql_timeout_s)):
        registry.register(tool)
    return registry
