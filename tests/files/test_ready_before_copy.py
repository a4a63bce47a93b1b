"""A large upload is `ready` after one profiling pass over its stored source; its Parquet
copy is written afterwards. In between, every reader (SQL, preview, the agents, file
data sources) reads the source with the options the profile used, and gets the same
rows and types as from the copy. The window is held open by the jobs' `before_copy`
hook, so nothing here depends on timing."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from datapulse.agents.tools.base import load_frame
from datapulse.api.app import create_app
from datapulse.bus.base import MemoryBus
from datapulse.catalog.tables import file_relation, resolve_tables
from datapulse.errors import Conflict
from datapulse.storage.models import StoredFile
from tests.chat.conftest import wait_run
from tests.files.helpers import assert_consistent, assert_nothing_left, close_app, csv_bytes, db_rows, upload


def _store(app: Any) -> Any:
    return app.extensions["datapulse"].uploads


@contextmanager
def copy_held(app: Any) -> Iterator[tuple[threading.Event, threading.Event]]:
    """Every background job stops between `ready` and its Parquet copy until released."""
    jobs = _store(app).jobs
    reached, release = threading.Event(), threading.Event()

    def gate(file_id: str) -> None:
        reached.set()
        assert release.wait(60), "the test never released the copy"

    jobs.before_copy = gate
    try:
        yield reached, release
    finally:
        release.set()
        jobs.wait_idle(timeout=60)
        jobs.before_copy = None


def _upload_large(app: Any, content: bytes, name: str) -> dict[str, Any]:
    """Uploaded above the in-request limit, so a background job profiles it."""
    _store(app).sync_limit = 10
    response = upload(app.test_client(), (content, name))
    assert response.status_code == 201, response.get_json()
    info = response.get_json()["files"][0]
    assert info["status"] == "processing"
    return dict(info)


def _row(app: Any, file_id: str) -> StoredFile:
    with app.extensions["datapulse"].db.session() as session:
        row = session.get(StoredFile, file_id)
    assert row is not None
    return row


def _query(client: Any, sql: str, limit: int = 100_000) -> dict[str, Any]:
    response = client.post("/api/query", json={"sql": sql, "limit": limit})
    assert response.status_code == 200, response.get_json()
    return dict(response.get_json())


def _view(app: Any, info: dict[str, Any]) -> dict[str, Any]:
    """What every reader sees of the file: SQL rows and types, a preview page, the agents' frame."""
    client = app.test_client()
    table = info["table_name"]
    detail = client.get(f"/api/files/{info['id']}").get_json()
    names = [c["name"] for c in detail["schema"]["columns"]]
    types = ", ".join(f'typeof("{n}")' for n in names)
    row = _row(app, info["id"])
    relation = file_relation(row)
    assert relation is not None
    preview = client.get(f"/api/files/{info['id']}/preview?offset=1&limit=3")
    assert preview.status_code == 200
    return {
        "rows": _query(client, f'SELECT * FROM "{table}"')["rows"],
        "types": _query(client, f'SELECT DISTINCT {types} FROM "{table}"')["rows"],
        "preview": preview.get_json(),
        "frame": load_frame(relation),
        "parquet": relation.is_parquet,
        "detail": detail,
    }


