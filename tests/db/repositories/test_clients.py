"""Tests for ClientRepository: one client per name, lifetime billed as a sum, autocomplete."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from advisor.ledger import LedgerError, UnknownClient
from db.database import Database
from db.models import Base
from db.repositories import ClientRepository, MemberRepository
from db.repositories.clients import BILLED_JOBS
from db.startup import open_database
from tests.db.ledger_seeding import (
    ALICE,
    BOB,
    add_client,
    bill,
    client_with_contract,
    start_contract,
)


@pytest.mark.parametrize("spelling", ["Acme Corp", "acme corp", "  ACME   Corp ", "Ａｃｍｅ Corp"])
async def test_same_client_whatever_the_spelling(db: Database, spelling: str) -> None:
    first = await add_client(db, ALICE, "Acme Corp")
    assert (await add_client(db, ALICE, spelling)).id == first.id


async def test_client_keeps_the_name_it_was_first_given(db: Database) -> None:
    await add_client(db, ALICE, "Acme Corp")
    assert (await add_client(db, ALICE, "ACME CORP")).name == "Acme Corp"


async def test_same_name_on_another_platform_is_another_client(db: Database) -> None:
    async with db.write() as writes:
        clients = ClientRepository(writes)
        upwork = await clients.get_or_create(ALICE, "Acme", "upwork")
        fiverr = await clients.get_or_create(ALICE, "Acme", "Fiverr")
    assert (upwork.id != fiverr.id, fiverr.platform) == (True, "fiverr")


async def test_first_client_creates_the_member(db: Database) -> None:
    await add_client(db, ALICE)
    async with db.write() as writes:
        assert await MemberRepository(writes).exists(ALICE)


async def test_new_client_gets_the_currency_given(db: Database) -> None:
    async with db.write() as writes:
        client = await ClientRepository(writes).get_or_create(ALICE, "Acme", "upwork", "gbp")
    assert client.currency == "GBP"


async def test_blank_client_name_is_refused(db: Database) -> None:
    async with db.write() as writes:
        with pytest.raises(LedgerError, match="client's name"):
            await ClientRepository(writes).get_or_create(ALICE, "   ", "upwork")


async def test_concurrent_creation_of_one_client_makes_one_client(db: Database) -> None:
    created = await asyncio.gather(*(add_client(db, ALICE, "Acme Corp") for _ in range(20)))
    assert len({client.id for client in created}) == 1


async def test_get_returns_the_client(db: Database) -> None:
    client = await add_client(db, ALICE)
    async with db.write() as writes:
        assert await ClientRepository(writes).get(ALICE, client.id) == client


async def test_get_of_unknown_id_is_unknown_client(db: Database) -> None:
    async with db.write() as writes:
        with pytest.raises(UnknownClient):
            await ClientRepository(writes).get(ALICE, 12345)


@pytest.mark.parametrize(("name", "platform"), [("acme CORP", None), ("Acme Corp", "upwork")])
async def test_find_by_name(db: Database, name: str, platform: str | None) -> None:
    client = await add_client(db, ALICE)
    async with db.write() as writes:
        assert await ClientRepository(writes).find(ALICE, name, platform) == client


@pytest.mark.parametrize(("name", "platform"), [("Globex", None), ("Acme Corp", "fiverr")])
async def test_find_of_unknown_name_is_none(db: Database, name: str, platform: str | None) -> None:
    await add_client(db, ALICE)
    async with db.write() as writes:
        assert await ClientRepository(writes).find(ALICE, name, platform) is None


async def test_lifetime_billed_sums_every_contract(db: Database) -> None:
    client, first = await client_with_contract(db, ALICE)
    second = await start_contract(db, ALICE, client.id, "Second job")
    for contract_id, amount in [(first.id, "400.00"), (first.id, "150.50"), (second.id, "9600")]:
        await bill(db, ALICE, contract_id, amount)
    async with db.write() as writes:
        lifetime = await ClientRepository(writes).lifetime_billed(ALICE, client.id)
    assert lifetime == Decimal("10150.50")


async def test_lifetime_billed_of_a_client_never_billed_is_zero(db: Database) -> None:
    client = await add_client(db, ALICE)
    async with db.write() as writes:
        assert await ClientRepository(writes).lifetime_billed(ALICE, client.id) == Decimal("0.00")


async def test_list_puts_the_most_billed_client_first(db: Database) -> None:
    for name, amount in [("Small Co", "50"), ("Big Co", "5000"), ("Mid Co", "500")]:
        _, contract = await client_with_contract(db, ALICE, name)
        await bill(db, ALICE, contract.id, amount)
    async with db.write() as writes:
        summaries = await ClientRepository(writes).list_with_totals(ALICE)
    assert [(s.client.name, s.lifetime_billed) for s in summaries] == [
        ("Big Co", Decimal("5000.00")),
        ("Mid Co", Decimal("500.00")),
        ("Small Co", Decimal("50.00")),
    ]


async def test_list_counts_contracts_and_marks_repeat_hires(db: Database) -> None:
    client, first = await client_with_contract(db, ALICE)
    await start_contract(db, ALICE, client.id, "Came back")
    await bill(db, ALICE, first.id, "10")
    async with db.write() as writes:
        [summary] = await ClientRepository(writes).list_with_totals(ALICE)
    assert (summary.contracts, summary.repeat_hire) == (2, True)


async def test_list_gives_the_last_billed_date(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    for day in (3, 17, 9):
        await bill(db, ALICE, contract.id, "10", billed_on=contract.started_on.replace(day=day))
    async with db.write() as writes:
        [summary] = await ClientRepository(writes).list_with_totals(ALICE)
    assert summary.last_billed_on == contract.started_on.replace(day=17)


async def test_list_includes_a_client_without_contracts(db: Database) -> None:
    await add_client(db, ALICE)
    async with db.write() as writes:
        [summary] = await ClientRepository(writes).list_with_totals(ALICE)
    assert (summary.lifetime_billed, summary.contracts, summary.repeat_hire) == (
        Decimal("0.00"),
        0,
        False,
    )


async def test_list_of_a_member_without_clients_is_empty(db: Database) -> None:
    async with db.write() as writes:
        assert await ClientRepository(writes).list_with_totals(ALICE) == []


async def search_names(db: Database, typed: str, limit: int = 25) -> list[str]:
    async with db.read() as reads:
        found = await ClientRepository(reads).search(ALICE, typed, limit)
    return [client.name for client in found]


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("", ["Acme Corp", "Globex", "Initech", "Northwind Acme"]),
        ("acme", ["Acme Corp", "Northwind Acme"]),
        ("ACME", ["Acme Corp", "Northwind Acme"]),
        ("wind", ["Northwind Acme"]),
        ("%", []),
        ("_", []),
    ],
)
async def test_search_matches_names_containing_what_was_typed(
    db: Database, typed: str, names: list[str]
) -> None:
    for name in ["Northwind Acme", "Initech", "Acme Corp", "Globex"]:
        await add_client(db, ALICE, name)
    assert await search_names(db, typed) == names


async def test_search_lists_names_starting_with_the_text_first(db: Database) -> None:
    for name in ["Big Acme", "Acme Zeta"]:
        await add_client(db, ALICE, name)
    assert await search_names(db, "acme") == ["Acme Zeta", "Big Acme"]


@pytest.mark.parametrize(("limit", "expected"), [(3, 3), (25, 25), (100, 25)])
async def test_search_returns_at_most_25_choices(db: Database, limit: int, expected: int) -> None:
    async with db.write() as writes:
        clients = ClientRepository(writes)
        for number in range(30):
            await clients.get_or_create(ALICE, f"Client {number:02}", "upwork")
    assert len(await search_names(db, "client", limit)) == expected


async def test_billed_jobs_counts_billed_contracts_in_one_currency(db: Database) -> None:
    async with db.write() as writes:
        assert await ClientRepository(writes).billed_jobs(ALICE) == (0, Decimal("0.00"))
    client, first = await client_with_contract(db, ALICE)
    second = await start_contract(db, ALICE, client.id, "Second job")
    await start_contract(db, ALICE, client.id, "Third job, not billed yet")
    for contract_id, amount in [(first.id, "600.00"), (first.id, "100.00"), (second.id, "400.00")]:
        await bill(db, ALICE, contract_id, amount)
    async with db.write() as writes:
        clients = ClientRepository(writes)
        assert await clients.billed_jobs(ALICE) == (2, Decimal("1100.00"))
        assert await clients.billed_jobs(ALICE, "EUR") == (0, Decimal("0.00"))


async def test_billed_jobs_read_only_the_members_rows_when_one_member_holds_most(
    sqlite_url: str,
) -> None:
    # ANALYZE over a table where one member holds nearly every row tells SQLite that picking a
    # member's rows out by index saves nothing; a plan that trusts it scans the whole table for
    # every member.
    db = await open_database(sqlite_url)
    try:
        for number in range(40):
            _, contract = await client_with_contract(db, ALICE, f"Client {number}")
            for _ in range(3):
                await bill(db, ALICE, contract.id, "10.00")
        await client_with_contract(db, BOB)
        async with db.engine.connect() as connection:
            await connection.exec_driver_sql("ANALYZE")
            await connection.commit()
        async with db.read() as reads:
            assert await ClientRepository(reads).billed_jobs(BOB) == (0, Decimal("0.00"))
        async with db.engine.connect() as connection:
            compiled = BILLED_JOBS.statement.compile(dialect=connection.dialect)
            values = compiled.construct_params({"member_id": BOB, "currency": "USD"})
            parameters = tuple(values[name] for name in compiled.positiontup or ())
            plan = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", parameters)
            steps = [str(row[-1]) for row in plan]
    finally:
        await db.dispose()
    # Scanning the handful of rows the plan itself gathered is fine; scanning a table is not.
    table_scans = [step for step in steps if step.split()[:2] in _SCANS_OF_TABLES]
    assert steps
    assert not table_scans, steps


_SCANS_OF_TABLES = [["SCAN", table] for table in Base.metadata.tables]
