"""Core ledger: members, their clients, contracts and billings.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CURRENCY = "length(currency) = 3 AND currency = upper(currency)"


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
    )
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("normalised_name", sa.String(length=200), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.CheckConstraint(_CURRENCY, name=op.f("ck_clients_currency")),
        sa.CheckConstraint(
            "length(name) > 0 AND length(normalised_name) > 0", name=op.f("ck_clients_name")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_clients_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
        sa.UniqueConstraint("id", "member_id", name=op.f("uq_clients_id_member_id")),
        sa.UniqueConstraint(
            "member_id",
            "platform",
            "normalised_name",
            name=op.f("uq_clients_member_id_platform_normalised_name"),
        ),
    )
    op.create_index(
        op.f("ix_clients_member_id_normalised_name"),
        "clients",
        ["member_id", "normalised_name"],
        unique=False,
    )
    op.create_table(
        "contracts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=True),
        sa.Column("fee_schedule", sa.String(length=40), nullable=True),
        sa.Column("fee_rate", sa.Numeric(precision=5, scale=4), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rating", sa.Numeric(precision=3, scale=2), nullable=True),
        sa.Column("feedback", sa.String(length=2000), nullable=True),
        sa.CheckConstraint("kind IN ('hourly', 'fixed')", name=op.f("ck_contracts_kind")),
        sa.CheckConstraint(
            "status IN ('active', 'completed', 'cancelled', 'disputed')",
            name=op.f("ck_contracts_status"),
        ),
        sa.CheckConstraint(
            "rating IS NULL OR (rating >= 1 AND rating <= 5)", name=op.f("ck_contracts_rating")
        ),
        sa.CheckConstraint(
            "fee_rate IS NULL OR (fee_rate >= 0 AND fee_rate <= 1)",
            name=op.f("ck_contracts_fee_rate"),
        ),
        sa.CheckConstraint(
            "ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on",
            name=op.f("ck_contracts_dates"),
        ),
        sa.CheckConstraint(
            "(status = 'active') = (ended_on IS NULL)",
            name=op.f("ck_contracts_ended_when_not_active"),
        ),
        sa.ForeignKeyConstraint(
            ["client_id", "member_id"],
            ["clients.id", "clients.member_id"],
            name=op.f("fk_contracts_client_id_member_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
        sa.UniqueConstraint("id", "member_id", name=op.f("uq_contracts_id_member_id")),
    )
    op.create_index(op.f("ix_contracts_client_id"), "contracts", ["client_id"], unique=False)
    op.create_index(
        op.f("ix_contracts_member_id_status"), "contracts", ["member_id", "status"], unique=False
    )
    op.create_table(
        "billings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("billed_on", sa.Date(), nullable=False),
        sa.Column("fee_charged_minor", sa.BigInteger(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_billings_amount_positive")),
        sa.CheckConstraint(
            "fee_charged_minor IS NULL OR fee_charged_minor >= 0",
            name=op.f("ck_billings_fee_not_negative"),
        ),
        sa.CheckConstraint(_CURRENCY, name=op.f("ck_billings_currency")),
        sa.CheckConstraint("source IN ('typed', 'imported')", name=op.f("ck_billings_source")),
        sa.ForeignKeyConstraint(
            ["contract_id", "member_id"],
            ["contracts.id", "contracts.member_id"],
            name=op.f("fk_billings_contract_id_member_id_contracts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billings")),
        sa.UniqueConstraint(
            "member_id", "idempotency_key", name=op.f("uq_billings_member_id_idempotency_key")
        ),
    )
    op.create_index(op.f("ix_billings_contract_id"), "billings", ["contract_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_billings_contract_id"), table_name=op.f("billings"))
    op.drop_table("billings")
    op.drop_index(op.f("ix_contracts_member_id_status"), table_name=op.f("contracts"))
    op.drop_index(op.f("ix_contracts_client_id"), table_name=op.f("contracts"))
    op.drop_table("contracts")
    op.drop_index(op.f("ix_clients_member_id_normalised_name"), table_name=op.f("clients"))
    op.drop_table("clients")
    op.drop_table("members")
