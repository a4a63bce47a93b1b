"""Secrets masked in every URL-valued setting; what the platform writes is private (issue 11 row 18)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from datapulse.api.app import create_app
from datapulse.bus.base import MemoryBus
from datapulse.settings import Settings, redact_url
from tests.files.helpers import csv_bytes, upload

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {
    "LLM_BASE_URL": "https://user:llm-pw-1@llm.example/v1?api_key=llm-key-2",
    "LLM_MODEL": "m",
    "DATABASE_URL": "postgresql://u:db-pw-3@db.example/x?password=db-pw-4",
    "REDIS_URL": "redis://:redis-pw-5@cache.example:6379/0",
    "PUBLIC_WS_URL": "wss://ws-user:ws-pw-6@ui.example/ws",
    "URL_SOURCE_ALLOWLIST": "https://feed:feed-pw-7@feeds.example",
}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def keep_umask() -> Iterator[None]:
    before = os.umask(0o022)  # what a shell usually gives: the platform must not rely on better
    yield
    os.umask(before)


@pytest.mark.parametrize("mode", ["--summary", "--export", "show", "export", "get"])
def test_config_cli_masks_every_url_password(tmp_path: Path, mode: str) -> None:
    """`config.py --summary/--export` and `datapulse config show/export/get` print hosts,
    never a password or key from any URL."""
    env = {**os.environ, **SECRETS, "DATA_DIR": str(tmp_path / "d"), "UPLOAD_FOLDER": str(tmp_path / "u")}
    out = tmp_path / "exported.env"
    if mode.startswith("--"):
        args = [sys.executable, "config.py", mode] + ([str(out)] if mode == "--export" else [])
    else:
        extra = {"export": [str(out)], "get": ["LLM_BASE_URL"], "show": []}[mode]
        args = [sys.executable, "-m", "datapulse", "config", mode, *extra]
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True)
    exported = mode in ("--export", "export")
    text = done.stdout + (out.read_text() if exported else "")
    for n in range(1, 8):
        assert f"-pw-{n}" not in text and f"-key-{n}" not in text, text
    assert "llm.example" in text and (mode == "get" or "feeds.example" in text)
    if exported:
        assert _mode(out) == 0o600


def test_redact_url_keeps_what_helps() -> None:
    """Scheme, user and host stay; the password and credential-like parameters go."""
    assert redact_url("https://user:pw@host:8080/v1?x=1&token=t") == "https://user:***@host:8080/v1?x=1&token=***"
    assert redact_url("https://h/p@x") == "https://h/p@x" and redact_url("plain") == "plain"


def test_created_files_and_folders_are_private(settings: Settings, bus: MemoryBus, keep_umask: None) -> None:
    """Data dir, uploads, database, stored and derived files: 0700 folders, 0600 files."""
    app = create_app(settings, bus=bus)
    app.config["TESTING"] = True
    platform = app.extensions["datapulse"]
    platform.start()  # the database is made (and migrated) here
    try:
        client: Any = app.test_client()
        assert upload(client, (csv_bytes(50), "sales.csv")).status_code == 201
        created = [p for root in (settings.DATA_DIR, settings.UPLOAD_FOLDER) for p in [root, *root.rglob("*")]]
        assert any(p.suffix == ".db" for p in created) or settings.DATABASE_URL
        assert any(p.is_file() and p.parent == settings.UPLOAD_FOLDER for p in created)
        for path in created:
            assert _mode(path) & 0o077 == 0, f"{path} is {oct(_mode(path))}"
    finally:
        platform.stop()


def test_folders_made_before_are_closed_at_start(settings: Settings, bus: MemoryBus, keep_umask: None) -> None:
    """A data dir left 0755 by an older version is 0700 after the next start."""
    settings.DATA_DIR.mkdir(mode=0o755, parents=True)
    settings.UPLOAD_FOLDER.mkdir(mode=0o755, parents=True)
    app = create_app(settings, bus=bus)
    assert _mode(settings.DATA_DIR) == 0o700 and _mode(settings.UPLOAD_FOLDER) == 0o700
    app.extensions["datapulse"].db.dispose()
