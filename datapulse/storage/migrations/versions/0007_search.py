"""search: a full-text index over the messages' content (SPEC 5, GET /api/chat/search)

Revision ID: 0007_search
Revises: 0006_audit
Create Date: 2026-12-04 23:55:00

The search matches every term as a substring, in any case and in any language (German
compounds, Chinese without spaces), the same on both databases:

- SQLite: an FTS5 table with the `trigram` tokenizer, external content on `messages`
  (the index stores no second copy of the text), kept in step by three triggers. Its
  rowid is the message's rowid: the online backup API keeps rowids, but a later
  migration that recreates `messages` (batch mode) must re-create the triggers and run
  `INSERT INTO messages_fts(messages_fts) VALUES('rebuild')`.
- PostgreSQL: a stored generated column `content_folded = lower(content)` and a GIN
  `pg_trgm` index on it, which `content_folded LIKE '%term%'` uses. Folding case is what
  costs in a scan (`ILIKE` or `lower()` per row, ~5x a plain `LIKE`), and the planner
  prices it as cheap: where it chose a scan over the index, a search took seconds on
  50,000 messages; over the stored column a scan stays a plain `LIKE`.
  The extension is created in `public` (or used where it already is); where the
  database refuses it (no right to create extensions) the index is left out and the
  search still answers, by scanning.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0007_search"
down_revision = "0006_audit"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

SQLITE_UP = [
    "CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='rowid', "
    "tokenize='trigram')",
    "CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN "
    "INSERT INTO messages_fts(rowid, content) VALUES (new.rowid, new.content); END",
    "CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN "
    "INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content); END",
    "CREATE TRIGGER messages_fts_au AFTER UPDATE OF content ON messages BEGIN "
    "INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content); "
    "INSERT INTO messages_fts(rowid, content) VALUES (new.rowid, new.content); END",
    "INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS messages_fts_au",
    "DROP TRIGGER IF EXISTS messages_fts_ad",
    "DROP TRIGGER IF EXISTS messages_fts_ai",
    "DROP TABLE IF EXISTS messages_fts",
]
PG_INDEX = "ix_messages_content_folded_trgm"
PG_COLUMN = "content_folded"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
        return
    if bind.dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE messages ADD COLUMN {PG_COLUMN} text GENERATED ALWAYS AS (lower(content)) STORED")
    schema = _trgm_schema(bind)
    if schema is None:
        log.warning("pg_trgm is not available: the chat search scans the messages (no index)")
        return
    quoted = bind.dialect.identifier_preparer.quote_schema(schema)
    op.execute(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON messages USING gin ({PG_COLUMN} {quoted}.gin_trgm_ops)")


def _trgm_schema(bind: sa.engine.Connection) -> str | None:
    """The schema that holds pg_trgm, creating the extension in `public` if it is absent."""
    found = bind.execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'"
        )
    ).scalar()
    if found is not None:
        return str(found)
    savepoint = bind.begin_nested()
    try:
        bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
    except sa.exc.DBAPIError:
        savepoint.rollback()
        return None
    savepoint.commit()
    return "public"


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
        op.execute(f"ALTER TABLE messages DROP COLUMN IF EXISTS {PG_COLUMN}")
