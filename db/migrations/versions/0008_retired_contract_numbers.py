"""The highest contract number a member's deleted contracts held, on the member's own row.

A contract's number (#3) is never given to another contract, even once the contract is deleted: a
note, a reply or a confirmation button naming #3 must never come to mean something else. The
number to skip past is the member's, so it lives on the member's row (and goes with it on
`/forget-me`), rather than in a table of the bot's own.

Revision ID: 0008
Revises: 0007c
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite keeps the table (and its triggers) as it is.
    op.add_column("members", sa.Column("retired_contract_number", sa.Integer(), nullable=True))


def downgrade() -> None:
    # Not batch mode, which would copy `members` and break the triggers that name it; SQLite
    # drops a column in place since 3.35.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE members DROP COLUMN retired_contract_number")
    else:
        op.drop_column("members", "retired_contract_number")
