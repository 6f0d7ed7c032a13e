"""Imports written in slices: each row an import adds carries the import's id, and the member's
row names the import still under way.

An import commits its rows a slice at a time, so that other members' writes never wait long for
it; until its last short step it is unfinished, and its rows are undone (found by `import_id`)
if it fails, or if the process stops half way (`db.import_journal`).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MARKED = ("clients", "contracts", "billings")


def upgrade() -> None:
    # Plain ADD COLUMNs: SQLite keeps the tables (and their triggers) as they are, and neither
    # backend rewrites existing rows for a nullable column.
    for table in _MARKED:
        op.add_column(table, sa.Column("import_id", sa.BigInteger(), nullable=True))
    op.add_column("members", sa.Column("import_id", sa.BigInteger(), nullable=True))
    op.add_column("members", sa.Column("import_seen_at", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    columns = [(table, "import_id") for table in _MARKED]
    columns += [("members", "import_id"), ("members", "import_seen_at")]
    for table, column in columns:
        # Not batch mode, which would copy the table and drop its triggers; SQLite drops a column
        # in place since 3.35.
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            op.drop_column(table, column)
