"""The write-ahead log is copied back into the database file off the event loop, never in a commit."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest

from advisor.ledger import BillingSource
from db.checkpoints import Checkpointer
from db.database import Database
from db.errors import DatabaseBusy
from db.repositories import BillingRepository, MemberRepository
from db.startup import open_database
from tests.db.ledger_seeding import ALICE, START, client_with_contract


async def _write(database: Database, member_id: int) -> None:
    async with database.write() as writes:
        await MemberRepository(writes).ensure(member_id)


async def test_interactions_connections_leave_checkpoints_to_the_checkpointer(
    sqlite_url: str,
) -> None:
    database = await open_database(sqlite_url)
    try:
        async with database.engine.connect() as connection:
            setting = (await connection.exec_driver_sql("PRAGMA wal_autocheckpoint")).scalar()
        assert setting == 0
    finally:
        await database.dispose()


async def test_the_log_is_copied_back_after_every_so_many_writes(sqlite_url: str) -> None:
    database = await open_database(sqlite_url)
    checkpointer = database.checkpointer
    assert checkpointer is not None
    checkpointer.every = 3
    try:
        for number in range(2):
            await _write(database, ALICE + number)
        await checkpointer.idle()
        assert checkpointer.last is None
        await _write(database, ALICE + 2)
        await checkpointer.idle()
        assert checkpointer.last is not None
        busy, frames, copied = checkpointer.last
        assert (busy, copied) == (0, frames)
        assert frames > 0
    finally:
        await database.dispose()


async def test_a_failed_checkpoint_is_logged_and_writes_go_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A directory where the file should be: SQLite cannot open it.
    checkpointer = Checkpointer(tmp_path, every=1)
    with caplog.at_level(logging.WARNING, logger="db.checkpoints"):
        checkpointer.wrote()
        await checkpointer.idle()
    await checkpointer.close()
    assert checkpointer.last is None
    assert "Checkpointing" in caplog.text


async def test_everything_written_is_in_the_file_once_the_database_is_closed(
    sqlite_url: str,
) -> None:
    database = await open_database(sqlite_url)
    try:
        for number in range(5):
            await _write(database, ALICE + number)
    finally:
        await database.dispose()
    assert database.file is not None
    with closing(sqlite3.connect(database.file)) as connection:
        assert connection.execute("SELECT count(*) FROM members").fetchone() == (5,)


def _log_bytes(database: Database) -> int:
    assert database.file is not None
    log_file = database.file.with_name(database.file.name + "-wal")
    return log_file.stat().st_size if log_file.exists() else 0


async def test_the_log_stays_short_while_writes_never_stop(sqlite_url: str) -> None:
    # SQLite starts the log again from the top only when a write begins after a checkpoint
    # has copied all of it; writes that keep landing while a checkpoint runs on its thread
    # would let the log grow as long as they go on.
    database = await open_database(sqlite_url)
    checkpointer = database.checkpointer
    assert checkpointer is not None
    checkpointer.every = 20
    checkpointer.restart_at_frames = 200
    _, contract = await client_with_contract(database, ALICE)
    try:
        for number in range(1_000):
            async with database.write() as writes:
                await BillingRepository(writes).record(
                    ALICE,
                    contract.id,
                    Decimal("10.00"),
                    "USD",
                    START,
                    None,
                    BillingSource.TYPED,
                    f"test:{number}",
                )
            # A turn of the event loop between writes, as between interactions.
            await asyncio.sleep(0)
        await checkpointer.idle()
        frame = 4096 + 24  # a page and its header
        # The limit, and the few checkpoints' worth of writes it can take to notice it: a
        # thousand billings left over 8,000 frames in the log when nothing kept it short.
        assert _log_bytes(database) < 5 * checkpointer.restart_at_frames * frame
    finally:
        await database.dispose()


def _logged_file(path: Path, rows: int) -> sqlite3.Connection:
    """A SQLite file in WAL mode with `rows` writes in its log, and the connection that made them."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("CREATE TABLE notes (body TEXT)")
    for number in range(rows):
        connection.execute("INSERT INTO notes VALUES (?)", (f"note {number}",))
    return connection


class _HeldWriters:
    """Stands in for Database's writer queue, and counts how often it was held."""

    def __init__(self) -> None:
        self.times = 0

    @contextlib.asynccontextmanager
    async def __call__(self) -> AsyncIterator[None]:
        self.times += 1
        yield


async def test_a_long_log_is_emptied_with_the_writers_held_back(tmp_path: Path) -> None:
    file = tmp_path / "notes.sqlite3"
    held = _HeldWriters()
    checkpointer = Checkpointer(file, every=1, restart_at_frames=5, hold_writers=held)
    with closing(_logged_file(file, 10)):
        checkpointer.wrote()
        await checkpointer.idle()
        assert held.times == 0  # the first checkpoint finds the log long
        checkpointer.wrote()
        await checkpointer.idle()
        assert file.with_name("notes.sqlite3-wal").stat().st_size == 0
    await checkpointer.close()
    assert held.times == 1
    assert checkpointer.last == (0, 0, 0)


async def test_a_reader_on_the_log_keeps_it_rather_than_hold_writers_back(tmp_path: Path) -> None:
    file = tmp_path / "notes.sqlite3"
    checkpointer = Checkpointer(file, every=1, restart_at_frames=5, hold_writers=_HeldWriters())
    with closing(_logged_file(file, 10)) as writer, closing(sqlite3.connect(file)) as reader:
        checkpointer.wrote()
        await checkpointer.idle()
        # A read under way, and a write after it: the reader's snapshot is in the log.
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM notes").fetchone()
        writer.execute("INSERT INTO notes VALUES ('late')")
        checkpointer.wrote()
        await checkpointer.idle()
        assert checkpointer.last is not None
        assert checkpointer.last[0] == 1  # busy: gave up waiting for the reader
        reader.execute("COMMIT")
    await checkpointer.close()


async def test_writers_busy_past_their_timeout_leave_the_log_for_next_time(
    tmp_path: Path,
) -> None:
    @contextlib.asynccontextmanager
    async def busy_writers() -> AsyncIterator[None]:
        raise DatabaseBusy()
        yield

    file = tmp_path / "notes.sqlite3"
    checkpointer = Checkpointer(file, every=1, restart_at_frames=5, hold_writers=busy_writers)
    with closing(_logged_file(file, 10)):
        checkpointer.wrote()
        await checkpointer.idle()
        checkpointer.wrote()
        await checkpointer.idle()
    await checkpointer.close()
    assert checkpointer.last is not None
    busy, frames, copied = checkpointer.last
    assert (busy, copied) == (0, frames)
    assert frames > 5
