"""The units of work: prepared statements read and write what SQLAlchemy would, rows come back
by name, and a write block may await nothing but the database."""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Numeric, bindparam, insert, select
from sqlalchemy.exc import DBAPIError

from db.database import Database
from db.models import Contract, Member
from db.repositories import ContractRepository
from db.repositories.momentum import MomentumRepository
from db.startup import open_database
from db.units import Prepared, WriteBlockAwaited, Writes
from tests.db.ledger_seeding import ALICE, add_client

_CONTRACT = select(
    Contract.id,
    Contract.fee_rate,
    Contract.started_on,
    Contract.ended_on,
    Contract.rating,
    Contract.feedback,
    Contract.status,
).where(Contract.member_id == bindparam("member_id"), Contract.started_on >= bindparam("since"))
_PREPARED_CONTRACT = Prepared(_CONTRACT)


async def _rated_contract(db: Database) -> None:
    client = await add_client(db, ALICE)
    async with db.write() as writes:
        contracts = ContractRepository(writes)
        started = await contracts.start(
            ALICE, client.id, title="Retainer", started_on=date(2026, 3, 1), fee_rate=Decimal("0.1")
        )
        await contracts.end(ALICE, started.id, ended_on=date(2026, 4, 2), rating=Decimal("4.85"))


async def test_a_prepared_read_gives_what_sqlalchemy_gives(db: Database) -> None:
    await _rated_contract(db)
    params = {"member_id": ALICE, "since": date(2026, 1, 1)}
    async with db.read() as reads:
        expected = await reads.first(_CONTRACT, params)
        row = await reads.first(_PREPARED_CONTRACT, params)
    assert expected is not None
    assert row is not None
    assert tuple(row) == tuple(expected)
    assert (row.fee_rate, row.started_on, row.rating, row.feedback) == (
        Decimal("0.1000"),
        date(2026, 3, 1),
        Decimal("4.85"),
        None,
    )


async def test_a_bulk_read_gives_what_an_inline_read_gives(db: Database) -> None:
    await _rated_contract(db)
    params = {"member_id": ALICE, "since": date(2026, 1, 1)}
    async with db.read() as reads:
        inline = await reads.rows(_PREPARED_CONTRACT, params)
    async with db.bulk_read() as reads:
        threaded = await reads.rows(_PREPARED_CONTRACT, params)
    assert [tuple(row) for row in threaded] == [tuple(row) for row in inline]
    assert len(inline) == 1


async def test_a_decimal_is_bound_as_sqlalchemy_binds_it(db: Database) -> None:
    await _rated_contract(db)
    at_rate = Prepared(
        select(Contract.id).where(Contract.fee_rate == bindparam("rate", type_=Numeric(5, 4)))
    )
    async with db.read() as reads:
        assert await reads.scalar(at_rate, {"rate": Decimal("0.1")}) is not None


async def test_no_row_is_none_and_no_rows_an_empty_list(db: Database) -> None:
    params = {"member_id": ALICE, "since": date.min}
    async with db.read() as reads:
        assert await reads.first(_PREPARED_CONTRACT, params) is None
        assert await reads.rows(_PREPARED_CONTRACT, params) == []


async def test_a_prepared_statement_cannot_hold_an_in_list(sqlite_url: str) -> None:
    # SQLAlchemy writes out one placeholder per item when the statement runs; the SQLite driver
    # path compiles a prepared statement once.
    by_ids = Prepared(select(Contract.id).where(Contract.id.in_(bindparam("ids", expanding=True))))
    db = await open_database(sqlite_url)
    try:
        async with db.read() as reads:
            with pytest.raises(TypeError, match="ids"):
                await reads.first(by_ids, {"ids": [1, 2]})
    finally:
        await db.dispose()


async def test_a_failed_prepared_read_is_raised_as_sqlalchemy_raises_it(
    empty_db: Database,
) -> None:
    # A busy database is told apart from other failures by SQLAlchemy's error.
    async with empty_db.read() as reads:
        with pytest.raises(DBAPIError, match="members"):
            await MomentumRepository(reads).revision(ALICE)


async def _write_then_await_something_else(units: AbstractAsyncContextManager[Writes]) -> None:
    async with units as writes:
        await writes.run(insert(Member).values(id=ALICE, revision=1))
        # As if it answered Discord before the block ended.
        await asyncio.sleep(0)


async def test_a_write_block_that_awaits_something_else_fails_and_changes_nothing(
    db: Database,
) -> None:
    with pytest.raises(WriteBlockAwaited):
        await _write_then_await_something_else(db.write())
    async with db.read() as reads:
        assert await reads.first(select(Member.id)) is None


async def test_a_bulk_write_that_awaits_something_else_fails_too(db: Database) -> None:
    with pytest.raises(WriteBlockAwaited):
        await _write_then_await_something_else(db.bulk_write())
    async with db.read() as reads:
        assert await reads.first(select(Member.id)) is None


async def test_a_write_block_of_database_calls_alone_commits(db: Database) -> None:
    # On PostgreSQL every call gives the event loop a turn while the server answers.
    async with db.bulk_write() as writes:
        for member in range(1, 4):
            await writes.run(insert(Member).values(id=member, revision=1))
    async with db.read() as reads:
        assert await reads.scalars(select(Member.id).order_by(Member.id)) == [1, 2, 3]


async def test_a_read_inside_a_read_sees_the_database_too(db: Database) -> None:
    await _rated_contract(db)
    params = {"member_id": ALICE, "since": date(2026, 1, 1)}
    async with db.read() as outer:
        async with db.read() as inner:
            assert await inner.first(_PREPARED_CONTRACT, params) is not None
        assert await outer.first(_PREPARED_CONTRACT, params) is not None


async def _insert_in_a_savepoint_then_fail(writes: Writes) -> None:
    async with writes.savepoint():
        await writes.run(insert(Member).values(id=2, revision=1))
        raise ValueError("undo")


async def test_a_savepoint_takes_back_only_its_own_changes(db: Database) -> None:
    async with db.write() as writes:
        await writes.run(insert(Member).values(id=1, revision=1))
        with pytest.raises(ValueError, match="undo"):
            await _insert_in_a_savepoint_then_fail(writes)
    async with db.read() as reads:
        assert await reads.scalars(select(Member.id)) == [1]
