"""The write-ahead log is copied back into the database file off the event loop, never in a commit."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from db.checkpoints import Checkpointer
from db.database import Database
from db.repositories import MemberRepository
from db.startup import open_database
from tests.db.ledger_seeding import ALICE


async def _write(database: Database, member_id: int) -> None:
    async with database.session() as session:
        await MemberRepository(session).ensure(member_id)


async def test_interactions_connections_leave_checkpoints_to_the_checkpointer(
    sqlite_url: str,
) -> None:
    database = await open_database(sqlite_url)
    try:
        async with database.session() as session:
            connection = await session.connection()
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
