"""Tests for Database.write(): a write transaction begun and ended on the SQLite driver itself
(SQLAlchemy joining it for the statements it runs), or by SQLAlchemy on PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import DBAPIError

from advisor.ledger import BillingResult, BillingSource
from db.database import Database
from db.errors import DatabaseBusy
from db.migrate import upgrade
from db.models import Member
from db.repositories import BillingRepository, MemberRepository
from db.startup import open_database
from db.units import Writes
from tests.db.conftest import write_lock_held_elsewhere
from tests.db.ledger_seeding import ALICE, BOB, START, client_with_contract


async def record(writes: Writes, contract_id: int, key: str) -> BillingResult:
    return await BillingRepository(writes).record(
        ALICE, contract_id, Decimal("10.00"), "USD", START, None, BillingSource.TYPED, key
    )


async def recorded(db: Database, key: str) -> bool:
    async with db.read() as reads:
        return await BillingRepository(reads).by_key(ALICE, key) is not None


async def test_a_transaction_commits_when_the_block_ends(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    async with db.write() as writes:
        await record(writes, contract.id, "interaction:1")
    assert await recorded(db, "interaction:1")


async def _bill_then_fail(db: Database, contract_id: int) -> None:
    async with db.write() as writes:
        await record(writes, contract_id, "interaction:1")
        raise LookupError("a bug after the write")


async def test_a_transaction_rolls_back_when_the_block_raises(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    with pytest.raises(LookupError):
        await _bill_then_fail(db, contract.id)
    assert not await recorded(db, "interaction:1")
    async with db.write() as writes:
        await record(writes, contract.id, "interaction:2")
    assert await recorded(db, "interaction:2")


async def test_a_lock_held_elsewhere_past_the_timeout_is_database_busy(database_url: str) -> None:
    impatient = Database(database_url, busy_timeout=0.05)
    try:
        await upgrade(impatient)
        _, contract = await client_with_contract(impatient, ALICE)
        async with write_lock_held_elsewhere(impatient):
            with pytest.raises(DatabaseBusy):
                async with impatient.write() as writes:
                    await record(writes, contract.id, "interaction:busy")
        assert not await recorded(impatient, "interaction:busy")
    finally:
        await impatient.dispose()


async def test_a_transaction_waits_out_another_process_and_lets_the_loop_turn(
    sqlite_url: str,
) -> None:
    database = await open_database(sqlite_url)
    try:
        _, contract = await client_with_contract(database, ALICE)
        assert database.file is not None
        with closing(sqlite3.connect(database.file, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")

            async def release() -> None:
                # Runs only when the waiting writer hands the event loop back.
                other.execute("COMMIT")

            released = asyncio.create_task(release())
            async with database.write() as writes:
                await record(writes, contract.id, "interaction:1")
            assert released.done()
        assert await recorded(database, "interaction:1")
    finally:
        await database.dispose()


async def _write_both_ways_then_fail(database: Database) -> None:
    async with database.write() as writes:
        await MemberRepository(writes).ensure(ALICE)
        await writes.run(insert(Member).values(id=BOB, revision=1))
        raise LookupError("a bug after both writes")


async def test_statements_through_sqlalchemy_join_the_drivers_transaction(
    database_url: str,
) -> None:
    # A prepared statement runs on the driver, another through SQLAlchemy: one transaction.
    database = await open_database(database_url)
    try:
        with pytest.raises(LookupError):
            await _write_both_ways_then_fail(database)
        async with database.write() as writes:
            await writes.run(insert(Member).values(id=BOB, revision=1))
            await MemberRepository(writes).ensure(ALICE)
        async with database.read() as reads:
            assert sorted(await reads.scalars(select(Member.id))) == sorted([ALICE, BOB])
        if database.file is not None:
            with closing(sqlite3.connect(database.file)) as other:
                assert other.execute("SELECT count(*) FROM members").fetchone() == (2,)
    finally:
        await database.dispose()


async def _driver(writes: Writes) -> Any:
    # White-box: the driver connection under the unit.
    connection: Any = writes._connection  # type: ignore[attr-defined]
    return (await connection.get_raw_connection()).driver_connection


async def _bill_on_a_lost_connection(database: Database, contract_id: int) -> None:
    async with database.write() as writes:
        await (await _driver(writes)).close()
        await record(writes, contract_id, "interaction:lost")


async def test_a_lost_connection_is_replaced_for_the_next_transaction(sqlite_url: str) -> None:
    database = await open_database(sqlite_url)
    try:
        _, contract = await client_with_contract(database, ALICE)
        with pytest.raises(DBAPIError, match="closed"):
            await _bill_on_a_lost_connection(database, contract.id)
        async with database.write() as writes:
            await record(writes, contract.id, "interaction:next")
        assert await recorded(database, "interaction:next")
    finally:
        await database.dispose()


async def test_a_committed_transaction_counts_towards_the_next_checkpoint(sqlite_url: str) -> None:
    database = await open_database(sqlite_url)
    try:
        checkpointer = database.checkpointer
        assert checkpointer is not None
        _, contract = await client_with_contract(database, ALICE)
        checkpointer.every = 1
        async with database.write() as writes:
            await record(writes, contract.id, "interaction:1")
        await checkpointer.idle()
        assert checkpointer.last is not None
    finally:
        await database.dispose()


async def test_a_connection_lost_between_transactions_is_replaced(sqlite_url: str) -> None:
    database = await open_database(sqlite_url)
    try:
        _, contract = await client_with_contract(database, ALICE)
        async with database.write() as writes:
            driver = await _driver(writes)
        await driver.close()
        with pytest.raises(DBAPIError, match="closed"):
            async with database.write() as writes:
                await record(writes, contract.id, "interaction:lost")
        async with database.write() as writes:
            await record(writes, contract.id, "interaction:next")
        assert await recorded(database, "interaction:next")
        assert not await recorded(database, "interaction:lost")
    finally:
        await database.dispose()
