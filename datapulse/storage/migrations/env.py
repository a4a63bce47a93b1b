"""Alembic environment: runs on the connection `Database.migrate` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from datapulse.storage.models import Base, declared_by_models

target_metadata = Base.metadata
config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = engine_from_config(config.get_section(config.config_ini_section) or {}, poolclass=pool.NullPool)
        with engine.connect() as conn:
            context.configure(
                connection=conn, target_metadata=target_metadata, render_as_batch=True, include_name=declared_by_models
            )
            with context.begin_transaction():
                context.run_migrations()
        return
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True, include_name=declared_by_models
    )
    with context.begin_transaction():
        context.run_migrations()


run()
