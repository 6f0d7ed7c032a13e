"""Tests for Database.transaction(): a write transaction on a bare connection, begun and ended on
the SQLite driver itself, or by SQLAlchemy on PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from advisor.ledger import BillingResult, BillingSource
from db.database import Database
from db.errors import DatabaseBusy
from db.migrate import upgrade
from db.repositories import BillingRepository, MemberRepository
from db.startup import open_database
from tests.db.conftest import write_lock_held_elsewhere
from tests.db.ledger_seeding import ALICE, BOB, START, client_with_contract


async def record(transaction: AsyncConnection, contract_id: int, key: str) -> BillingResult:
    return await BillingRepository(transaction).record(
        ALICE, contract_id, Decimal("10.00"), "USD", START, None, BillingSource.TYPED, key
    )


async def recorded(db: Database, key: str) -> bool:
    async with db.session(read_only=True) as session:
        return await BillingRepository(session).by_key(ALICE, key) is not None


async def test_a_transaction_commits_when_the_block_ends(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    async with db.transaction() as transaction:
        await record(transaction, contract.id, "interaction:1")
    assert await recorded(db, "interaction:1")


async def _bill_then_fail(db: Database, contract_id: int) -> None:
    async with db.transaction() as transaction:
        await record(transaction, contract_id, "interaction:1")
        raise LookupError("a bug after the write")


async def test_a_transaction_rolls_back_when_the_block_raises(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    with pytest.raises(LookupError):
        await _bill_then_fail(db, contract.id)
    assert not await recorded(db, "interaction:1")
    async with db.transaction() as transaction:
        await record(transaction, contract.id, "interaction:2")
    assert await recorded(db, "interaction:2")


async def test_a_lock_held_elsewhere_past_the_timeout_is_database_busy(database_url: str) -> None:
    impatient = Database(database_url, busy_timeout=0.05)
    try:
        await upgrade(impatient)
        _, contract = await client_with_contract(impatient, ALICE)
        async with write_lock_held_elsewhere(impatient):
            with pytest.raises(DatabaseBusy):
                async with impatient.transaction() as transaction:
                    await record(transaction, contract.id, "interaction:busy")
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
            async with database.transaction() as transaction:
                await record(transaction, contract.id, "interaction:1")
            assert released.done()
        assert await recorded(database, "interaction:1")
    finally:
        await database.dispose()


async def test_transactions_and_sessions_take_turns(sqlite_url: str) -> None:
    database = await open_database(sqlite_url)
    inside: list[int] = []
    overlapped = False

    async def write(n: int) -> None:
        nonlocal overlapped
        block = database.transaction() if n % 2 else database.session()
        async with block:
            overlapped = overlapped or bool(inside)
            inside.append(n)
            await asyncio.sleep(0)
            inside.remove(n)

    try:
        await asyncio.gather(*(write(n) for n in range(20)))
    finally:
        await database.dispose()
    assert not overlapped


async def test_a_transaction_uses_the_connection_kept_for_inline_writes(sqlite_url: str) -> None:
    database = await open_database(sqlite_url)
    try:
        pool: Any = database.engine.pool
        async with database.session() as session:
            await MemberRepository(session).ensure(ALICE)
        kept = pool.checkedout()
        async with database.transaction():
            assert pool.checkedout() == kept
    finally:
        await database.dispose()


async def _run_through_sqlalchemy(database: Database) -> None:
    async with database.transaction() as transaction:
        await transaction.execute(text("SELECT 1"))


async def test_sqlalchemy_on_the_connection_fails_and_the_next_session_still_commits(
    sqlite_url: str,
) -> None:
    database = await open_database(sqlite_url)
    try:
        with pytest.raises(DBAPIError):
            await _run_through_sqlalchemy(database)
        async with database.session() as session:
            await MemberRepository(session).ensure(BOB)
        assert database.file is not None
        with closing(sqlite3.connect(database.file)) as other:
            assert other.execute("SELECT count(*) FROM members").fetchone() == (1,)
    finally:
        await database.dispose()


async def _bill_on_a_lost_connection(database: Database, contract_id: int) -> None:
    async with database.transaction() as transaction:
        driver: Any = transaction.sync_connection.connection.driver_connection  # type: ignore[union-attr]
        await driver.close()
        await record(transaction, contract_id, "interaction:lost")


async def test_a_lost_connection_is_replaced_for_the_next_transaction(sqlite_url: str) -> None:
    database = await open_database(sqlite_url)
    try:
        _, contract = await client_with_contract(database, ALICE)
        with pytest.raises(DBAPIError, match="closed"):
            await _bill_on_a_lost_connection(database, contract.id)
        async with database.transaction() as transaction:
            await record(transaction, contract.id, "interaction:next")
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
        async with database.transaction() as transaction:
            await record(transaction, contract.id, "interaction:1")
        await checkpointer.idle()
        assert checkpointer.last is not None
    finally:
        await database.dispose()


async def test_a_connection_lost_between_transactions_is_replaced(sqlite_url: str) -> None:
    database = await open_database(sqlite_url)
    try:
        _, contract = await client_with_contract(database, ALICE)
        async with database.transaction() as transaction:
            driver: Any = transaction.sync_connection.connection.driver_connection  # type: ignore[union-attr]
        await driver.close()
        with pytest.raises(DBAPIError, match="closed"):
            async with database.transaction() as transaction:
                await record(transaction, contract.id, "interaction:lost")
        async with database.transaction() as transaction:
            await record(transaction, contract.id, "interaction:next")
        assert await recorded(database, "interaction:next")
        assert not await recorded(database, "interaction:lost")
    finally:
        await database.dispose()
