"""A revision number per member, moved by the database itself whenever their records change.

Triggers on clients, contracts, billings and member events add one to `members.revision` on
every insert, update and delete, whichever process or tool made the change, so a report cached
against a revision can never outlive the records it was computed from. Each member's count starts
at a random point, so a member who is forgotten and comes back never meets their old numbers.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("clients", "contracts", "billings", "member_events")
_POSTGRES_FUNCTION = "gigwise_touch_member"
# (SQLite trigger event, the row whose member changed)
_SQLITE_EVENTS = (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("revision", sa.BigInteger(), nullable=False, server_default="0")
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE members SET revision = floor(random() * 4611686018427387904)::bigint")
        op.execute(
            f"""
            CREATE FUNCTION {_POSTGRES_FUNCTION}() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    UPDATE members SET revision = revision + 1 WHERE id = OLD.member_id;
                    RETURN OLD;
                END IF;
                UPDATE members SET revision = revision + 1 WHERE id = NEW.member_id;
                RETURN NEW;
            END
            $$ LANGUAGE plpgsql
            """
        )
        for table in _TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_touch_member AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH ROW EXECUTE FUNCTION {_POSTGRES_FUNCTION}()"
            )
        return
    op.execute("UPDATE members SET revision = abs(random() % 4611686018427387904)")
    for table in _TABLES:
        for event, row in _SQLITE_EVENTS:
            op.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_touch_member AFTER {event} ON {table} "
                f"BEGIN UPDATE members SET revision = revision + 1 WHERE id = {row}.member_id; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _TABLES:
            op.execute(f"DROP TRIGGER {table}_touch_member ON {table}")
        op.execute(f"DROP FUNCTION {_POSTGRES_FUNCTION}()")
    else:
        for table in _TABLES:
            for event, _ in _SQLITE_EVENTS:
                op.execute(f"DROP TRIGGER {table}_{event.lower()}_touch_member")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("revision")
