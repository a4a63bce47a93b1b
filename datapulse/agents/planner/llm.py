"""The optional language-model planner: an OpenAI-compatible endpoint picks tool calls.

Only tool calls are accepted, and each is checked against the tool's declared
parameters and the table's real columns before anything runs; no generated code
is ever executed. Transient failures are retried (`LLM_ATTEMPTS`) with a doubling
back-off (`LLM_BACKOFF_S` up to `LLM_BACKOFF_MAX_S`) inside one overall time limit
(`LLM_TIMEOUT_S`); `LLM_BREAKER_FAILURES` failed plans in a row open a circuit breaker
for `LLM_BREAKER_OPEN_S`. Any failure returns an empty plan and the reason, and the
rule planner answers.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pybreaker
import requests
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential,
)

from datapulse.agents.tools import ToolError, ToolRegistry, Workspace
from datapulse.runtime import os_lock
from datapulse.settings import Settings

COLUMN_ARGS = ("column", "x", "y", "measure", "date_column", "group_column", "index")
COLUMN_LIST_ARGS = ("measures", "group_by")


class LLMError(Exception):
    """The model could not be used; the message says why (shown to the user)."""


class _Transient(LLMError):
    """Worth another try: a connection problem, a 5xx or a 429."""


_BREAKERS: dict[tuple[str, int, float], pybreaker.CircuitBreaker] = {}
_BREAKERS_LOCK = os_lock()  # native run threads contend on it (runtime.os_lock)


def breaker_for(settings: Settings) -> pybreaker.CircuitBreaker:
    """One breaker per endpoint and policy, shared by every run of this process: it opens
    after LLM_BREAKER_FAILURES failed plans in a row and lets a trial through after
    LLM_BREAKER_OPEN_S. A failure is re-raised as itself (its message is the note shown
    to the user), not replaced by the breaker's own error."""
    key = (settings.LLM_BASE_URL, settings.LLM_BREAKER_FAILURES, settings.LLM_BREAKER_OPEN_S)
    with _BREAKERS_LOCK:
        if key not in _BREAKERS:
            _BREAKERS[key] = pybreaker.CircuitBreaker(
                fail_max=settings.LLM_BREAKER_FAILURES,
                reset_timeout=settings.LLM_BREAKER_OPEN_S,
                throw_new_error_on_trip=False,
            )
        return _BREAKERS[key]


def reset_breakers() -> None:
    with _BREAKERS_LOCK:
        _BREAKERS.clear()


def _system_prompt(ws: Workspace, instructions: str = "") -> str:
    lines = [
        "You plan data analyses. Answer ONLY with tool calls; never write code.",
        "Use the tables and columns below exactly as spelled. Questions may be in English, German or Chinese.",
    ]
    for name in ws.names():
        frame = ws.frame(name)
        cols = ", ".join(f"{c} ({t})" for c, t in zip(frame.columns, frame.dtypes.astype(str), strict=True))
        lines.append(f"table {name}: {cols}")
    if instructions.strip():
        # The conversation's assistant (SPEC 12): how it wants questions approached.
        lines += ["", "Instructions of the assistant you plan for:", instructions.strip()]
    return "\n".join(lines)


def _sleep(seconds: float) -> None:
    """The back-off pause (a module function so that tests can record the waits)."""
    time.sleep(seconds)


