"""Tests for db.database: URLs, SQLite connection settings, transactions and DatabaseBusy."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, select
from sqlalchemy.exc import DBAPIError

from advisor.ledger import BillingSource
from db.database import POSTGRES_POOL_SIZE, Database, async_database_url, is_busy_error
from db.errors import DatabaseBusy
from db.inline_sqlite import InlineConnection
from db.migrate import upgrade
from db.models import Member
from db.repositories import (
    BillingRepository,
    ClientRepository,
    ContractRepository,
    MemberRepository,
)
from db.startup import open_database
from db.units import Prepared
from tests.db.conftest import sqlite_url_for, write_lock_held_elsewhere
from tests.db.ledger_seeding import ALICE, BOB, bill, client_with_contract


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("sqlite:///gigwise.sqlite3", "sqlite+aiosqlite"),
        ("sqlite+aiosqlite:///gigwise.sqlite3", "sqlite+aiosqlite"),
        ("postgres://bot@db.example/gigwise", "postgresql+asyncpg"),
        ("postgresql://bot@db.example/gigwise", "postgresql+asyncpg"),
        ("postgresql+asyncpg://bot@db.example/gigwise", "postgresql+asyncpg"),
    ],
)
def test_url_gets_the_async_driver(given: str, driver: str) -> None:
    assert async_database_url(given).drivername == driver


def test_url_of_an_unsupported_database_is_refused() -> None:
    with pytest.raises(ValueError, match="DATABASE_URL"):
        async_database_url("mysql://bot@db.example/gigwise")


def test_repr_hides_the_password() -> None:
    database = Database("postgresql+asyncpg://bot:hunter2@db.example/gigwise")
    assert "hunter2" not in repr(database)


async def test_sqlite_file_folder_is_created(tmp_path: Path) -> None:
    folder = tmp_path / "nested" / "folder"
    database = Database(sqlite_url_for(folder / "gigwise.sqlite3"))
    try:
        assert folder.is_dir()
    finally:
        await database.dispose()


@pytest.mark.parametrize("bulk", [False, True], ids=["inline", "bulk"])
@pytest.mark.parametrize(("pragma", "expected"), [("journal_mode", "wal"), ("foreign_keys", 1)])
async def test_sqlite_connections_are_configured(
    sqlite_url: str, pragma: str, expected: object, bulk: bool
) -> None:
    database = Database(sqlite_url)
    try:
        value = await _pragma(database, pragma, bulk=bulk)
    finally:
        await database.dispose()
    assert value == expected


async def _pragma(database: Database, pragma: str, *, bulk: bool) -> object:
    async with database.bulk_read() if bulk else database.read() as reads:
        # White-box: the connection under the unit.
        connection: Any = reads._connection  # type: ignore[attr-defined]
        return (await connection.exec_driver_sql(f"PRAGMA {pragma}")).scalar()


async def _driver(unit: Any) -> Any:
    return (await unit._connection.get_raw_connection()).driver_connection


@pytest.mark.parametrize(("bulk", "expected"), [(False, 10), (True, 5000)])
async def test_only_bulk_connections_wait_long_for_a_lock(
    sqlite_url: str, bulk: bool, expected: int
) -> None:
    # An inline statement blocks the event loop while it waits, so it waits only briefly.
    database = Database(sqlite_url)
    try:
        value = await _pragma(database, "busy_timeout", bulk=bulk)
    finally:
        await database.dispose()
    assert value == expected


async def test_interaction_statements_run_on_the_event_loop_thread(sqlite_url: str) -> None:
    database = Database(sqlite_url)
    try:
        async with database.read() as reads:
            read_by = await _driver(reads)
        async with database.write() as writes:
            written_by = await _driver(writes)
    finally:
        await database.dispose()
    assert isinstance(read_by, InlineConnection)
    assert isinstance(written_by, InlineConnection)


async def test_bulk_statements_run_on_a_worker_thread(sqlite_url: str) -> None:
    database = Database(sqlite_url)
    try:
        async with database.bulk_write() as writes:
            written_by = await _driver(writes)
        async with database.bulk_read() as reads:
            read_by = await _driver(reads)
    finally:
        await database.dispose()
    assert not isinstance(written_by, InlineConnection)
    assert not isinstance(read_by, InlineConnection)


async def test_a_writer_waits_out_another_process_and_lets_the_loop_turn(
    sqlite_url: str,
) -> None:
    import asyncio

    database = Database(sqlite_url)
    try:
        await upgrade(database)
        assert database.file is not None
        with closing(sqlite3.connect(database.file, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")

            async def release() -> None:
                # Runs only when the waiting writer hands the event loop back.
                other.execute("COMMIT")

            released = asyncio.create_task(release())
            async with database.write() as writes:
                await MemberRepository(writes).ensure(ALICE)
            # An inline statement gives up on the lock within milliseconds (see the busy-timeout
            # test above); the retries then wait on the loop, where the other side let go.
            assert released.done()
        async with database.read() as reads:
            assert await MemberRepository(reads).exists(ALICE)
    finally:
        await database.dispose()


async def test_session_commits_when_the_block_ends(db: Database) -> None:
    async with db.write() as writes:
        await MemberRepository(writes).ensure(ALICE)
    async with db.write() as writes:
        assert await MemberRepository(writes).exists(ALICE)


async def write_then_fail(db: Database) -> None:
    async with db.write() as writes:
        await MemberRepository(writes).ensure(ALICE)
        raise LookupError("a bug after the write")


async def test_session_rolls_back_when_the_block_raises(db: Database) -> None:
    with pytest.raises(LookupError):
        await write_then_fail(db)
    async with db.write() as writes:
        assert not await MemberRepository(writes).exists(ALICE)


async def test_records_stay_readable_after_the_session_ends(db: Database) -> None:
    client, contract = await client_with_contract(db, ALICE)
    result = await bill(db, ALICE, contract.id, "10.00")
    assert (client.name, contract.title, result.billing.amount) == (
        "Acme Corp",
        "Logo design",
        result.lifetime_billed,
    )


async def test_lock_held_past_the_timeout_is_database_busy(database_url: str) -> None:
    impatient = Database(database_url, busy_timeout=0.05)
    try:
        await upgrade(impatient)
        async with write_lock_held_elsewhere(impatient):
            with pytest.raises(DatabaseBusy):
                await bill_new_member(impatient)
    finally:
        await impatient.dispose()


async def test_busy_interaction_leaves_nothing_written(database_url: str) -> None:
    impatient = Database(database_url, busy_timeout=0.05)
    try:
        await upgrade(impatient)
        async with write_lock_held_elsewhere(impatient):
            with pytest.raises(DatabaseBusy):
                await bill_new_member(impatient)
        async with impatient.read() as reads:
            members = await reads.scalars(select(Member.id))
    finally:
        await impatient.dispose()
    assert members == []


async def bill_new_member(database: Database) -> None:
    """One interaction that creates a member, a client and a contract, then bills it."""
    async with database.write() as writes:
        client = await ClientRepository(writes).get_or_create(BOB, "Acme", "upwork")
        contract = await ContractRepository(writes).start(
            BOB, client.id, title="Site", started_on=date(2024, 1, 1)
        )
        await BillingRepository(writes).record(
            BOB,
            contract.id,
            Decimal("5.00"),
            "USD",
            date(2024, 1, 2),
            None,
            BillingSource.TYPED,
            "interaction:busy",
        )


async def test_a_read_does_not_wait_for_a_writer(sqlite_url: str) -> None:
    impatient = Database(sqlite_url, busy_timeout=0.05)
    try:
        await upgrade(impatient)
        async with write_lock_held_elsewhere(impatient), impatient.read() as reads:
            assert await reads.scalars(select(Member.id)) == []
    finally:
        await impatient.dispose()


def test_locked_sqlite_error_is_recognised_as_busy() -> None:
    assert is_busy_error(sqlite3.OperationalError("database is locked"))


def test_other_errors_are_not_busy() -> None:
    assert not is_busy_error(sqlite3.OperationalError("no such table: members"))


async def test_writers_of_one_process_take_turns(sqlite_url: str) -> None:
    import asyncio

    database = Database(sqlite_url)
    inside: list[int] = []
    overlapped = False

    async def write(n: int) -> None:
        nonlocal overlapped
        async with database.writers_held():
            overlapped = overlapped or bool(inside)
            inside.append(n)
            await asyncio.sleep(0)
            inside.remove(n)

    try:
        await upgrade(database)
        await asyncio.gather(*(write(n) for n in range(20)))
    finally:
        await database.dispose()
    assert not overlapped


async def test_a_writer_queued_past_the_timeout_is_database_busy(sqlite_url: str) -> None:
    impatient = Database(sqlite_url, busy_timeout=0.05)
    try:
        await upgrade(impatient)
        async with impatient.writers_held():
            with pytest.raises(DatabaseBusy):
                async with impatient.write() as queued:
                    await MemberRepository(queued).ensure(ALICE)
        # The writer that gave up wrote nothing, and the queue is free for the next one.
        async with impatient.write() as writes:
            assert not await MemberRepository(writes).exists(ALICE)
            await MemberRepository(writes).ensure(ALICE)
        async with impatient.read() as reads:
            assert await reads.scalars(select(Member.id)) == [ALICE]
    finally:
        await impatient.dispose()


async def test_readers_do_not_queue_behind_a_writer_of_this_process(sqlite_url: str) -> None:
    impatient = Database(sqlite_url, busy_timeout=0.05)
    try:
        await upgrade(impatient)
        async with impatient.writers_held(), impatient.read() as reads:
            assert await reads.scalars(select(Member.id)) == []
    finally:
        await impatient.dispose()


async def test_a_read_sees_what_was_committed_since_the_last_one(db: Database) -> None:
    async with db.read() as reads:
        assert await reads.scalar(select(Member.id).where(Member.id == ALICE)) is None
    async with db.write() as writes:
        await MemberRepository(writes).ensure(ALICE)
    async with db.read() as reads:
        assert await reads.scalar(select(Member.id).where(Member.id == ALICE)) == ALICE


@pytest.mark.parametrize("prepared", [False, True], ids=["sqlalchemy", "prepared"])
async def test_a_read_leaves_no_transaction_open(sqlite_url: str, prepared: bool) -> None:
    # An open read transaction would pin the WAL and stop checkpoints for as long as it lasts.
    database = Database(sqlite_url)
    query = select(Member.id)
    try:
        await upgrade(database)
        async with database.read() as reads:
            await reads.scalar(Prepared(query) if prepared else query)
            driver = await _driver(reads)
            assert driver.in_transaction
        assert isinstance(driver, InlineConnection)
        assert not driver.in_transaction
    finally:
        await database.dispose()


async def test_a_failed_read_does_not_spoil_the_next(db: Database) -> None:
    with pytest.raises(DBAPIError, match="no_such_table"):
        async with db.read() as reads:
            await reads.rows(select(_NO_SUCH_TABLE.c.id))
    async with db.read() as reads:
        assert await reads.scalars(select(Member.id)) == []


def test_postgresql_keeps_a_fixed_pool() -> None:
    # Overflow connections are closed when returned: under a burst they would be opened and
    # closed again and again, each one a server process started and stopped.
    database = Database("postgresql+asyncpg://bot@db.example/gigwise")
    pool: Any = database.engine.pool
    assert (pool.size(), pool._max_overflow) == (POSTGRES_POOL_SIZE, 0)


async def test_a_failed_read_leaves_the_others_theirs(db: Database) -> None:
    async with db.read() as first:
        with pytest.raises(DBAPIError, match="no_such_table"):
            async with db.read() as second:
                await second.rows(select(_NO_SUCH_TABLE.c.id))
        assert await first.scalars(select(Member.id)) == []


_NO_SUCH_TABLE = Table("no_such_table", MetaData(), Column("id", Integer))


async def test_inline_writes_take_turns_on_one_connection_kept_for_them(sqlite_url: str) -> None:
    # Checking a connection out of the pool and back for each write cost as much as its BEGIN
    # and COMMIT; and a burst of writes then never takes the pool's connections from the reads.
    database = await open_database(sqlite_url)
    try:
        pool: Any = database.engine.pool
        async with database.write() as writes:
            await MemberRepository(writes).ensure(ALICE)
        kept = pool.checkedout()
        async with database.write() as writes:
            await MemberRepository(writes).ensure(BOB)
            assert pool.checkedout() == kept
    finally:
        await database.dispose()


async def _write_on_a_lost_connection(database: Database) -> None:
    async with database.write() as writes:
        await (await _driver(writes)).close()
        await MemberRepository(writes).ensure(ALICE)


async def test_a_lost_write_connection_is_replaced_for_the_next_write(sqlite_url: str) -> None:
    database = await open_database(sqlite_url)
    try:
        with pytest.raises(DBAPIError) as lost:
            await _write_on_a_lost_connection(database)
        assert lost.value.connection_invalidated
        async with database.write() as writes:
            await MemberRepository(writes).ensure(BOB)
        async with database.read() as reads:
            assert await MemberRepository(reads).exists(BOB)
    finally:
        await database.dispose()


async def test_a_writer_arriving_as_the_lock_passes_on_still_times_out(sqlite_url: str) -> None:
    import asyncio

    impatient = Database(sqlite_url, busy_timeout=0.05)
    let_go = asyncio.Event()

    async def hold_past_the_timeout() -> None:
        async with impatient.writers_held():
            await let_go.wait()

    try:
        await upgrade(impatient)
        async with impatient.writers_held():
            holder = asyncio.create_task(hold_past_the_timeout())
            await asyncio.sleep(0)
        # The lock is free this instant, but handed to the writer queued behind: a writer
        # arriving now waits its turn with the same timeout as any other.
        async with asyncio.timeout(10):
            with pytest.raises(DatabaseBusy):
                async with impatient.write() as writes:
                    await MemberRepository(writes).ensure(ALICE)
        let_go.set()
        await holder
    finally:
        await impatient.dispose()
