"""Table names: unique across files and data sources because the database says so."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from datapulse.catalog.names import DATASOURCE, FILE, claim_table_name, release_table_name
from datapulse.storage.models import DataSource, StoredFile, TableName, new_id
from tests.files.helpers import csv_bytes, upload


def registry(app: Any) -> dict[str, tuple[str, str]]:
    """name → (kind, ref_id), as stored in table_names."""
    with app.extensions["datapulse"].db.session() as session:
        return {r.name: (r.kind, r.ref_id) for r in session.scalars(select(TableName))}


def create_source(client: Any, name: str, file_id: str) -> Any:
    return client.post("/api/datasources", json={"name": name, "type": "file", "config": {"file_id": file_id}})


def test_concurrent_files_and_sources_get_distinct_names(app: Any) -> None:
    """Files and data sources wanting the same name at the same moment all end up distinct."""
    seed = upload(app.test_client(), (csv_bytes(), "seed.csv")).get_json()["files"][0]["id"]
    each = 6
    start = threading.Barrier(2 * each)

    def add_file(_: int) -> tuple[str, str, str]:
        client = app.test_client()
        start.wait()
        r = upload(client, (csv_bytes(), "Sales.csv"))
        assert r.status_code == 201, r.get_json()
        info = r.get_json()["files"][0]
        return info["table_name"], FILE, info["id"]

    def add_source(_: int) -> tuple[str, str, str]:
        client = app.test_client()
        start.wait()
        r = create_source(client, "sales", seed)
        assert r.status_code == 201, r.get_json()
        return r.get_json()["table_name"], DATASOURCE, r.get_json()["id"]

    with ThreadPoolExecutor(2 * each) as pool:
        futures = [pool.submit(add_file, i) for i in range(each)] + [pool.submit(add_source, i) for i in range(each)]
        made = [f.result(timeout=120) for f in futures]
    names = [name for name, _, _ in made]
    assert len(set(names)) == len(names) == 2 * each
    assert set(names) == {"sales", *(f"sales_{n}" for n in range(2, 2 * each + 1))}
    assert registry(app) == {"seed": (FILE, seed)} | {name: (kind, ref) for name, kind, ref in made}


def test_concurrent_transactions_get_distinct_names(app: Any) -> None:
    """Claims in transactions that overlap (work is done before each commits) never share a name."""
    db = app.extensions["datapulse"].db
    each = 5
    start = threading.Barrier(2 * each)

    def add(kind: str) -> str:
        start.wait()
        with db.session() as session:
            ref = new_id()
            name = claim_table_name(session, "Sales", kind, ref)
            if kind == FILE:
                row: Any = StoredFile(
                    id=ref, name="Sales.csv", table_name=name, size=1, type="csv", checksum="0" * 64, stored_path="/x"
                )
            else:
                row = DataSource(id=ref, name="Sales", type="url", config={}, table_name=name)
            session.add(row)
            session.flush()
            time.sleep(0.05)  # the rest of the request's work, before the commit
        return name

    with ThreadPoolExecutor(2 * each) as pool:
        names = list(pool.map(add, [FILE, DATASOURCE] * each, timeout=120))
    assert sorted(names) == sorted(["sales", *(f"sales_{n}" for n in range(2, 2 * each + 1))])
    assert set(registry(app)) == set(names)


def test_the_database_arbitrates_a_claim_in_flight(app: Any) -> None:
    """A claim waits for a competing transaction that holds the name, then takes the next suffix.

    A look-up alone would see the name free (the other row is not committed yet) and hand
    it out twice; the registry's primary key makes the second claim move on.
    """
    db = app.extensions["datapulse"].db
    got: dict[str, str] = {}
    with db.session() as first:
        assert claim_table_name(first, "Sales.csv", FILE, "f1") == "sales"

        def second() -> None:
            with db.session() as session:
                got["name"] = claim_table_name(session, "sales", DATASOURCE, "d1")

        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)
        assert thread.is_alive(), "the second claim must wait for the first transaction"
    thread.join(timeout=30)
    assert got["name"] == "sales_2"
    assert registry(app) == {"sales": (FILE, "f1"), "sales_2": (DATASOURCE, "d1")}


def test_a_rolled_back_claim_frees_the_name(app: Any) -> None:
    """The name is registered in the caller's transaction: an error there leaves it free."""
    db = app.extensions["datapulse"].db
    with pytest.raises(RuntimeError), db.session() as session:
        claim_table_name(session, "sales", FILE, "f1")
        raise RuntimeError("the row could not be stored")
    assert registry(app) == {}
    with db.session() as session:
        assert claim_table_name(session, "sales", FILE, "f2") == "sales"


def test_names_used_without_a_registry_entry_are_skipped(app: Any) -> None:
    """Rows that predate the registry (or tests' bare rows) still count as taken."""
    with app.extensions["datapulse"].db.session() as session:
        session.add(DataSource(name="s", type="url", config={}, table_name="sales"))
        session.add(
            StoredFile(
                name="x.csv", table_name="sales_2", size=1, type="csv", checksum="0" * 64, stored_path="/nowhere"
            )
        )
        session.flush()
        assert claim_table_name(session, "sales", DATASOURCE, new_id()) == "sales_3"


def test_deleting_frees_the_name(client: Any, app: Any) -> None:
    """Deleting a file or a data source releases its name for the next one."""
    info = upload(client, (csv_bytes(), "sales.csv")).get_json()["files"][0]
    source = create_source(client, "sales", info["id"]).get_json()
    assert (info["table_name"], source["table_name"]) == ("sales", "sales_2")
    assert client.delete(f"/api/datasources/{source['id']}").status_code == 204
    assert registry(app) == {"sales": (FILE, info["id"])}
    again = create_source(client, "sales", info["id"]).get_json()
    assert again["table_name"] == "sales_2"
    assert client.delete(f"/api/files/{info['id']}").status_code == 204
    assert registry(app) == {"sales_2": (DATASOURCE, again["id"])}
    assert upload(client, (csv_bytes(), "sales.csv")).get_json()["files"][0]["table_name"] == "sales"


def test_one_name_per_file_or_source(app: Any) -> None:
    """A second claim for the same row is a programming error, refused by the database."""
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), app.extensions["datapulse"].db.session() as session:
        claim_table_name(session, "a", FILE, "f1")
        claim_table_name(session, "b", FILE, "f1")
    with app.extensions["datapulse"].db.session() as session:
        release_table_name(session, FILE, "unknown")  # releasing nothing is harmless
    assert registry(app) == {}


def test_other_databases_are_refused() -> None:
    """The claim needs ON CONFLICT DO NOTHING: another dialect gets a clear error."""
    fake = SimpleNamespace(get_bind=lambda: SimpleNamespace(dialect=SimpleNamespace(name="mysql")))
    with pytest.raises(RuntimeError, match="SQLite or PostgreSQL"):
        claim_table_name(fake, "sales", FILE, "f1")  # type: ignore[arg-type]
