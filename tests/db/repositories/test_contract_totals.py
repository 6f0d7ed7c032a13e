"""Each contract's total, kept by the database: always the sum of its billings, whoever writes them."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from db.database import Database
from db.repositories import ContractRepository, MemberRepository
from db.startup import open_database
from tests.db.ledger_seeding import ALICE, bill, client_with_contract, start_contract

TOTALS = text(
    "SELECT contracts.id, contracts.billed_minor, coalesce(sum(billings.amount_minor), 0) "
    "FROM contracts LEFT JOIN billings ON billings.contract_id = contracts.id "
    "WHERE contracts.member_id = :member GROUP BY contracts.id, contracts.billed_minor"
)


async def totals(db: Database, member_id: int = ALICE) -> list[tuple[int, int, int]]:
    async with db.engine.connect() as sql:
        rows = await sql.execute(TOTALS, {"member": member_id})
        return [(int(a), int(b), int(c)) for a, b, c in rows]


async def test_a_billing_adds_to_its_contracts_total(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    await bill(db, ALICE, contract.id, "120.50")
    await bill(db, ALICE, contract.id, "9.50")
    async with db.read() as reads:
        assert (await ContractRepository(reads).get(ALICE, contract.id)).billed == 130


async def test_changing_moving_and_deleting_billings_keeps_every_total(db: Database) -> None:
    client, first = await client_with_contract(db, ALICE)
    second = await start_contract(db, ALICE, client.id, "Second")
    for amount in ("100.00", "200.00", "300.00"):
        await bill(db, ALICE, first.id, amount)
    async with db.engine.begin() as sql:
        await sql.execute(
            text("UPDATE billings SET amount_minor = 5000 WHERE amount_minor = 10000")
        )
        await sql.execute(
            text("UPDATE billings SET contract_id = :to WHERE amount_minor = 20000"),
            {"to": second.id},
        )
        await sql.execute(text("DELETE FROM billings WHERE amount_minor = 30000"))
    assert {contract: kept for contract, kept, _ in await totals(db)} == {
        first.id: 5000,
        second.id: 20000,
    }


async def test_forgetting_a_member_leaves_no_total_behind(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    await bill(db, ALICE, contract.id, "10.00")
    async with db.write() as writes:
        await MemberRepository(writes).forget_member(ALICE)
    assert await totals(db) == []


# The property below runs many examples on one database; each example is a new member.
_members = itertools.count(500_000_000_000_000_000)

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 1), st.integers(1, 10**9)),
        st.tuples(st.just("change"), st.integers(0, 9), st.integers(1, 10**9)),
        st.tuples(st.just("move"), st.integers(0, 9), st.integers(0, 1)),
        st.tuples(st.just("delete"), st.integers(0, 9), st.just(0)),
    ),
    max_size=25,
)


@pytest.fixture(scope="module")
def running(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[asyncio.AbstractEventLoop, Database]]:
    loop = asyncio.new_event_loop()
    path: Path = tmp_path_factory.mktemp("totals") / "g.sqlite3"
    database = loop.run_until_complete(open_database(f"sqlite+aiosqlite:///{path}"))
    yield loop, database
    loop.run_until_complete(database.dispose())
    loop.close()


async def _apply(db: Database, operations: list[tuple[str, int, int]]) -> int:
    member = next(_members)
    client, first = await client_with_contract(db, member)
    contracts = [first.id, (await start_contract(db, member, client.id, "Second")).id]
    for action, which, value in operations:
        if action == "add":
            await bill(db, member, contracts[which], f"{value / 100:.2f}")
            continue
        async with db.engine.begin() as sql:
            ids = list(
                await sql.scalars(
                    text("SELECT id FROM billings WHERE member_id = :m ORDER BY id"), {"m": member}
                )
            )
            if not ids:
                continue
            target = ids[which % len(ids)]
            if action == "change":
                statement = "UPDATE billings SET amount_minor = :v WHERE id = :id"
            elif action == "move":
                statement = "UPDATE billings SET contract_id = :v WHERE id = :id"
                value = contracts[value]
            else:
                statement = "DELETE FROM billings WHERE id = :id AND :v = :v"
            await sql.execute(text(statement), {"v": value, "id": target})
    return member


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS)
def test_every_total_is_the_sum_of_its_billings_whatever_happens(
    running: tuple[asyncio.AbstractEventLoop, Database], operations: list[tuple[str, int, int]]
) -> None:
    loop, db = running
    member = loop.run_until_complete(_apply(db, operations))
    for _, kept, summed in loop.run_until_complete(totals(db, member)):
        assert kept == summed
