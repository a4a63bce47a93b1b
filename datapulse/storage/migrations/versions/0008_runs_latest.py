"""runs: one index on (conversation_id, created_at, id) for a conversation's latest run

Revision ID: 0008_runs_latest
Revises: 0007_search
Create Date: 2026-12-05 09:20:00

Every new question reads its conversation's latest run (`clarify.resolve`: does this
message answer a clarification?), `ORDER BY created_at DESC, id DESC LIMIT 1`. With an
index on `conversation_id` alone the database read and sorted all of the conversation's
runs, so a question cost more as a conversation grew; with this index the newest run is
the index's last entry. It replaces the one-column index (its leading column serves the
same lookups and the cascade), so that a run's insert still updates one index for it.
"""

from __future__ import annotations

from alembic import op

revision = "0008_runs_latest"
down_revision = "0007_search"
branch_labels = None
depends_on = None

INDEX = "ix_runs_conversation_created"


def upgrade() -> None:
    op.create_index(INDEX, "runs", ["conversation_id", "created_at", "id"])
    op.drop_index("ix_runs_conversation_id", table_name="runs")


def downgrade() -> None:
    op.create_index("ix_runs_conversation_id", "runs", ["conversation_id"])
    op.drop_index(INDEX, table_name="runs")
