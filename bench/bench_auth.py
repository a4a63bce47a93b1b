"""What sign-in checks cost a request: `AUTH_MODE=users` beside `AUTH_MODE=local`, the same
build measured in the same run with the modes interleaved round by round (a busy machine
slows both alike). Goal: under 1 ms added at p50.

    .venv/bin/python bench/bench_auth.py [--requests 400] [--files 40]

- `GET /api/files` as an analyst who owns some of the files and sees others shared,
  with (a) a Bearer access token (JWT), (b) a personal API token, (c) the session
  cookie; beside the same request in local mode (no credentials).
- SSE: time to the first event of `GET /api/chat/runs/<id>/events` for a finished run
  the analyst owns, with the access token; beside local mode.

Through Flask's test client on SQLite, so the figures are the server's own work (no
network). The users' passwords use argon2 at its cheapest settings: only the sign-in
pays for them, the measured requests carry tokens or the cookie. Not a test.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_limits_audit import make_app  # noqa: E402

PASSWORD = "bench password 123"
CHEAP_ARGON2 = {"PASSWORD_HASH_TIME_COST": "1", "PASSWORD_HASH_MEMORY_KIB": "8"}
NO_LIMITS = {"RATE_LIMIT": "", "RATE_LIMIT_LOGIN": "10000/minute"}


def upload(client: Any, headers: dict[str, str], name: str) -> str:
    data = {"file": [(io.BytesIO(b"region,amount\nNorth,10\nSouth,20\nNorth,5\n"), name)]}
    reply = client.post("/api/files", data=data, content_type="multipart/form-data", headers=headers)
    assert reply.status_code == 201, reply.get_json()
    return str(reply.get_json()["files"][0]["id"])


def finished_run(client: Any, headers: dict[str, str]) -> str:
    """A run of a question over the file, waited for until it has ended."""
    conv = client.post("/api/chat/conversations", json={"title": "bench"}, headers=headers).get_json()
    reply = client.post(
        f"/api/chat/conversations/{conv['id']}/messages",
        json={"content": "total amount by region"},
        headers={**headers, "Accept": "application/json"},
    )
    assert reply.status_code in (200, 201, 202), reply.get_json()
    body = reply.get_json()
    run_id = str(body.get("run_id") or body.get("run", {}).get("id"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = client.get(f"/api/chat/runs/{run_id}", headers=headers).get_json()["status"]
        if status in ("completed", "failed", "cancelled"):
            return run_id
        time.sleep(0.05)
    raise RuntimeError("the run did not end")


def timed_get(client: Any, url: str, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    reply = client.get(url, headers=headers)
    elapsed = time.perf_counter() - started
    assert reply.status_code == 200, reply.get_data()[:200]
    return elapsed * 1000


def first_event(client: Any, url: str, headers: dict[str, str]) -> float:
    """ms from the request to the first SSE `id:` line read from the stream."""
    started = time.perf_counter()
    reply = client.get(url, headers={**headers, "Accept": "text/event-stream"}, buffered=False)
    try:
        assert reply.status_code == 200, reply.status_code
        for chunk in reply.response:
            if b"id:" in (chunk if isinstance(chunk, bytes) else chunk.encode()):
                return (time.perf_counter() - started) * 1000
        raise RuntimeError("the stream ended without an event")
    finally:
        reply.close()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def setup_users(app: Any, files: int) -> tuple[dict[str, dict[str, str]], str]:
    """An admin and two analysts; `files` files spread over them, every third shared."""
    platform = app.extensions["datapulse"]
    client = app.test_client()
    bearer: dict[str, dict[str, str]] = {}
    for who, role in (("admin", "admin"), ("analyst", "analyst"), ("other", "analyst")):
        platform.auth.create_user(f"{who}@bench.example", PASSWORD, role)
        login = client.post("/api/auth/login", json={"email": f"{who}@bench.example", "password": PASSWORD})
        assert login.status_code == 200, login.get_json()
        bearer[who] = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
    owners = ["analyst", "other", "admin"]
    for i in range(files):
        owner = owners[i % 3]
        file_id = upload(client, bearer[owner], f"f{i}.csv")
        if i % 3 != 0:  # the analyst's own stay private; a third of the others shared
            if i % 2 == 0:
                client.patch(f"/api/files/{file_id}", json={"visibility": "shared"}, headers=bearer[owner])
    run_id = finished_run(client, bearer["analyst"])
    token = client.post("/api/tokens", json={"name": "bench", "scopes": ["read"]}, headers=bearer["analyst"])
    assert token.status_code == 201, token.get_json()
    api = {"Authorization": f"Bearer {token.get_json()['token']}"}
    # The session cookie is the one set by the analyst's sign-in, on a client of its own.
    client.delete_cookie("datapulse_session", path="/")
    return {"bearer": bearer["analyst"], "api_token": api}, run_id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400, help="per kind")
    parser.add_argument("--files", type=int, default=40)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-auth-"))
    local = make_app(tmp / "local", AUTH_MODE="local", **NO_LIMITS)
    users = make_app(tmp / "users", AUTH_MODE="users", **CHEAP_ARGON2, **NO_LIMITS)

    creds, run_id = setup_users(users, args.files)
    uc = users.test_client()
    seen = uc.get("/api/files", headers=creds["bearer"]).get_json()["total"]
    lc = local.test_client()
    for i in range(seen):  # local mode lists as many files as the analyst sees: the same answer size
        upload(lc, {}, f"f{i}.csv")
    local_run = finished_run(lc, {})
    cookie_client = users.test_client()
    login = cookie_client.post("/api/auth/login", json={"email": "analyst@bench.example", "password": PASSWORD})
    assert login.status_code == 200 and cookie_client.get_cookie("datapulse_session") is not None
    print(
        f"# {args.files} files in users mode (3 owners), the analyst sees {seen}; local mode holds {seen}", flush=True
    )

    kinds: dict[str, Callable[[], float]] = {
        "files local": lambda: timed_get(lc, "/api/files", {}),
        "files bearer": lambda: timed_get(uc, "/api/files", creds["bearer"]),
        "files api_token": lambda: timed_get(uc, "/api/files", creds["api_token"]),
        "files cookie": lambda: timed_get(cookie_client, "/api/files", {}),
        "sse local": lambda: first_event(lc, f"/api/chat/runs/{local_run}/events", {}),
        "sse bearer": lambda: first_event(uc, f"/api/chat/runs/{run_id}/events", creds["bearer"]),
        "sse api_token": lambda: first_event(uc, f"/api/chat/runs/{run_id}/events", creds["api_token"]),
        "sse cookie": lambda: first_event(cookie_client, f"/api/chat/runs/{run_id}/events", {}),
    }
    samples: dict[str, list[float]] = {name: [] for name in kinds}
    for _ in range(20):  # warm-up, not counted
        for call in kinds.values():
            call()
    for _ in range(args.requests):
        for name, call in kinds.items():
            samples[name].append(call())

    print(f"{'measure':<34}{'p50 ms':>9}{'p99 ms':>9}{'+p50 ms':>10}{'+p99 ms':>10}")
    for name, values in samples.items():
        base = samples[name.split()[0] + " local"]
        p50, p99 = pct(values, 0.5), pct(values, 0.99)
        label = {"files": "GET /api/files", "sse": "SSE first event"}[name.split()[0]] + f" ({name.split()[1]})"
        if name.endswith("local"):
            print(f"{label:<34}{p50:>9.3f}{p99:>9.3f}{'—':>10}{'—':>10}")
        else:
            print(f"{label:<34}{p50:>9.3f}{p99:>9.3f}{p50 - pct(base, 0.5):>+10.3f}{p99 - pct(base, 0.99):>+10.3f}")
    for app in (local, users):
        app.extensions["datapulse"].stop()


if __name__ == "__main__":
    main()
