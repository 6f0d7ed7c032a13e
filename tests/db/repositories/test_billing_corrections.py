"""Tests for BillingCorrectionRepository: one billing taken back, the client's computed fees
worked out again and reported, recorded fees left alone, and another member's billings unseen."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from advisor.ledger import ContractRecord, FeeSource, ImportedBilling
from advisor.ledger_limits import TotalLimitError
from db.database import Database
from db.repositories import BillingRepository, ContractRepository, ImportRepository
from db.repositories.billing_corrections import (
    BillingCorrectionRepository,
    BillingOnContract,
    DeletedBilling,
    NothingToUndo,
    SeveralBillings,
    UnknownBilling,
)
from db.repositories.billings import PricedBilling, recorded_fee
from tests.db.ledger_seeding import ALICE, BOB, add_client, fresh_key


async def _tiered(db: Database, member: int = ALICE) -> ContractRecord:
    client = await add_client(db, member)
    async with db.write() as writes:
        return await ContractRepository(writes).start(
            member,
            client.id,
            title="Retainer",
            started_on=date(2020, 1, 1),
            fee_schedule="upwork-tiered",
        )


async def _typed(
    db: Database, contract: ContractRecord, amount: str, day: date, fee: str | None = None
) -> PricedBilling:
    async with db.write() as writes:
        return await BillingRepository(writes).bill(
            contract.member_id,
            contract.id,
            amount=Decimal(amount),
            billed_on=day,
            idempotency_key=fresh_key(),
            fee=recorded_fee(Decimal(fee)) if fee is not None else None,
        )


async def _fees(db: Database, contract: ContractRecord) -> list[Decimal | None]:
    async with db.read() as reads:
        billings = await BillingRepository(reads).for_contract(contract.member_id, contract.id)
    return [billing.fee_charged for billing in billings]


async def _delete(db: Database, found: BillingOnContract, member: int = ALICE) -> DeletedBilling:
    async with db.write() as writes:
        return await BillingCorrectionRepository(writes).delete(member, found.billing)


async def _get(db: Database, billing_id: int, member: int = ALICE) -> BillingOnContract:
    async with db.read() as reads:
        return await BillingCorrectionRepository(reads).get(member, billing_id)


async def test_undo_takes_back_the_last_typed_billing_and_reprices_the_later_ones(
    db: Database,
) -> None:
    contract = await _tiered(db)
    await _typed(db, contract, "400.00", date(2020, 2, 1))
    await _typed(db, contract, "200.00", date(2020, 3, 1))
    backdated = await _typed(db, contract, "100.00", date(2020, 1, 15))
    assert await _fees(db, contract) == [Decimal("20.00"), Decimal("80.00"), Decimal("20.00")]
    async with db.write() as writes:
        corrections = BillingCorrectionRepository(writes)
        last = await corrections.last_typed(ALICE)
        undone = await corrections.delete(ALICE, last.billing)
    assert undone.billing == backdated.result.billing
    assert [(r.billed_on, r.old_fee, r.new_fee) for r in undone.repriced] == [
        (date(2020, 3, 1), Decimal("20.00"), Decimal("30.00"))
    ]
    assert (undone.lifetime_billed, undone.billings_left) == (Decimal("600.00"), 2)
    assert await _fees(db, contract) == [Decimal("80.00"), Decimal("30.00")]


async def test_deleting_an_earlier_billing_reprices_the_later_ones(db: Database) -> None:
    contract = await _tiered(db)
    first = await _typed(db, contract, "400.00", date(2020, 2, 1))
    await _typed(db, contract, "200.00", date(2020, 3, 1))
    deleted = await _delete(db, await _get(db, first.result.billing.id))
    assert [(r.contract_number, r.old_fee, r.new_fee) for r in deleted.repriced] == [
        (contract.number, Decimal("30.00"), Decimal("40.00"))
    ]
    assert await _fees(db, contract) == [Decimal("40.00")]
    assert deleted.contract.billed == Decimal("200.00")


async def test_recorded_fees_are_never_worked_out_again(db: Database) -> None:
    contract = await _tiered(db)
    first = await _typed(db, contract, "400.00", date(2020, 2, 1))
    await _typed(db, contract, "200.00", date(2020, 3, 1), fee="33.33")
    deleted = await _delete(db, await _get(db, first.result.billing.id))
    assert deleted.repriced == ()
    async with db.read() as reads:
        [kept] = await BillingRepository(reads).for_contract(ALICE, contract.id)
    assert (kept.fee_charged, kept.fee_source) == (Decimal("33.33"), FeeSource.RECORDED)


async def test_undo_leaves_imported_billings_alone(db: Database) -> None:
    await _import_refund_history(db)
    with pytest.raises(NothingToUndo):
        async with db.read() as reads:
            await BillingCorrectionRepository(reads).last_typed(ALICE)


async def test_another_members_billing_is_as_if_it_did_not_exist(db: Database) -> None:
    contract = await _tiered(db)
    billed = await _typed(db, contract, "400.00", date(2020, 2, 1))
    await _tiered(db, BOB)
    with pytest.raises(UnknownBilling):
        await _get(db, billed.result.billing.id, member=BOB)
    with pytest.raises(UnknownBilling):
        await _delete(db, BillingOnContract(billed.result.billing, contract), member=BOB)
    assert await _fees(db, contract) == [Decimal("80.00")]


async def test_a_billing_deleted_twice_is_unknown_the_second_time(db: Database) -> None:
    contract = await _tiered(db)
    billed = await _typed(db, contract, "400.00", date(2020, 2, 1))
    found = await _get(db, billed.result.billing.id)
    await _delete(db, found)
    with pytest.raises(UnknownBilling):
        await _delete(db, found)


async def test_a_billing_is_deleted_only_under_the_key_it_was_shown_with(db: Database) -> None:
    contract = await _tiered(db)
    billed = await _typed(db, contract, "400.00", date(2020, 2, 1))
    found = await _get(db, billed.result.billing.id)
    other = replace(found, billing=replace(found.billing, idempotency_key="discord:1"))
    with pytest.raises(UnknownBilling):
        await _delete(db, other)
    assert await _fees(db, contract) == [Decimal("80.00")]


async def test_a_billing_is_found_by_its_date_or_its_amount(db: Database) -> None:
    contract = await _tiered(db)
    await _typed(db, contract, "400.00", date(2020, 2, 1))
    late = await _typed(db, contract, "200.00", date(2020, 3, 1))
    await _typed(db, contract, "200.00", date(2020, 3, 2))
    async with db.read() as reads:
        corrections = BillingCorrectionRepository(reads)
        by_day = await corrections.matching(ALICE, contract, on=date(2020, 3, 1))
        assert by_day.billing == late.result.billing
        with pytest.raises(SeveralBillings, match="2 billings"):
            await corrections.matching(ALICE, contract, amount=Decimal("200"))
        with pytest.raises(UnknownBilling):
            await corrections.matching(ALICE, contract, on=date(2020, 4, 1))


async def test_choices_are_the_members_own_newest_first(db: Database) -> None:
    contract = await _tiered(db)
    await _typed(db, contract, "400.00", date(2020, 2, 1))
    await _typed(db, contract, "200.00", date(2020, 3, 1))
    bobs = await _tiered(db, BOB)
    await _typed(db, bobs, "999.00", date(2020, 3, 1))
    async with db.read() as reads:
        corrections = BillingCorrectionRepository(reads)
        mine = await corrections.choices(ALICE, "")
        filtered = await corrections.choices(ALICE, "400", contract.id)
        theirs = await corrections.choices(BOB, "400", contract.id)
    assert [choice.label for choice in mine] == [
        "2020-03-01 · $200.00 · #1 Retainer",
        "2020-02-01 · $400.00 · #1 Retainer",
    ]
    assert [choice.label for choice in filtered] == ["2020-02-01 · $400.00 · #1 Retainer"]
    assert theirs == []


def _row(ref: str, amount: str, day: int) -> ImportedBilling:
    return ImportedBilling(
        client_name="Acme Corp",
        platform="upwork",
        billed_on=date(2023, 1, day),
        amount=Decimal(amount),
        fee_charged=None,
        currency="USD",
        idempotency_key=ref,
        contract_title="Imported",
    )


async def _import_refund_history(db: Database) -> None:
    async with db.write() as writes:
        await ImportRepository(writes).import_billings(
            ALICE,
            [_row("1", "1000000000", 1), _row("2", "-500000000", 2), _row("3", "400000000", 3)],
        )


async def test_taking_back_a_refund_that_would_pass_the_limit_is_refused(db: Database) -> None:
    await _import_refund_history(db)
    async with db.read() as reads:
        refund = await BillingCorrectionRepository(reads).choices(ALICE, "-$500")
    [choice] = refund
    with pytest.raises(TotalLimitError, match="from 2023-01-03 on"):
        await _delete(db, await _get(db, choice.id))
    async with db.read() as reads:
        assert len(await BillingCorrectionRepository(reads).choices(ALICE, "")) == 3


async def test_taking_back_money_billed_is_never_refused(db: Database) -> None:
    await _import_refund_history(db)
    async with db.read() as reads:
        [billed] = await BillingCorrectionRepository(reads).choices(ALICE, "$1,000,000,000")
    deleted = await _delete(db, await _get(db, billed.id))
    assert deleted.lifetime_billed == Decimal("-100000000.00")


async def test_a_date_being_typed_finds_billings_past_the_newest(db: Database) -> None:
    contract = await _tiered(db)
    await _typed(db, contract, "400.00", date(2020, 2, 1))
    async with db.write() as writes:
        for day in range(1, 29):
            for _ in range(20):
                await BillingRepository(writes).bill(
                    ALICE,
                    contract.id,
                    amount=Decimal("1.00"),
                    billed_on=date(2021, 2, day),
                    idempotency_key=fresh_key(),
                )
    async with db.read() as reads:
        found = await BillingCorrectionRepository(reads).choices(ALICE, "2020-02")
    assert [choice.label for choice in found] == ["2020-02-01 · $400.00 · #1 Retainer"]
