"""The chat search in users mode (SPEC 11): hits only from conversations the caller may
read; another user's private conversation never shows, not even in the total."""

from __future__ import annotations

from typing import Any

from datapulse.storage.models import Message
from tests.auth.conftest import Team


def conversation(team: Team, who: str, text: str, shared: bool = False) -> tuple[str, str]:
    answer = team.client.post("/api/chat/conversations", json={"title": who}, headers=team.headers(who))
    assert answer.status_code == 201, answer.get_json()
    conv = str(answer.get_json()["id"])
    if shared:
        patch = team.client.patch(
            f"/api/chat/conversations/{conv}", json={"visibility": "shared"}, headers=team.headers(who)
        )
        assert patch.status_code == 200, patch.get_json()
    with team.platform.db.session() as session:
        message = Message(conversation_id=conv, role="user", content=text)
        session.add(message)
        session.flush()
        return conv, message.id


def hits(team: Team, who: str, **params: Any) -> tuple[set[str], int]:
    answer = team.client.get("/api/chat/search", query_string={"q": "geheim", **params}, headers=team.headers(who))
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    return {h["message"]["id"] for h in body["items"]}, body["total"]


def test_search_shows_only_readable_conversations(team: Team) -> None:
    """Own and shared conversations are searched; another's private one is absent (and 404 by id)."""
    mine_conv, mine = conversation(team, "owner", "Der geheime Plan des Owners")
    _, theirs = conversation(team, "other", "Der geheime Plan von other")
    _, shared = conversation(team, "owner", "Ein geteilter geheimer Bericht", shared=True)
    assert hits(team, "owner") == ({mine, shared}, 2)
    assert hits(team, "other") == ({theirs, shared}, 2)
    assert hits(team, "viewer") == ({shared}, 1)
    assert hits(team, "admin") == ({mine, theirs, shared}, 3)
    refused = team.client.get(
        "/api/chat/search", query_string={"q": "geheim", "conversation_id": mine_conv}, headers=team.headers("other")
    )
    assert refused.status_code == 404
    assert team.client.get("/api/chat/search?q=geheim").status_code == 401
