"""The analysis tools as built-in plugins: listed and assignable like any plugin, run by
the agents inside a chat run (they need the conversation's data)."""

from __future__ import annotations

from typing import Any

from datapulse.plugins.registry import CallContext, Outcome, PluginFailure


class AnalysisTool:
    keywords: list[str] = []
    analysis_tool = True

    def __init__(self, name: str, description: str, parameters: dict[str, Any]) -> None:
        self.name = name
        self.description = description
        self.functions = [{"name": name, "description": description, "parameters": parameters}]

    def run(self, function: str, parameters: dict[str, Any], ctx: CallContext) -> Outcome:
        raise PluginFailure(
            f"'{self.name}' is an analysis tool: it runs inside a chat run over the conversation's data; "
            "ask the question in a conversation instead."
        )


def analysis_tools() -> list[AnalysisTool]:
    from datapulse.agents.tools import build_registry

    registry = build_registry()
    return [
        AnalysisTool(name, registry.get(name).description, registry.get(name).parameters) for name in registry.names()
    ]
