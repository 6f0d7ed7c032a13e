"""What a member owns: the one list of the tables that hold a member's records.

Erasure (`/forget-me`), `/export` and the cache of momentum reports all follow from this list:

- `MemberRepository.forget_member` deletes from each table, in this order (children first), and
  then the member's own row;
- `MemberRepository.export` reads each table into the `/export` file named here;
- every table here carries a trigger that moves the member's revision whenever one of its rows
  changes (`revision_trigger_sql`), which is how a kept `/momentum` report knows it is stale.

`tests/db/test_ownership.py` walks every table with a `member_id` column and fails when one is
missing here, lacks its trigger in a migrated database, or has no export file.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table

from db.models import Base, Billing, Client, Contract, MemberEvent

MEMBER_COLUMN = "member_id"


@dataclass(frozen=True)
class MemberTable:
    """A table of member records, and the `/export` file its rows go to."""

    model: type[Base]
    export_as: str

    @property
    def table(self) -> Table:
        table = self.model.__table__
        assert isinstance(table, Table)
        return table

    @property
    def name(self) -> str:
        return self.table.name


# Children before their parents: the order erasure deletes in.
MEMBER_TABLES = (
    MemberTable(MemberEvent, export_as="events"),
    MemberTable(Billing, export_as="billings"),
    MemberTable(Contract, export_as="contracts"),
    MemberTable(Client, export_as="clients"),
)

_POSTGRES_FUNCTION = "gigwise_touch_member"
# (SQLite trigger event, the row whose member changed)
_SQLITE_EVENTS = (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))


def revision_trigger_sql(table: str, dialect: str) -> list[str]:
    """The statements that make changes to `table` move its member's revision.

    For a migration that adds a member table. On PostgreSQL they use the function revision 0004
    created.
    """
    if dialect == "postgresql":
        return [
            f"CREATE TRIGGER {table}_touch_member AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {_POSTGRES_FUNCTION}()"
        ]
    return [
        f"CREATE TRIGGER {table}_{event.lower()}_touch_member AFTER {event} ON {table} "
        f"BEGIN UPDATE members SET revision = revision + 1 WHERE id = {row}.{MEMBER_COLUMN}; END"
        for event, row in _SQLITE_EVENTS
    ]


def member_tables_in(metadata_tables: dict[str, Table]) -> list[str]:
    """The names of the tables that hold a member's records: those with a `member_id` column."""
    return sorted(name for name, table in metadata_tables.items() if MEMBER_COLUMN in table.c)
