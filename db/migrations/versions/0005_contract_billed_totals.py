"""What each contract has billed, kept on the contract by the database itself.

The momentum report and every contract lookup summed a member's billings per contract each time:
at 10,000 contracts that one aggregate was most of the report's time. Triggers on billings now
add and subtract each billing's amount on its contract, in the same transaction as the billing,
so the total can never drift from the billings behind it, whichever process or tool writes them.
An index on (member, client, total) answers the per-client sums from the index alone, and takes
the place of the (member, client) index.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_POSTGRES_FUNCTION = "gigwise_total_contract"
_ADD = (
    "UPDATE contracts SET billed_minor = billed_minor + NEW.amount_minor WHERE id = NEW.contract_id"
)
_SUBTRACT = (
    "UPDATE contracts SET billed_minor = billed_minor - OLD.amount_minor WHERE id = OLD.contract_id"
)
_SQLITE_TRIGGERS = {
    "billings_insert_total_contract": f"AFTER INSERT ON billings BEGIN {_ADD}; END",
    "billings_delete_total_contract": f"AFTER DELETE ON billings BEGIN {_SUBTRACT}; END",
    "billings_update_total_contract": (
        f"AFTER UPDATE OF amount_minor, contract_id ON billings BEGIN {_SUBTRACT}; {_ADD}; END"
    ),
}


def upgrade() -> None:
    # Plain ALTER TABLE rather than batch mode: rebuilding the table on SQLite would drop the
    # triggers revision 0004 put on it.
    op.add_column(
        "contracts", sa.Column("billed_minor", sa.BigInteger(), nullable=False, server_default="0")
    )
    op.create_index(
        op.f("ix_contracts_member_id_client_id_billed_minor"),
        "contracts",
        ["member_id", "client_id", "billed_minor"],
        unique=False,
    )
    # The new index starts with the same two columns, so it serves this one's queries too.
    op.drop_index(op.f("ix_contracts_member_id_client_id"), table_name="contracts")
    op.execute(
        "UPDATE contracts SET billed_minor = "
        "(SELECT coalesce(sum(amount_minor), 0) FROM billings WHERE contract_id = contracts.id)"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION {_POSTGRES_FUNCTION}() RETURNS trigger AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    {_SUBTRACT};
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    {_ADD};
                END IF;
                RETURN NULL;
            END
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER billings_total_contract "
            "AFTER INSERT OR DELETE OR UPDATE OF amount_minor, contract_id ON billings "
            f"FOR EACH ROW EXECUTE FUNCTION {_POSTGRES_FUNCTION}()"
        )
        return
    for name, body in _SQLITE_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER billings_total_contract ON billings")
        op.execute(f"DROP FUNCTION {_POSTGRES_FUNCTION}()")
    else:
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.create_index(
        op.f("ix_contracts_member_id_client_id"), "contracts", ["member_id", "client_id"]
    )
    op.drop_index(op.f("ix_contracts_member_id_client_id_billed_minor"), table_name="contracts")
    # SQLite drops a column in place (3.35 and later), so 0004's triggers stay.
    op.drop_column("contracts", "billed_minor")
