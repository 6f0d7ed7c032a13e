"""Schema migrations driven from code: `gigwise migrate` and start-up call `upgrade` and
`schema_state`; no alembic.ini is needed at run time.

Each upgrade runs in one transaction (on SQLite too, because Gigwise emits BEGIN itself), so a
failed revision leaves the database at the revision it started from.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from db.database import Database, build_engine, read_only

MIGRATIONS = Path(__file__).with_name("migrations")

# Any fixed number works: every Gigwise process asks PostgreSQL for the same advisory lock, so
# two bots starting together migrate one after the other.
_MIGRATION_LOCK = 7_366_120_947


class SchemaStatus(StrEnum):
    """How a database's schema compares with the revisions this code ships."""

    EMPTY = "empty"
    BEHIND = "behind"
    CURRENT = "current"
    AHEAD = "ahead"


@dataclass(frozen=True, slots=True)
class SchemaState:
    """The database's revision (None when it has none), the code's newest, and how they compare."""

    current: str | None
    head: str
    status: SchemaStatus


class MigrationError(RuntimeError):
    """A migration would leave rows that break a foreign key; it was rolled back."""


def alembic_config() -> Config:
    """Alembic's configuration, pointing at the revisions shipped inside this package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest revision this code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migration revisions are shipped")
    return head


def known_revisions() -> frozenset[str]:
    """Every revision this code ships."""
    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(revision.revision for revision in script.walk_revisions())


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def schema_state(db: Database, *, busy_timeout: float | None = None) -> SchemaState:
    """Where the database stands compared with this code; with `busy_timeout`, on a connection
    of its own that waits that long for another process's lock."""
    if busy_timeout is None:
        async with read_only(db.engine).connect() as connection:
            current = await connection.run_sync(_current_revision)
    else:
        engine = build_engine(db.url, busy_timeout=busy_timeout, pooled=False)
        try:
            async with read_only(engine).connect() as connection:
                current = await connection.run_sync(_current_revision)
        finally:
            await engine.dispose()
    head = head_revision()
    if current is None:
        status = SchemaStatus.EMPTY
    elif current == head:
        status = SchemaStatus.CURRENT
    elif current in known_revisions():
        status = SchemaStatus.BEHIND
    else:
        status = SchemaStatus.AHEAD
    return SchemaState(current=current, head=head, status=status)


def lock_for_migration(connection: Connection) -> None:
    """On PostgreSQL, wait for any other process migrating the same database (SQLite's
    BEGIN IMMEDIATE already serialises writers)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})


def check_foreign_keys(connection: Connection) -> None:
    """Refuse to commit a SQLite migration that broke a foreign key while they were off."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({str(row[0]) for row in broken})
        raise MigrationError(f"migration broke foreign keys in: {', '.join(tables)}")


def _run(connection: Connection, action: str, revision: str) -> None:
    lock_for_migration(connection)
    config = alembic_config()
    config.attributes["connection"] = connection
    if action == "upgrade":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)
    check_foreign_keys(connection)


async def _migrate(
    db: Database, action: str, revision: str, busy_timeout: float | None = None
) -> None:
    # A separate, unpooled engine: SQLite foreign keys must be off for batch-mode table rebuilds,
    # and the pragma cannot change inside a transaction.
    engine = build_engine(
        db.url,
        busy_timeout=db.busy_timeout if busy_timeout is None else busy_timeout,
        enforce_foreign_keys=False,
        pooled=False,
    )
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_run, action, revision)
    finally:
        await engine.dispose()


async def upgrade(
    db: Database, revision: str = "head", *, busy_timeout: float | None = None
) -> None:
    """Migrate the database up to `revision` (the newest by default), in one transaction,
    waiting up to `busy_timeout` (the database's own by default) for another writer."""
    await _migrate(db, "upgrade", revision, busy_timeout)


async def downgrade(db: Database, revision: str) -> None:
    """Migrate the database down to `revision` (`base` removes every table)."""
    await _migrate(db, "downgrade", revision)
