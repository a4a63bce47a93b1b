"""Behind a reverse proxy (TRUSTED_PROXIES): the client's address comes from
X-Forwarded-For only when the direct peer is a trusted proxy, read from the right past
trusted hops; rate limits, the audit log, sign-in records and the connection share see
it. A forged header from any other peer changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from datapulse.api.forwarded import PEER_ADDR, TrustedProxies
from datapulse.api.serve.connections import ConnectionShare
from datapulse.settings import Settings, load_settings, parse_networks
from datapulse.storage.auth_models import LoginFailure
from tests.conftest import started_app

PROXY = "127.0.0.1"
TRUSTED = TrustedProxies(parse_networks(("127.0.0.1", "10.8.0.0/16", "::1")))


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "client"),
    [
        ("203.0.113.5", "198.51.100.1", "203.0.113.5"),  # an untrusted peer's header is ignored
        ("203.0.113.5", None, "203.0.113.5"),
        (PROXY, None, PROXY),  # the proxy itself asking (its health check)
        (PROXY, "198.51.100.1", "198.51.100.1"),
        (PROXY, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # what the client forged is left of the real hop
        (PROXY, "198.51.100.1, 10.8.3.4", "198.51.100.1"),  # a chain of trusted proxies is walked
        (PROXY, "10.8.0.9, 10.8.3.4", "10.8.0.9"),  # every hop trusted: the left-most
        (PROXY, "garbage, 10.8.3.4", "10.8.3.4"),  # not an address: the walk stops at the last trusted hop
        (PROXY, "unknown", PROXY),
        ("::ffff:127.0.0.1", "198.51.100.1", "198.51.100.1"),  # a dual-stack socket's spelling
        ("::1", " 2001:db8::7 ", "2001:db8::7"),
    ],
)
def test_the_client_is_the_right_most_untrusted_hop(peer: str, forwarded_for: str | None, client: str) -> None:
    assert TRUSTED.client(peer, forwarded_for) == client


def test_bad_trusted_proxies_are_named() -> None:
    problems = Settings(TRUSTED_PROXIES=("10.0.0.0/8", "10.0.0.5/8")).value_problems()
    assert any(p.startswith("TRUSTED_PROXIES: '10.0.0.5/8'") and "host bits" in p for p in problems), problems
    problems = Settings(TRUSTED_PROXIES=("nginx",)).value_problems()
    assert any(p.startswith("TRUSTED_PROXIES: 'nginx' is not an IP address") for p in problems), problems
    read = load_settings(environ={"TRUSTED_PROXIES": "127.0.0.1, 172.28.1.0/24"}, env_file=None)
    assert read.TRUSTED_PROXIES == ("127.0.0.1", "172.28.1.0/24") and not read.value_problems()


def sql(client: Any, peer: str, forwarded_for: str | None = None, **extra: Any) -> Any:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        "/api/query", json={"sql": "SELECT 1 AS one"}, headers=headers, environ_base={"REMOTE_ADDR": peer}, **extra
    )


def test_each_forwarded_client_has_its_own_budget_and_a_forged_header_none(settings: Settings) -> None:
    with started_app(settings, TRUSTED_PROXIES=(PROXY,), RATE_LIMIT_SQL="2/hour") as app:
        client = app.test_client()
        assert [sql(client, PROXY, "198.51.100.1").status_code for _ in range(3)] == [200, 200, 429]
        assert [sql(client, PROXY, "198.51.100.2").status_code for _ in range(3)] == [200, 200, 429]
        # What the client put in front of the proxy's hop changes nothing.
        assert sql(client, PROXY, "203.0.113.77, 198.51.100.1").status_code == 429
        # A client reaching the API directly cannot name another address.
        assert [sql(client, "203.0.113.5").status_code for _ in range(3)] == [200, 200, 429]
        assert sql(client, "203.0.113.5", "198.51.100.9").status_code == 429
        assert sql(client, "203.0.113.5", "127.0.0.1, 198.51.100.10").status_code == 429


def test_without_trusted_proxies_the_header_is_ignored(settings: Settings) -> None:
    with started_app(settings, RATE_LIMIT_SQL="1/hour") as app:
        client = app.test_client()
        assert sql(client, PROXY, "198.51.100.1").status_code == 200
        assert sql(client, PROXY, "198.51.100.2").status_code == 429  # still the peer's budget
        reply = client.get("/api/files", environ_base={"REMOTE_ADDR": PROXY})
        assert reply.request.environ.get(PEER_ADDR) is None  # nothing installed: nothing to pay per request


def test_a_batch_item_cannot_name_another_address(settings: Settings) -> None:
    """Sub-requests count against the batch's client, whatever header an item carries."""
    with started_app(settings, TRUSTED_PROXIES=(PROXY,), RATE_LIMIT_SQL="2/hour") as app:
        client = app.test_client()
        sub = [
            {"id": str(i), "method": "POST", "path": "/api/query", "body": {"sql": "SELECT 1"},
             "headers": {"X-Forwarded-For": f"198.51.100.{50 + i}"}}
            for i in range(3)
        ]  # fmt: skip
        reply = client.post(
            "/api/batch",
            json={"requests": sub},
            headers={"X-Forwarded-For": "198.51.100.1"},
            environ_base={"REMOTE_ADDR": PROXY},
        )
        assert [a["status"] for a in reply.get_json()["responses"]] == [200, 200, 429]
        assert sql(client, PROXY, "198.51.100.1").status_code == 429  # the batch used the client's budget
        assert sql(client, PROXY, "198.51.100.50").status_code == 200  # and no item's address


