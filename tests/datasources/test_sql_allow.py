"""`sql` data sources reach only SQL_SOURCE_ALLOWLIST; connection errors tell no ports
apart (issue 11 row 11)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from datapulse.datasources import fetch_sql
from datapulse.errors import DataPulseError
from datapulse.settings import Settings
from tests.conftest import free_port


def _sqlite(folder: Path) -> Path:
    path = folder / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE secret (v TEXT)")
        conn.execute("INSERT INTO secret VALUES ('do not read')")
    return path


def test_sqlite_file_outside_the_allowlist_is_refused(
    client: Any, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Any SQLite file on the host was readable; now only those in the listed folders."""
    elsewhere = _sqlite(tmp_path_factory.mktemp("elsewhere"))
    config = {"url": f"sqlite:///{elsewhere}", "query": "SELECT v FROM secret"}
    response = client.post("/api/datasources", json={"name": "s", "type": "sql", "config": config})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "source_not_allowed"
    with pytest.raises(DataPulseError) as info:
        fetch_sql.run_query(config["url"], config["query"], settings)
    assert info.value.code == "source_not_allowed"
    listed = settings.replace(SQL_SOURCE_ALLOWLIST=(str(elsewhere.parent),))
    assert fetch_sql.run_query(config["url"], config["query"], listed)[1] == [("do not read",)]


def test_empty_allowlist_allows_nothing(settings: Settings, tmp_path: Path) -> None:
    """The default: no SQLite folder, no server."""
    closed = settings.replace(SQL_SOURCE_ALLOWLIST=())
    for url in (f"sqlite:///{_sqlite(tmp_path)}", "postgresql://u@127.0.0.1:5432/test"):
        with pytest.raises(DataPulseError) as info:
            fetch_sql.run_query(url, "SELECT 1", closed)
        assert info.value.code == "source_not_allowed"


def test_server_hosts_and_ports(settings: Settings) -> None:
    """A host not listed is refused before any connection; host:port allows that port only."""
    with pytest.raises(DataPulseError) as info:
        fetch_sql.parse_sql_url("postgresql://u:pw@10.1.2.3:5432/db", settings)
    assert info.value.code == "source_not_allowed"
    one_port = settings.replace(SQL_SOURCE_ALLOWLIST=("db.example:6432",))
    fetch_sql.parse_sql_url("postgresql://u@db.example:6432/x", one_port)
    with pytest.raises(DataPulseError):
        fetch_sql.parse_sql_url("postgresql://u@db.example:5432/x", one_port)


def test_connection_errors_do_not_tell_open_ports_from_closed(settings: Settings) -> None:
    """A closed port and an open one (PostgreSQL, wrong role) give the same message."""
    messages = []
    for port in (free_port(), 5432):
        url = f"postgresql://no_such_role_x:pw@127.0.0.1:{port}/no_such_db"
        with pytest.raises(DataPulseError) as info:
            fetch_sql.run_query(url, "SELECT 1", settings.replace(SQL_SOURCE_TIMEOUT_S=5.0))
        messages.append((info.value.code, info.value.message, info.value.details))
    assert messages[0] == messages[1] == ("source_query_failed", "Cannot connect to the source database.", {})
