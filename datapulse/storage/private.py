"""What the platform writes is its user's alone: files 0600, folders 0700.

Uploads, the metadata database, derived copies, dataset versions and exports hold the
user's data; on a shared machine the default umask (022) would let every local account
read them. The umask is set once per process at start-up, so every file any module
creates later is private without each one remembering to ask.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from datapulse.settings import Settings

PRIVATE_UMASK = 0o077


def make_private(settings: Settings) -> None:
    """Set the umask and close the folders (and the SQLite database) made before it."""
    os.umask(PRIVATE_UMASK)
    for folder in (settings.DATA_DIR, settings.UPLOAD_FOLDER):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        _restrict(folder, 0o700)
    if not settings.DATABASE_URL:
        for suffix in ("", "-wal", "-shm", "-journal"):
            _restrict(settings.DATA_DIR / f"datapulse.db{suffix}", 0o600)


def _restrict(path: Path, mode: int) -> None:
    """Take group and other bits away from a path we own; leave others' paths alone."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if info.st_uid == os.getuid() and not stat.S_ISLNK(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, stat.S_IMODE(info.st_mode) & mode)
