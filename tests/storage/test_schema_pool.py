"""The PostgreSQL test schemas tests/conftest.py hands on (`_pg_pool_back`): a schema filled
from the template comes back to the next test as the template left it, whatever its test
wrote; one whose shape its test changed is dropped, never handed on."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests import conftest

pytestmark = pytest.mark.postgres


def _add_user(conn: Any, email: str) -> None:
    conn.execute(
        text(
            "INSERT INTO users (email, name, role, password_hash, disabled, created_at, updated_at)"
            " VALUES (:e, '', 'admin', 'x', false, now(), now())"
        ),
        {"e": email},
    )


def test_a_schema_is_handed_on_as_the_template_left_it() -> None:
    with conftest.postgres_schema() as url:
        schema = conftest._TEST_SCHEMA.search(url).group(1)  # type: ignore[union-attr]
        conftest._pg_from_template(schema)
        engine = create_engine(url)
        with engine.begin() as conn:
            _add_user(conn, "a@example.com")
            conn.execute(text("UPDATE alembic_version SET version_num = 'changed'"))
        engine.dispose()
    assert conftest._PG_POOL, "the schema was dropped, not handed on"
    pooled = conftest._PG_POOL[-1]
    with conftest.postgres_schema() as url:
        schema = conftest._TEST_SCHEMA.search(url).group(1)  # type: ignore[union-attr]
        conftest._pg_from_template(schema)
        assert pooled not in conftest._PG_POOL  # this one took it
        engine = create_engine(url)
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 0
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() != "changed"
            _add_user(conn, "b@example.com")
            assert conn.execute(text("SELECT id FROM users")).scalar() == 1  # the sequence from its start
        engine.dispose()


def test_a_schema_of_another_shape_is_dropped() -> None:
    with conftest.postgres_schema() as url:
        schema = conftest._TEST_SCHEMA.search(url).group(1)  # type: ignore[union-attr]
        conftest._pg_from_template(schema)
        pool = list(conftest._PG_POOL)  # without the one this schema may have taken
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE users ADD COLUMN extra integer"))
        engine.dispose()
    assert conftest._PG_POOL == pool  # not handed on
    admin = create_engine(conftest.POSTGRES_URL)
    with admin.begin() as conn:
        names = [schema, *pool]
        left = conn.execute(text("SELECT count(*) FROM pg_namespace WHERE nspname = ANY(:n)"), {"n": names}).scalar()
        extra = conn.execute(
            text(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = 'extra' AND table_schema = ANY(:n)"
            ),
            {"n": names},
        ).scalar()
    admin.dispose()
    assert (left, extra) == (len(pool), 0)  # dropped: only the pool's schemas are there, none changed