def test_the_audit_log_records_the_forwarded_client(settings: Settings) -> None:
    with started_app(settings, TRUSTED_PROXIES=(PROXY,)) as app:
        client = app.test_client()
        sql(client, PROXY, "198.51.100.1")
        sql(client, "203.0.113.5", "198.51.100.2")  # forged: recorded as the peer
        items = client.get("/api/audit").get_json()["items"]
        assert [e["remote_addr"] for e in items] == ["203.0.113.5", "198.51.100.1"]


def test_failed_sign_ins_record_the_forwarded_client(settings: Settings) -> None:
    with started_app(settings, TRUSTED_PROXIES=(PROXY,), AUTH_MODE="users") as app:
        platform = app.extensions["datapulse"]
        user = platform.auth.create_user("a@x.org", "right password", "admin")
        client = app.test_client()
        wrong = {"email": "a@x.org", "password": "wrong password"}
        headers = {"X-Forwarded-For": "198.51.100.1"}
        reply = client.post("/api/auth/login", json=wrong, headers=headers, environ_base={"REMOTE_ADDR": PROXY})
        assert reply.status_code == 401
        with platform.db.session() as session:
            failures = session.query(LoginFailure).filter_by(user_id=user.id).all()
            assert [f.address for f in failures] == ["198.51.100.1"]
        signed = client.post("/api/auth/login", json={"email": "a@x.org", "password": "right password"})
        token = {"Authorization": f"Bearer {signed.get_json()['access_token']}"}
        items = client.get("/api/audit?action=auth.login_failed", headers=token).get_json()["items"]
        assert [e["remote_addr"] for e in items] == ["198.51.100.1"]


def test_the_connection_share_does_not_count_a_trusted_proxy() -> None:
    """The proxy carries many clients on its connections; nginx's limit_conn shares them out."""
    share = ConnectionShare(2, TRUSTED)
    assert all(share.admit(PROXY) for _ in range(50))
    assert [share.admit("203.0.113.5") for _ in range(3)] == [True, True, False]
    for _ in range(50):
        share.release(PROXY)
    share.release("203.0.113.5")
    assert share.admit("203.0.113.5") and not share.admit("203.0.113.5")
    assert dict(share.open) == {"203.0.113.5": 2}
    untrusting = ConnectionShare(2)
    assert [untrusting.admit(PROXY) for _ in range(3)] == [True, True, False]
