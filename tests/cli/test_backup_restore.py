"""`datapulse db backup` / `db restore`: a round trip on SQLite and PostgreSQL that puts
back every listing, checksum and run event; bad archives refused with nothing changed."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
import threading
import zlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from datapulse.settings import Settings
from datapulse.storage.models import Run, RunEvent
from tests.chat.conftest import ask, new_conversation, wait_run
from tests.chat.helpers import ScriptedAgents
from tests.cli.conftest import platform_app
from tests.files.helpers import csv_bytes, upload
from tests.launcher.conftest import wait_until

SKIP_DISK = {"datapulse.db", "datapulse.db-wal", "datapulse.db-shm", ".migrate.lock"}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def disk(settings: Settings) -> dict[str, str]:
    """sha256 of every file under the upload folder and DATA_DIR (the live database aside)."""
    out = {}
    for label, folder in (("uploads", settings.UPLOAD_FOLDER), ("data", settings.DATA_DIR)):
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if path.is_file() and rel.parts[0] not in SKIP_DISK and rel.parts[0] != "logs":
                out[f"{label}/{rel.as_posix()}"] = sha(path.read_bytes())
    return out


def state(app: Any, settings: Settings) -> dict[str, Any]:
    """Everything a user or the UI can see, plus every run's stored events and every file's bytes."""
    c = app.test_client()
    files = c.get("/api/files?per_page=100").json
    sources = c.get("/api/datasources?per_page=100").json
    convs = c.get("/api/chat/conversations?per_page=100").json
    out: dict[str, Any] = {"files": files, "sources": sources, "conversations": convs, "disk": disk(settings)}
    for f in files["items"]:
        out[f"file {f['id']}"] = c.get(f"/api/files/{f['id']}").json
        with c.get(f"/api/files/{f['id']}/download") as download:
            out[f"download {f['id']}"] = sha(download.data)
        out[f"preview {f['id']}"] = c.get(f"/api/files/{f['id']}/preview?limit=50").json
    for s in sources["items"]:
        out[f"versions {s['id']}"] = c.get(f"/api/datasources/{s['id']}/versions").json
        out[f"data {s['id']}"] = c.get(f"/api/datasources/{s['id']}/data?limit=50").json
    for conv in convs["items"]:
        out[f"conversation {conv['id']}"] = c.get(f"/api/chat/conversations/{conv['id']}").json
    db = app.extensions["datapulse"].db
    with db.session() as session:
        runs = session.scalars(select(Run).order_by(Run.id)).all()
        out["runs"] = [(r.id, r.status, r.question, r.result, r.error) for r in runs]
        for r in runs:
            out[f"run {r.id}"] = c.get(f"/api/chat/runs/{r.id}").json
        events = session.scalars(select(RunEvent).order_by(RunEvent.run_id, RunEvent.seq)).all()
        out["events"] = [(e.run_id, e.seq, e.event, e.data) for e in events]
    return out


def populate(app: Any) -> dict[str, str]:
    c = app.test_client()
    first = upload(c, (csv_bytes(40), "sales.csv")).json["files"][0]
    second = upload(c, (csv_bytes(7), "other.csv")).json["files"][0]
    r = c.post("/api/datasources", json={"name": "From file", "type": "file", "config": {"file_id": first["id"]}})
    assert r.status_code == 201, r.json
    source = r.json["id"]
    assert c.post(f"/api/datasources/{source}/refresh").status_code in (200, 202)
    conv = new_conversation(c, file_ids=[first["id"]], title="kept")
    run = ask(c, conv, "average value by category")["run_id"]
    assert wait_run(c, run)["status"] == "completed"
    return {"first": first["id"], "second": second["id"], "source": source, "conversation": conv}


def change_everything(app: Any, ids: dict[str, str]) -> None:
    c = app.test_client()
    assert c.delete(f"/api/files/{ids['second']}").status_code == 204
    upload(c, (csv_bytes(3), "after.csv"))
    assert c.post(f"/api/datasources/{ids['source']}/refresh").status_code in (200, 202)
    run = ask(c, ids["conversation"], "and the maximum?")["run_id"]
    wait_run(c, run)
    assert c.delete(f"/api/chat/conversations/{ids['conversation']}").status_code == 204


class Held(ScriptedAgents):
    """Scripted agents that report one step, then wait for `gate`: a run streaming during the backup."""

    def __init__(self) -> None:
        super().__init__()
        self.gate, self.started = threading.Event(), threading.Event()

    def __call__(self, request, sink, settings):  # type: ignore[no-untyped-def]
        sink.agent("planner", "processing", 10, "reading the question")
        self.started.set()
        self.gate.wait(60)
        return super().__call__(request, sink, settings)


def stored_events(app: Any, run_id: str) -> int:
    with app.extensions["datapulse"].db.session() as session:
        return len(session.scalars(select(RunEvent.id).where(RunEvent.run_id == run_id)).all())


def test_round_trip_puts_everything_back(cli_settings: Settings, invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Back up while a run streams, change and delete things, restore: every listing, checksum and
    run event is as it was at backup time (the streaming run with the events it had then)."""
    archive = tmp_path / "backup.tar.gz"
    with platform_app(cli_settings) as app:
        ids = populate(app)
        held = Held()
        app.extensions["datapulse"].executor.analyse = held
        c = app.test_client()
        streaming = new_conversation(c, file_ids=[ids["first"]], title="streaming")
        run = ask(c, streaming, "a question still being answered")["run_id"]
        assert held.started.wait(30)
        wait_until(lambda: stored_events(app, run) >= 2, timeout=30)  # run_started, agent_update: committed
        with c.get(f"/api/chat/runs/{run}/events", headers={"Last-Event-ID": "1"}, buffered=False) as stream:
            first = next(stream.response)  # a client is reading the stream during the backup
        assert b"agent_update" in first
        before = state(app, cli_settings)
        assert before[f"run {run}"]["status"] == "running"
        result = invoke("db", "backup", str(archive))  # the app (platform) is still open
        assert result.exit_code == 0, result.output
        held.gate.set()
        assert wait_run(c, run)["status"] == "completed"
        change_everything(app, ids)
        assert state(app, cli_settings) != before
    manifest = json.loads(tarfile.open(archive).extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["revision"] and manifest["backend"] in ("sqlite", "postgresql")
    assert all(len(m["sha256"]) == 64 for m in manifest["members"].values())
    assert any(name.startswith("uploads/") for name in manifest["members"])
    result = invoke("db", "restore", str(archive), "--yes")
    assert result.exit_code == 0, result.output
    with platform_app(cli_settings) as app:
        after = state(app, cli_settings)
    assert after.keys() == before.keys()
    for key in before:
        assert after[key] == before[key], key
    status = invoke("db", "status", "--json")
    assert status.exit_code == 0 and json.loads(status.output)["up_to_date"]


def rewrite(archive: Path, out: Path, change: Any) -> None:
    """Copy an archive member by member, letting `change(name, bytes)` alter each."""
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for info in src:
            data = src.extractfile(info).read()  # type: ignore[union-attr]
            data = change(info.name, data)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


def flip_a_byte_that_matters(raw: bytes) -> bytes:
    """Flip one bit from the middle on whose flip changes what the archive holds.

    Some flips leave the content as it was (a back-reference's distance moved within a run of
    tar's zero padding decodes to the same bytes): such an archive is not corrupt, and restoring
    it is right. Seen once in CI with a fixed offset and a backup whose timestamp moves the bytes.
    """
    content = gzip.decompress(raw)
    for at in range(len(raw) // 2, len(raw)):
        candidate = raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]
        try:
            if gzip.decompress(candidate) != content:
                return candidate
        except (OSError, EOFError, zlib.error):
            return candidate
    raise AssertionError("no flip changes the archive")


def test_bad_archives_are_refused_with_nothing_changed(cli_settings: Settings, invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A flipped byte, a truncated archive, a newer schema, a foreign tarball, a changed member: refused."""
    good = tmp_path / "good.tar.gz"
    with platform_app(cli_settings) as app:
        populate(app)
        assert invoke("db", "backup", str(good)).exit_code == 0
        upload(app.test_client(), (csv_bytes(2), "later.csv"))  # so that a restore would show
        before = state(app, cli_settings)
    raw = good.read_bytes()
    flipped = tmp_path / "flipped.tar.gz"
    flipped.write_bytes(flip_a_byte_that_matters(raw))
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(raw[: len(raw) * 2 // 3])
    newer = tmp_path / "newer.tar.gz"

    def future(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), "revision": "9999_from_the_future"}).encode()

    rewrite(good, newer, future)
    tampered = tmp_path / "tampered.tar.gz"
    rewrite(good, tampered, lambda name, data: data + b"x" if name.startswith("uploads/") else data)
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as tar:
        info = tarfile.TarInfo("data/readme.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    not_gzip = tmp_path / "plain.tar.gz"
    not_gzip.write_bytes(gzip.decompress(raw)[:4096])
    cases = {
        flipped: "corrupt",
        truncated: "corrupt or truncated",
        newer: "newer",
        tampered: "checksum",
        foreign: "not a DataPulse backup",
        not_gzip: "corrupt",
    }
    for archive, reason in cases.items():
        result = invoke("db", "restore", str(archive), "--yes")
        assert result.exit_code == 1, (archive.name, result.output)
        assert reason in result.output, (archive.name, result.output)
    with platform_app(cli_settings) as app:
        assert state(app, cli_settings) == before
    for folder in (cli_settings.DATA_DIR, cli_settings.UPLOAD_FOLDER):
        assert not list(folder.glob(".restore-*"))
    check = invoke("db", "restore", str(good), "--check-only", "--json")
    assert check.exit_code == 0 and json.loads(check.output)["ok"]


@pytest.mark.parametrize("answer", ["n\n", ""])
def test_restore_asks_first(cli_settings: Settings, invoke, tmp_path: Path, answer: str) -> None:  # type: ignore[no-untyped-def]
    """Without --yes, restore asks; anything but yes leaves with 1 and changes nothing."""
    archive = tmp_path / "b.tar.gz"
    with platform_app(cli_settings):
        pass
    assert invoke("db", "backup", str(archive)).exit_code == 0
    result = invoke("db", "restore", str(archive), input=answer)
    assert result.exit_code == 1 and "nothing changed" in result.output


def test_a_failure_half_way_puts_everything_back(cli_settings: Settings, invoke, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A restore that fails after the database and files were swapped rolls both back."""
    from datapulse.ops import restore as restore_module

    archive = tmp_path / "b.tar.gz"
    with platform_app(cli_settings) as app:
        populate(app)
        assert invoke("db", "backup", str(archive)).exit_code == 0
        upload(app.test_client(), (csv_bytes(4), "newer.csv"))
        before = state(app, cli_settings)

    def broken(*args: Any, **kwargs: Any) -> int:
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(restore_module, "rewrite_paths", broken)
    result = invoke("db", "restore", str(archive), "--yes")
    assert result.exit_code == 1 and "rolled back" in result.output, result.output
    with platform_app(cli_settings) as app:
        assert state(app, cli_settings) == before
    for folder in (cli_settings.DATA_DIR, cli_settings.UPLOAD_FOLDER):
        assert not list(folder.glob(".restore-*"))
