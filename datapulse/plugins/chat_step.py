"""A detected plugin call as the step of a chat run (SPEC 12): when the question of a
conversation with an assistant calls one of its enabled plugins, the call runs through
the execution engine, its progress goes out as `agent_update` events of the `plugins`
agent, and its output becomes the run's result (an image result as it is)."""

from __future__ import annotations

import json
from typing import Any

from datapulse.agents.contract import AgentState, AnalysisOutcome, RunSink
from datapulse.plugins import PluginSystem
from datapulse.plugins.assignments import assistant_planner, enabled_candidates
from datapulse.plugins.detection import find_calls
from datapulse.settings import Settings
from datapulse.storage.db import Database

AGENT = "plugins"
MAX_TEXT = 4000


def as_result(name: str, function: str, output: Any) -> dict[str, Any]:
    if isinstance(output, dict) and output.get("kind") == "image" and isinstance(output.get("url"), str):
        return output
    text = output if isinstance(output, str) else json.dumps(output, ensure_ascii=False, indent=1)
    return {"kind": "text", "text": f"{name}.{function}: {text[:MAX_TEXT]}"}


class PluginStep:
    def __init__(self, db: Database, plugins: PluginSystem, wait_s: float, settings: Settings) -> None:
        self.db, self.plugins, self.wait_s, self.settings = db, plugins, wait_s, settings

    def __call__(self, run_id: str, question: str, assistant_id: str, sink: RunSink) -> AnalysisOutcome | None:
        """The run's outcome when the question calls a plugin; None to let the agents answer."""
        cands = enabled_candidates(self.db, self.plugins.registry, assistant_id)
        planner = assistant_planner(self.db, assistant_id) if cands else "rules"
        calls = find_calls(question, cands, self.settings, planner)
        if not calls:
            return None
        call = calls[0]
        name = next(c.plugin_name for c in cands if c.plugin_id == call["plugin_id"])
        label = f"{name}.{call['function_name']}"
        sink.agent(AGENT, AgentState.PROCESSING, 10, f"calling {label}")
        execution_id = self.plugins.engine.submit(
            call["plugin_id"], call["function_name"], call["parameters"], assistant_id=assistant_id, run_id=run_id
        )
        done = self.plugins.engine.wait(execution_id, timeout=self.wait_s)
        # the execution's id lets the chat show its status inline, live and afterwards
        step = {
            "tool": f"plugin:{name}",
            "args": {"function": call["function_name"], **call["parameters"]},
            "execution_id": execution_id,
        }
        if done["status"] != "completed":
            sink.agent(AGENT, AgentState.FAILED, 100, done["error_message"] or "failed")
            answer = f"The plugin {label} failed: {done['error_message']}"
            return AnalysisOutcome(answer=answer, results=[], plan=[step])
        result = as_result(name, call["function_name"], done["output_result"])
        sink.result(result)
        sink.agent(AGENT, AgentState.COMPLETED, 100, f"{label} done in {done['execution_time_ms']:.0f} ms")
        # the image itself is the result; the text names it (the chat renders no markdown images)
        answer = f"{label}: {result['title']}" if result["kind"] == "image" else result["text"]
        sink.delta(answer)
        return AnalysisOutcome(answer=answer, results=[result], plan=[step])
