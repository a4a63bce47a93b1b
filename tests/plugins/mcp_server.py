"""A small MCP server written with the SDK, that the MCP tests start: over stdio, or with
`--http PORT` over streamable HTTP at http://127.0.0.1:PORT/mcp."""

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
    import sys

    if len(sys.argv) == 3 and sys.argv[1] == "--http":
        server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[2]))
    else:
        server.run()
