"""The `mcp` kind, through the official MCP Python SDK: a server started as a command
(stdio) or reached at a URL (streamable HTTP); its tools are discovered and listed like
any plugin's functions. Each call opens a session and closes it, so a server that crashed
costs one failed call, not a stuck connection."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import anyio
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from datapulse.datasources import guard
from datapulse.errors import Forbidden, ForbiddenAddress
from datapulse.plugins.registry import CallContext, Outcome, PluginFailure, PluginSpec
from datapulse.settings import Settings

T = TypeVar("T")
DEFAULT_TIMEOUT_S = 30.0


def check_command(command: str, settings: Settings) -> None:
    """Starting a program is the platform's power, not a caller's: only listed ones."""
    if command not in settings.MCP_STDIO_COMMANDS:
        raise Forbidden(
            f"'{command}' is not in MCP_STDIO_COMMANDS; only listed executables may be started as MCP servers.",
            code="command_not_allowed",
            details={"command": command},
        )


def _target(manifest: dict[str, Any], settings: Settings) -> StdioServerParameters | str:
    if manifest.get("command"):
        check_command(manifest["command"], settings)
        return StdioServerParameters(command=manifest["command"], args=list(manifest.get("args", [])))
    url = str(manifest["url"])
    guard.check_target(url, guard.Allowlist(settings.PLUGIN_ALLOWLIST))
    return url


def _run(spec: PluginSpec, settings: Settings, work: Callable[[Client], Awaitable[T]]) -> T:
    timeout_s = min(float(spec.manifest.get("timeout_s", DEFAULT_TIMEOUT_S)), settings.PLUGIN_TIMEOUT_S)

    async def main() -> T:
        with anyio.fail_after(timeout_s):
            async with Client(_target(spec.manifest, settings), read_timeout_seconds=timeout_s) as client:
                return await work(client)

    try:
        return anyio.run(main)
    except (ForbiddenAddress, Forbidden):
        raise
    except PluginFailure:
        raise
    except TimeoutError as exc:
        raise PluginFailure(f"The MCP server did not answer within {timeout_s:g} s.") from exc
    except Exception as exc:  # noqa: BLE001 - a server may fail in any way
        inner = _innermost(exc)
        if isinstance(inner, PluginFailure | ForbiddenAddress):
            raise inner from exc
        if isinstance(inner, TimeoutError):
            raise PluginFailure(f"The MCP server did not answer within {timeout_s:g} s.") from exc
        raise PluginFailure(f"The MCP server could not be used: {inner or type(inner).__name__}") from exc


def _innermost(exc: BaseException) -> BaseException:
    """The first real error inside the exception groups that anyio's task groups raise."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _text(content: list[Any]) -> str:
    return "\n".join(str(getattr(block, "text", "")) for block in content if getattr(block, "type", "") == "text")


class McpKind:
    name = "mcp"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def discover(self, spec: PluginSpec, settings: Settings) -> list[dict[str, Any]]:
        async def work(client: Client) -> list[dict[str, Any]]:
            listed = await client.list_tools()
            return [
                {"name": t.name, "description": t.description or "", "parameters": t.input_schema or {"type": "object"}}
                for t in listed.tools
            ]

        return _run(spec, settings, work)

    def call(self, spec: PluginSpec, function: str, parameters: dict[str, Any], ctx: CallContext) -> Outcome:
        async def work(client: Client) -> Any:
            result = await client.call_tool(function, parameters)
            if result.is_error:
                raise PluginFailure(f"The MCP tool '{function}' failed: {_text(result.content) or 'no message'}")
            if result.structured_content is not None:
                return result.structured_content
            return {"text": _text(result.content)}

        output = _run(spec, ctx.settings, work)
        return Outcome(output=output, attempts=1, cost=float(spec.manifest.get("cost_per_call", 0.0)))
