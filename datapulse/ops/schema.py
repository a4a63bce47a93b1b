"""Schema revisions: what this code's migrations reach, and where a database stands."""

from __future__ import annotations

from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from datapulse.settings import Settings
from datapulse.storage.db import Database, head_revision, scripts


def known_revision(revision: str | None) -> bool:
    """True for a revision this code knows (so it can migrate from it); None is an empty database."""
    if revision is None:
        return True
    try:
        return scripts().get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def pending_after(revision: str | None) -> list[str]:
    """Revisions still to apply after `revision`, oldest first."""
    script = scripts()
    chain = [rev.revision for rev in script.walk_revisions("base", "heads")]
    chain.reverse()  # walk_revisions goes newest first
    if revision is None:
        return chain
    return chain[chain.index(revision) + 1 :] if revision in chain else []


@dataclass(frozen=True)
class SchemaStatus:
    backend: str
    url: str
    current: str | None
    head: str
    pending: list[str]
    tables: int

    def as_dict(self) -> dict[str, object]:
        return {
            "backend": self.backend,
            "url": self.url,
            "current": self.current,
            "head": self.head,
            "pending": self.pending,
            "up_to_date": not self.pending and self.current == self.head,
            "tables": self.tables,
        }


def current_revision(db: Database) -> str | None:
    return db.revision()


def status(settings: Settings, masked_url: str) -> SchemaStatus:
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)  # SQLite's default home
    db = Database(settings.database_url)
    try:
        with db.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            tables = len(inspect(conn).get_table_names())
        return SchemaStatus(
            backend=db.engine.dialect.name,
            url=masked_url,
            current=current,
            head=head_revision(),
            pending=pending_after(current),
            tables=tables,
        )
    finally:
        db.dispose()


def migrate(settings: Settings) -> tuple[str | None, str | None]:
    """Apply pending migrations; (revision before, revision after)."""
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    db = Database(settings.database_url)
    try:
        before = current_revision(db)
        db.migrate(settings.DATA_DIR)
        return before, current_revision(db)
    finally:
        db.dispose()
