"""Migrations: 0003 backfills the table-name registry, and the models match the migrations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Connection, TableClause, column, create_engine, inspect, select, table, text

from datapulse.settings import Settings
from datapulse.storage.db import MIGRATIONS, _normalise_url
from datapulse.storage.models import Base, DataSource, StoredFile, TableName, declared_by_models

T0 = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture
def conn(settings: Settings) -> Iterator[Connection]:
    """A connection to an empty database (SQLite file or a fresh PostgreSQL schema)."""
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    engine = create_engine(_normalise_url(settings.database_url))
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def migrate(conn: Connection, revision: str, down: bool = False) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    (command.downgrade if down else command.upgrade)(cfg, revision)
    conn.commit()


def add_file(conn: Connection, table_name: str, created: datetime, owner: str | None = None) -> str:
    file_id = f"f{table_name}"[:32]
    values: dict[str, Any] = {"name": f"{table_name}.csv", "size": 1, "type": "csv", "checksum": "0" * 64}
    values |= {"status": "ready", "stored_path": "/x", "created_at": created, "updated_at": created}
    values |= {"id": file_id, "table_name": table_name, "owner_id": owner}
    conn.execute(old_table(StoredFile, values).insert().values(**values))
    return file_id


def add_source(conn: Connection, table_name: str, created: datetime) -> str:
    source_id = f"d{table_name}"[:32]
    values: dict[str, Any] = {"name": table_name, "type": "url", "config": {}, "status": "ready", "version": 0}
    values |= {"failures": 0, "created_at": created, "updated_at": created}
    values |= {"id": source_id, "table_name": table_name}
    conn.execute(old_table(DataSource, values).insert().values(**values))
    return source_id


def old_table(model: Any, values: dict[str, Any]) -> TableClause:
    """The model's table with only the given columns: an older revision lacks the newer
    ones (their Python defaults would be inserted too)."""
    return table(model.__tablename__, *(column(name, model.__table__.c[name].type) for name in values))


def test_backfill_registers_every_name_and_resolves_clashes(conn: Connection) -> None:
    """Existing names are registered; a data source that shares a file's older name is renamed."""
    migrate(conn, "0002")
    old_source = add_source(conn, "sales_2", T0)
    file_id = add_file(conn, "sales", T0 + timedelta(days=1), owner="u1")
    clash = add_source(conn, "sales", T0 + timedelta(days=2))
    other = add_file(conn, "other", T0 + timedelta(days=3))
    conn.commit()
    migrate(conn, "0003")
    registry = {r.name: (r.kind, r.ref_id, r.owner_id) for r in conn.execute(select(TableName.__table__))}  # type: ignore[call-overload]
    assert registry == {
        "sales_2": ("datasource", old_source, None),
        "sales": ("file", file_id, "u1"),
        "sales_3": ("datasource", clash, None),
        "other": ("file", other, None),
    }
    renamed = conn.execute(select(DataSource.table_name).where(DataSource.id == clash)).scalar_one()
    assert renamed == "sales_3"
    migrate(conn, "0002", down=True)
    assert "table_names" not in inspect(conn).get_table_names()


def test_search_index_is_built_for_existing_messages_and_dropped_on_downgrade(conn: Connection) -> None:
    """0007 indexes the messages already there (SQLite: FTS5 rebuild; PostgreSQL: the trgm
    index), and its downgrade leaves no trace."""
    migrate(conn, "0006_audit")
    conn.execute(
        text(
            "INSERT INTO conversations (id, title, file_ids, datasource_ids, context, visibility, "
            "created_at, updated_at) VALUES ('c1', '', '[]', '[]', '{}', 'private', :t, :t)"
        ),
        {"t": T0},
    )
    conn.execute(
        text(
            "INSERT INTO messages (id, conversation_id, role, content, results, metadata, created_at) "
            "VALUES ('m1', 'c1', 'user', 'Jahresumsatz 平均价格', '[]', '{}', :t)"
        ),
        {"t": T0},
    )
    conn.commit()
    migrate(conn, "0007_search")
    if conn.dialect.name == "sqlite":
        hits = conn.execute(text("SELECT rowid FROM messages_fts WHERE messages_fts MATCH '\"umsatz\"'")).all()
        assert len(hits) == 1
        migrate(conn, "0006_audit", down=True)
        assert not [n for n in inspect(conn).get_table_names() if n.startswith("messages_fts")]
    else:
        hits = conn.execute(text("SELECT id FROM messages WHERE content_folded LIKE '%umsatz%'")).all()
        assert hits == [("m1",)]
        assert "ix_messages_content_folded_trgm" in {i["name"] for i in inspect(conn).get_indexes("messages")}
        migrate(conn, "0006_audit", down=True)
        assert "content_folded" not in {c["name"] for c in inspect(conn).get_columns("messages")}


def test_backfill_of_an_empty_database(conn: Connection) -> None:
    """No files and no sources: an empty registry."""
    migrate(conn, "head")
    assert conn.execute(select(TableName.name)).all() == []


def test_models_match_the_migrations(conn: Connection) -> None:
    """The newest migration builds exactly the tables the models declare (besides the search index)."""
    migrate(conn, "head")
    context = MigrationContext.configure(conn, opts={"include_name": declared_by_models})
    diff = compare_metadata(context, Base.metadata)
    assert diff == []


def _latest_run_plan(conn: Connection) -> str:
    """The database's plan for the latest-run query every new question makes."""
    from datapulse.chat.clarify import LATEST_RUN

    compiled = LATEST_RUN.params(conversation_id="c1").compile(conn, compile_kwargs={"literal_binds": True})
    if conn.dialect.name == "sqlite":
        return " | ".join(str(row[-1]) for row in conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
    conn.execute(text("SET LOCAL enable_seqscan = off"))  # an empty table: the index must be usable
    return " | ".join(str(row[0]) for row in conn.execute(text(f"EXPLAIN {compiled}")))


def test_latest_run_of_a_conversation_is_read_from_an_index_without_a_sort(conn: Connection) -> None:
    """0008: a conversation's latest run is the end of `ix_runs_conversation_created`; before,
    the database read and sorted every run of the conversation. The downgrade restores
    the one-column index."""
    migrate(conn, "0007_search")
    before = _latest_run_plan(conn)
    conn.rollback()
    migrate(conn, "0008_runs_latest")
    after = _latest_run_plan(conn)
    conn.rollback()
    assert "ix_runs_conversation_created" in after
    assert "TEMP B-TREE" not in after and "Sort" not in after, after
    assert "TEMP B-TREE" in before or "Sort" in before, before
    migrate(conn, "0007_search", down=True)
    indexes = {i["name"]: i["column_names"] for i in inspect(conn).get_indexes("runs")}
    assert indexes.get("ix_runs_conversation_id") == ["conversation_id"]
    assert "ix_runs_conversation_created" not in indexes
