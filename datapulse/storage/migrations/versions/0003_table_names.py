"""table_names: one registry of SQL table names across files and data sources

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 12:00:00

Backfilled from the existing files and data sources, oldest first. Should a file and a
data source already share a name (the race this table closes), the older keeps it and
the newer one is renamed to the next free `<name>_N`, as a new one would have been.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MAX_NAME = 63


def upgrade() -> None:
    op.create_table(
        "table_names",
        sa.Column("name", sa.String(length=63), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref_id", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("name"),
        sa.UniqueConstraint("kind", "ref_id"),
    )
    with op.batch_alter_table("table_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_table_names_owner_id"), ["owner_id"], unique=False)
    _backfill()


def _backfill() -> None:
    conn = op.get_bind()
    sources = {"file": "files", "datasource": "datasources"}
    rows = []
    for kind, table_name in sources.items():
        table = sa.table(
            table_name, sa.column("id"), sa.column("table_name"), sa.column("owner_id"), sa.column("created_at")
        )
        for row in conn.execute(sa.select(table.c.id, table.c.table_name, table.c.owner_id, table.c.created_at)):
            rows.append((row.created_at, kind, row.id, row.table_name, row.owner_id))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    used = {r[3] for r in rows}
    taken: set[str] = set()
    registry = sa.table("table_names", sa.column("name"), sa.column("kind"), sa.column("ref_id"), sa.column("owner_id"))
    entries = []
    for _created, kind, ref_id, name, owner_id in rows:
        if name in taken:
            name = _free_name(name, used)
            used.add(name)
            table = sa.table(sources[kind], sa.column("id"), sa.column("table_name"))
            conn.execute(sa.update(table).where(table.c.id == ref_id).values(table_name=name))
        taken.add(name)
        entries.append({"name": name, "kind": kind, "ref_id": ref_id, "owner_id": owner_id})
    if entries:
        conn.execute(sa.insert(registry), entries)


def _free_name(name: str, used: set[str]) -> str:
    n = 2
    while True:
        suffix = f"_{n}"
        candidate = name[: MAX_NAME - len(suffix)] + suffix
        if candidate not in used:
            return candidate
        n += 1


def downgrade() -> None:
    with op.batch_alter_table("table_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_table_names_owner_id"))
    op.drop_table("table_names")
