"""Owned and shared data (SPEC 11): another user's private object is not there (404)
anywhere — lists, preview, download, SQL, batch — a shared one is read but not changed
(403), a viewer changes nothing, an admin sees all."""

from __future__ import annotations

from typing import Any

from tests.auth.conftest import Team, upload_csv


def code(answer: Any) -> int:
    return int(answer.status_code)


def names(team: Team, who: str) -> set[str]:
    return {f["name"] for f in team.client.get("/api/files", headers=team.headers(who)).get_json()["items"]}


def query(team: Team, who: str, sql: str) -> Any:
    return team.client.post("/api/query", json={"sql": sql}, headers=team.headers(who))


def test_private_file_is_invisible_until_shared(team: Team) -> None:
    file_id = upload_csv(team, "owner", "mine.csv")
    table = team.client.get(f"/api/files/{file_id}", headers=team.headers("owner")).get_json()["table_name"]
    for who in ("other", "viewer"):
        assert "mine.csv" not in names(team, who)
        for path in ("", "/preview", "/download"):
            assert code(team.client.get(f"/api/files/{file_id}{path}", headers=team.headers(who))) == 404
        assert code(query(team, who, f"SELECT * FROM {table}")) in (400, 422)
        near = query(team, who, f"SELECT * FROM {table[:-1]}x")  # a near miss names no hidden table
        assert code(near) in (400, 422) and table not in near.get_data(as_text=True)
    assert "mine.csv" in names(team, "admin") and "mine.csv" in names(team, "owner")
    assert query(team, "owner", f"SELECT count(*) AS n FROM {table}").get_json()["rows"] == [[2]]
    # Changing it by someone else: unseen → 404 (no hint it exists).
    assert code(team.client.delete(f"/api/files/{file_id}", headers=team.headers("other"))) == 404
    assert (
        code(team.client.patch(f"/api/files/{file_id}", json={"visibility": "shared"}, headers=team.headers("other")))
        == 404
    )
    batch = team.client.post(
        "/api/files/batch", json={"operation": "delete", "ids": [file_id]}, headers=team.headers("other")
    )
    assert batch.get_json()["results"][0]["status"] == 404
    # Shared: read by all, changed by its owner (and admins) only.
    shared = team.client.patch(f"/api/files/{file_id}", json={"visibility": "shared"}, headers=team.headers("owner"))
    assert code(shared) == 200
    for who in ("other", "viewer"):
        assert "mine.csv" in names(team, who)
        assert code(team.client.get(f"/api/files/{file_id}/preview", headers=team.headers(who))) == 200
        assert query(team, who, f"SELECT count(*) AS n FROM {table}").get_json()["rows"] == [[2]]
    assert code(team.client.delete(f"/api/files/{file_id}", headers=team.headers("other"))) == 403
    assert code(team.client.delete(f"/api/files/{file_id}", headers=team.headers("viewer"))) == 403
    batch = team.client.post(
        "/api/files/batch", json={"operation": "delete", "ids": [file_id]}, headers=team.headers("other")
    )
    assert batch.get_json()["results"][0]["status"] == 403
    assert code(team.client.delete(f"/api/files/{file_id}", headers=team.headers("admin"))) == 204


def test_viewer_cannot_write_and_creations_are_owned(team: Team) -> None:
    import io

    data = {"file": [(io.BytesIO(b"a\n1\n"), "v.csv")]}
    refused = team.client.post(
        "/api/files", data=data, content_type="multipart/form-data", headers=team.headers("viewer")
    )
    assert code(refused) == 403 and refused.get_json()["error"]["code"] == "role_forbidden"
    file_id = upload_csv(team, "other", "theirs.csv")
    from datapulse.storage.models import StoredFile

    with team.platform.db.session() as session:
        assert session.get(StoredFile, file_id).owner_id == str(team.ids["other"])


def test_conversations_and_their_runs_follow_the_conversation(team: Team) -> None:
    file_id = upload_csv(team, "owner", "c.csv")
    made = team.client.post(
        "/api/chat/conversations", json={"title": "mine", "file_ids": [file_id]}, headers=team.headers("owner")
    )
    assert code(made) == 201, made.get_json()
    conv_id = made.get_json()["id"]
    stolen = team.client.post(
        "/api/chat/conversations", json={"title": "x", "file_ids": [file_id]}, headers=team.headers("other")
    )
    assert code(stolen) == 404  # another user's private file cannot be attached
    listed = team.client.get("/api/chat/conversations", headers=team.headers("other")).get_json()
    assert conv_id not in {c["id"] for c in listed["items"]}
    assert code(team.client.get(f"/api/chat/conversations/{conv_id}", headers=team.headers("other"))) == 404
    assert code(team.client.get(f"/api/chat/conversations/{conv_id}/export", headers=team.headers("other"))) == 404
    asked = team.client.post(
        f"/api/chat/conversations/{conv_id}/messages", json={"content": "how many rows?"}, headers=team.headers("other")
    )
    assert code(asked) == 404
    share = team.client.patch(
        f"/api/chat/conversations/{conv_id}", json={"visibility": "shared"}, headers=team.headers("owner")
    )
    assert code(share) == 200
    assert code(team.client.get(f"/api/chat/conversations/{conv_id}", headers=team.headers("other"))) == 200
    asked = team.client.post(
        f"/api/chat/conversations/{conv_id}/messages", json={"content": "how many rows?"}, headers=team.headers("other")
    )
    assert code(asked) == 403


def test_the_agents_table_lookup_sees_what_the_asker_may(team: Team) -> None:
    """A run acts as its owner (owner_principal): another user's private file is no table."""
    import pytest

    from datapulse.auth.access import owner_principal
    from datapulse.auth.principal import acting_as
    from datapulse.catalog.tables import all_tables, resolve_tables
    from datapulse.errors import NotFound

    file_id = upload_csv(team, "owner", "agents.csv")
    db = team.platform.db
    other = owner_principal(db, str(team.ids["other"]))
    assert other is not None and other.role == "analyst" and other.user_id == team.ids["other"]
    with acting_as(other), db.session() as session:
        with pytest.raises(NotFound):
            resolve_tables(session, [file_id])
        assert all_tables(session) == {}
    with acting_as(owner_principal(db, str(team.ids["owner"]))), db.session() as session:
        assert len(resolve_tables(session, [file_id])) == 1
    assert owner_principal(db, None) is None  # the installation's own work is unscoped


def test_sharing_announces_the_object_for_those_who_may_now_see_it(team: Team) -> None:
    """Sharing a file or a data source publishes its update with the new visibility: the
    WebSocket server then delivers it to every reader (tests/realtime/test_users_mode.py)."""
    bus = team.platform.bus
    file_id = upload_csv(team, "owner", "shared.csv")
    created = team.client.post(
        "/api/datasources",
        json={"name": "From file", "type": "file", "config": {"file_id": file_id}},
        headers=team.headers("owner"),
    )
    assert code(created) == 201, created.get_json()
    source_id = created.get_json()["id"]
    bus.events.clear()
    for path in (f"/api/files/{file_id}", f"/api/datasources/{source_id}"):
        assert code(team.client.patch(path, json={"visibility": "shared"}, headers=team.headers("owner"))) == 200
    updates = [(e.type, e.data.get("file") or e.data.get("datasource")) for e in bus.events]
    announced = {(kind, obj["id"], obj["visibility"], obj["owner_id"]) for kind, obj in updates if obj}
    owner = str(team.ids["owner"])
    assert ("file_update", file_id, "shared", owner) in announced
    assert ("data_update", source_id, "shared", owner) in announced
