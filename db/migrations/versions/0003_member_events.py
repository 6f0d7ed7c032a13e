"""Member events (invites, proposals, profile updates, portfolio work, feedback responses) and the
indexes the momentum report's date-range queries use.

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The event kinds as this revision knows them; a later kind needs a later revision.
_EVENT_KINDS = "'invite', 'proposal', 'profile_update', 'portfolio', 'feedback_response'"


def upgrade() -> None:
    op.create_table(
        "member_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.CheckConstraint(f"kind IN ({_EVENT_KINDS})", name=op.f("ck_member_events_kind")),
        sa.CheckConstraint("count >= 1", name=op.f("ck_member_events_count_positive")),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_events_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_events")),
        sa.UniqueConstraint(
            "member_id",
            "idempotency_key",
            name=op.f("uq_member_events_member_id_idempotency_key"),
        ),
    )
    op.create_index(
        op.f("ix_member_events_member_id_kind_occurred_on"),
        "member_events",
        ["member_id", "kind", "occurred_on"],
        unique=False,
    )
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contracts_member_id_client_id"), ["member_id", "client_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_contracts_member_id_ended_on"), ["member_id", "ended_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_contracts_member_id_started_on"),
            ["member_id", "started_on"],
            unique=False,
        )
    with op.batch_alter_table("billings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_billings_member_id_billed_on"), ["member_id", "billed_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_billings_member_id_contract_id_amount_minor"),
            ["member_id", "contract_id", "amount_minor"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("billings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_billings_member_id_contract_id_amount_minor"))
        batch_op.drop_index(batch_op.f("ix_billings_member_id_billed_on"))
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contracts_member_id_started_on"))
        batch_op.drop_index(batch_op.f("ix_contracts_member_id_ended_on"))
        batch_op.drop_index(batch_op.f("ix_contracts_member_id_client_id"))
    op.drop_index(op.f("ix_member_events_member_id_kind_occurred_on"), table_name="member_events")
    op.drop_table("member_events")
