"""GET /api/agents, the `agents` health check and GET /api/health/agents."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import update

from datapulse.chat.agent_stats import CACHE_S, FULL_S, RecentAgentStats
from datapulse.events import utcnow
from datapulse.storage.models import RunEvent
from tests.chat.conftest import ask, configure, new_conversation, wait_run
from tests.chat.helpers import AGENTS, bad_request


def test_agents_listed_with_counts(chat_client, agents) -> None:
    """Each agent is listed with runs, failures and mean duration from the stored runs."""
    cid = new_conversation(chat_client)
    for question in ("a", "b"):
        wait_run(chat_client, ask(chat_client, cid, question)["run_id"])
    agents.fail_with = bad_request()
    wait_run(chat_client, ask(chat_client, cid, "c")["run_id"])
    body = chat_client.get("/api/agents").json
    by_name = {a["name"]: a for a in body["items"]}
    assert list(by_name) == AGENTS and body["total"] == len(AGENTS)
    assert by_name["planner"]["runs"] == 3 and by_name["planner"]["failures"] == 0
    assert by_name["analyst"]["failures"] == 0 and by_name["analyst"]["runs"] == 2
    assert by_name["planner"]["state"] == "idle" and by_name["planner"]["mean_duration_ms"] >= 0
    assert by_name["planner"]["last_active"].endswith("Z")


def test_failed_steps_count_as_failures(chat_client) -> None:
    """An agent step that ends failed is counted in failures and shows the error state."""
    db = chat_client.application.extensions["datapulse"].db
    cid = new_conversation(chat_client)
    run_id = ask(chat_client, cid, "x")["run_id"]
    wait_run(chat_client, run_id)
    store = chat_client.application.extensions["datapulse"].chat_store
    store.append(run_id, "agent_update", {"agent": "reporter", "status": "processing", "progress": 0, "message": ""})
    store.append(run_id, "agent_update", {"agent": "reporter", "status": "failed", "progress": 100, "message": "x"})
    reporter = {a["name"]: a for a in RecentAgentStats(db).agents()}["reporter"]
    assert reporter["failures"] == 1 and reporter["state"] == "error" and reporter["last_status"] == "failed"


def test_agent_busy_while_running(chat_app, chat_client) -> None:
    """While a run is in an agent's step that agent is listed as processing."""
    configure(chat_app, CHAT_STEP_DELAY=0.3)
    cid = new_conversation(chat_client)
    run_id = ask(chat_client, cid, "slow")["run_id"]
    store = chat_app.extensions["datapulse"].chat_store
    for _ in range(100):
        if any(e.event == "agent_update" for e in store.events_after(run_id)):
            break
        time.sleep(0.05)
    planner = {a["name"]: a for a in RecentAgentStats(store.db).agents()}["planner"]
    assert planner["state"] == "processing" and planner["active"] == 1
    chat_client.post(f"/api/chat/runs/{run_id}/cancel")


def _at_once(refresh: Callable[[], None]) -> None:
    """A refresh started by a stale read runs before that read returns (no thread)."""
    refresh()


def _by_name(stats: RecentAgentStats) -> dict[str, dict]:
    return {a["name"]: a for a in stats.agents()}


def test_refresh_folds_new_reports_and_ended_runs(chat_app, chat_client) -> None:
    """Between full reads a refresh folds only the reports stored since the last one, and
    a run cancelled in an agent's step stops counting as that agent's work at once."""
    configure(chat_app, CHAT_STEP_DELAY=0.3)
    store = chat_app.extensions["datapulse"].chat_store
    now = [0.0]
    stats = RecentAgentStats(store.db, clock=lambda: now[0], start=_at_once)
    assert _by_name(stats)["planner"]["runs"] == 0
    run_id = ask(chat_client, new_conversation(chat_client), "slow")["run_id"]
    for _ in range(100):
        if any(e.event == "agent_update" for e in store.events_after(run_id)):
            break
        time.sleep(0.05)
    now[0] += CACHE_S
    assert _by_name(stats)["planner"]["active"] == 1
    chat_client.post(f"/api/chat/runs/{run_id}/cancel")
    wait_run(chat_client, run_id)
    store.settle()
    now[0] += CACHE_S
    planner = _by_name(stats)["planner"]
    assert planner["active"] == 0 and planner["state"] != "processing"
    assert stats._folded is not None and stats._folded.full_at == 0.0  # no full read since the first


def test_full_read_drops_reports_that_left_the_window(chat_client) -> None:
    """Every FULL_S the window is read anew: reports older than a day no longer count."""
    db = chat_client.application.extensions["datapulse"].db
    now = [0.0]
    stats = RecentAgentStats(db, clock=lambda: now[0], start=_at_once)
    wait_run(chat_client, ask(chat_client, new_conversation(chat_client), "a")["run_id"])
    assert _by_name(stats)["planner"]["runs"] == 1
    with db.session() as session:
        session.execute(update(RunEvent).values(created_at=utcnow() - timedelta(days=2)))
    now[0] += CACHE_S
    assert _by_name(stats)["planner"]["runs"] == 1  # an incremental read keeps what it folded
    now[0] += FULL_S
    assert _by_name(stats)["planner"]["runs"] == 0


