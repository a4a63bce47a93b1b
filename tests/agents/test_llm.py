"""The optional language-model planner against a local fake OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import pybreaker
import pytest

from datapulse.agents.planner import llm
from datapulse.settings import Settings
from tests.agents.conftest import Ask
from tests.agents.fake_llm import fake_llm, text_reply, tool_reply

GOOD = ("group_aggregate", {"table": "penguins", "measures": ["body_mass_g"], "agg": "median", "group_by": ["island"]})


@pytest.fixture(autouse=True)
def fresh_breakers() -> Iterator[None]:
    llm.reset_breakers()
    yield
    llm.reset_breakers()


class Clock:
    """The breaker's clock: pybreaker reads `datetime.now(UTC)`, so tests move a fake one."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)
        clock = self

        class FakeDatetime(datetime):
            @classmethod
            def now(cls, tz: tzinfo | None = None) -> FakeDatetime:  # type: ignore[override]
                return cls.fromtimestamp(clock.now.timestamp(), tz)

        monkeypatch.setattr(pybreaker, "datetime", FakeDatetime)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def is_open(settings: Settings) -> bool:
    return bool(llm.breaker_for(settings).current_state == pybreaker.STATE_OPEN)


def llm_settings(base: Settings, url: str, timeout: float = 5.0, **changes: Any) -> Settings:
    return base.replace(
        LLM_BASE_URL=url, LLM_MODEL="test-model", LLM_API_KEY="sk-test", LLM_TIMEOUT_S=timeout, **changes
    )


def test_good_tool_calls_are_executed(ask: Ask, agent_settings: Settings, datasets) -> None:  # type: ignore[no-untyped-def]
    """The model's valid tool call is the plan; the request offers every tool with tool_choice auto."""
    with fake_llm([("json", tool_reply(GOOD))]) as fake:
        out = ask(
            "penguins", "what is typical for a bird on each island?", settings=llm_settings(agent_settings, fake.url)
        )
    assert out.planner == "llm" and out.notes == []
    assert out.plan == [{"tool": GOOD[0], "args": GOOD[1]}]
    want = datasets.frame("penguins").groupby("island").body_mass_g.median()
    assert out.results[0]["rows"] == [[k, v] for k, v in want.items()]
    sent = fake.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["headers"]["Authorization"] == "Bearer sk-test"
    assert sent["body"]["model"] == "test-model" and sent["body"]["tool_choice"] == "auto"
    assert {t["function"]["name"] for t in sent["body"]["tools"]} >= {"group_aggregate", "sql", "trend", "pivot"}
    assert "body_mass_g" in sent["body"]["messages"][0]["content"]


@pytest.mark.parametrize(
    ("question", "call"),
    [
        ("average body mass on Dream island for penguins heavier than 4000 g", GOOD),
        ("median body mass by island in 2008", GOOD),
        ("median body mass by island of penguins with a wingspan over 20", GOOD),
    ],
)
def test_calls_that_leave_out_part_of_the_question_ask_back(
    ask: Ask, agent_settings: Settings, question: str, call: tuple[str, dict[str, Any]]
) -> None:
    """A model's plan that drops a filter, a year or an unknown word is not answered: the run asks."""
    with fake_llm([("json", tool_reply(call))]) as fake:
        out = ask("penguins", question, settings=llm_settings(agent_settings, fake.url))
    assert out.needs_clarification and out.results == [] and out.ignored
    assert out.clarification and out.clarification["slot"] == "column"


