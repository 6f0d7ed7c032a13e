"""Fees by date and by the member's own records: contract numbers, where a rate came from, fees
computed or recorded, refunds, and saved default rates.

- contracts.number: each member's own numbering (#1, #2, ...), filled in the order they were made;
- contracts.fee_rate_source: whether a contract's rate was given, or taken from the member's
  saved rate, the server's, or assumed;
- contracts.fee_schedule: filled where it was empty. Those contracts were priced by the 2016–2023
  tiers, and keep them; a contract whose billings are all imported has its fees from the
  statement, and takes the dated calendar (`upwork`) for what is said about it;
- billings.fee_source: `recorded` for imported fees (facts from a statement), `computed` for
  typed ones; a refund is a negative billing, so the amount may be below zero;
- guild_settings.default_fee_rate and a member_settings table for saved per-contract rates.

Every fee already stored is kept as it is. On SQLite, rebuilding contracts and billings (batch
mode) drops their triggers, so they are made again here, as revisions 0004 and 0005 made them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_RATE_SOURCES = "'given', 'member', 'server', 'assumed'"
_FEE_SOURCES = "'computed', 'recorded'"
_FEE_FOLLOWS_AMOUNT = (
    "fee_charged_minor IS NULL OR (amount_minor > 0 AND fee_charged_minor >= 0) "
    "OR (amount_minor < 0 AND fee_charged_minor <= 0)"
)

# Revision 0004's member-revision triggers and 0005's contract totals, as they made them.
_TOUCH_EVENTS = (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
_ADD = (
    "UPDATE contracts SET billed_minor = billed_minor + NEW.amount_minor WHERE id = NEW.contract_id"
)
_SUBTRACT = (
    "UPDATE contracts SET billed_minor = billed_minor - OLD.amount_minor WHERE id = OLD.contract_id"
)
_TOTALS = {
    "billings_insert_total_contract": f"AFTER INSERT ON billings BEGIN {_ADD}; END",
    "billings_delete_total_contract": f"AFTER DELETE ON billings BEGIN {_SUBTRACT}; END",
    "billings_update_total_contract": (
        f"AFTER UPDATE OF amount_minor, contract_id ON billings BEGIN {_SUBTRACT}; {_ADD}; END"
    ),
}


def _sqlite_touch_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()}_touch_member AFTER {event} "
        f"ON {table} BEGIN UPDATE members SET revision = revision + 1 "
        f"WHERE id = {row}.member_id; END"
        for event, row in _TOUCH_EVENTS
    ]


def _sqlite_triggers() -> list[str]:
    statements = [
        *_sqlite_touch_triggers("contracts"),
        *_sqlite_touch_triggers("billings"),
        *_sqlite_touch_triggers("member_settings"),
    ]
    statements += [f"CREATE TRIGGER IF NOT EXISTS {name} {body}" for name, body in _TOTALS.items()]
    return statements


def _drop_sqlite_triggers() -> None:
    """The triggers of the two tables batch mode rebuilds: SQLite checks every trigger's tables
    when one is renamed, and the rebuilt tables are gone for a moment."""
    for table in ("contracts", "billings"):
        for event, _ in _TOUCH_EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{event.lower()}_touch_member")
    for name in _TOTALS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _fill_in() -> None:
    op.execute(
        "UPDATE contracts SET number = numbered.position FROM ("
        "SELECT id, ROW_NUMBER() OVER (PARTITION BY member_id ORDER BY id) AS position "
        "FROM contracts) AS numbered WHERE numbered.id = contracts.id"
    )
    op.execute(
        "UPDATE contracts SET fee_schedule = CASE WHEN EXISTS ("
        "SELECT 1 FROM billings WHERE billings.contract_id = contracts.id) AND NOT EXISTS ("
        "SELECT 1 FROM billings WHERE billings.contract_id = contracts.id "
        "AND billings.source <> 'imported') THEN 'upwork' ELSE 'upwork-tiered' END "
        "WHERE fee_schedule IS NULL"
    )
    op.execute(
        "UPDATE billings SET fee_source = CASE WHEN source = 'imported' "
        "THEN 'recorded' ELSE 'computed' END"
    )


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("contracts", sa.Column("number", sa.Integer(), nullable=True))
    op.add_column("contracts", sa.Column("fee_rate_source", sa.String(length=16), nullable=True))
    op.add_column("billings", sa.Column("fee_source", sa.String(length=16), nullable=True))
    op.add_column("guild_settings", sa.Column("default_fee_rate", sa.Numeric(5, 4), nullable=True))
    op.create_table(
        "member_settings",
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("default_fee_rate", sa.Numeric(5, 4), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_settings_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_member_settings")),
    )
    _fill_in()
    if sqlite:
        _drop_sqlite_triggers()
    with op.batch_alter_table("contracts") as batch:
        batch.alter_column("number", existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint(
            batch.f("uq_contracts_member_id_number"), ["member_id", "number"]
        )
        batch.create_check_constraint(
            batch.f("ck_contracts_fee_rate_source"),
            f"fee_rate_source IS NULL OR fee_rate_source IN ({_RATE_SOURCES})",
        )
    with op.batch_alter_table("billings") as batch:
        batch.alter_column("fee_source", existing_type=sa.String(length=16), nullable=False)
        batch.drop_constraint(batch.f("ck_billings_amount_positive"), type_="check")
        batch.drop_constraint(batch.f("ck_billings_fee_not_negative"), type_="check")
        batch.create_check_constraint(batch.f("ck_billings_amount_not_zero"), "amount_minor <> 0")
        batch.create_check_constraint(
            batch.f("ck_billings_fee_follows_amount"), _FEE_FOLLOWS_AMOUNT
        )
        batch.create_check_constraint(
            batch.f("ck_billings_fee_source"), f"fee_source IN ({_FEE_SOURCES})"
        )
    if sqlite:
        for statement in _sqlite_triggers():
            op.execute(statement)
    else:
        op.execute(
            "CREATE TRIGGER member_settings_touch_member AFTER INSERT OR UPDATE OR DELETE "
            "ON member_settings FOR EACH ROW EXECUTE FUNCTION gigwise_touch_member()"
        )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Refunds have no place in the older schema.
    op.execute("DELETE FROM billings WHERE amount_minor < 0")
    if sqlite:
        _drop_sqlite_triggers()
    with op.batch_alter_table("billings") as batch:
        batch.drop_constraint(batch.f("ck_billings_fee_source"), type_="check")
        batch.drop_constraint(batch.f("ck_billings_fee_follows_amount"), type_="check")
        batch.drop_constraint(batch.f("ck_billings_amount_not_zero"), type_="check")
        batch.create_check_constraint(batch.f("ck_billings_amount_positive"), "amount_minor > 0")
        batch.create_check_constraint(
            batch.f("ck_billings_fee_not_negative"),
            "fee_charged_minor IS NULL OR fee_charged_minor >= 0",
        )
        batch.drop_column("fee_source")
    with op.batch_alter_table("contracts") as batch:
        batch.drop_constraint(batch.f("ck_contracts_fee_rate_source"), type_="check")
        batch.drop_constraint(batch.f("uq_contracts_member_id_number"), type_="unique")
        batch.drop_column("fee_rate_source")
        batch.drop_column("number")
    op.drop_table("member_settings")
    op.drop_column("guild_settings", "default_fee_rate")
    if sqlite:
        for statement in _sqlite_triggers():
            if "member_settings" not in statement:
                op.execute(statement)
