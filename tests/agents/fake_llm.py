"""A small OpenAI-compatible chat-completions server for tests, on 127.0.0.1 and a free port.

Each request takes the next scripted reply: `("json", body)`, `("status", code)`,
`("sleep", seconds, body)` or `("text", raw)`; the last reply repeats. Requests are kept.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def tool_reply(*calls: tuple[str, Any]) -> dict[str, Any]:
    """A chat completion whose message holds these tool calls (arguments as JSON text)."""
    return {
        "id": "cmpl-test",
        "object": "chat.completion",
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": f"call_{i}",
                            "type": "function",
                            "function": {
                                "name": name,
                                "arguments": args if isinstance(args, str) else json.dumps(args),
                            },
                        }
                        for i, (name, args) in enumerate(calls)
                    ],
                },
            }
        ],
    }


def text_reply(text: str) -> dict[str, Any]:
    return {"choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]}


class FakeLLM:
    def __init__(self, script: list[tuple[Any, ...]]) -> None:
        self.script = list(script)
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.url = ""

    def next_reply(self) -> tuple[Any, ...]:
        with self.lock:
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]


@contextmanager
def fake_llm(script: list[tuple[Any, ...]]) -> Iterator[FakeLLM]:
    fake = FakeLLM(script)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            with fake.lock:
                fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            reply = fake.next_reply()
            kind = reply[0]
            if kind == "sleep":
                time.sleep(reply[1])
                reply = ("json", reply[2])
                kind = "json"
            if kind == "status":
                payload, status = b'{"error": {"message": "boom"}}', reply[1]
            elif kind == "text":
                payload, status = reply[1].encode(), 200
            else:
                payload, status = json.dumps(reply[1]).encode(), 200
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a time-out test)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
