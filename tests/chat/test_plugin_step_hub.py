"""A run's plugin step runs on the hub under gevent (its native thread must not wait on
the plugins' pool, a greenlet primitive); without gevent it runs in place."""

from __future__ import annotations

from typing import Any

from datapulse.agents.contract import AnalysisOutcome
from datapulse.chat.executor import RunExecutor


class FakeCalls:
    """Records what is handed to the hub, and runs it."""

    def __init__(self) -> None:
        self.handed: list[Any] = []

    def call(self, fn: Any, *args: Any) -> Any:
        self.handed.append(args)
        return fn(*args)


def step(run_id: str, question: str, assistant_id: str, sink: Any) -> AnalysisOutcome:
    return AnalysisOutcome(answer=f"{question} via {assistant_id}", results=[], plan=[])


def executor(calls: FakeCalls | None) -> RunExecutor:
    ex = RunExecutor.__new__(RunExecutor)  # only the plugin call's routing is exercised
    ex._calls = calls  # type: ignore[assignment]
    ex.plugin_step = step
    return ex


def test_under_gevent_the_plugin_step_is_handed_to_the_hub() -> None:
    calls = FakeCalls()
    outcome = executor(calls)._plugin_call("r1", "weather?", "a1", None)  # type: ignore[arg-type]
    assert outcome is not None and outcome.answer == "weather? via a1"
    assert calls.handed == [("r1", "weather?", "a1", None)]


def test_without_gevent_the_plugin_step_runs_in_place() -> None:
    outcome = executor(None)._plugin_call("r1", "weather?", "a1", None)  # type: ignore[arg-type]
    assert outcome is not None and outcome.answer == "weather? via a1"
