"""Where a `sql` data source may connect at all (SPEC 4): SQL_SOURCE_ALLOWLIST, checked for
a copy at every refresh and for a live source at every use.

Without it, a source on `sqlite:////any/file.db` reads any SQLite file the platform's user
can read, and one on `postgresql://…@127.0.0.1:<port>` probes the host's ports. Entries
that start with `/` (or `~`) are folders a SQLite file may lie in; the others are hosts
(`db.example`, or `db.example:5432` for one port) a server database may be reached on.
Empty allows nothing.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from datapulse.errors import Unprocessable
from datapulse.settings import Settings
from datapulse.sqlsource.live import LiveSource

DIALECTS = ("sqlite", "postgresql")


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


def parse_sql_url(raw: str, settings: Settings) -> URL:
    """Check a source's SQLAlchemy URL: a supported database, and for SQLite a file that
    exists outside DATA_DIR and UPLOAD_FOLDER (the platform's own data)."""
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError) as exc:
        raise Unprocessable("Not a valid SQLAlchemy URL.", code="invalid_url", details={"reason": str(exc)}) from exc
    backend = url.get_backend_name()
    if backend not in DIALECTS:
        raise Unprocessable(
            f"Databases of type '{backend}' are not supported as sources.",
            code="unsupported_database",
            details={"supported": list(DIALECTS)},
        )
    if backend == "sqlite":
        check_sqlite_path(sqlite_path(url, settings), settings)
    else:
        check_server(url, settings)
    return url


def sqlite_path(url: URL, settings: Settings) -> Path:
    database = url.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        raise Unprocessable("A SQLite source needs the path of a database file.", code="invalid_url")
    path = Path(database).expanduser().resolve()
    for name in ("DATA_DIR", "UPLOAD_FOLDER"):
        folder = Path(getattr(settings, name)).expanduser().resolve()
        if path == folder or folder in path.parents:
            raise Unprocessable(
                f"A SQLite source may not point into {name}.", code="forbidden_path", details={"setting": name}
            )
    return path


def checked_live(source: LiveSource, settings: Settings) -> LiveSource:
    """A live table, once its URL passes the same checks as a copy's (SQL_SOURCE_ALLOWLIST,
    no SQLite file inside the platform's data): at every use, not only at creation. Its
    time limit is the stricter of SQL_SOURCE_TIMEOUT_S and QUERY_TIMEOUT_S."""
    parse_sql_url(source.url, settings)
    return replace(source, timeout_s=min(settings.SQL_SOURCE_TIMEOUT_S, settings.QUERY_TIMEOUT_S))
