"""Where a `sql` data source may connect at all (SPEC 4): SQL_SOURCE_ALLOWLIST.

Without it, a source on `sqlite:////any/file.db` reads any SQLite file the platform's user
can read, and one on `postgresql://…@127.0.0.1:<port>` probes the host's ports. Entries
that start with `/` (or `~`) are folders a SQLite file may lie in; the others are hosts
(`db.example`, or `db.example:5432` for one port) a server database may be reached on.
Empty allows nothing.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL

from datapulse.errors import Unprocessable
from datapulse.settings import Settings


class NotAllowed(Unprocessable):
    code = "source_not_allowed"


def _folders(settings: Settings) -> list[Path]:
    return [Path(e).expanduser().resolve() for e in settings.SQL_SOURCE_ALLOWLIST if e.startswith(("/", "~"))]


def _hosts(settings: Settings) -> set[str]:
    return {e.strip().lower() for e in settings.SQL_SOURCE_ALLOWLIST if not e.startswith(("/", "~"))}


def check_sqlite_path(path: Path, settings: Settings) -> None:
    if not any(path == folder or folder in path.parents for folder in _folders(settings)):
        raise NotAllowed(
            "This SQLite file is outside the folders in SQL_SOURCE_ALLOWLIST.",
            details={"setting": "SQL_SOURCE_ALLOWLIST"},
        )


def check_server(url: URL, settings: Settings) -> None:
    host = (url.host or "localhost").strip("[]").lower()
    port = url.port or 5432
    bracketed = f"[{host}]" if ":" in host else host
    allowed = _hosts(settings)
    if host not in allowed and f"{bracketed}:{port}" not in allowed:
        raise NotAllowed(
            "This database server is not in SQL_SOURCE_ALLOWLIST.", details={"setting": "SQL_SOURCE_ALLOWLIST"}
        )
