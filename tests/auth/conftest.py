"""A users-mode app and its people: an admin, two analysts (the owner and another) and a
viewer, each with a bearer token; plus an injectable clock on the sign-in service."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from datapulse.bus.base import MemoryBus
from datapulse.settings import Settings
from tests.conftest import started_app

PASSWORD = "correct horse battery"
ROLES = {"admin": "admin", "owner": "analyst", "other": "analyst", "viewer": "viewer"}


@dataclass
class Clock:
    """The sign-in service's time, moved by the test."""

    now: datetime = field(default_factory=lambda: datetime(2026, 1, 1, 12, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Team:
    client: Any
    platform: Any
    clock: Clock
    ids: dict[str, int]
    tokens: dict[str, str]

    def headers(self, who: str | None) -> dict[str, str]:
        return {} if who is None else {"Authorization": f"Bearer {self.tokens[who]}"}

    def login(self, email: str, password: str = PASSWORD) -> Any:
        return self.client.post("/api/auth/login", json={"email": email, "password": password})


@pytest.fixture
def users_app(settings: Settings, bus: MemoryBus) -> Iterator[Any]:
    # These tests sign in (and fail to) far more often than a person: the sign-in rate
    # limit is not what they check (the lock-out is).
    with started_app(settings, bus, AUTH_MODE="users", RATE_LIMIT_LOGIN="10000/minute") as application:
        yield application


@pytest.fixture
def team(users_app: Any) -> Team:
    platform = users_app.extensions["datapulse"]
    clock = Clock()
    platform.auth.clock = clock
    client = users_app.test_client()
    ids, tokens = {}, {}
    for who, role in ROLES.items():
        user = platform.auth.create_user(f"{who}@example.com", PASSWORD, role, name=who.title())
        ids[who] = user.id
        answer = client.post("/api/auth/login", json={"email": f"{who}@example.com", "password": PASSWORD})
        assert answer.status_code == 200, answer.get_json()
        tokens[who] = answer.get_json()["access_token"]
    client.delete_cookie("datapulse_session", path="/")  # each request names its user itself
    return Team(client, platform, clock, ids, tokens)


def upload_csv(team: Team, who: str, name: str = "sales.csv") -> str:
    data = {"file": [(io.BytesIO(b"id,amount\n1,10\n2,20\n"), name)]}
    answer = team.client.post("/api/files", data=data, content_type="multipart/form-data", headers=team.headers(who))
    assert answer.status_code == 201, answer.get_json()
    return str(answer.get_json()["files"][0]["id"])
