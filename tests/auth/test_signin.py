"""Sign-in, tokens and sessions (SPEC 11): the rules that could break, with the clock
moved by the test instead of waited for."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.auth.conftest import PASSWORD, Team


def error(answer: Any) -> tuple[int, str]:
    return answer.status_code, answer.get_json()["error"]["code"]


def test_no_credentials_is_401_but_health_config_and_docs_answer(team: Team) -> None:
    client = team.client
    assert error(client.get("/api/files")) == (401, "unauthorized")
    assert error(client.post("/api/query", json={"sql": "SELECT 1"})) == (401, "unauthorized")
    assert client.get("/api/health").status_code in (200, 503)
    assert client.get("/api/config").get_json()["auth_mode"] == "users"
    assert client.get("/api/openapi.json").status_code == 200
    assert error(client.get("/api/files", headers={"Authorization": "Basic abc"})) == (401, "invalid_token")
    assert error(client.get("/api/files", headers={"Authorization": "Bearer nonsense"})) == (401, "invalid_token")


def test_login_me_and_wrong_password(team: Team) -> None:
    answer = team.login("OWNER@example.com")
    body = answer.get_json()
    assert answer.status_code == 200 and body["user"]["role"] == "analyst" and body["expires_in"] == 900
    assert "HttpOnly" in answer.headers["Set-Cookie"] and "SameSite=Lax" in answer.headers["Set-Cookie"]
    me = team.client.get("/api/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}).get_json()
    assert me["email"] == "owner@example.com" and me["role"] == "analyst" and me["scopes"] == ["read", "write"]
    assert error(team.login("owner@example.com", "wrong password")) == (401, "invalid_credentials")
    assert error(team.login("nobody@example.com")) == (401, "invalid_credentials")
    # Both audited, the failed ones too, and readable by admins only.
    log = team.client.get("/api/audit?action=auth", headers=team.headers("admin")).get_json()["items"]
    actions = [(e["action"], e["status"]) for e in log]
    assert ("auth.login_failed", 401) in actions and ("auth.login", 200) in actions
    assert error(team.client.get("/api/audit", headers=team.headers("owner"))) == (403, "admin_only")


def test_access_token_expires(team: Team) -> None:
    headers = team.headers("owner")
    assert team.client.get("/api/files", headers=headers).status_code == 200
    team.clock.now += timedelta(seconds=team.platform.settings.ACCESS_TOKEN_TTL_S + 1)
    assert error(team.client.get("/api/files", headers=headers)) == (401, "invalid_token")


def test_refresh_rotates_and_reuse_revokes_the_family(team: Team) -> None:
    first = team.login("owner@example.com").get_json()
    second = team.client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]}).get_json()
    assert second["refresh_token"] != first["refresh_token"]
    third = team.client.post("/api/auth/refresh", json={"refresh_token": second["refresh_token"]}).get_json()
    live = {"Authorization": f"Bearer {third['access_token']}"}
    assert team.client.get("/api/files", headers=live).status_code == 200
    # The first token again: stolen. The whole family ends, the newest tokens with it.
    reused = team.client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert error(reused) == (401, "refresh_token_reused")
    assert error(team.client.get("/api/files", headers=live)) == (401, "invalid_token")
    again = team.client.post("/api/auth/refresh", json={"refresh_token": third["refresh_token"]})
    assert error(again) == (401, "invalid_refresh_token")
    # Other sign-ins of the same user are untouched.
    assert team.client.get("/api/files", headers=team.headers("owner")).status_code == 200


def test_logout_ends_the_sign_in(team: Team) -> None:
    body = team.login("owner@example.com").get_json()
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    assert team.client.post("/api/auth/logout", headers=headers).status_code == 204
    assert error(team.client.get("/api/files", headers=headers)) == (401, "invalid_token")
    refreshed = team.client.post("/api/auth/refresh", json={"refresh_token": body["refresh_token"]})
    assert error(refreshed) == (401, "invalid_refresh_token")


def test_logout_with_a_broken_body_is_400_and_signs_nobody_out(team: Team) -> None:
    """A body is not needed, but a broken JSON one is refused like on every other route
    (915867e: schemathesis' negative cases got 204), and the sign-in stays valid."""
    body = team.login("owner@example.com").get_json()
    headers = {"Authorization": f"Bearer {body['access_token']}", "Content-Type": "application/json"}
    refused = team.client.post("/api/auth/logout", headers=headers, data=b'{"broken": ')
    assert error(refused) == (400, "invalid_json")
    assert team.client.get("/api/files", headers=headers).status_code == 200
    assert team.client.post("/api/auth/logout", headers=headers, data=b"{}").status_code == 204
    assert error(team.client.get("/api/files", headers=headers)) == (401, "invalid_token")


def test_lockout_after_max_failures_and_its_end(team: Team) -> None:
    limit = team.platform.settings.LOGIN_MAX_FAILURES
    for _ in range(limit):
        assert error(team.login("owner@example.com", "wrong password")) == (401, "invalid_credentials")
    locked = team.login("owner@example.com")  # even the right password
    assert error(locked) == (429, "account_locked") and int(locked.headers["Retry-After"]) > 0
    team.clock.now += timedelta(seconds=team.platform.settings.LOGIN_LOCK_S + 1)
    assert team.login("owner@example.com").status_code == 200


def test_failures_outside_the_window_do_not_count(team: Team) -> None:
    limit = team.platform.settings.LOGIN_MAX_FAILURES
    for _ in range(limit - 1):
        team.login("owner@example.com", "wrong password")
    team.clock.now += timedelta(seconds=team.platform.settings.LOGIN_LOCK_S + 1)
    assert error(team.login("owner@example.com", "wrong password")) == (401, "invalid_credentials")
    assert team.login("owner@example.com").status_code == 200


def test_session_cookie_needs_the_csrf_header_on_changes(team: Team) -> None:
    client = team.client
    body = team.login("owner@example.com").get_json()
    assert client.get("/api/files").status_code == 200  # the cookie alone reads
    refused = client.post("/api/query", json={"sql": "SELECT 1 AS one"})
    assert error(refused) == (403, "csrf_failed")
    wrong = client.post("/api/query", json={"sql": "SELECT 1 AS one"}, headers={"X-CSRF-Token": "0" * 64})
    assert error(wrong) == (403, "csrf_failed")
    ok = client.post("/api/query", json={"sql": "SELECT 1 AS one"}, headers={"X-CSRF-Token": body["csrf_token"]})
    assert ok.status_code == 200
    assert client.get("/api/auth/me").get_json()["csrf_token"] == body["csrf_token"]
    assert client.post("/api/auth/logout", headers={"X-CSRF-Token": body["csrf_token"]}).status_code == 204
    assert error(client.get("/api/files")) == (401, "unauthorized")  # the cookie is gone


def test_api_tokens_scoped_revocable_expiring(team: Team) -> None:
    client, owner = team.client, team.headers("owner")
    made = client.post("/api/tokens", json={"name": "ci", "scopes": ["read"]}, headers=owner)
    assert made.status_code == 201
    token = made.get_json()["token"]
    listed = client.get("/api/tokens", headers=owner).get_json()["items"]
    assert [t["name"] for t in listed] == ["ci"] and "token" not in listed[0]
    reader = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/files", headers=reader).status_code == 200
    assert client.post("/api/query", json={"sql": "SELECT 1"}, headers=reader).status_code == 200
    assert error(client.post("/api/datasources", json={}, headers=reader)) == (403, "insufficient_scope")
    assert error(client.delete(f"/api/tokens/{made.get_json()['id']}", headers=team.headers("other"))) == (
        404,
        "not_found",
    )
    assert client.delete(f"/api/tokens/{made.get_json()['id']}", headers=owner).status_code == 204
    assert error(client.get("/api/files", headers=reader)) == (401, "invalid_token")
    expiring = client.post(
        "/api/tokens",
        json={"name": "short", "scopes": ["read", "write"], "expires_at": "2026-01-02T12:00:00Z"},
        headers=owner,
    ).get_json()
    writer = {"Authorization": f"Bearer {expiring['token']}"}
    assert client.post("/api/datasources", json={}, headers=writer).status_code == 422  # past auth
    past = client.post("/api/tokens", json={"name": "old", "expires_at": "2020-01-01T00:00:00Z"}, headers=owner)
    assert error(past) == (422, "invalid_expiry")
    team.clock.now += timedelta(days=2)
    assert error(client.get("/api/files", headers=writer)) == (401, "invalid_token")


def test_disabled_user_cannot_sign_in_and_loses_sessions(team: Team) -> None:
    admin = team.headers("admin")
    changed = team.client.patch(f"/api/users/{team.ids['other']}", json={"disabled": True}, headers=admin)
    assert changed.status_code == 200 and changed.get_json()["disabled"] is True
    assert error(team.client.get("/api/files", headers=team.headers("other"))) == (401, "invalid_token")
    assert error(team.login("other@example.com")) == (403, "account_disabled")


def test_users_admin_only_and_last_admin_kept(team: Team) -> None:
    client = team.client
    assert error(client.get("/api/users", headers=team.headers("owner"))) == (403, "admin_only")
    admin = team.headers("admin")
    assert client.get("/api/users", headers=admin).get_json()["total"] == 4
    made = client.post(
        "/api/users", json={"email": "new@example.com", "password": PASSWORD, "role": "viewer"}, headers=admin
    )
    assert made.status_code == 201 and made.get_json()["role"] == "viewer"
    dup = client.post(
        "/api/users", json={"email": "NEW@example.com", "password": PASSWORD, "role": "viewer"}, headers=admin
    )
    assert error(dup) == (409, "email_taken")
    short = client.post("/api/users", json={"email": "s@example.com", "password": "x", "role": "viewer"}, headers=admin)
    assert error(short) == (422, "weak_password")
    demote = client.patch(f"/api/users/{team.ids['admin']}", json={"role": "analyst"}, headers=admin)
    assert error(demote) == (409, "last_admin")
    assert error(client.delete(f"/api/users/{team.ids['viewer']}", headers=admin)) == (422, "choose_data")
    assert error(client.get("/api/users/999999", headers=admin)) == (404, "not_found")
    no_heir = client.delete(f"/api/users/{team.ids['viewer']}?data=transfer", headers=admin)
    assert error(no_heir) == (422, "invalid_heir")
    not_admin = client.delete(
        f"/api/users/{team.ids['viewer']}?data=transfer&transfer_to={team.ids['owner']}", headers=admin
    )
    assert error(not_admin) == (422, "invalid_heir")
    given = client.delete(
        f"/api/users/{team.ids['viewer']}?data=transfer&transfer_to={team.ids['admin']}", headers=admin
    )
    assert given.status_code == 204
    assert error(client.get(f"/api/users/{team.ids['viewer']}", headers=admin)) == (404, "not_found")
    assert client.delete(f"/api/users/{team.ids['other']}?data=delete", headers=admin).status_code == 204
    assert error(client.delete(f"/api/users/{team.ids['admin']}?data=delete", headers=admin)) == (409, "last_admin")


def test_local_mode_has_no_sign_in(client: Any) -> None:
    """AUTH_MODE=local: everything works without credentials, as the built-in admin."""
    assert client.get("/api/files").status_code == 200
    assert client.get("/api/auth/me").get_json()["role"] == "admin"
    refused = client.post("/api/auth/login", json={"email": "a@example.com", "password": PASSWORD})
    assert error(refused) == (409, "local_mode")
