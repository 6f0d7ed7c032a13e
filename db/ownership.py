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

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Table, text

from advisor.ledger_export import EXPORT_TABLES, MemberExport
from db.database import Database
from db.models import (
    Billing,
    Client,
    ClientWarning,
    Contract,
    MemberEvent,
    MemberSetting,
    ModerationAction,
    NeverAgain,
)

MEMBER_COLUMN = "member_id"


@dataclass(frozen=True)
class MemberTable:
    """A table of member records, and the `/export` file its rows go to."""

    table: Table
    export_as: str
    # Rows that others rely on, kept at erasure without what ties them to the member: which
    # rows, and the values that replace the member's (the member column is always emptied).
    kept_when: ColumnElement[bool] | None = None
    kept_without: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.table.name


def _table(model: type[object]) -> Table:
    table = getattr(model, "__table__", None)
    assert isinstance(table, Table)
    return table


# Children before their parents: the order erasure deletes in.
MEMBER_TABLES = (
    MemberTable(_table(MemberSetting), export_as="settings"),
    MemberTable(_table(NeverAgain), export_as="never_again"),
    # An approved warning is the community's record: it stays, without its reporter or their
    # words (see README, "Client warnings").
    MemberTable(
        _table(ClientWarning),
        export_as="warnings",
        kept_when=_table(ClientWarning).c.status == "approved",
        kept_without=("details",),
    ),
    MemberTable(_table(MemberEvent), export_as="events"),
    MemberTable(_table(Billing), export_as="billings"),
    MemberTable(_table(Contract), export_as="contracts"),
    MemberTable(_table(Client), export_as="clients"),
)

# Columns outside the member tables that name a member as the one who acted (a moderator in the
# moderation log): emptied at erasure, the rows kept for the server's other moderators.
MEMBER_MENTIONS = ((_table(ModerationAction), "moderator_id"),)

# (PostgreSQL trigger event, its function from revision 0009, the transition tables it reads)
_POSTGRES_EVENTS = (
    ("INSERT", "gigwise_touch_member_inserted", "NEW TABLE AS new_rows"),
    ("UPDATE", "gigwise_touch_member_updated", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("DELETE", "gigwise_touch_member_deleted", "OLD TABLE AS old_rows"),
)
# (SQLite trigger event, the row whose member changed)
_SQLITE_EVENTS = (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))


def revision_trigger_sql(table: str, dialect: str) -> list[str]:
    """The statements that make changes to `table` move its member's revision.

    For a migration that adds a member table. On PostgreSQL they are statement-level triggers on
    the functions revision 0009 created, one per event, which move each member's revision once
    per statement however many rows it changed (a row-level trigger updating the same member row
    once per row makes a large statement quadratic there).
    """
    if dialect == "postgresql":
        return [
            f"CREATE TRIGGER {table}_touch_member_{event.lower()} AFTER {event} ON {table} "
            f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            for event, function, referencing in _POSTGRES_EVENTS
        ]
    return [
        f"CREATE TRIGGER {table}_{event.lower()}_touch_member AFTER {event} ON {table} "
        f"BEGIN UPDATE members SET revision = revision + 1 WHERE id = {row}.{MEMBER_COLUMN}; END"
        for event, row in _SQLITE_EVENTS
    ]


def member_tables_in(tables: Iterable[Table]) -> list[str]:
    """The names of the tables that hold a member's records: those with a `member_id` column."""
    return sorted(table.name for table in tables if MEMBER_COLUMN in table.c)


# Each backend's list of (table, event) pairs of the triggers that touch `members`.
_TRIGGERS = {
    "sqlite": text(
        "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND sql LIKE '%UPDATE members SET revision%'"
    ),
    "postgresql": text(
        "SELECT event_object_table, event_manipulation FROM information_schema.triggers "
        "WHERE action_statement LIKE '%gigwise_touch_member%'"
    ),
}
_EVENTS = ("INSERT", "UPDATE", "DELETE")
_TIMING = re.compile(r"\b(?:AFTER|BEFORE|INSTEAD OF)\s+(INSERT|UPDATE|DELETE)\b")


async def revision_triggers(database: Database) -> dict[str, set[str]]:
    """Per table, the events (INSERT, UPDATE, DELETE) on which it moves a member's revision."""
    found: dict[str, set[str]] = {}
    async with database.engine.connect() as connection:
        for table, what in await connection.execute(_TRIGGERS[database.backend.name]):
            # PostgreSQL names the event; SQLite gives the trigger's SQL.
            event = str(what).upper()
            if event not in _EVENTS:
                timing = _TIMING.search(event)
                if timing is None:
                    continue
                event = timing.group(1)
            found.setdefault(str(table), set()).add(event)
    return found


def ownership_problems(
    tables: Iterable[Table],
    triggers: Mapping[str, set[str]],
    declared: Sequence[MemberTable] = MEMBER_TABLES,
) -> list[str]:
    """What is wrong with the declaration of member tables, as sentences; none when all is well.

    `tables` is every table of the schema and `triggers` what `revision_triggers` found in a
    migrated database: each table with a member column must be declared, move the member's
    revision on every change, and have its own `/export` file.
    """
    problems = []
    declared_names = {owned.name: owned for owned in declared}
    export_fields = {field.name for field in dataclasses.fields(MemberExport)} - {"member_id"}
    for name in member_tables_in(tables):
        owned = declared_names.get(name)
        if owned is None:
            problems.append(
                f"{name} has a {MEMBER_COLUMN} column but is not in db.ownership.MEMBER_TABLES: "
                "/forget-me would leave its rows and /export would miss them"
            )
            continue
        missing = sorted(set(_EVENTS) - triggers.get(name, set()))
        if missing:
            problems.append(
                f"{name} has no revision trigger on {', '.join(missing)}: kept /momentum reports "
                "would not see those changes (add revision_trigger_sql to its migration)"
            )
        if owned.export_as not in EXPORT_TABLES or owned.export_as not in export_fields:
            problems.append(
                f"{name} is exported as {owned.export_as!r}, which advisor.ledger_export has no "
                "file or MemberExport field for"
            )
    return problems
