"""Opening the database at start-up (`gigwise run`) and for `gigwise migrate`.

A database migrated by a newer Gigwise is refused: its schema may hold data this code would
mishandle. An older one is upgraded in place, and a SQLite file is first copied aside next to
itself, named with its old revision and a timestamp, so a bad upgrade can be undone by hand.

Start-up waits for another process's lock: another Gigwise starting at the same moment may be
migrating, or a backup copying. It looks first with a short wait, then says it is waiting and
waits up to `lock_wait` seconds before giving up. It reads the schema's revision in a read-only
transaction, which on SQLite never waits for a writer. Whatever stops it (a lock held too long,
a damaged file, a read-only directory, a full disk, a server that does not answer) is raised as a
`db.errors.DatabaseUnusable` that says what to do (see `db.diagnosis`).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from db.database import (
    DEFAULT_BUSY_TIMEOUT,
    Database,
    async_database_url,
    build_engine,
    is_busy_error,
)
from db.diagnosis import explain
from db.errors import DatabaseTooNew, DatabaseTooOld
from db.schema_version import is_current

log = logging.getLogger(__name__)

# How long start-up waits, at most, for another process to let go of the database's lock.
DEFAULT_LOCK_WAIT = 30.0
# How long it waits before saying that it is waiting: about what another Gigwise needs to
# create or upgrade the schema.
_QUIET_LOCK_WAIT = 1.0

_Result = TypeVar("_Result")


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


def copy_sqlite(source: Path, target: Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
    """Copy a live SQLite database to `target` (a new file), consistent as of one moment.

    SQLite's online backup API copies a snapshot, pages still in the write-ahead log included,
    which copying the file's bytes would miss; writers carry on meanwhile. A copy that fails
    half way is removed.
    """
    try:
        with (
            closing(sqlite3.connect(source, timeout=busy_timeout)) as reader,
            closing(sqlite3.connect(target, timeout=busy_timeout)) as writer,
        ):
            reader.backup(writer)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


async def copy_sqlite_aside(db: Database, revision: str, stamp: datetime | None = None) -> Path:
    """Copy the database's SQLite file next to itself; the stamp defaults to its last change."""
    if db.file is None:
        raise ValueError("only a SQLite file database can be copied aside")
    moment = stamp or datetime.fromtimestamp(db.file.stat().st_mtime, tz=UTC)
    target = backup_path(db.file, revision, moment)
    await asyncio.to_thread(copy_sqlite, db.file, target, busy_timeout=db.busy_timeout)
    log.info("Copied the database at revision %s to %s before upgrading it", revision, target)
    return target


async def open_database(
    url: str | URL,
    *,
    upgrade: bool = True,
    backup_stamp: datetime | None = None,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    lock_wait: float = DEFAULT_LOCK_WAIT,
) -> Database:
    """Open the database, refusing one newer than this code and upgrading an older one.

    With `upgrade=False` an empty or older database raises `DatabaseTooOld` instead. Another
    process's lock is waited for up to `lock_wait` seconds; that and every other reason the
    database cannot be used raise a `DatabaseUnusable` that says what to do.
    """
    parsed = async_database_url(url)
    try:
        db = Database(parsed, busy_timeout=busy_timeout)
    except OSError as error:
        raise explain(error, parsed, lock_wait) or error from error
    try:
        if db.file is not None:
            _open_once(db.file)
        await _bring_up_to_date(db, upgrade, backup_stamp, lock_wait)
    except BaseException as error:
        await db.dispose()
        explained = explain(error, parsed, lock_wait)
        if explained is None or explained is error:
            raise
        raise explained from error
    return db


def _open_once(file: Path) -> None:
    """Open the SQLite file and read its header, on this thread, then close it again.

    A file SQLite cannot open or read fails here, before any aiosqlite connection: aiosqlite
    stops its worker thread without waiting when a connection fails to open, and a thread that
    outlives the event loop ends the process with a traceback of its own.
    """
    try:
        with closing(sqlite3.connect(file, timeout=0)) as connection:
            connection.execute("PRAGMA schema_version").fetchall()
    except sqlite3.OperationalError as error:
        if not is_busy_error(error):
            raise
        # Another process's lock: the steps that follow wait for it.


async def _bring_up_to_date(
    db: Database, upgrade: bool, backup_stamp: datetime | None, lock_wait: float
) -> None:
    if await _patiently(lock_wait, lambda wait: _is_current(db, wait)):
        return
    # Only now is Alembic worth loading.
    from db.migrate import SchemaStatus, schema_state
    from db.migrate import upgrade as upgrade_schema

    state = await _patiently(lock_wait, lambda wait: schema_state(db, busy_timeout=wait))
    if state.status is SchemaStatus.AHEAD:
        raise DatabaseTooNew(str(state.current), state.head)
    if state.status is SchemaStatus.CURRENT:
        return
    if not upgrade:
        raise DatabaseTooOld(state.current, state.head)
    if state.current is not None and db.file is not None:
        await copy_sqlite_aside(db, state.current, backup_stamp)
    await _patiently(lock_wait, lambda wait: upgrade_schema(db, busy_timeout=wait))
    log.info("Upgraded the database from %s to %s", state.current or "empty", state.head)


async def _is_current(db: Database, busy_timeout: float) -> bool:
    # An engine of its own: the database's own connections wait for a lock only briefly, since
    # they run on the event loop's thread (see db.inline_sqlite).
    engine = build_engine(db.url, busy_timeout=busy_timeout, pooled=False)
    try:
        return await is_current(engine)
    finally:
        await engine.dispose()


async def _patiently(lock_wait: float, step: Callable[[float], Awaitable[_Result]]) -> _Result:
    """Run `step` with a short wait for locks; if another process holds one, say so and run it
    again, waiting for the rest of `lock_wait` seconds."""
    quiet = min(lock_wait, _QUIET_LOCK_WAIT)
    try:
        return await step(quiet)
    except DBAPIError as error:
        if not is_busy_error(error) or quiet >= lock_wait:
            raise
    log.warning(
        "Another process holds the database's lock; waiting for it (%g s at most in all)",
        lock_wait,
    )
    return await step(lock_wait - quiet)
