"""Work done in background threads acts as the user it is done for (SPEC 11): a plugin
execution of a chat run is its asker's (another user gets 404), and a data source's
refresh reads only what its owner may read now."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

from datapulse.datasources.refresh import refresh_source
from datapulse.settings import Settings
from tests.auth.conftest import Team, upload_csv
from tests.plugins.detect_bank import PLUGINS
from tests.plugins.fakes import FakeState, fake_server


@pytest.fixture
def fake() -> Iterator[FakeState]:
    with fake_server() as state:
        yield state


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Plugins may reach the fake on 127.0.0.1 (as in tests/plugins)."""
    return settings.replace(PLUGIN_ALLOWLIST=("127.0.0.1",), PLUGIN_BACKOFF_S=0.0, MCP_STDIO_COMMANDS=(sys.executable,))


def wait_run(team: Team, who: str, run_id: str, timeout: float = 60.0) -> dict[str, Any]:
    """The run once ended (the API's own state; a bounded poll)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = team.client.get(f"/api/chat/runs/{run_id}", headers=team.headers(who)).get_json()
        if run["status"] not in ("queued", "running"):
            return run  # type: ignore[no-any-return]
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} did not end")


def test_a_chat_runs_plugin_execution_belongs_to_its_asker(team: Team, fake: FakeState) -> None:
    """The run executes in a worker thread, its plugin call in another: the execution is still
    the asker's, private, so another analyst gets 404 and does not list it; the asker and an
    admin see it."""
    post = team.client.post
    weather = {**PLUGINS[0], "endpoint": f"{fake.base}/ok"}
    plugin = post("/api/plugins", json=weather, headers=team.headers("owner"))
    assert plugin.status_code == 201, plugin.get_json()
    assistant = post("/api/assistants", json={"name": "Helper"}, headers=team.headers("owner")).get_json()
    assigned = post(
        f"/api/assistants/{assistant['id']}/plugins",
        json={"plugin_id": plugin.get_json()["id"]},
        headers=team.headers("owner"),
    )
    assert assigned.status_code == 201, assigned.get_json()
    conv = post("/api/chat/conversations", json={"assistant_id": assistant["id"]}, headers=team.headers("owner"))
    asked = post(
        f"/api/chat/conversations/{conv.get_json()['id']}/messages",
        json={"content": "What's the weather in Berlin?"},
        headers=team.headers("owner"),
    )
    assert asked.status_code == 202, asked.get_json()
    run = wait_run(team, "owner", asked.get_json()["run_id"])
    assert run["status"] == "completed", run
    assert run["result"]["plan"][0]["tool"] == "plugin:weather"

    mine = team.client.get("/api/plugin-executions", headers=team.headers("owner")).get_json()["items"]
    assert [e["run_id"] for e in mine] == [run["id"]]
    execution_id = mine[0]["id"]
    for who, status in (("owner", 200), ("admin", 200), ("other", 404)):
        answer = team.client.get(f"/api/plugin-executions/{execution_id}", headers=team.headers(who))
        assert answer.status_code == status, (who, answer.get_json())
    theirs = team.client.get("/api/plugin-executions", headers=team.headers("other")).get_json()["items"]
    assert theirs == []


def file_source(team: Team, who: str, file_id: str) -> str:
    created = team.client.post(
        "/api/datasources",
        json={"name": "From a file", "type": "file", "config": {"file_id": file_id}},
        headers=team.headers(who),
    )
    assert created.status_code == 201, created.get_json()
    return str(created.get_json()["id"])


def test_a_file_source_refresh_reads_only_what_its_owner_may(team: Team) -> None:
    """Other's source reads Owner's shared file; once Owner makes it private again, the
    background refresh (no request, no principal) fails with a clear error instead of reading
    it, and so does a refresh an admin asks for. Sharing it again heals the source."""
    platform = team.platform
    file_id = upload_csv(team, "owner", "theirs.csv")
    share = team.client.patch(f"/api/files/{file_id}", json={"visibility": "shared"}, headers=team.headers("owner"))
    assert share.status_code == 200
    source_id = file_source(team, "other", file_id)
    first = refresh_source(platform.db, platform.settings, platform.bus, source_id)
    assert first is not None and first.status == "ready", first

    hide = team.client.patch(f"/api/files/{file_id}", json={"visibility": "private"}, headers=team.headers("owner"))
    assert hide.status_code == 200
    failed = refresh_source(platform.db, platform.settings, platform.bus, source_id)  # as the scheduler does
    assert failed is not None and failed.status == "failed"
    assert "may no longer read" in (failed.error or "")
    by_admin = team.client.post(f"/api/datasources/{source_id}/refresh", headers=team.headers("admin"))
    assert by_admin.status_code == 200 and by_admin.get_json()["status"] == "failed"
    assert by_admin.get_json()["version"] == first.version  # the last good version stays

    team.client.patch(f"/api/files/{file_id}", json={"visibility": "shared"}, headers=team.headers("owner"))
    healed = refresh_source(platform.db, platform.settings, platform.bus, source_id)
    assert healed is not None and healed.status == "ready"


def test_a_file_source_whose_file_was_deleted_fails_clearly(team: Team) -> None:
    platform = team.platform
    file_id = upload_csv(team, "owner", "gone.csv")
    source_id = file_source(team, "owner", file_id)
    assert team.client.delete(f"/api/files/{file_id}", headers=team.headers("owner")).status_code == 204
    failed = refresh_source(platform.db, platform.settings, platform.bus, source_id)
    assert failed is not None and failed.status == "failed" and "no longer exists" in (failed.error or "")
