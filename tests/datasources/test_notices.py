"""Notifications of data sources: one per change of state (failing, working again), none per
retry, each naming the source, its id and its state so that a UI can word it itself."""

from __future__ import annotations

import shutil
from typing import Any

from datapulse.bus.base import MemoryBus
from tests.datasources.test_datasources import make_sqlite, sql_body


def notices(bus: MemoryBus) -> list[dict[str, Any]]:
    return [e.data for e in bus.events if e.type == "notification"]


def test_one_notice_per_state_change_not_per_retry(client, tmp_path, bus) -> None:  # type: ignore[no-untyped-def]
    """Three failing refreshes notify once; the refresh that works again notifies once more."""
    db_file = make_sqlite(tmp_path / "source.db")
    backup = tmp_path / "backup.db"
    shutil.copyfile(db_file, backup)
    ds = client.post("/api/datasources", json=sql_body(db_file, name="Sales")).json
    assert notices(bus) == []  # a source that works from the start says nothing
    db_file.unlink()
    for _ in range(3):
        assert client.post(f"/api/datasources/{ds['id']}/refresh").json["status"] == "failed"
    failed = notices(bus)
    assert len(failed) == 1
    assert failed[0]["level"] == "error" and failed[0]["state"] == "failed"
    assert failed[0]["datasource_id"] == ds["id"] and failed[0]["name"] == "Sales"
    assert failed[0]["message"].startswith("Sales: ") and failed[0]["code"]
    # every retry still updates the source itself
    assert [e.data["datasource"]["failures"] for e in bus.events if e.type == "data_update"][-3:] == [1, 2, 3]

    shutil.copyfile(backup, db_file)
    assert client.post(f"/api/datasources/{ds['id']}/refresh").json["status"] == "ready"
    recovered = notices(bus)[1:]
    assert len(recovered) == 1
    assert recovered[0]["level"] == "success" and recovered[0]["state"] == "ready" and recovered[0]["name"] == "Sales"
    client.post(f"/api/datasources/{ds['id']}/refresh")
    assert len(notices(bus)) == 2  # working on: silent again
