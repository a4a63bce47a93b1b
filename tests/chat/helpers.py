"""Helpers for the chat tests: a scripted stand-in for the agents, an SSE reader."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from datapulse.agents.contract import AnalysisCancelled, AnalysisOutcome, AnalysisRequest, RunSink
from datapulse.errors import BadRequest
from datapulse.settings import Settings

AGENTS = ["planner", "data", "analyst", "reporter"]


@dataclass
class ScriptedAgents:
    """Reports like the real team (an agent_update per step, deltas, results) and keeps
    every request it was given, so tests can see the tables and context passed in."""

    requests: list[AnalysisRequest] = field(default_factory=list)
    fail_with: Exception | None = None

    def __call__(self, request: AnalysisRequest, sink: RunSink, settings: Settings) -> AnalysisOutcome:
        self.requests.append(request)
        for agent in AGENTS:
            if sink.cancelled():
                raise AnalysisCancelled()
            sink.agent(agent, "processing", 10, f"{agent} is working")
            if self.fail_with is not None and agent == "analyst":
                raise self.fail_with
            sink.agent(agent, "completed", 100, f"{agent} is done")
        table = {"kind": "table", "title": "Tables", "columns": ["name"], "rows": [[t.name] for t in request.tables]}
        sink.result(table)
        sink.delta("You asked: ")
        sink.delta(request.question)
        answer = f"You asked: {request.question}"
        if not request.tables:
            answer += "\n\nThis conversation has no data attached yet."
        return AnalysisOutcome(
            answer=answer,
            results=[table],
            plan=[{"tool": "list_tables", "args": {}}],
            context={"question": request.question, "turn": len(request.context.get("turns", [])) + 1,
                     "turns": [*request.context.get("turns", []), request.question]},
        )  # fmt: skip


def bad_request() -> Exception:
    return BadRequest("The question cannot be answered.", code="unanswerable")


@dataclass
class SseEvent:
    id: int | None
    event: str
    data: dict[str, Any]


def parse_sse(lines: Iterator[str], comments: list[str] | None = None) -> Iterator[SseEvent]:
    """Events from SSE text lines; comment lines go to `comments` when given."""
    fields: dict[str, str] = {}
    for raw in lines:
        line = raw.rstrip("\r\n") if isinstance(raw, str) else raw.decode().rstrip("\r\n")
        if line == "":
            if fields:
                yield SseEvent(
                    int(fields["id"]) if "id" in fields else None,
                    fields.get("event", "message"),
                    json.loads(fields.get("data", "null")),
                )
                fields = {}
            continue
        if line.startswith(":"):
            if comments is not None:
                comments.append(line)
            continue
        name, _, value = line.partition(":")
        fields[name] = value[1:] if value.startswith(" ") else value


def sse_text_events(text: str) -> list[SseEvent]:
    return list(parse_sse(iter(text.splitlines())))
