"""Statements run straight on the SQLite driver read and write what SQLAlchemy would."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Numeric, bindparam, select

from db.database import Database
from db.models import Contract
from db.repositories import ContractRepository
from db.repositories._driver import all_rows, first_row
from db.startup import open_database
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


async def test_dates_decimals_and_nulls_read_as_sqlalchemy_reads_them(db: Database) -> None:
    client = await add_client(db, ALICE)
    async with db.session() as session:
        contracts = ContractRepository(session)
        started = await contracts.start(
            ALICE, client.id, title="Retainer", started_on=date(2026, 3, 1), fee_rate=Decimal("0.1")
        )
        await contracts.end(ALICE, started.id, ended_on=date(2026, 4, 2), rating=Decimal("4.85"))
    params = {"member_id": ALICE, "since": date(2026, 1, 1)}
    async with db.lookup() as connection:
        expected = (await connection.execute(_CONTRACT, params)).first()
        row = await first_row(connection, _CONTRACT, params)
    assert expected is not None
    assert row == tuple(expected)
    assert (row[1], row[2], row[4], row[5]) == (
        Decimal("0.1000"),
        date(2026, 3, 1),
        Decimal("4.85"),
        None,
    )


async def test_a_decimal_is_bound_as_sqlalchemy_binds_it(db: Database) -> None:
    client = await add_client(db, ALICE)
    async with db.session() as session:
        started = await ContractRepository(session).start(
            ALICE, client.id, title="Retainer", started_on=date(2026, 3, 1), fee_rate=Decimal("0.1")
        )
    at_rate = select(Contract.id).where(Contract.fee_rate == bindparam("rate", type_=Numeric(5, 4)))
    async with db.lookup() as connection:
        assert await first_row(connection, at_rate, {"rate": Decimal("0.1")}) == (started.id,)


async def test_no_row_is_none(db: Database) -> None:
    async with db.lookup() as connection:
        assert (
            await first_row(connection, _CONTRACT, {"member_id": ALICE, "since": date.min}) is None
        )


async def test_an_in_list_is_left_to_sqlalchemy(sqlite_url: str) -> None:
    # SQLAlchemy writes out one placeholder per item when the statement runs.
    database = await open_database(sqlite_url)
    by_ids = select(Contract.id).where(Contract.id.in_(bindparam("ids", expanding=True)))
    try:
        async with database.lookup() as connection:
            with pytest.raises(TypeError, match="ids"):
                await first_row(connection, by_ids, {"ids": [1, 2]})
    finally:
        await database.dispose()


async def test_a_threaded_connection_reads_the_same_row(db: Database) -> None:
    # Bulk work runs on aiosqlite's worker threads rather than inline.
    client = await add_client(db, ALICE)
    async with db.session() as session:
        await ContractRepository(session).start(
            ALICE, client.id, title="Retainer", started_on=date(2026, 3, 1)
        )
    params = {"member_id": ALICE, "since": date(2026, 1, 1)}
    async with db.session(read_only=True, bulk=True) as session:
        connection = await session.connection()
        expected = (await connection.execute(_CONTRACT, params)).first()
        assert expected is not None
        assert await first_row(connection, _CONTRACT, params) == tuple(expected)


async def test_every_row_reads_as_sqlalchemy_reads_them(db: Database) -> None:
    client = await add_client(db, ALICE)
    async with db.session() as session:
        contracts = ContractRepository(session)
        for day, rate in ((1, Decimal("0.1")), (2, None), (3, Decimal("0.05"))):
            await contracts.start(
                ALICE, client.id, title=None, started_on=date(2026, 3, day), fee_rate=rate
            )
    in_order = _CONTRACT.order_by(Contract.started_on.desc())
    params = {"member_id": ALICE, "since": date(2026, 3, 2)}
    async with db.lookup() as connection:
        expected = (await connection.execute(in_order, params)).all()
        rows = await all_rows(connection, in_order, params)
    assert [tuple(row) for row in rows] == [tuple(row) for row in expected]
    assert [(row[1], row[2]) for row in rows] == [
        (Decimal("0.0500"), date(2026, 3, 3)),
        (None, date(2026, 3, 2)),
    ]


async def test_a_threaded_connection_reads_every_row(db: Database) -> None:
    client = await add_client(db, ALICE)
    async with db.session() as session:
        for day in (1, 2):
            await ContractRepository(session).start(
                ALICE, client.id, title=None, started_on=date(2026, 3, day)
            )
    in_order = _CONTRACT.order_by(Contract.started_on)
    params = {"member_id": ALICE, "since": date(2026, 1, 1)}
    async with db.session(read_only=True, bulk=True) as session:
        connection = await session.connection()
        expected = (await connection.execute(in_order, params)).all()
        rows = await all_rows(connection, in_order, params)
    assert [tuple(row) for row in rows] == [tuple(row) for row in expected]
    assert len(rows) == 2


async def test_no_rows_is_an_empty_list(db: Database) -> None:
    async with db.lookup() as connection:
        assert await all_rows(connection, _CONTRACT, {"member_id": ALICE, "since": date.min}) == []
