"""The plugin registry: kinds (how a plugin is called) and built-in plugins (what ships
with the platform), both registered through the same small protocols a third-party
plugin would use (STYLE 8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from datapulse.errors import DataPulseError
from datapulse.settings import Settings


class PluginFailure(DataPulseError):
    """A call that did not give a usable answer; its message is what the log shows."""

    status, code = 502, "plugin_failed"


@dataclass(frozen=True)
class PluginSpec:
    """What a kind needs to call one stored plugin (secret already decrypted)."""

    id: str
    name: str
    kind: str
    manifest: dict[str, Any]
    secret: str | None = None
    config: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CallContext:
    settings: Settings
    execution_id: str
    assistant_id: str | None = None


@dataclass
class Outcome:
    output: Any
    attempts: int = 1
    cost: float = 0.0


@runtime_checkable
class Kind(Protocol):
    name: str

    def discover(self, spec: PluginSpec, settings: Settings) -> list[dict[str, Any]]: ...

    def call(self, spec: PluginSpec, function: str, parameters: dict[str, Any], ctx: CallContext) -> Outcome: ...


@runtime_checkable
class BuiltinPlugin(Protocol):
    name: str
    description: str
    functions: list[dict[str, Any]]
    keywords: list[str]

    def run(self, function: str, parameters: dict[str, Any], ctx: CallContext) -> Outcome: ...


def builtin_id(name: str) -> str:
    return f"builtin-{name}"


class PluginRegistry:
    def __init__(self) -> None:
        self.kinds: dict[str, Kind] = {}
        self.builtins: dict[str, BuiltinPlugin] = {}

    def register_kind(self, kind: Kind) -> Kind:
        if not isinstance(kind, Kind):
            raise TypeError(f"{kind!r} does not implement the Kind protocol")
        self.kinds[kind.name] = kind
        return kind

    def register_builtin(self, plugin: BuiltinPlugin) -> BuiltinPlugin:
        if not isinstance(plugin, BuiltinPlugin):
            raise TypeError(f"{plugin!r} does not implement the BuiltinPlugin protocol")
        if plugin.name in self.builtins:
            raise ValueError(f"plugin {plugin.name!r} is already registered")
        self.builtins[plugin.name] = plugin
        return plugin

    def kind(self, name: str) -> Kind:
        try:
            return self.kinds[name]
        except KeyError:
            raise PluginFailure(f"No plugin kind '{name}' is installed.") from None

    def builtin_manifests(self) -> list[dict[str, Any]]:
        return [
            {
                "name": p.name,
                "description": p.description,
                "kind": "builtin",
                "functions": p.functions,
                "keywords": list(p.keywords),
                # an analysis tool is named in an assistant's `tools`, not assigned as a plugin
                "analysis_tool": bool(getattr(p, "analysis_tool", False)),
            }
            for p in self.builtins.values()
        ]


class BuiltinKind:
    """Calls the built-in plugin registered under the stored plugin's name."""

    name = "builtin"

    def __init__(self, registry: PluginRegistry) -> None:
        self.registry = registry

    def discover(self, spec: PluginSpec, settings: Settings) -> list[dict[str, Any]]:
        return self._plugin(spec).functions

    def call(self, spec: PluginSpec, function: str, parameters: dict[str, Any], ctx: CallContext) -> Outcome:
        return self._plugin(spec).run(function, parameters, ctx)

    def _plugin(self, spec: PluginSpec) -> BuiltinPlugin:
        try:
            return self.registry.builtins[spec.name]
        except KeyError:
            raise PluginFailure(f"The built-in plugin '{spec.name}' is not installed.") from None
