"""Stored database passwords of sql sources are encrypted with a key outside the
database, and never returned by the API (issue 11 row 11)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text

from datapulse.settings import Settings
from datapulse.storage import sealed

PASSWORD = "s3cret-pw-XYZ"


def test_password_is_encrypted_at_rest_and_masked_in_answers(app: Any, client: Any, settings: Settings) -> None:
    """The row holds no password in clear; the source still connects with it; the API masks it."""
    url = f"postgresql://reader:{PASSWORD}@127.0.0.1:1/x"
    body = {"name": "pg", "type": "sql", "config": {"url": url, "query": "SELECT 1"}}
    created = client.post("/api/datasources", json=body)
    assert created.status_code == 201, created.get_json()
    assert PASSWORD not in json.dumps(created.get_json())
    listed = client.get("/api/datasources").get_json()
    assert PASSWORD not in json.dumps(listed)
    db = app.extensions["datapulse"].db
    with db.engine.connect() as conn:
        raw = conn.execute(text("SELECT config FROM datasources")).scalar_one()
    stored = raw if isinstance(raw, str) else json.dumps(raw)
    assert PASSWORD not in stored and sealed.SEALED_KEY in stored
    from datapulse.storage.models import DataSource

    with db.session() as session:
        source = session.query(DataSource).one()
        assert source.config["url"] == url  # the code that connects sees the real URL
        assert sealed.SEALED_KEY not in source.config


def test_seal_round_trip_and_other_configs_untouched() -> None:
    """Only sql configs with a password change; a wrong key leaves the URL without one."""
    sealed.configure("key-one-0123456789")
    config = {"url": "postgresql://u:pw@h/db", "query": "SELECT 1"}
    stored = sealed.seal(config)
    assert "pw" not in stored["url"] and sealed.unseal(stored) == config
    for other in ({"url": "https://u:pw@h/x.csv", "format": "csv"}, {"url": "sqlite:////tmp/a.db", "query": "q"}):
        assert sealed.seal(other) == other
    sealed.configure("another-key-987654321")
    assert "pw" not in sealed.unseal(stored)["url"]
