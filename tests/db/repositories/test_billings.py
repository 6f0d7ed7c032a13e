"""Tests for BillingRepository: each key records once, and totals stay exact under concurrency."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.errors import AmountError
from advisor.ledger import (
    BillingSource,
    ContractRecord,
    CurrencyMismatch,
    FeeSource,
    UnknownContract,
)
from db.database import Database
from db.repositories import (
    BillingRepository,
    ClientRepository,
    ContractRepository,
    MemberRepository,
)
from db.repositories.billings import (
    BillingDateError,
    ContractAlreadyEnded,
    PricedBilling,
    recorded_fee,
)
from tests.db.ledger_seeding import (
    ALICE,
    START,
    add_client,
    bill,
    client_with_contract,
    fresh_key,
)


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


async def _tiered_contract(db: Database, title: str = "Retainer") -> ContractRecord:
    client = await add_client(db, ALICE)
    async with db.write() as writes:
        return await ContractRepository(writes).start(
            ALICE, client.id, title=title, started_on=date(2020, 1, 1), fee_schedule="upwork-tiered"
        )


async def typed(
    db: Database, contract_id: int, amount: str, billed_on: date, key: str | None = None
) -> PricedBilling:
    async with db.write() as writes:
        return await BillingRepository(writes).bill(
            ALICE,
            contract_id,
            amount=Decimal(amount),
            billed_on=billed_on,
            idempotency_key=key or fresh_key(),
        )


async def test_a_typed_billing_is_priced_on_what_the_client_was_billed_before_it(
    db: Database,
) -> None:
    contract = await _tiered_contract(db)
    await typed(db, contract.id, "400.00", date(2020, 2, 1))
    priced = await typed(db, contract.id, "200.00", date(2020, 3, 1))
    # $100 left in the 20% band, then $100 at 10%.
    assert priced.result.billing.fee_charged == Decimal("30.00")
    assert priced.result.billing.fee_source is FeeSource.COMPUTED
    assert (priced.result.lifetime_before, priced.result.lifetime_billed) == (
        Decimal("400.00"),
        Decimal("600.00"),
    )
    assert priced.breakdown is not None
    assert priced.breakdown.fee == Decimal("30.00")


async def test_a_calendar_contract_is_priced_by_the_rule_of_its_dates(db: Database) -> None:
    client = await add_client(db, ALICE)
    async with db.write() as writes:
        contract = await ContractRepository(writes).start(
            ALICE, client.id, title="2024 work", started_on=date(2024, 3, 15)
        )
    priced = await typed(db, contract.id, "400.00", date(2024, 3, 15))
    assert contract.fee_schedule == "upwork"
    assert priced.result.billing.fee_charged == Decimal("40.00")


async def test_a_billing_gives_back_its_contract_as_billed(db: Database) -> None:
    contract = await _tiered_contract(db)
    priced = await typed(db, contract.id, "100.00", date(2020, 2, 1))
    assert (priced.contract.id, priced.contract.title, priced.contract.currency) == (
        contract.id,
        contract.title,
        "USD",
    )


async def test_a_replayed_billing_gives_back_the_first_billing_s_contract(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    _, other = await client_with_contract(db, ALICE, "Globex")
    await bill(db, ALICE, contract.id, "100.00", key="interaction:1")
    async with db.write() as writes:
        replay = await BillingRepository(writes).bill(
            ALICE,
            other.id,
            amount=Decimal("5.00"),
            billed_on=START,
            idempotency_key="interaction:1",
        )
    assert replay.result.replayed
    assert (replay.contract.id, replay.contract.client_name) == (contract.id, "Acme Corp")
    assert replay.result.lifetime_billed == Decimal("100.00")


async def test_a_backdated_billing_reprices_the_later_computed_ones(db: Database) -> None:
    # Typed out of date order: October first, then September.
    contract = await _tiered_contract(db)
    october = await typed(db, contract.id, "400.00", date(2020, 10, 1))
    assert october.result.billing.fee_charged == Decimal("80.00")
    september = await typed(db, contract.id, "400.00", date(2020, 9, 1))
    assert september.result.billing.fee_charged == Decimal("80.00")
    [changed] = september.repriced
    assert (changed.billed_on, changed.old_fee, changed.new_fee) == (
        date(2020, 10, 1),
        Decimal("80.00"),
        Decimal("50.00"),
    )
    async with db.read() as reads:
        fees = [
            b.fee_charged for b in await BillingRepository(reads).for_contract(ALICE, contract.id)
        ]
    assert fees == [Decimal("80.00"), Decimal("50.00")]


async def test_a_recorded_fee_is_never_worked_out_again(db: Database) -> None:
    contract = await _tiered_contract(db)
    async with db.write() as writes:
        await BillingRepository(writes).bill(
            ALICE,
            contract.id,
            amount=Decimal("400.00"),
            billed_on=date(2020, 10, 1),
            idempotency_key=fresh_key(),
            fee=recorded_fee(Decimal("61.00")),
        )
    await typed(db, contract.id, "400.00", date(2020, 9, 1))
    async with db.read() as reads:
        fees = [
            b.fee_charged for b in await BillingRepository(reads).for_contract(ALICE, contract.id)
        ]
    assert fees == [Decimal("80.00"), Decimal("61.00")]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    bills=st.lists(
        st.tuples(st.integers(0, 400), st.integers(1, 3000)),
        min_size=1,
        max_size=8,
        unique_by=lambda b: b[0],
    ),
    order=st.randoms(use_true_random=False),
)
async def test_any_typing_order_gives_the_fees_of_date_order(
    db: Database, bills: list[tuple[int, int]], order: Any
) -> None:
    async def fees_when_typed(listed: list[tuple[int, int]], title: str) -> list[Decimal | None]:
        contract = await _tiered_contract(db, title)
        for day, dollars in listed:
            await typed(db, contract.id, str(dollars), date(2020, 1, 1) + timedelta(days=day))
        async with db.read() as reads:
            rows = await BillingRepository(reads).for_contract(ALICE, contract.id)
        return [row.fee_charged for row in rows]

    async with db.write() as writes:
        await MemberRepository(writes).forget_member(ALICE)
    shuffled = list(bills)
    order.shuffle(shuffled)
    in_any_order = await fees_when_typed(shuffled, "shuffled")
    async with db.write() as writes:
        await MemberRepository(writes).forget_member(ALICE)
    in_date_order = await fees_when_typed(sorted(bills), "sorted")
    assert in_any_order == in_date_order


async def test_a_billing_dated_outside_its_contract_is_refused(db: Database) -> None:
    contract = await _tiered_contract(db)
    with pytest.raises(BillingDateError, match="started on 2020-01-01"):
        await typed(db, contract.id, "10.00", date(2019, 12, 31))


async def test_a_billing_on_an_ended_contract_is_asked_about_first(db: Database) -> None:
    contract = await _tiered_contract(db)
    async with db.write() as writes:
        await ContractRepository(writes).end(ALICE, contract.id, ended_on=date(2020, 6, 30))
    with pytest.raises(ContractAlreadyEnded):
        await typed(db, contract.id, "10.00", date(2020, 6, 1))
    with pytest.raises(BillingDateError, match="ended on 2020-06-30"):
        await typed(db, contract.id, "10.00", date(2020, 7, 1))
    async with db.write() as writes:
        late = await BillingRepository(writes).bill(
            ALICE,
            contract.id,
            amount=Decimal("10.00"),
            billed_on=date(2020, 6, 1),
            idempotency_key=fresh_key(),
            after_end=True,
        )
    assert not late.result.replayed


async def test_a_contract_is_found_by_the_members_number_for_it(db: Database) -> None:
    first = await _tiered_contract(db, "First")
    second = await _tiered_contract(db, "Second")
    assert (first.number, second.number) == (1, 2)
    async with db.write() as writes:
        priced = await BillingRepository(writes).bill(
            ALICE,
            2,
            amount=Decimal("10.00"),
            billed_on=date(2020, 2, 1),
            idempotency_key=fresh_key(),
            by_number=True,
        )
    assert priced.contract.id == second.id


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
            recorded = await BillingRepository(writes).bill(
                ALICE,
                contracts[n % 2],
                amount=Decimal("10.00"),
                billed_on=START,
                idempotency_key=f"interaction:{n}",
            )
        return recorded.result.lifetime_before

    seen = await asyncio.gather(*(priced(n) for n in range(20)))
    assert sorted(seen) == [Decimal(10 * n) for n in range(20)]
    assert await lifetime(db, client.id) == Decimal("200.00")
