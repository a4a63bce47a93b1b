"""The launcher's log files: text and JSON lines, levels guessed, ids picked out, read back by `logs`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from datapulse.cli.logs_cmd import parse, since_cutoff
from datapulse.launcher.logfiles import LogFiles


def test_json_lines_carry_level_and_ids(tmp_path: Path) -> None:
    """LOG_FORMAT=json: one object per line with the level and the request, run and user ids named in it."""
    files = LogFiles(tmp_path, max_bytes=1 << 20, backups=1, fmt="json")
    files.write("api", "2026-01-01 10:00:00,000 ERROR datapulse.chat: run failed run_id=abc123 request_id=r-9 user=ann")
    files.write("api", "Traceback (most recent call last):")
    files.write("api", '  File "x.py", line 1')
    files.write("api", '{"level": "warning", "message": "own json", "run_id": "r2"}')
    files.close()
    rows = [json.loads(line) for line in (tmp_path / "api.log").read_text().splitlines()]
    assert rows[0]["level"] == "ERROR" and rows[0]["run_id"] == "abc123" and rows[0]["request_id"] == "r-9"
    assert rows[0]["user"] == "ann" and rows[0]["service"] == "api" and rows[0]["ts"].endswith("Z")
    assert [r["level"] for r in rows[1:3]] == ["ERROR", "ERROR"]
    assert rows[3]["level"] == "WARNING" and rows[3]["message"] == "own json" and rows[3]["run_id"] == "r2"
    entry = parse((tmp_path / "api.log").read_text().splitlines()[0], "api")
    assert entry is not None and entry.level == "ERROR" and entry.fields["run_id"] == "abc123"


def test_text_lines_parse_back(tmp_path: Path) -> None:
    files = LogFiles(tmp_path, max_bytes=1 << 20, backups=1, fmt="text")
    files.write("ws", "WARNING something odd")
    files.close()
    entry = parse((tmp_path / "ws.log").read_text(), "ws")
    assert entry is not None and entry.level == "WARNING" and entry.message == "WARNING something odd"


def test_since_accepts_durations_and_times() -> None:
    now = datetime(2026, 1, 2, 12, 0, tzinfo=UTC)
    assert since_cutoff("2h", now) == "2026-01-02T10:00:00.000Z"
    assert since_cutoff("1d", now) == "2026-01-01T12:00:00.000Z"
    assert since_cutoff("2026-01-02T11:30:00", now) == "2026-01-02T11:30:00.000Z"
