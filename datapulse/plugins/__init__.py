"""Plugins (SPEC 12): the registry of kinds and built-ins, stored plugins, the execution
engine and function detection. `PluginSystem.build(...)` wires them; `start()`/`stop()`."""

from __future__ import annotations

from dataclasses import dataclass

from datapulse.bus.base import EventBus
from datapulse.plugins.executor import ExecutionEngine
from datapulse.plugins.http_kind import HttpKind
from datapulse.plugins.image import ImageGeneration
from datapulse.plugins.mcp_kind import McpKind
from datapulse.plugins.registry import BuiltinKind, PluginRegistry
from datapulse.plugins.secrets import SecretBox, load_key
from datapulse.plugins.store import PluginStore, sync_builtins
from datapulse.plugins.tools import analysis_tools
from datapulse.settings import Settings
from datapulse.storage.db import Database


def build_registry(settings: Settings) -> PluginRegistry:
    """Every kind and built-in plugin, each registered the way a third-party one would be."""
    registry = PluginRegistry()
    registry.register_kind(BuiltinKind(registry))
    registry.register_kind(HttpKind(settings))
    registry.register_kind(McpKind(settings))
    for tool in analysis_tools():
        registry.register_builtin(tool)
    registry.register_builtin(ImageGeneration())
    return registry


@dataclass
class PluginSystem:
    registry: PluginRegistry
    store: PluginStore
    engine: ExecutionEngine

    @classmethod
    def build(cls, db: Database, bus: EventBus, settings: Settings) -> PluginSystem:
        registry = build_registry(settings)
        store = PluginStore(db, settings, registry, SecretBox(lambda: load_key(settings)))
        return cls(registry, store, ExecutionEngine(db, bus, settings, registry, store))

    def start(self) -> None:
        sync_builtins(self.store.db, self.registry)
        self.engine.start()

    def stop(self) -> None:
        self.engine.stop()
