"""The app's life cycle: building starts nothing, `start()` recovers and starts the
background work, `stop()` ends it; `app.py` builds nothing at import."""

from __future__ import annotations

import importlib
import threading

from datapulse.api.app import create_app, platform_of
from datapulse.bus.base import MemoryBus
from datapulse.settings import Settings


def _our_threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name.startswith("datapulse-")}


def test_build_starts_nothing_start_recovers_stop_ends(settings: Settings) -> None:
    """A crash's part file survives the build and is removed by start(); the scheduler
    runs between start() and stop(), and stop() leaves no thread of ours behind."""
    settings.UPLOAD_FOLDER.mkdir(parents=True, exist_ok=True)
    leftover = settings.UPLOAD_FOLDER / f".upload-{'a' * 32}.part"
    leftover.write_bytes(b"half an upload")
    before = _our_threads()
    app = create_app(settings, bus=MemoryBus())
    platform = platform_of(app)
    assert leftover.exists() and not platform.scheduler.running
    assert _our_threads() == before
    platform.start()
    try:
        assert not leftover.exists()
        assert platform.scheduler.running
        platform.start()  # a second start (a hook and a fixture both) changes nothing
    finally:
        platform.stop()
    assert not platform.scheduler.running
    # The agents' warm-up import is joined with a time limit (it may outlast a busy stop).
    assert _our_threads() - {"datapulse-agents-warm-up"} <= before


def test_app_module_builds_nothing_at_import() -> None:
    """`import app` (gunicorn's master, a tool) builds no app; `app.app` would."""
    module = importlib.import_module("app")
    assert module._built == {}
    assert "app" not in vars(module)


def test_chat_limits_come_from_the_settings(settings: Settings) -> None:
    """CHAT_MAX_WORKERS and CHAT_MAX_PENDING size the run executor (no app.config channel)."""
    app = create_app(settings.replace(CHAT_MAX_WORKERS=2, CHAT_MAX_PENDING=3), bus=MemoryBus())
    platform = platform_of(app)
    try:
        assert (platform.executor.max_workers, platform.executor.max_pending) == (2, 3)
        assert not any(key.startswith("CHAT_") for key in app.config)
    finally:
        platform.stop()
