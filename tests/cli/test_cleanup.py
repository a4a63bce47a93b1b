"""`datapulse cleanup`: orphans, old versions and old runs go; what remaining rows need stays."""

from __future__ import annotations

import json
import os
import time
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update

from datapulse.events import utcnow
from datapulse.settings import Settings
from datapulse.storage.models import Run
from tests.chat.conftest import ask, new_conversation, wait_run
from tests.cli.conftest import platform_app
from tests.files.helpers import csv_bytes, upload

OLD = time.time() - 3600


def orphan(path: Path, old: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"orphan")
    if old:
        os.utime(path, (OLD, OLD))
    return path


def test_cleanup_dry_run_then_real(cli_settings: Settings, invoke) -> None:  # type: ignore[no-untyped-def]
    """--dry-run lists and changes nothing; the real run removes exactly that and keeps what is needed."""
    with platform_app(cli_settings) as app:
        c = app.test_client()
        kept = upload(c, (csv_bytes(20), "kept.csv")).json["files"][0]
        lost = upload(c, (csv_bytes(5), "lost.csv")).json["files"][0]
        source = c.post("/api/datasources", json={"name": "s", "type": "file", "config": {"file_id": kept["id"]}})
        source_id = source.json["id"]
        for _ in range(3):
            assert c.post(f"/api/datasources/{source_id}/refresh").status_code in (200, 202)
        conv = new_conversation(c, file_ids=[kept["id"]])
        old_run = ask(c, conv, "how many rows?")["run_id"]
        wait_run(c, old_run)
        new_run = ask(c, conv, "and columns?")["run_id"]
        wait_run(c, new_run)
        with app.extensions["datapulse"].db.session() as session:
            session.execute(update(Run).where(Run.id == old_run).values(finished_at=utcnow() - timedelta(days=40)))
        data, uploads = cli_settings.DATA_DIR, cli_settings.UPLOAD_FOLDER
        orphans = [
            orphan(uploads / f"{uuid.uuid4().hex}.csv"),
            orphan(data / "derived" / f"{uuid.uuid4().hex}.parquet"),
            orphan(data / "datasets" / source_id / "v99.parquet"),
        ]
        gone_source = orphan(data / "datasets" / uuid.uuid4().hex / "v1.parquet")
        os.utime(gone_source.parent, (OLD, OLD))
        young = orphan(uploads / f"{uuid.uuid4().hex}.csv", old=False)
        Path(c.get(f"/api/files/{lost['id']}").json.get("stored_path", "") or "/nonexistent").unlink(missing_ok=True)
        for stored in uploads.glob(f"{lost['id']}.*"):
            stored.unlink()  # a row whose file is gone: reported, not removed
        before_versions = c.get(f"/api/datasources/{source_id}/versions").json

    listed = invoke("cleanup", "--dry-run", "--keep-versions", "2", "--older-than", "30", "--json")
    assert listed.exit_code == 0, listed.output
    plan = json.loads(listed.output)
    kinds = sorted(i["kind"] for i in plan["would_remove"])
    assert kinds == sorted(
        ["orphan_upload", "orphan_copy", "orphan_version_file", "orphan_source_folder", "old_version", "old_version",
         "old_run"]
    ), plan  # fmt: skip
    assert {i["kind"] for i in plan["reported"]} >= {"missing_upload"}
    assert all(p.exists() for p in [*orphans, gone_source, young])

    done = invoke("cleanup", "--keep-versions", "2", "--older-than", "30", "--yes", "--json")
    assert done.exit_code == 0, done.output
    assert sorted(i["kind"] for i in json.loads(done.output)["removed"]) == kinds
    assert not any(p.exists() for p in [*orphans, gone_source]) and young.exists()
    with platform_app(cli_settings) as app:
        c = app.test_client()
        versions = c.get(f"/api/datasources/{source_id}/versions").json
        numbers = [v["version"] for v in versions["items"]] if isinstance(versions, dict) else []
        assert len(numbers) == 2 and max(numbers) == max(v["version"] for v in before_versions["items"])
        assert c.get(f"/api/datasources/{source_id}/data?limit=5").status_code == 200
        assert c.get(f"/api/files/{kept['id']}/preview?limit=5").status_code == 200
        assert c.get(f"/api/chat/runs/{old_run}").status_code == 404
        assert c.get(f"/api/chat/runs/{new_run}").json["status"] == "completed"
        assert c.get(f"/api/chat/conversations/{conv}").status_code == 200
    again = invoke("cleanup", "--dry-run", "--keep-versions", "2", "--older-than", "30", "--json")
    assert json.loads(again.output)["would_remove"] == []


def test_cleanup_asks_unless_yes(cli_settings: Settings, invoke) -> None:  # type: ignore[no-untyped-def]
    """Without --yes a 'no' keeps everything."""
    with platform_app(cli_settings):
        pass
    stray = orphan(cli_settings.UPLOAD_FOLDER / f"{uuid.uuid4().hex}.csv")
    result = invoke("cleanup", input="n\n")
    assert result.exit_code == 1 and stray.exists()
