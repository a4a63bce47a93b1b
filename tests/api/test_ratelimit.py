"""Rate limits (SPEC 11): exactly the limit is allowed in a window, the next request gets
429 `rate_limited` with Retry-After and X-RateLimit-*; per user else per address; batch
sub-requests count; Redis shares the counters between real API processes.

Every window here is an hour long, so no test can straddle one on a slow machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from types import SimpleNamespace
from typing import Any

import pytest
from flask import g

from datapulse.api.ratelimit import client_key
from datapulse.settings import Settings, load_settings
from tests.conftest import free_port, started_app
from tests.realtime.conftest import ROOT, settings_env, stop_process

HOUR = 3600


def sql(client: Any, addr: str = "127.0.0.1") -> Any:
    return client.post("/api/query", json={"sql": "SELECT 1 AS one"}, environ_base={"REMOTE_ADDR": addr})


def assert_rate_limited(
    status: int, headers: Any, body: dict[str, Any], limit: int, scope: str, remaining: int = 0
) -> None:
    assert status == 429
    assert body["error"]["code"] == "rate_limited"
    assert body["error"]["details"]["scope"] == scope
    assert body["error"]["details"]["limit"] == f"{limit} per 1 hour"
    retry_after = int(headers["Retry-After"])
    assert 0 < retry_after <= HOUR
    assert headers["X-RateLimit-Limit"] == str(limit)
    assert headers["X-RateLimit-Remaining"] == str(remaining)
    assert abs(int(headers["X-RateLimit-Reset"]) - time.time() - retry_after) <= 2


def test_sql_limit_in_memory_exactly_n_then_429_per_address(settings: Settings) -> None:
    with started_app(settings, RATE_LIMIT_SQL="3/hour") as app:
        client = app.test_client()
        answers = [sql(client) for _ in range(3)]
        assert [r.status_code for r in answers] == [200, 200, 200]
        assert [r.headers["X-RateLimit-Remaining"] for r in answers] == ["2", "1", "0"]
        assert all(r.headers["X-RateLimit-Limit"] == "3" for r in answers)
        refused = sql(client)
        assert_rate_limited(refused.status_code, refused.headers, refused.get_json(), 3, "sql")
        assert sql(client, addr="10.1.2.3").status_code == 200  # another address has its own count
        assert client.get("/api/files").status_code == 200  # other routes are not the SQL limit's
        assert client.get("/api/health").headers.get("X-RateLimit-Limit") is None


def test_default_limit_counts_every_route_but_never_health(settings: Settings) -> None:
    with started_app(settings, RATE_LIMIT="4/hour") as app:
        client = app.test_client()
        assert [client.get(path).status_code for path in ("/api/files", "/api/datasources")] == [200, 200]
        assert [sql(client).status_code, client.get("/api/files").status_code] == [200, 200]
        refused = client.get("/api/plugins")
        assert_rate_limited(refused.status_code, refused.headers, refused.get_json(), 4, "all")
        assert [client.get("/api/health").status_code for _ in range(6)] == [200] * 6
        assert client.get("/api/health/dependencies").status_code != 429  # the budget is spent: not counted
        assert client.options("/api/files").status_code != 429  # CORS preflights are not counted


def test_sign_in_limit_applies_to_the_route_by_its_path(settings: Settings) -> None:
    """The sign-in route (users mode): its limit holds, wrong passwords or not."""
    with started_app(settings, RATE_LIMIT_LOGIN="2/hour", AUTH_MODE="users") as app:
        client = app.test_client()
        wrong = {"email": "a@x.org", "password": "wrong"}
        assert [client.post("/api/auth/login", json=wrong).status_code for _ in range(2)] == [401, 401]
        refused = client.post("/api/auth/login", json=wrong)
        assert_rate_limited(refused.status_code, refused.headers, refused.get_json(), 2, "login")


def test_batch_sub_requests_count_against_their_routes(settings: Settings) -> None:
    with started_app(settings, RATE_LIMIT_SQL="2/hour") as app:
        client = app.test_client()
        sub = [{"id": str(i), "method": "POST", "path": "/api/query", "body": {"sql": "SELECT 1"}} for i in range(3)]
        reply = client.post("/api/batch", json={"requests": sub})
        assert reply.status_code == 200
        answers = reply.get_json()["responses"]
        assert [a["status"] for a in answers] == [200, 200, 429]
        assert_rate_limited(429, answers[2]["headers"], answers[2]["body"], 2, "sql")
        direct = sql(client)  # the batch used up this address's SQL budget
        assert_rate_limited(direct.status_code, direct.headers, direct.get_json(), 2, "sql")


def test_chat_questions_count_one_each_even_in_a_chat_batch(settings: Settings) -> None:
    with started_app(settings, RATE_LIMIT_CHAT="4/hour") as app:
        client = app.test_client()
        conv = client.post("/api/chat/conversations", json={"title": "t"}).get_json()["id"]
        ask = {"content": "how many rows"}
        assert client.post(f"/api/chat/conversations/{conv}/messages", json=ask).status_code == 202
        batch = {"conversation_id": conv, "questions": ["how many rows", "which columns"]}
        assert client.post("/api/chat/batch", json=batch).status_code == 202  # 3 of 4 used
        refused = client.post("/api/chat/batch", json=batch)  # 2 more would make 5
        assert_rate_limited(refused.status_code, refused.headers, refused.get_json(), 4, "chat", remaining=1)
        assert client.post(f"/api/chat/conversations/{conv}/messages", json=ask).status_code == 202  # the 4th
        refused = client.post(f"/api/chat/conversations/{conv}/messages", json=ask)
        assert_rate_limited(refused.status_code, refused.headers, refused.get_json(), 4, "chat")


def test_a_signed_in_user_is_counted_as_the_user(settings: Settings) -> None:
    with started_app(settings) as app, app.test_request_context(environ_base={"REMOTE_ADDR": "10.0.0.9"}):
        assert client_key() == "addr:10.0.0.9"  # no principal (before sign-in exists, or anonymous)
        g.principal = SimpleNamespace(user_id=None, role="admin")
        assert client_key() == "addr:10.0.0.9"  # local mode's built-in admin has no user id
        g.principal = SimpleNamespace(user_id=42, role="analyst")
        assert client_key() == "user:42"


def test_bad_limit_settings_are_refused_with_their_names() -> None:
    text = "\n".join(
        load_settings(environ={"RATE_LIMIT": "lots", "RATE_LIMIT_SQL": "0/minute"}, env_file=None).value_problems()
    )
    assert "RATE_LIMIT='lots': not a rate limit" in text
    assert "RATE_LIMIT_SQL='0/minute': a limit must allow at least 1" in text
    assert load_settings(environ={"RATE_LIMIT": ""}, env_file=None).value_problems() == []  # empty: no limit


def test_no_limit_when_the_setting_is_empty(settings: Settings) -> None:
    with started_app(settings, RATE_LIMIT="", RATE_LIMIT_SQL="") as app:
        client = app.test_client()
        replies = [sql(client) for _ in range(5)]
        assert [r.status_code for r in replies] == [200] * 5
        assert "X-RateLimit-Limit" not in replies[-1].headers


# Two real API processes sharing Redis -------------------------------------------------
def _post(port: int, path: str, body: dict[str, Any]) -> tuple[int, dict[str, str], dict[str, Any]]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, dict(reply.headers), json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def _wait_api(port: int, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the API process exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2):
                return
        except urllib.error.HTTPError:
            return  # up, a dependency degraded
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the API process did not answer /api/health")


@contextmanager
def api_processes(settings: Settings, count: int, **env: str) -> Iterator[list[int]]:
    """`count` API processes (Flask's server, one process each) on their own ports,
    started together."""
    with ExitStack() as stack:
        started = []
        for _ in range(count):
            port = free_port()
            proc = subprocess.Popen(
                [sys.executable, "-m", "datapulse.api.serve.devserver"],
                cwd=ROOT,
                env=settings_env(settings, FLASK_PORT=port, LOG_LEVEL="WARNING", **env),
            )
            stack.callback(stop_process, proc)
            started.append((port, proc))
        for port, proc in started:
            _wait_api(port, proc)
        yield [port for port, _ in started]


@pytest.mark.sqlite_pass  # the counters live in Redis: a second run on PostgreSQL only cost 10-30 s
def test_two_api_workers_share_the_limit_through_redis(settings: Settings, redis_url: str) -> None:
    """A real API process and an app in this process, on one Redis: alternating between
    them, exactly 5 queries pass in the window (a batch's sub-requests among them), then
    both answer 429. A fresh secret keeps each run's keys apart in Redis."""
    shared = settings.replace(SECRET_KEY=f"ratelimit-{uuid.uuid4().hex}", REDIS_URL=redis_url, RATE_LIMIT_SQL="5/hour")
    query = {"sql": "SELECT 1 AS one"}
    with api_processes(shared, 1) as (port,), started_app(shared) as app:
        local = app.test_client()

        def ask(where: str, path: str, body: dict[str, Any]) -> tuple[int, Any, dict[str, Any]]:
            if where == "process":
                return _post(port, path, body)
            reply = local.post(path, json=body)
            return reply.status_code, reply.headers, reply.get_json()

        statuses = [ask(where, "/api/query", query)[0] for where in ("process", "app", "process", "app")]
        assert statuses == [200, 200, 200, 200]
        sub = [{"id": str(i), "method": "POST", "path": "/api/query", "body": query} for i in range(2)]
        status, _, body = ask("process", "/api/batch", {"requests": sub})
        assert status == 200
        assert [r["status"] for r in body["responses"]] == [200, 429]  # the 5th, then over
        for where in ("app", "process"):
            status, headers, body = ask(where, "/api/query", query)
            assert_rate_limited(status, headers, body, 5, "sql")


def test_the_document_names_429_on_limited_operations_only(client: Any) -> None:
    paths = client.get("/api/openapi.json").get_json()["paths"]
    refused = paths["/api/query"]["post"]["responses"]["429"]
    assert {"Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} <= set(refused["headers"])
    assert "429" not in paths["/api/health"]["get"]["responses"]
