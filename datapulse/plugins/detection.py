"""Function detection's one entry point (SPEC 12), for `POST /api/chat/detect-functions`
and a chat run's plugin step: with a language model (`LLM_BASE_URL` set and the
assistant's planner `llm`) by the model's tool calls, else by the rule planner
(`detect.py`).

The model gets the message and the enabled functions as OpenAI `tools`, named
`<plugin>__<function>`. Each tool call it makes is mapped back to its plugin and
function, merged over the assignment's parameter defaults and validated against the
function's JSON Schema; a call to an unknown tool or with invalid arguments is dropped.
An answer without tool calls means "nothing asked". When the model fails (unreachable,
time limit, HTTP error, an open breaker, an answer that is not a completion), the rules
answer instead and the log says why: detection never fails because of the model.

Confidence of a model call: the model gives none, so it is 0.75 for a call the model made
and the schema accepts, plus 0.25 times the share of the function's parameters the model
filled itself (the rule planner's scale: its best call, a keyword with every parameter,
is 1.0).
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from datapulse.agents.planner import llm
from datapulse.plugins.detect import Candidate, detect
from datapulse.plugins.manifest import parameter_errors
from datapulse.settings import Settings

log = logging.getLogger(__name__)

SYSTEM = (
    "You decide which functions a user's message asks to call. Call a function only when "
    "the message asks for what it does, with the arguments taken from the message; when "
    "nothing is asked (a question about the loaded data, a chart, a negated request), answer "
    "without a tool call. Messages may be in English, German or Chinese."
)
NAME_MAX = 64  # OpenAI function names: ^[a-zA-Z0-9_-]{1,64}$


def _tool_name(candidate: Candidate, taken: set[str]) -> str:
    plugin = re.sub(r"[^A-Za-z0-9_-]", "_", candidate.plugin_name)
    function = re.sub(r"[^A-Za-z0-9_-]", "_", candidate.function["name"])
    name = f"{plugin}__{function}"[:NAME_MAX]
    n = 2
    while name in taken:  # two plugins of one name, or names cut to the same 64 characters
        suffix = f"_{n}"
        name = f"{plugin}__{function}"[: NAME_MAX - len(suffix)] + suffix
        n += 1
    taken.add(name)
    return name


def tools_for(candidates: list[Candidate]) -> dict[str, tuple[Candidate, dict[str, Any]]]:
    """Tool name → (candidate, its OpenAI tool declaration)."""
    out: dict[str, tuple[Candidate, dict[str, Any]]] = {}
    taken: set[str] = set()
    for cand in candidates:
        name = _tool_name(cand, taken)
        declaration = {
            "type": "function",
            "function": {
                "name": name,
                "description": f"{cand.plugin_name}: {cand.function.get('description', '')}"[:1024],
                "parameters": cand.function.get("parameters") or {"type": "object", "properties": {}},
            },
        }
        out[name] = (cand, declaration)
    return out


def _raw_calls(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """(tool name, arguments) of the answer; an argument text that is not JSON stays a str
    (dropped later). Raises LLMError when the answer is not a chat completion."""
    try:
        message = data["choices"][0]["message"]
    except (KeyError, IndexError, TypeError):
        raise llm.LLMError("the answer had no message") from None
    if not isinstance(message, dict):
        raise llm.LLMError("the answer had no message")
    calls = message.get("tool_calls") or []
    if not isinstance(calls, list):
        raise llm.LLMError("tool_calls was not a list")
    out: list[tuple[str, Any]] = []
    for call in calls:
        fn = call.get("function") if isinstance(call, dict) else None
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            continue
        raw = fn.get("arguments", "{}")
        try:
            args = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            args = raw
        out.append((fn["name"], args))
    return out


def detect_with_model(message: str, candidates: list[Candidate], settings: Settings) -> list[dict[str, Any]]:
    """The model's valid calls, best first. Raises LLMError when the model cannot be used."""
    tools = tools_for(candidates)
    body = {
        "model": settings.LLM_MODEL,
        "temperature": 0,
        "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": message}],
        "tools": [declaration for _cand, declaration in tools.values()],
        "tool_choice": "auto",
    }
    calls: list[dict[str, Any]] = []
    for name, args in _raw_calls(llm.complete(body, settings)):
        if name not in tools:
            log.info("detect: the model called an unknown tool %r; dropped", name)
            continue
        cand = tools[name][0]
        if not isinstance(args, dict):
            log.info("detect: the arguments of %s were not a JSON object; dropped", name)
            continue
        schema = cand.function.get("parameters") or {"type": "object"}
        parameters = {**cand.defaults, **args}
        problems = parameter_errors(schema, parameters)
        if problems:
            log.info("detect: invalid arguments for %s (%s); dropped", name, problems[0])
            continue
        props = schema.get("properties") or {}
        share = len([k for k in args if k in props]) / len(props) if props else 1.0
        call = {
            "plugin_id": cand.plugin_id,
            "function_name": cand.function["name"],
            "parameters": parameters,
            "confidence": round(0.75 + 0.25 * share, 2),
        }
        if call not in calls:
            calls.append(call)
    return sorted(calls, key=lambda c: -c["confidence"])


def find_calls(
    message: str, candidates: list[Candidate], settings: Settings, planner: str = "rules"
) -> list[dict[str, Any]]:
    """The calls a message asks for: by the model when one is configured and the assistant's
    planner is `llm`, else (or when the model fails) by the rules."""
    if not candidates:
        return []
    if settings.LLM_BASE_URL and planner == "llm":
        try:
            return detect_with_model(message, candidates, settings)
        except llm.LLMError as exc:
            log.warning("detect: the language model failed (%s); falling back to the rule planner", exc)
    return detect(message, candidates)
