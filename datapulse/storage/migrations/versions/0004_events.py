"""datasources.worker_id: the process that runs a source's refresh (its lease owner)

Revision ID: 0004_events
Revises: 0003
Create Date: 2026-12-04 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_events"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("datasources") as batch:
        batch.add_column(sa.Column("worker_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("datasources") as batch:
        batch.drop_column("worker_id")
