"""A small MCP server over stdio, written with the SDK, that the MCP tests start."""

from __future__ import annotations

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

server = MCPServer("datapulse-test")


@server.tool(description="Add two integers")
def add(a: int, b: int) -> dict[str, int]:
    return {"sum": a + b}


@server.tool(description="Always fails")
def explode(reason: str) -> str:
    raise ToolError(f"exploded: {reason}")


if __name__ == "__main__":
    server.run()
