"""`datapulse db backup` and `db restore` of a platform holding a ~1 GB upload, beside
`tar -czf` of the same folders and `sqlite3 .backup` of the same database, in the same run.

    python bench/bench_backup.py            # 18M rows, ~920 MB CSV (plus its Parquet copy)
    python bench/bench_backup.py --rows N   # any size

It builds the platform in a temporary folder (deleted afterwards), uploads the CSV
through the API (so the platform also holds its Parquet copy and profile), waits for
the copy, then times: the backup (SQLite online backup + checksummed tar.gz of uploads
and derived data, gzip level 3), the restore (verify every checksum, extract, swap,
migrate), `tar -czf` (gzip -6, the default) and `tar -I 'gzip -3'` of the same two
folders, and `sqlite3 DB ".backup FILE"`. Sizes in MB, times in seconds (wall).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_upload import generate  # noqa: E402

from datapulse.api.app import create_app  # noqa: E402
from datapulse.bus.base import MemoryBus  # noqa: E402
from datapulse.ops.backup import backup  # noqa: E402
from datapulse.ops.restore import restore  # noqa: E402
from datapulse.settings import load_settings  # noqa: E402
from datapulse.storage.models import StoredFile  # noqa: E402

MB = 1024 * 1024


def timed(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=18_000_000, help="rows of the generated CSV")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-backup-"))
    try:
        csv = work / "big.csv"
        generate(csv, args.rows)
        env = {"DATA_DIR": str(work / "data"), "UPLOAD_FOLDER": str(work / "uploads"), "LOG_LEVEL": "WARNING"}
        settings = load_settings(environ=env, env_file=None)
        app = create_app(settings, bus=MemoryBus())
        svc = app.extensions["datapulse"]
        svc.start()
        with open(csv, "rb") as fh:
            response = app.test_client().post("/api/files", data={"file": (fh, "big.csv")})
        assert response.status_code == 201, response.json
        file_id = response.json["files"][0]["id"]
        deadline = time.monotonic() + 1800
        while time.monotonic() < deadline:
            with svc.db.session() as session:
                row = session.get(StoredFile, file_id)
                if row.status == "failed":
                    raise SystemExit(f"upload failed: {row.error}")
                if row.status == "ready" and row.derived_path and Path(row.derived_path).is_file():
                    break
            time.sleep(0.2)
        else:
            raise SystemExit("the Parquet copy was not written in time")
        held = sum(p.stat().st_size for f in ("uploads", "data") for p in (work / f).rglob("*") if p.is_file())
        print(f"platform holds {held / MB:.0f} MB (CSV {csv.stat().st_size / MB:.0f} MB + Parquet copy + database)")
        csv.unlink()

        archive = work / "backup.tar.gz"
        start = time.perf_counter()
        result = backup(settings, archive)  # the app is still open: the platform is running
        backup_s = time.perf_counter() - start
        svc.stop()
        start = time.perf_counter()
        restore(settings, archive)
        restore_s = time.perf_counter() - start

        tar6 = timed(["tar", "-czf", str(work / "tar6.tar.gz"), "uploads", "data"], work)
        tar3 = timed(["tar", "-I", "gzip -3", "-cf", str(work / "tar3.tar.gz"), "uploads", "data"], work)
        sqlite_s = timed(["sqlite3", str(work / "data" / "datapulse.db"), f".backup {work / 'copy.db'}"], work)
        rows = [
            ("datapulse db backup", backup_s, archive.stat().st_size),
            ("datapulse db restore (verify + extract + migrate)", restore_s, archive.stat().st_size),
            ("tar -czf (gzip -6), same folders", tar6, (work / "tar6.tar.gz").stat().st_size),
            ("tar -I 'gzip -3', same folders", tar3, (work / "tar3.tar.gz").stat().st_size),
            ("sqlite3 .backup (database only)", sqlite_s, (work / "copy.db").stat().st_size),
        ]
        print(f"{'what':<52} {'seconds':>8} {'MB':>8}")
        for name, seconds, size in rows:
            print(f"{name:<52} {seconds:8.2f} {size / MB:8.1f}")
        print(f"archive members: {len(result['members'])}; cores: {os.cpu_count()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
