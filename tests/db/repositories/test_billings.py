"""Tests for BillingRepository: each key records once, and totals stay exact under concurrency."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from advisor.errors import AmountError
from advisor.ledger import BillingSource, ContractRecord, CurrencyMismatch, UnknownContract
from db.database import Database
from db.repositories import BillingRepository, ClientRepository
from tests.db.ledger_seeding import ALICE, START, bill, client_with_contract


async def test_billing_is_recorded_with_the_client_lifetime(db: Database) -> None:
    client, contract = await client_with_contract(db, ALICE)
    await bill(db, ALICE, contract.id, "500.00")
    result = await bill(db, ALICE, contract.id, "100.00", key="interaction:7")
    assert (result.replayed, result.lifetime_billed) == (False, Decimal("600.00"))
    assert (result.billing.client_id, result.billing.amount, result.billing.currency) == (
        client.id,
        Decimal("100.00"),
        "USD",
    )
    assert (result.billing.source, result.billing.idempotency_key) == (
        BillingSource.TYPED,
        "interaction:7",
    )


async def test_fee_charged_is_kept(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    async with db.write() as writes:
        result = await BillingRepository(writes).record(
            ALICE,
            contract.id,
            Decimal("266.64"),
            "usd",
            START,
            Decimal("26.66"),
            BillingSource.TYPED,
            "interaction:1",
        )
    assert result.billing.fee_charged == Decimal("26.66")


async def test_replayed_key_returns_the_first_billing(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    first = await bill(db, ALICE, contract.id, "100.00", key="interaction:1")
    replay = await bill(db, ALICE, contract.id, "100.00", key="interaction:1")
    assert (replay.replayed, replay.billing, replay.lifetime_billed) == (
        True,
        first.billing,
        Decimal("100.00"),
    )


async def test_replayed_key_with_other_values_still_adds_nothing(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    first = await bill(db, ALICE, contract.id, "100.00", key="interaction:1")
    replay = await bill(db, ALICE, contract.id, "999.00", key="interaction:1")
    assert (replay.billing.amount, replay.lifetime_billed) == (
        first.billing.amount,
        Decimal("100.00"),
    )


async def test_replayed_key_with_another_currency_still_returns_the_first_billing(
    db: Database,
) -> None:
    _, contract = await client_with_contract(db, ALICE)
    first = await bill(db, ALICE, contract.id, "100.00", key="interaction:1")
    async with db.write() as writes:
        replay = await BillingRepository(writes).record(
            ALICE,
            contract.id,
            Decimal("5"),
            "EUR",
            START,
            None,
            BillingSource.TYPED,
            "interaction:1",
        )
    assert (replay.replayed, replay.billing) == (True, first.billing)


async def test_replayed_key_with_an_unusable_amount_still_returns_the_first_billing(
    db: Database,
) -> None:
    _, contract = await client_with_contract(db, ALICE)
    first = await bill(db, ALICE, contract.id, "100.00", key="interaction:1")
    replay = await bill(db, ALICE, contract.id, "0", key="interaction:1")
    assert (replay.replayed, replay.billing) == (True, first.billing)


async def test_priced_billing_is_charged_on_the_lifetime_before_it(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    await bill(db, ALICE, contract.id, "400.00")
    seen: list[tuple[int, Decimal]] = []

    def fee(terms: ContractRecord, lifetime_before: Decimal) -> Decimal:
        seen.append((terms.id, lifetime_before))
        return Decimal("12.34")

    async with db.write() as writes:
        priced = await BillingRepository(writes).record_priced(
            ALICE, contract.id, Decimal("100.00"), START, fee, BillingSource.TYPED, "test:priced"
        )
    result = priced.result
    assert seen == [(contract.id, Decimal("400.00"))]
    assert (result.billing.fee_charged, result.lifetime_before, result.lifetime_billed) == (
        Decimal("12.34"),
        Decimal("400.00"),
        Decimal("500.00"),
    )


async def test_priced_billing_gives_back_its_contract_as_billed(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    async with db.write() as writes:
        priced = await BillingRepository(writes).record_priced(
            ALICE, contract.id, Decimal("100.00"), START, _no_fee, BillingSource.TYPED, "test:1"
        )
    assert (priced.contract.id, priced.contract.title, priced.contract.currency) == (
        contract.id,
        contract.title,
        "USD",
    )
    assert priced.result.billing.currency == "USD"


async def test_a_replayed_priced_billing_gives_back_the_first_billing_s_contract(
    db: Database,
) -> None:
    _, contract = await client_with_contract(db, ALICE)
    _, other = await client_with_contract(db, ALICE, "Globex")
    await bill(db, ALICE, contract.id, "100.00", key="interaction:1")
    async with db.write() as writes:
        replay = await BillingRepository(writes).record_priced(
            ALICE, other.id, Decimal("5.00"), START, _no_fee, BillingSource.TYPED, "interaction:1"
        )
    assert replay.result.replayed
    assert (replay.contract.id, replay.contract.client_name) == (contract.id, "Acme Corp")
    assert replay.result.lifetime_billed == Decimal("100.00")


def _no_fee(_contract: ContractRecord, _lifetime_before: Decimal) -> None:
    return None


async def test_billing_in_another_currency_than_the_client_is_refused(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    async with db.write() as writes:
        with pytest.raises(CurrencyMismatch, match="in USD rather than EUR"):
            await BillingRepository(writes).record(
                ALICE, contract.id, Decimal("1"), "EUR", START, None, BillingSource.TYPED, "k"
            )


@pytest.mark.parametrize("amount", ["0", "-5.00", "0.001", "1000000000000.01"])
async def test_unusable_amount_is_refused(db: Database, amount: str) -> None:
    _, contract = await client_with_contract(db, ALICE)
    with pytest.raises(AmountError):
        await bill(db, ALICE, contract.id, amount)


@pytest.mark.parametrize("amount", [100.0, 100, "100"])
async def test_amount_that_is_not_a_decimal_is_a_type_error(db: Database, amount: Any) -> None:
    _, contract = await client_with_contract(db, ALICE)
    async with db.write() as writes:
        with pytest.raises(TypeError):
            await BillingRepository(writes).record(
                ALICE, contract.id, amount, "USD", START, None, BillingSource.TYPED, "k"
            )


async def test_billing_an_unknown_contract_is_refused(db: Database) -> None:
    await client_with_contract(db, ALICE)
    with pytest.raises(UnknownContract):
        await bill(db, ALICE, 999, "10")


async def test_contract_billings_are_listed_oldest_first(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    for day, amount in [(20, "3"), (5, "1"), (12, "2")]:
        await bill(db, ALICE, contract.id, amount, billed_on=date(2024, 3, day))
    async with db.write() as writes:
        billings = await BillingRepository(writes).for_contract(ALICE, contract.id)
    assert [billing.amount for billing in billings] == [
        Decimal(n) for n in ("1.00", "2.00", "3.00")
    ]


async def test_billing_can_be_found_by_its_key(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    recorded = await bill(db, ALICE, contract.id, "10", key="interaction:55")
    async with db.write() as writes:
        repository = BillingRepository(writes)
        assert await repository.by_key(ALICE, "interaction:55") == recorded.billing
        assert await repository.by_key(ALICE, "interaction:56") is None


async def lifetime(db: Database, client_id: int) -> Decimal:
    async with db.write() as writes:
        return await ClientRepository(writes).lifetime_billed(ALICE, client_id)


async def test_fifty_concurrent_billings_leave_the_lifetime_exact(db: Database) -> None:
    client, contract = await client_with_contract(db, ALICE)
    results = await asyncio.gather(
        *(bill(db, ALICE, contract.id, "12.34", key=f"interaction:{n}") for n in range(50))
    )
    assert not any(result.replayed for result in results)
    assert await lifetime(db, client.id) == Decimal("617.00")


async def test_fifty_concurrent_replays_of_one_key_record_it_once(db: Database) -> None:
    client, contract = await client_with_contract(db, ALICE)
    results = await asyncio.gather(
        *(bill(db, ALICE, contract.id, "12.34", key="interaction:double-click") for _ in range(50))
    )
    assert sum(not result.replayed for result in results) == 1
    assert len({result.billing.id for result in results}) == 1
    assert await lifetime(db, client.id) == Decimal("12.34")


async def test_concurrent_billings_of_one_client_each_see_the_ones_before_it(db: Database) -> None:
    # A tiered fee is worked out on what the client was billed before: two billings that both
    # read the same lifetime would both be charged as if the other had not happened.
    client, contract = await client_with_contract(db, ALICE)
    _, other = await client_with_contract(db, ALICE)  # the same client, another contract
    contracts = [contract.id, other.id]

    async def priced(n: int) -> Decimal:
        async with db.write() as writes:
            recorded = await BillingRepository(writes).record_priced(
                ALICE,
                contracts[n % 2],
                Decimal("10.00"),
                START,
                _no_fee,
                BillingSource.TYPED,
                f"interaction:{n}",
            )
        return recorded.result.lifetime_before

    seen = await asyncio.gather(*(priced(n) for n in range(20)))
    assert sorted(seen) == [Decimal(10 * n) for n in range(20)]
    assert await lifetime(db, client.id) == Decimal("200.00")
