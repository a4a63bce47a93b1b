"""Start-up recovery (SPEC 3): a crash mid-upload leaves nothing listed and its partial
file is removed at the next start; files left `processing` are profiled again."""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from datapulse.api.app import create_app
from datapulse.bus.base import MemoryBus
from datapulse.settings import Settings
from datapulse.storage.models import StoredFile, new_id
from tests.conftest import free_port
from tests.files.helpers import close_app, csv_bytes, db_rows

SERVER = """
import sys
from werkzeug.serving import make_server
from datapulse.api.app import create_app
from datapulse.bus.base import MemoryBus
from datapulse.settings import load_settings
app = create_app(load_settings(env_file=None), bus=MemoryBus())
app.extensions["datapulse"].start()
server = make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True)
print("ready", flush=True)
server.serve_forever()
"""


def _env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATA_DIR", "UPLOAD_FOLDER", "DATABASE_URL"))}
    env.update(
        DATA_DIR=str(settings.DATA_DIR),
        UPLOAD_FOLDER=str(settings.UPLOAD_FOLDER),
        DATABASE_URL=settings.DATABASE_URL,
        SECRET_KEY=settings.SECRET_KEY,
        LOG_LEVEL="WARNING",
        FLASK_PORT=str(settings.FLASK_PORT),
        WS_PORT=str(settings.WS_PORT),
        # This checkout's code, whatever the working folder and the installed package.
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    return env


def _wait_for(predicate, timeout: float = 30.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


def _parts(settings: Settings) -> list[Path]:
    return [p for p in settings.UPLOAD_FOLDER.glob(".upload-*.part") if p.stat().st_size > 0]


def test_sigkill_mid_upload_leaves_nothing_listed(settings, tmp_path):
    """A server killed with SIGKILL mid-upload lists nothing afterwards; the next start removes the part file."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port)], env=_env(settings), stdout=subprocess.PIPE, cwd=tmp_path
    )
    sock = None
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        head = b'--B\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\nid,v\n'
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(
            b"POST /api/files HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=B\r\n"
            b"Content-Length: 50000000\r\n\r\n" + head + b"1,2\n" * 500_000
        )
        _wait_for(lambda: _parts(settings))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert _parts(settings), "the crash should have left a partial file"
    finally:
        if sock is not None:
            sock.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
    app = create_app(settings, bus=MemoryBus())
    app.extensions["datapulse"].start()  # the recoveries are start steps
    try:
        assert list(settings.UPLOAD_FOLDER.iterdir()) == []
        body = app.test_client().get("/api/files").get_json()
        assert body["total"] == 0 and body["items"] == []
    finally:
        close_app(app)


def _add_row(app, settings: Settings, status: str, content: bytes | None) -> str:  # type: ignore[no-untyped-def]
    file_id = new_id()
    stored = settings.UPLOAD_FOLDER.resolve() / f"{file_id}.csv"
    if content is not None:
        stored.write_bytes(content)
    with app.extensions["datapulse"].db.session() as session:
        session.add(
            StoredFile(
                id=file_id,
                name="left.csv",
                table_name=f"left_{file_id[:6]}",
                size=len(content or b""),
                type="csv",
                checksum="0" * 64,
                status=status,
                stored_path=str(stored),
            )
        )
    return file_id


def test_processing_file_is_profiled_again_at_start(app, settings):
    """A file a crash left `processing` is profiled by the next start and becomes ready."""
    file_id = _add_row(app, settings, "processing", csv_bytes(7))
    bus = MemoryBus()
    second = create_app(settings, bus=bus)
    second.extensions["datapulse"].start()
    try:
        second.extensions["datapulse"].uploads.jobs.wait_idle(timeout=60)
        info = second.test_client().get(f"/api/files/{file_id}").get_json()
        assert info["status"] == "ready" and info["rows"] == 7
        assert [e.data["action"] for e in bus.events if e.type == "file_update"] == ["updated"]
    finally:
        close_app(second)


def test_processing_file_without_bytes_is_marked_failed(app, settings):
    """A `processing` file whose bytes were lost is marked failed with the reason."""
    file_id = _add_row(app, settings, "processing", None)
    second = create_app(settings, bus=MemoryBus())
    second.extensions["datapulse"].start()
    try:
        info = second.test_client().get(f"/api/files/{file_id}").get_json()
        assert info["status"] == "failed" and "lost" in info["error"]
    finally:
        close_app(second)


def test_recovery_spares_files_in_flight_and_removes_orphans(app, settings):
    """Recovery removes unlocked part files, orphan stored files and dead temp copies,
    but leaves a part file another worker still holds locked."""
    folder = settings.UPLOAD_FOLDER
    dead = folder / f".upload-{new_id()}.part"
    dead.write_bytes(b"partial")
    orphan = folder / f"{new_id()}.csv"
    orphan.write_bytes(b"a\n1\n")
    busy = folder / f".upload-{new_id()}.part"
    foreign = folder / "notes.txt"  # not ours: never touched
    foreign.write_bytes(b"keep")
    dead_pid = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = settings.DATA_DIR / "derived" / f".{new_id()}.parquet.{int(dead_pid.stdout)}.tmp"
    stale.write_bytes(b"x")
    with open(busy, "wb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        counts = app.extensions["datapulse"].uploads.recover()
        assert busy.exists()
    assert not dead.exists() and not orphan.exists() and not stale.exists()
    assert foreign.exists()
    assert counts["partial_removed"] == 1 and counts["orphans_removed"] == 2
    assert db_rows(app) == []
