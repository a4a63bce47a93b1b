"""plugins: templates, assistants, plugins, assignments, the execution log (SPEC 12)

Revision ID: 0004_plugins
Revises: 0004_events
Create Date: 2026-12-04 17:57:22.948281
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_plugins"
down_revision = "0004_events"  # after the other 0004 that landed first
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assistants",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("tools", sa.JSON(), nullable=False),
        sa.Column("defaults", sa.JSON(), nullable=False),
        sa.Column("planner", sa.String(length=16), nullable=False),
        sa.Column("example_questions", sa.JSON(), nullable=False),
        sa.Column("template_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_id", sa.String(length=64), nullable=True),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assistants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assistants_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_assistants_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "plugin_executions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("plugin_id", sa.String(length=64), nullable=False),
        sa.Column("assistant_id", sa.String(length=32), nullable=True),
        sa.Column("run_id", sa.String(length=32), nullable=True),
        sa.Column("function_name", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("input_parameters", sa.JSON(), nullable=False),
        sa.Column("output_result", sa.JSON(), nullable=True),
        sa.Column("execution_time_ms", sa.Float(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("owner_id", sa.String(length=64), nullable=True),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plugin_executions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plugin_executions_assistant_id"), ["assistant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plugin_executions_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_plugin_executions_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plugin_executions_plugin_id"), ["plugin_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plugin_executions_status"), ["status"], unique=False)

    op.create_table(
        "plugins",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("manifest", sa.JSON(), nullable=False),
        sa.Column("secret", sa.Text(), nullable=True),
        sa.Column("is_builtin", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_id", sa.String(length=64), nullable=True),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    with op.batch_alter_table("plugins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plugins_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_plugins_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_plugins_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "templates",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("tools", sa.JSON(), nullable=False),
        sa.Column("defaults", sa.JSON(), nullable=False),
        sa.Column("planner", sa.String(length=16), nullable=False),
        sa.Column("example_questions", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_id", sa.String(length=64), nullable=True),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("templates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_templates_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_templates_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_templates_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "assistant_plugins",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("assistant_id", sa.String(length=32), nullable=False),
        sa.Column("plugin_id", sa.String(length=64), nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("config_override", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assistant_id"], ["assistants.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["plugin_id"], ["plugins.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assistant_id", "plugin_id"),
    )
    with op.batch_alter_table("assistant_plugins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assistant_plugins_assistant_id"), ["assistant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assistant_plugins_plugin_id"), ["plugin_id"], unique=False)

    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assistant_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("assistant_id")

    with op.batch_alter_table("assistant_plugins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assistant_plugins_plugin_id"))
        batch_op.drop_index(batch_op.f("ix_assistant_plugins_assistant_id"))

    op.drop_table("assistant_plugins")
    with op.batch_alter_table("templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_templates_owner_id"))
        batch_op.drop_index(batch_op.f("ix_templates_created_at"))
        batch_op.drop_index(batch_op.f("ix_templates_category"))

    op.drop_table("templates")
    with op.batch_alter_table("plugins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plugins_owner_id"))
        batch_op.drop_index(batch_op.f("ix_plugins_kind"))
        batch_op.drop_index(batch_op.f("ix_plugins_created_at"))

    op.drop_table("plugins")
    with op.batch_alter_table("plugin_executions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plugin_executions_status"))
        batch_op.drop_index(batch_op.f("ix_plugin_executions_plugin_id"))
        batch_op.drop_index(batch_op.f("ix_plugin_executions_owner_id"))
        batch_op.drop_index(batch_op.f("ix_plugin_executions_created_at"))
        batch_op.drop_index(batch_op.f("ix_plugin_executions_assistant_id"))

    op.drop_table("plugin_executions")
    with op.batch_alter_table("assistants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assistants_owner_id"))
        batch_op.drop_index(batch_op.f("ix_assistants_created_at"))

    op.drop_table("assistants")
