"""Opening the database at start-up (`gigwise run`) and for `gigwise migrate`.

A database migrated by a newer Gigwise is refused: its schema may hold data this code would
mishandle. An older one is upgraded in place, and a SQLite file is first copied aside next to
itself, named with its old revision and a timestamp, so a bad upgrade can be undone by hand.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL

from db.database import DEFAULT_BUSY_TIMEOUT, Database
from db.errors import DatabaseTooNew, DatabaseTooOld
from db.schema_version import is_current

log = logging.getLogger(__name__)


def backup_path(file: Path, revision: str, stamp: datetime) -> Path:
    """Where the copy of `file` at `revision` goes: `gigwise.rev0001.20250102T030405Z.sqlite3`.

    A naive `stamp` is taken to be UTC already.
    """
    moment = stamp.astimezone(UTC) if stamp.tzinfo else stamp
    base = f"{file.stem}.rev{revision}.{moment:%Y%m%dT%H%M%S}Z"
    candidate = file.with_name(base + file.suffix)
    copies = 1
    # Two upgrades within one second (or a stamp reused) must not overwrite an earlier copy.
    while candidate.exists():
        copies += 1
        candidate = file.with_name(f"{base}-{copies}{file.suffix}")
    return candidate


def _copy_sqlite(source: Path, target: Path) -> None:
    # SQLite's backup API copies a consistent snapshot, including pages still in the WAL file,
    # which copying the file's bytes would miss.
    with closing(sqlite3.connect(source)) as reader, closing(sqlite3.connect(target)) as writer:
        reader.backup(writer)


async def copy_sqlite_aside(db: Database, revision: str, stamp: datetime | None = None) -> Path:
    """Copy the database's SQLite file next to itself; the stamp defaults to its last change."""
    if db.file is None:
        raise ValueError("only a SQLite file database can be copied aside")
    moment = stamp or datetime.fromtimestamp(db.file.stat().st_mtime, tz=UTC)
    target = backup_path(db.file, revision, moment)
    await asyncio.to_thread(_copy_sqlite, db.file, target)
    log.info("Copied the database at revision %s to %s before upgrading it", revision, target)
    return target


async def open_database(
    url: str | URL,
    *,
    upgrade: bool = True,
    backup_stamp: datetime | None = None,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
) -> Database:
    """Open the database, refusing one newer than this code and upgrading an older one.

    With `upgrade=False` an empty or older database raises `DatabaseTooOld` instead.
    """
    db = Database(url, busy_timeout=busy_timeout)
    try:
        if await is_current(db):
            return db
        # Only now is Alembic worth loading.
        from db.migrate import SchemaStatus, schema_state
        from db.migrate import upgrade as upgrade_schema

        state = await schema_state(db)
        if state.status is SchemaStatus.AHEAD:
            raise DatabaseTooNew(str(state.current), state.head)
        if state.status is SchemaStatus.CURRENT:
            return db
        if not upgrade:
            raise DatabaseTooOld(state.current, state.head)
        if state.current is not None and db.file is not None:
            await copy_sqlite_aside(db, state.current, backup_stamp)
        await upgrade_schema(db)
        log.info("Upgraded the database from %s to %s", state.current or "empty", state.head)
    except BaseException:
        await db.dispose()
        raise
    return db