LATE = "n,s\n" + "\n".join(f"{i},x" for i in range(30_000)) + "\nnot-a-number,y\n"
ZONED = "id,at,day,flag\n1,2024-01-01 10:00:00+02,2024-01-02,true\n2,2024-03-01 11:30:00+00,2024-01-03,false\n"
RECORDS = [{"a": i, "b": f"x{i}", "c": {"k": [i, i + 1]}, "d": "2024-01-0" + str(i + 1)} for i in range(5)]
CASES = {
    "csv": (csv_bytes(300), "plain.csv", {"encoding": "utf-8", "all_varchar": False}),
    "latin-1": ("name,city,n\nJosé,Zürich,1\nMüller,Köln,2\n".encode("latin-1"), "l1.csv", {"encoding": "latin-1"}),
    "all_varchar": (LATE.encode(), "late.csv", {"all_varchar": True}),
    "zoned times": (ZONED.encode(), "zoned.csv", {"format": "csv"}),
    "tsv": (b"a\tb\n1\tx\n2\ty\n", "t.tsv", {"delimiter": "\t"}),
    "json": (json.dumps(RECORDS).encode(), "r.json", {"format": "json"}),
    "jsonl": ("\n".join(json.dumps(r) for r in RECORDS).encode() + b"\n", "r.jsonl", {"format": "jsonl"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_ready_before_the_copy_reads_like_the_copy(app, settings, bus, case):
    """Between ready and the Parquet copy the table is queryable, previewable and loadable,
    read from its source with the recorded options, and nothing changes when the copy lands."""
    content, name, expected_read = CASES[case]
    with copy_held(app) as (reached, release):
        info = _upload_large(app, content, name)
        assert reached.wait(60)
        row = _row(app, info["id"])
        assert row.status == "ready" and row.derived_path is None
        assert not (settings.DATA_DIR / "derived" / f"{info['id']}.parquet").exists()
        before = _view(app, info)
        assert not before["parquet"]
        read = before["detail"]["schema"]["read"]
        assert read == {**read, **expected_read}
        release.set()
    assert_consistent(app, settings)
    after = _view(app, info)
    assert after["parquet"] and _row(app, info["id"]).derived_path
    for key in ("rows", "types", "preview", "detail"):
        assert before[key] == after[key], key
    pd.testing.assert_frame_equal(before["frame"], after["frame"])
    assert len(before["rows"]) == before["detail"]["rows"]
    actions = [e.data["action"] for e in bus.events if e.type == "file_update"]
    assert actions == ["created", "updated"]  # ready is announced once, the copy silently


def test_fallbacks_are_recorded_for_users(app):
    """The detected encoding and the all-text fallback are visible in the file's schema."""
    with copy_held(app):
        latin = _upload_large(app, CASES["latin-1"][0], "l.csv")
        late = _upload_large(app, LATE.encode(), "late.csv")
    client = app.test_client()
    latin_read = client.get(f"/api/files/{latin['id']}").get_json()["schema"]["read"]
    late_read = client.get(f"/api/files/{late['id']}").get_json()["schema"]["read"]
    assert latin_read == {"format": "csv", "encoding": "latin-1", "all_varchar": False, "delimiter": None}
    assert late_read == {"format": "csv", "encoding": "utf-8", "all_varchar": True, "delimiter": None}
    assert _query(client, "SELECT name FROM l ORDER BY n")["rows"] == [["José"], ["Müller"]]


def test_agent_question_in_the_window(app):
    """A chat question about a file whose copy is not written yet is answered from the
    source, with the same answer as after the copy."""
    client = app.test_client()

    def ask(conversation: str) -> dict[str, Any]:
        r = client.post(
            f"/api/chat/conversations/{conversation}/messages", json={"content": "average value by category"}
        )
        assert r.status_code == 202, r.get_json()
        run = wait_run(client, r.get_json()["run_id"], timeout=60)
        assert run["status"] == "completed", run
        return dict(run["result"])

    with copy_held(app) as (reached, _release):
        info = _upload_large(app, csv_bytes(300), "sales.csv")
        assert reached.wait(60)
        conversation = client.post("/api/chat/conversations", json={"file_ids": [info["id"]]}).get_json()["id"]
        before = ask(conversation)
        assert _row(app, info["id"]).derived_path is None
    assert _row(app, info["id"]).derived_path
    after = ask(conversation)
    assert before["results"] and before["results"] == after["results"]
    assert before["plan"] == after["plan"]


def test_file_datasource_made_in_the_window(app, settings):
    """A `file` data source created before the copy exists gets the same rows and types."""
    client = app.test_client()
    with copy_held(app) as (reached, _release):
        info = _upload_large(app, LATE.encode(), "late.csv")
        assert reached.wait(60)
        r = client.post("/api/datasources", json={"name": "src", "type": "file", "config": {"file_id": info["id"]}})
        assert r.status_code == 201, r.get_json()
        source = r.get_json()
    assert source["status"] == "ready"
    got = _query(client, f'SELECT typeof(n), count(*) FROM "{source["table_name"]}" GROUP BY 1')["rows"]
    assert got == [["VARCHAR", 30_001]]


def test_delete_in_the_window_leaves_nothing(app, settings):
    """A file deleted after ready and before its copy starts leaves no copy behind."""
    with copy_held(app) as (reached, release):
        info = _upload_large(app, csv_bytes(50), "gone.csv")
        assert reached.wait(60)
        assert app.test_client().delete(f"/api/files/{info['id']}").status_code == 204
        release.set()
    assert_nothing_left(app, settings)


def test_delete_while_the_copy_is_written_leaves_nothing(app, settings, monkeypatch):
    """A file deleted while its Parquet copy is half written (the temporary file exists)
    leaves neither the copy nor the temporary file behind."""
    import datapulse.data.readers as readers

    written, release = threading.Event(), threading.Event()
    real_copy = readers._copy

    def slow_copy(conn: Any, source: str, dest: Path) -> None:
        real_copy(conn, source, dest)
        written.set()
        assert release.wait(60)

    monkeypatch.setattr(readers, "_copy", slow_copy)
    info = _upload_large(app, csv_bytes(50), "gone.csv")
    try:
        assert written.wait(60)
        derived = settings.DATA_DIR / "derived"
        assert [p.name for p in derived.iterdir() if p.name.endswith(".tmp")]  # the copy is in progress
        assert _row(app, info["id"]).status == "ready"
        assert app.test_client().delete(f"/api/files/{info['id']}").status_code == 204
    finally:
        release.set()
        _store(app).jobs.wait_idle(timeout=60)
    assert_nothing_left(app, settings)


def test_a_failed_copy_leaves_the_file_ready_and_readable(app, monkeypatch, caplog):
    """If writing the copy fails, the file stays ready and is read from its source."""

    def broken(*args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("datapulse.files.jobs.write_copy", broken)
    info = _upload_large(app, csv_bytes(20), "c.csv")
    _store(app).jobs.wait_idle(timeout=60)
    row = _row(app, info["id"])
    assert row.status == "ready" and row.derived_path is None
    assert "disk full" in caplog.text
    assert _query(app.test_client(), "SELECT count(*) FROM c")["rows"] == [[20]]


def _make_uncopied(app: Any, file_id: str, **changes: Any) -> None:
    """The state a kill between profile and copy leaves: ready, no copy."""
    with app.extensions["datapulse"].db.session() as session:
        row = session.get(StoredFile, file_id)
        assert row is not None and row.derived_path
        Path(row.derived_path).unlink()
        row.derived_path = None
        for key, value in changes.items():
            setattr(row, key, value)


def _restart(settings: Any) -> tuple[Any, MemoryBus]:
    bus = MemoryBus()
    second = create_app(settings, bus=bus)
    second.extensions["datapulse"].start()  # the recoveries are start steps
    _store(second).jobs.wait_idle(timeout=60)
    return second, bus


@pytest.mark.parametrize("kind", ["csv", "xlsx", "recorded before read options"])
def test_recovery_writes_the_missing_copy(client, app, settings, kind):
    """A file that is ready without its Parquet copy gets the copy at the next start,
    silently (its FileInfo does not change)."""
    from tests.files.helpers import sample

    name = "k.xlsx" if kind == "xlsx" else "k.csv"
    info = upload(client, (sample("xlsx") if kind == "xlsx" else csv_bytes(9), name)).get_json()["files"][0]
    with app.extensions["datapulse"].db.session() as session:
        schema = dict(session.get(StoredFile, info["id"]).schema)  # type: ignore[union-attr]
    legacy = {"columns": schema["columns"]}
    _make_uncopied(app, info["id"], **({"schema": legacy} if kind == "recorded before read options" else {}))
    if kind == "csv":
        assert _query(client, "SELECT count(*) FROM k")["rows"] == [[9]]
    else:  # no read options (or an xlsx): not a table until the copy exists
        with app.extensions["datapulse"].db.session() as session, pytest.raises(Conflict):
            resolve_tables(session, [info["id"]], [])
    second, bus = _restart(settings)
    try:
        (row,) = db_rows(second)
        assert row.status == "ready" and row.derived_path and Path(row.derived_path).is_file()
        assert not [e for e in bus.events if e.type == "file_update"]
        assert_consistent(second, settings)
        rows = _query(second.test_client(), "SELECT count(*) FROM k")["rows"]
        assert rows == [[4 if kind == "xlsx" else 9]]
    finally:
        close_app(second)


def test_recovery_of_an_uncopied_file_without_bytes_marks_it_failed(client, app, settings):
    """A ready file with neither copy nor stored bytes cannot be read: the next start marks it failed."""
    info = upload(client, (csv_bytes(3), "k.csv")).get_json()["files"][0]
    _make_uncopied(app, info["id"])
    Path(_row(app, info["id"]).stored_path).unlink()
    second, _bus = _restart(settings)
    try:
        row = _row(second, info["id"])
        assert row.status == "failed" and "lost" in (row.error or "")
    finally:
        close_app(second)


def test_recovery_leaves_a_copy_in_progress_elsewhere(client, app, settings):
    """A ready file whose stored bytes another worker holds locked (its job is copying) is left to it."""
    import fcntl

    info = upload(client, (csv_bytes(3), "k.csv")).get_json()["files"][0]
    _make_uncopied(app, info["id"])
    with open(_row(app, info["id"]).stored_path, "rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        counts = _store(app).recover()
    assert counts["copies_requeued"] == 0
    assert _row(app, info["id"]).derived_path is None
    counts = _store(app).recover()
    _store(app).jobs.wait_idle(timeout=60)
    assert counts["copies_requeued"] == 1 and _row(app, info["id"]).derived_path


def _fail_with(exc: Exception) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return fail


def test_xlsx_whose_profile_fails_keeps_no_copy(app, settings, monkeypatch):
    """An xlsx is converted before it is profiled; if profiling fails the conversion goes too."""
    from tests.files.helpers import sample

    monkeypatch.setattr("datapulse.files.jobs.profile_parquet", _fail_with(RuntimeError("broken")))
    info = _upload_large(app, sample("xlsx"), "x.xlsx")
    _store(app).jobs.wait_idle(timeout=60)
    row = _row(app, info["id"])
    assert row.status == "failed" and "broken" in (row.error or "")
    assert_consistent(app, settings)


def test_the_sandbox_opens_only_the_source_of_an_uncopied_table(app, tmp_path):
    """While a table is read from its stored source, that file is readable from SQL and
    every other file stays refused."""
    other = tmp_path / "secret.csv"
    other.write_text("a\n1\n")
    client = app.test_client()
    with copy_held(app) as (reached, _release):
        _upload_large(app, csv_bytes(5), "open.csv")
        assert reached.wait(60)
        assert _query(client, "SELECT count(*) FROM open")["rows"] == [[5]]
        for sql in (f"SELECT * FROM read_csv('{other}')", "SELECT * FROM read_text('/etc/passwd')"):
            r = client.post("/api/query", json={"sql": sql})
            assert r.status_code == 400 and r.get_json()["error"]["code"] == "statement_not_allowed", sql


def test_reprofile_keeps_a_copy_read_the_same_way_and_replaces_one_read_otherwise(app, settings):
    """Profiling a ready file again keeps its copy when the read options are unchanged;
    when they changed, readers use the source until the new copy is written."""
    client = app.test_client()
    info = upload(client, (csv_bytes(8), "again.csv")).get_json()["files"][0]
    copy = _row(app, info["id"]).derived_path
    assert copy
    _store(app).sync_limit = 10  # background, so the window can be held open
    with copy_held(app) as (reached, _release):
        assert client.post("/api/files/batch", json={"operation": "profile", "ids": [info["id"]]}).status_code == 200
        _store(app).jobs.wait_idle(timeout=60)
        assert not reached.is_set() and _row(app, info["id"]).derived_path == copy
        with app.extensions["datapulse"].db.session() as session:
            row = session.get(StoredFile, info["id"])
            assert row is not None
            row.schema = {**row.schema, "read": {**row.schema["read"], "all_varchar": True}}  # type: ignore[dict-item]
        assert client.post("/api/files/batch", json={"operation": "profile", "ids": [info["id"]]}).status_code == 200
        assert reached.wait(60)
        assert _row(app, info["id"]).derived_path is None
        assert _query(client, "SELECT count(*) FROM again")["rows"] == [[8]]
    row = _row(app, info["id"])
    assert row.derived_path == copy and row.schema["read"]["all_varchar"] is False  # type: ignore[index]
    assert_consistent(app, settings)
