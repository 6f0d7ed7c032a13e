"""On PostgreSQL, contract totals and member revisions kept once per statement, not once per row.

Revisions 0004 and 0005 (and the member tables added since) keep `members.revision` and
`contracts.billed_minor` with row-level triggers: an import inserting 500 billings in one
statement updated its contract's row 500 times and its member's row 1,000 times (once for the
billing, once more for the contract the billing changed). PostgreSQL never updates a row in place:
each update leaves the previous version behind, and every later update of the same row within
the transaction walks the versions left before it, so one member's import took time that grew
with the square of its rows.

Here those triggers become statement-level ones that read the statement's transition tables
(the rows it inserted, deleted, or the old and new versions of those it updated), and update each
contract and each member once per statement, with the sum of its rows. A transition table serves
one event only, so each table gets one trigger per event. What the columns hold is unchanged:
a contract's total is still the sum of its billings and a member's revision still moves on any
change to their rows, in the same statement.

SQLite updates a row in place, so its row-level triggers stay as they are.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table holding a member's rows at revision 0008, each with a revision trigger.
_MEMBER_TABLES = (
    "clients",
    "contracts",
    "billings",
    "member_events",
    "member_settings",
    "client_warnings",
    "never_again",
)

# -- what this revision makes ------------------------------------------------------------------

# (event, the function that handles it, the transition tables it reads)
_TOUCH = (
    ("INSERT", "gigwise_touch_member_inserted", "NEW TABLE AS new_rows"),
    ("UPDATE", "gigwise_touch_member_updated", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("DELETE", "gigwise_touch_member_deleted", "OLD TABLE AS old_rows"),
)
_TOTAL = (
    ("INSERT", "gigwise_total_contract_inserted", "NEW TABLE AS new_rows"),
    ("UPDATE", "gigwise_total_contract_updated", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("DELETE", "gigwise_total_contract_deleted", "OLD TABLE AS old_rows"),
)


def _function(name: str, body: str) -> str:
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger AS $$\n"
        f"BEGIN\n    {body};\n    RETURN NULL;\nEND\n$$ LANGUAGE plpgsql"
    )


# `id IN (...)` updates each member once, however many of the statement's rows are theirs. An
# update takes the old rows' members as well as the new ones', in case a row changed hands.
_TOUCH_FUNCTIONS = {
    "gigwise_touch_member_inserted": (
        "UPDATE members SET revision = revision + 1 WHERE id IN (SELECT member_id FROM new_rows)"
    ),
    "gigwise_touch_member_updated": (
        "UPDATE members SET revision = revision + 1 WHERE id IN "
        "(SELECT member_id FROM new_rows UNION SELECT member_id FROM old_rows)"
    ),
    "gigwise_touch_member_deleted": (
        "UPDATE members SET revision = revision + 1 WHERE id IN (SELECT member_id FROM old_rows)"
    ),
}


def _add_per_contract(rows: str, sign: str) -> str:
    return (
        f"UPDATE contracts SET billed_minor = contracts.billed_minor {sign} changed.total "
        f"FROM (SELECT contract_id, sum(amount_minor) AS total FROM {rows} "
        "GROUP BY contract_id) AS changed WHERE contracts.id = changed.contract_id"
    )


_TOTAL_FUNCTIONS = {
    "gigwise_total_contract_inserted": _add_per_contract("new_rows", "+"),
    "gigwise_total_contract_deleted": _add_per_contract("old_rows", "-"),
    # What each contract gained less what it lost: a billing moved to another contract counts on
    # both. Contracts whose total is unchanged (an update of fees only) are left alone, as the
    # row-level trigger, fired only by changes to the amount or the contract, left them.
    "gigwise_total_contract_updated": (
        "UPDATE contracts SET billed_minor = contracts.billed_minor + changed.total "
        "FROM (SELECT contract_id, sum(amount_minor) AS total FROM ("
        "SELECT contract_id, amount_minor FROM new_rows "
        "UNION ALL SELECT contract_id, -amount_minor FROM old_rows) AS moved "
        "GROUP BY contract_id HAVING sum(amount_minor) <> 0) AS changed "
        "WHERE contracts.id = changed.contract_id"
    ),
}


def _statement_trigger(name: str, table: str, event: str, referencing: str, function: str) -> str:
    return (
        f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
    )


def _create_statement_triggers() -> None:
    for name, body in {**_TOUCH_FUNCTIONS, **_TOTAL_FUNCTIONS}.items():
        op.execute(_function(name, body))
    for table in _MEMBER_TABLES:
        for event, function, referencing in _TOUCH:
            op.execute(
                _statement_trigger(
                    f"{table}_touch_member_{event.lower()}", table, event, referencing, function
                )
            )
    for event, function, referencing in _TOTAL:
        op.execute(
            _statement_trigger(
                f"billings_total_contract_{event.lower()}", "billings", event, referencing, function
            )
        )


def _drop_statement_triggers() -> None:
    for table in _MEMBER_TABLES:
        for event, _, _ in _TOUCH:
            op.execute(f"DROP TRIGGER {table}_touch_member_{event.lower()} ON {table}")
    for event, _, _ in _TOTAL:
        op.execute(f"DROP TRIGGER billings_total_contract_{event.lower()} ON billings")
    for name in (*_TOUCH_FUNCTIONS, *_TOTAL_FUNCTIONS):
        op.execute(f"DROP FUNCTION {name}()")


# -- what revisions 0004 to 0007c made, as they made it ---------------------------------------

_ROW_TOUCH_FUNCTION = """
CREATE FUNCTION gigwise_touch_member() RETURNS trigger AS $$
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
_ROW_ADD = (
    "UPDATE contracts SET billed_minor = billed_minor + NEW.amount_minor WHERE id = NEW.contract_id"
)
_ROW_SUBTRACT = (
    "UPDATE contracts SET billed_minor = billed_minor - OLD.amount_minor WHERE id = OLD.contract_id"
)
_ROW_TOTAL_FUNCTION = f"""
CREATE FUNCTION gigwise_total_contract() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_ROW_SUBTRACT};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_ROW_ADD};
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def _create_row_triggers() -> None:
    op.execute(_ROW_TOUCH_FUNCTION)
    for table in _MEMBER_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_touch_member AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION gigwise_touch_member()"
        )
    op.execute(_ROW_TOTAL_FUNCTION)
    op.execute(
        "CREATE TRIGGER billings_total_contract "
        "AFTER INSERT OR DELETE OR UPDATE OF amount_minor, contract_id ON billings "
        "FOR EACH ROW EXECUTE FUNCTION gigwise_total_contract()"
    )


def _drop_row_triggers() -> None:
    for table in _MEMBER_TABLES:
        op.execute(f"DROP TRIGGER {table}_touch_member ON {table}")
    op.execute("DROP TRIGGER billings_total_contract ON billings")
    op.execute("DROP FUNCTION gigwise_touch_member()")
    op.execute("DROP FUNCTION gigwise_total_contract()")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _drop_row_triggers()
    _create_statement_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _drop_statement_triggers()
    _create_row_triggers()
