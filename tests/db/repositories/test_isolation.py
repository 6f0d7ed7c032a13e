"""Two members share one database: neither can read or change the other's records, whatever
ids they pass."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from advisor.ledger import ContractStatus, UnknownClient, UnknownContract
from db.database import Database
from db.repositories import (
    BillingRepository,
    ClientRepository,
    ContractRepository,
    MemberRepository,
)
from tests.db.ledger_seeding import ALICE, BOB, bill, client_with_contract


@pytest.fixture
async def alices(db: Database) -> tuple[int, int]:
    """Alice's client and contract ids, with one billing; Bob has a client of the same name."""
    client, contract = await client_with_contract(db, ALICE, "Acme Corp")
    await bill(db, ALICE, contract.id, "700.00", key="interaction:1")
    await client_with_contract(db, BOB, "Acme Corp")
    return client.id, contract.id


async def test_clients_of_the_same_name_stay_apart(db: Database, alices: tuple[int, int]) -> None:
    async with db.write() as writes:
        bobs = await ClientRepository(writes).find(BOB, "Acme Corp")
    assert bobs is not None
    assert (bobs.id != alices[0], bobs.member_id) == (True, BOB)


async def test_other_members_client_is_unknown(db: Database, alices: tuple[int, int]) -> None:
    async with db.write() as writes:
        clients = ClientRepository(writes)
        with pytest.raises(UnknownClient):
            await clients.get(BOB, alices[0])
        with pytest.raises(UnknownClient):
            await clients.lifetime_billed(BOB, alices[0])


async def test_other_members_contract_is_unknown(db: Database, alices: tuple[int, int]) -> None:
    async with db.write() as writes:
        with pytest.raises(UnknownContract):
            await ContractRepository(writes).get(BOB, alices[1])


async def test_contract_cannot_be_started_with_another_members_client(
    db: Database, alices: tuple[int, int]
) -> None:
    async with db.write() as writes:
        with pytest.raises(UnknownClient):
            await ContractRepository(writes).start(
                BOB, alices[0], title="Sneaky", started_on=date(2024, 1, 1)
            )


async def test_another_members_contract_cannot_be_billed(
    db: Database, alices: tuple[int, int]
) -> None:
    with pytest.raises(UnknownContract):
        await bill(db, BOB, alices[1], "1.00")


async def test_another_members_contract_cannot_be_ended(
    db: Database, alices: tuple[int, int]
) -> None:
    async with db.write() as writes:
        with pytest.raises(UnknownContract):
            await ContractRepository(writes).end(
                BOB, alices[1], ended_on=date(2024, 6, 1), status=ContractStatus.DISPUTED
            )
    async with db.write() as writes:
        assert (await ContractRepository(writes).get(ALICE, alices[1])).status is (
            ContractStatus.ACTIVE
        )


async def test_another_members_billings_cannot_be_listed(
    db: Database, alices: tuple[int, int]
) -> None:
    async with db.write() as writes:
        with pytest.raises(UnknownContract):
            await BillingRepository(writes).for_contract(BOB, alices[1])


async def test_same_idempotency_key_is_separate_per_member(
    db: Database, alices: tuple[int, int]
) -> None:
    async with db.write() as writes:
        [bobs_contract] = await ContractRepository(writes).list(BOB)
    result = await bill(db, BOB, bobs_contract.id, "5.00", key="interaction:1")
    assert (result.replayed, result.billing.member_id) == (False, BOB)
    async with db.write() as writes:
        assert await BillingRepository(writes).by_key(BOB, "interaction:1") == result.billing


async def test_lists_and_autocomplete_show_only_ones_own(
    db: Database, alices: tuple[int, int]
) -> None:
    async with db.read() as reads:
        [summary] = await ClientRepository(reads).list_with_totals(BOB)
        found_clients = await ClientRepository(reads).search(BOB, "acme")
        contracts = await ContractRepository(reads).list(BOB)
        choices = await ContractRepository(reads).search(BOB, "")
    assert summary.lifetime_billed == Decimal("0.00")
    assert {client.member_id for client in found_clients} == {BOB}
    assert {contract.member_id for contract in contracts} == {BOB}
    assert alices[1] not in {choice.id for choice in choices}


async def test_export_holds_only_ones_own(db: Database, alices: tuple[int, int]) -> None:
    async with db.write() as writes:
        export = await MemberRepository(writes).export(BOB)
    assert export.billings == ()
    assert {row.member_id for row in (*export.clients, *export.contracts)} == {BOB}