def test_calls_that_cover_the_question_are_answered(ask: Ask, agent_settings: Settings) -> None:
    """Every word accounted for by the calls: the model's plan runs and is read out in words."""
    call = ("group_aggregate", {**GOOD[1], "filters": [{"column": "year", "op": "eq", "value": 2008}]})
    with fake_llm([("json", tool_reply(call))]) as fake:
        out = ask("penguins", "median body mass by island in 2008", settings=llm_settings(agent_settings, fake.url))
    assert out.planner == "llm" and not out.needs_clarification and out.ignored == []
    assert out.interpretation == "Read as: median of body_mass_g by island where year = 2008."


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        (tool_reply(("group_aggregate", {"table": "penguins", "agg": "average"})), "invalid tool call"),
        (tool_reply(("group_aggregate", {"agg": "mean", "measures": ["salary"]})), "unknown columns"),
        (tool_reply(("group_aggregate", {"agg": "mean", "rm_rf": True})), "invalid tool call"),
        (tool_reply(("run_python", {"code": "import os"})), "invalid tool call"),
        (tool_reply(("group_aggregate", "{not json")), "not JSON"),
        (text_reply("Sure! The average is probably around 4000."), "without a tool call"),
        ({"unexpected": True}, "no message"),
    ],
)
def test_bad_answers_fall_back_to_rules(ask: Ask, agent_settings: Settings, reply: dict, why: str) -> None:  # type: ignore[type-arg]
    """Bad arguments, unknown tools, nonsense text: the rule planner answers and says why."""
    with fake_llm([("json", reply)]) as fake:
        out = ask("penguins", "average body mass by species", settings=llm_settings(agent_settings, fake.url))
    assert out.planner == "rules"
    assert out.plan[0]["args"]["group_by"] == ["species"]
    assert len(out.notes) == 1 and why in out.notes[0] and out.notes[0] in out.answer


def test_a_call_that_fails_to_run_falls_back(ask: Ask, agent_settings: Settings) -> None:
    """A valid call that the data refuses (three groups to compare) is answered by the rules instead."""
    call = ("compare_groups", {"measure": "body_mass_g", "group_column": "species"})
    with fake_llm([("json", tool_reply(call))]) as fake:
        out = ask("penguins", "average body mass by species", settings=llm_settings(agent_settings, fake.url))
    assert out.planner == "rules" and "exactly two groups" in out.notes[0]
    assert out.plan[0]["tool"] == "group_aggregate" and out.results


def test_non_json_body_falls_back(ask: Ask, agent_settings: Settings) -> None:
    """A body that is not JSON is a failure, not a crash."""
    with fake_llm([("text", "<html>oops</html>")]) as fake:
        out = ask("penguins", "How many rows are there?", settings=llm_settings(agent_settings, fake.url))
    assert out.planner == "rules" and "not JSON" in out.notes[0]


def test_slow_model_times_out(ask: Ask, agent_settings: Settings) -> None:
    """A model slower than LLM_TIMEOUT_S is abandoned; the rules answer."""
    with fake_llm([("sleep", 2.0, tool_reply(GOOD))]) as fake:
        out = ask("penguins", "How many rows are there?", settings=llm_settings(agent_settings, fake.url, timeout=0.3))
    assert out.planner == "rules" and "no answer within 0.3 s" in out.notes[0]
    assert out.results[0]["value"] == 344


def test_server_error_is_retried(ask: Ask, agent_settings: Settings) -> None:
    """A 500 is retried with back-off; a later good answer is used."""
    with fake_llm([("status", 500), ("status", 503), ("json", tool_reply(GOOD))]) as fake:
        out = ask("penguins", "typical mass per island", settings=llm_settings(agent_settings, fake.url))
    assert len(fake.requests) == 3 and out.planner == "llm"


def test_server_error_gives_up_and_falls_back(ask: Ask, agent_settings: Settings) -> None:
    """Three 500s in a row (LLM_ATTEMPTS): the rules answer and the note says HTTP 500."""
    with fake_llm([("status", 500)]) as fake:
        out = ask("penguins", "How many rows are there?", settings=llm_settings(agent_settings, fake.url))
    assert len(fake.requests) == agent_settings.LLM_ATTEMPTS == 3
    assert out.planner == "rules" and "HTTP 500" in out.notes[0]


@pytest.mark.parametrize("attempts", [1, 5])
def test_attempts_follow_the_setting(ask: Ask, agent_settings: Settings, attempts: int) -> None:
    """LLM_ATTEMPTS is the number of requests a failing endpoint gets for one question."""
    with fake_llm([("status", 503)]) as fake:
        settings = llm_settings(agent_settings, fake.url, LLM_ATTEMPTS=attempts, LLM_BACKOFF_S=0.01)
        out = ask("penguins", "How many rows are there?", settings=settings)
    assert len(fake.requests) == attempts and out.planner == "rules" and "HTTP 503" in out.notes[0]