def _post(settings: Settings, body: dict[str, Any], deadline: float) -> dict[str, Any]:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise LLMError(f"no answer within {settings.LLM_TIMEOUT_S:g} s")
    headers = {"Content-Type": "application/json"}
    if settings.LLM_API_KEY:
        headers["Authorization"] = f"Bearer {settings.LLM_API_KEY}"
    url = settings.LLM_BASE_URL.rstrip("/") + "/chat/completions"
    try:
        response = requests.post(url, json=body, headers=headers, timeout=remaining)
    except requests.Timeout:
        raise LLMError(f"no answer within {settings.LLM_TIMEOUT_S:g} s") from None
    except requests.RequestException as exc:
        raise _Transient(f"unreachable ({type(exc).__name__})") from None
    if response.status_code >= 500 or response.status_code == 429:
        raise _Transient(f"HTTP {response.status_code}")
    if response.status_code >= 400:
        raise LLMError(f"HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError:
        raise LLMError("the answer was not JSON") from None
    if not isinstance(data, dict):
        raise LLMError("the answer was not a JSON object")
    return data


def _tool_calls(data: dict[str, Any]) -> list[tuple[str, Any]]:
    try:
        message = data["choices"][0]["message"]
    except (KeyError, IndexError, TypeError):
        raise LLMError("the answer had no message") from None
    calls = message.get("tool_calls") if isinstance(message, dict) else None
    if not calls:
        raise LLMError("the model answered without a tool call")
    out = []
    for call in calls:
        fn = call.get("function") if isinstance(call, dict) else None
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            raise LLMError("a tool call had no function name")
        raw = fn.get("arguments", "{}")
        try:
            args = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            raise LLMError(f"the arguments of {fn['name']} were not JSON") from None
        out.append((fn["name"], args))
    return out


def _check_columns(tool: str, args: dict[str, Any], ws: Workspace) -> None:
    """Every column a call names exists in its table."""
    if tool == "sql":
        return
    columns = set(map(str, ws.frame(args.get("table")).columns))
    named = [args[k] for k in COLUMN_ARGS if isinstance(args.get(k), str)]
    named += [c for k in COLUMN_LIST_ARGS for c in args.get(k) or []]
    if tool != "pivot":
        named += list(args.get("columns") or [])
    elif isinstance(args.get("columns"), str):
        named.append(args["columns"])
    named += [f.get("column") for f in args.get("filters") or [] if isinstance(f, dict)]
    unknown = [c for c in named if c not in columns]
    if unknown:
        raise LLMError(f"the model named unknown columns: {', '.join(map(str, unknown))}")


def validated_plan(calls: list[tuple[str, Any]], registry: ToolRegistry, ws: Workspace) -> list[dict[str, Any]]:
    plan = []
    for name, args in calls:
        try:
            registry.check(name, args)
            _check_columns(name, args, ws)
        except ToolError as exc:
            raise LLMError(f"invalid tool call: {exc.message}") from None
        plan.append({"tool": name, "args": args})
    return plan


def plan_with_llm(
    question: str, ws: Workspace, registry: ToolRegistry, settings: Settings, instructions: str = ""
) -> tuple[list[dict[str, Any]], str]:
    """(plan, "") from the model, or ([], why) when the rule planner must answer instead.
    `instructions`: the conversation's assistant's, added to the system prompt."""
    body = {
        "model": settings.LLM_MODEL,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": _system_prompt(ws, instructions)},
            {"role": "user", "content": question},
        ],
        "tools": registry.declarations(),
        "tool_choice": "auto",
    }
    deadline = time.monotonic() + settings.LLM_TIMEOUT_S
    try:
        with breaker_for(settings).calling():  # not .call(): that holds a lock during the request
            return _plan(body, settings, registry, ws, deadline), ""
    except pybreaker.CircuitBreakerError:
        return [], "circuit open after repeated failures"
    except (LLMError, RetryError) as exc:
        return [], str(exc)


def _plan(
    body: dict[str, Any], settings: Settings, registry: ToolRegistry, ws: Workspace, deadline: float
) -> list[dict[str, Any]]:
    """Ask the model (with retries of transient failures) and check its tool calls."""
    data = _ask(body, settings, deadline)
    return validated_plan(_tool_calls(data), registry, ws)


def _ask(body: dict[str, Any], settings: Settings, deadline: float) -> dict[str, Any]:
    """One chat completion, transient failures retried with back-off inside the deadline."""
    retrying = Retrying(
        retry=retry_if_exception_type(_Transient),
        stop=stop_after_attempt(settings.LLM_ATTEMPTS) | stop_after_delay(settings.LLM_TIMEOUT_S),
        wait=wait_exponential(multiplier=settings.LLM_BACKOFF_S, max=settings.LLM_BACKOFF_MAX_S),
        sleep=_sleep,
        reraise=True,
    )
    return retrying(_post, settings, body, deadline)  # type: ignore[no-any-return]


def complete(body: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """The model's answer to a chat-completions body, through the same time limit, retries
    and circuit breaker as the planner (for other users of the model: plugin detection).
    Raises LLMError with the reason (an open breaker included)."""
    deadline = time.monotonic() + settings.LLM_TIMEOUT_S
    try:
        with breaker_for(settings).calling():
            return _ask(body, settings, deadline)
    except pybreaker.CircuitBreakerError:
        raise LLMError("circuit open after repeated failures") from None
    except RetryError as exc:
        raise LLMError(str(exc)) from None