def test_callers_get_the_last_figures_while_one_refreshes(chat_client) -> None:
    """While a refresh is under way (the lock held), another caller does not wait for it."""
    db = chat_client.application.extensions["datapulse"].db
    now = [0.0]
    stats = RecentAgentStats(db, clock=lambda: now[0], start=_at_once)
    first = stats.agents()
    wait_run(chat_client, ask(chat_client, new_conversation(chat_client), "a")["run_id"])
    now[0] += CACHE_S
    with stats.kept.refreshing:
        assert stats.agents() is first
    assert {a["name"]: a for a in stats.agents()}["planner"]["runs"] == 1


def test_a_stale_read_returns_at_once_while_the_refresh_runs_behind_it(chat_client) -> None:
    """With the default background start, the caller that finds the figures stale gets the
    last ones without waiting for the database read; a later read gets the new ones."""
    db = chat_client.application.extensions["datapulse"].db
    now = [0.0]
    stats = RecentAgentStats(db, clock=lambda: now[0])
    first = stats.agents()
    wait_run(chat_client, ask(chat_client, new_conversation(chat_client), "a")["run_id"])
    now[0] += CACHE_S
    release, computing = threading.Event(), threading.Event()
    compute = stats._compute

    def held() -> list[dict]:
        computing.set()
        assert release.wait(30)
        return compute()

    stats._compute = held  # type: ignore[method-assign]
    try:
        assert stats.agents() is first  # returned while the refresh is held
        assert computing.wait(30)
        assert stats.agents() is first  # a second stale read starts no second refresh
    finally:
        release.set()
    for _ in range(600):
        if not stats.kept.refreshing.locked():
            break
        time.sleep(0.05)
    assert _by_name(stats)["planner"]["runs"] == 1


def test_a_failed_refresh_keeps_the_last_figures(chat_client) -> None:
    db = chat_client.application.extensions["datapulse"].db
    now = [0.0]
    stats = RecentAgentStats(db, clock=lambda: now[0], start=_at_once)
    first = stats.agents()
    now[0] += CACHE_S

    def broken() -> list[dict]:
        raise RuntimeError("database gone")

    stats._compute = broken  # type: ignore[method-assign]
    assert stats.agents() is first
    assert not stats.kept.refreshing.locked()  # the next stale read may try again


def test_health_includes_agents(chat_client) -> None:
    """/api/health carries the agents check and /api/health/agents details it."""
    health = chat_client.get("/api/health").json
    assert health["checks"]["agents"]["status"] == "healthy"
    assert health["checks"]["agents"]["agents"] == len(AGENTS)
    detail = chat_client.get("/api/health/agents")
    assert detail.status_code == 200
    assert detail.json["status"] == "healthy" and [a["name"] for a in detail.json["agents"]] == AGENTS
    assert detail.json["executor"]["max_workers"] >= 1


def test_mostly_failing_agents_are_degraded(chat_client, agents) -> None:
    """When most recent agent steps failed the agents check is degraded (HTTP still 200)."""
    agents.fail_with = bad_request()
    cid = new_conversation(chat_client)
    for question in ("a", "b", "c"):
        wait_run(chat_client, ask(chat_client, cid, question)["run_id"])
    store = chat_client.application.extensions["datapulse"].chat_store
    runs = [m["run_id"] for m in chat_client.get(f"/api/chat/conversations/{cid}").json["messages"]]
    for run_id in set(runs):
        for agent in AGENTS:
            store.append(run_id, "agent_update", {"agent": agent, "status": "failed", "progress": 100, "message": "x"})
    chat_client.application.extensions["datapulse"].agent_stats.kept.clear()
    detail = chat_client.get("/api/health/agents")
    assert detail.status_code == 200 and detail.json["status"] == "degraded" and detail.json["problems"]


def test_full_executor_is_degraded(chat_app, chat_client) -> None:
    """A run executor at its limit degrades the agents check."""
    chat_app.extensions["datapulse"].executor.max_pending = 0
    assert chat_client.get("/api/health/agents").json["status"] == "degraded"


def test_agents_that_cannot_load(chat_client, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the agents cannot be imported: /api/agents is 503 and the health check unhealthy."""

    def broken() -> list[dict[str, str]]:
        raise ImportError("no engine")

    monkeypatch.setattr("datapulse.chat.agent_stats.describe_agents", broken)
    response = chat_client.get("/api/agents")
    assert response.status_code == 503 and response.json["error"]["code"] == "agents_unavailable"
    detail = chat_client.get("/api/health/agents")
    assert detail.status_code == 503 and detail.json["status"] == "unhealthy"
    health = chat_client.get("/api/health")
    assert health.status_code == 503 and health.json["checks"]["agents"]["status"] == "unhealthy"


def test_real_engine_agents_listed(app) -> None:
    """Without stand-ins the engine's own agents are listed, described and counted."""
    client = app.test_client()
    items = client.get("/api/agents").json["items"]
    assert len(items) >= 4 and all(a["name"] and "runs" in a and "description" in a for a in items)
    app.extensions["datapulse"].executor.shutdown()