@pytest.mark.parametrize(
    ("backoff", "longest", "waits"),
    [(0.05, 2.0, [0.05, 0.1, 0.2]), (0.05, 0.08, [0.05, 0.08, 0.08]), (0.0, 0.0, [0.0, 0.0, 0.0])],
)
def test_backoff_follows_the_settings(
    ask: Ask,
    agent_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    backoff: float,
    longest: float,
    waits: list[float],
) -> None:
    """The waits between retries start at LLM_BACKOFF_S, double, and stop growing at LLM_BACKOFF_MAX_S."""
    slept: list[float] = []
    monkeypatch.setattr(llm, "_sleep", slept.append)
    with fake_llm([("status", 500)]) as fake:
        settings = llm_settings(
            agent_settings, fake.url, LLM_ATTEMPTS=4, LLM_BACKOFF_S=backoff, LLM_BACKOFF_MAX_S=longest
        )
        ask("penguins", "How many rows are there?", settings=settings)
    assert len(fake.requests) == 4 and slept == pytest.approx(waits)


def test_client_error_is_not_retried(ask: Ask, agent_settings: Settings) -> None:
    """A 401 will not get better: one request, then the rules."""
    with fake_llm([("status", 401)]) as fake:
        out = ask("penguins", "How many rows are there?", settings=llm_settings(agent_settings, fake.url))
    assert len(fake.requests) == 1 and "HTTP 401" in out.notes[0]


def test_unreachable_model(ask: Ask, agent_settings: Settings) -> None:
    """Nothing listening: the rules answer and say the model is unreachable."""
    from tests.conftest import free_port

    settings = llm_settings(agent_settings, f"http://127.0.0.1:{free_port()}/v1", timeout=2)
    out = ask("penguins", "How many rows are there?", settings=settings)
    assert out.planner == "rules" and "unreachable" in out.notes[0]


@pytest.mark.parametrize("failures", [3, 1])
def test_circuit_opens_after_repeated_failures(ask: Ask, agent_settings: Settings, failures: int) -> None:
    """After LLM_BREAKER_FAILURES failed questions the model is not asked at all until the breaker closes."""
    with fake_llm([("json", text_reply("no"))]) as fake:
        settings = llm_settings(agent_settings, fake.url, LLM_BREAKER_FAILURES=failures)
        for i in range(failures):
            assert not is_open(settings)
            ask("penguins", "How many rows are there?", settings=settings)
            assert len(fake.requests) == i + 1
        out = ask("penguins", "How many rows are there?", settings=settings)
        assert len(fake.requests) == failures and "circuit open" in out.notes[0]
        assert is_open(settings)


def test_circuit_stays_open_for_the_setting(ask: Ask, agent_settings: Settings, clock: Clock) -> None:
    """After LLM_BREAKER_OPEN_S the model is asked once more; its good answer closes the breaker."""
    with fake_llm([("json", text_reply("no")), ("json", tool_reply(GOOD))]) as fake:
        settings = llm_settings(agent_settings, fake.url, LLM_BREAKER_FAILURES=1, LLM_BREAKER_OPEN_S=30)
        ask("penguins", "How many rows are there?", settings=settings)
        clock.advance(29.9)
        assert "circuit open" in ask("penguins", "How many rows are there?", settings=settings).notes[0]
        clock.advance(0.2)
        out = ask("penguins", "typical mass per island", settings=settings)
    assert len(fake.requests) == 2 and out.planner == "llm"
    assert not is_open(settings)


def test_breaker_half_opens_after_the_pause(clock: Clock) -> None:
    """The breaker lets a trial through after open_s, opens again at once if it fails, and
    closes on success; the failure itself is raised, not the breaker's error."""
    breaker = pybreaker.CircuitBreaker(fail_max=2, reset_timeout=10, throw_new_error_on_trip=False)

    def attempt(ok: bool) -> str:
        try:
            with breaker.calling():
                if not ok:
                    raise llm.LLMError("down")
        except pybreaker.CircuitBreakerError:
            return "refused"
        except llm.LLMError:
            return "failed"
        return "ok"

    assert attempt(False) == "failed" and breaker.current_state == pybreaker.STATE_CLOSED
    assert attempt(False) == "failed" and breaker.current_state == pybreaker.STATE_OPEN
    assert attempt(True) == "refused"
    clock.advance(10.5)
    assert attempt(False) == "failed"  # the trial failed: open again at once
    assert attempt(True) == "refused"
    clock.advance(10.5)
    assert attempt(True) == "ok" and breaker.current_state == pybreaker.STATE_CLOSED
    assert attempt(False) == "failed" and breaker.current_state == pybreaker.STATE_CLOSED  # counting anew
