"""Tests for EarningsRepository: one member's billings over a period, with their clients."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from advisor.earnings import BilledFact
from advisor.ledger import ContractKind, FeeSource, ImportedBilling
from db.database import Database
from db.repositories import BillingRepository, ImportRepository
from db.repositories.earnings import EarningsRepository
from tests.db.ledger_seeding import ALICE, BOB, START, client_with_contract, fresh_key

D = Decimal


def imported(
    ref: str,
    amount: str,
    day: date,
    *,
    fee: str | None = None,
    client: str = "Acme Corp",
    currency: str = "USD",
) -> ImportedBilling:
    return ImportedBilling(
        client_name=client,
        platform="upwork",
        billed_on=day,
        amount=D(amount),
        fee_charged=D(fee) if fee is not None else None,
        currency=currency,
        idempotency_key=ref,
        contract_title="Retainer",
        contract_kind=ContractKind.HOURLY,
    )


async def import_for(db: Database, member_id: int, rows: list[ImportedBilling]) -> None:
    async with db.write() as writes:
        await ImportRepository(writes).import_billings(member_id, rows)


async def billed_between(db: Database, member_id: int, start: date, end: date) -> list[BilledFact]:
    async with db.read() as reads:
        return list(await EarningsRepository(reads).billed_between(member_id, start, end))


async def test_billings_come_with_their_clients_name_platform_and_currency(db: Database) -> None:
    await import_for(
        db,
        ALICE,
        [
            imported("1", "1200.00", date(2025, 3, 1), fee="120.00"),
            imported("2", "80.00", date(2025, 4, 1), fee="16.00", client="Bloggs", currency="GBP"),
        ],
    )
    found = await billed_between(db, ALICE, date(2025, 1, 1), date(2025, 12, 31))
    assert [(f.client, f.platform, f.currency, f.billed_on) for f in found] == [
        ("Acme Corp", "upwork", "USD", date(2025, 3, 1)),
        ("Bloggs", "upwork", "GBP", date(2025, 4, 1)),
    ]
    assert [(f.amount, f.fee, f.fee_source) for f in found] == [
        (D("1200.00"), D("120.00"), FeeSource.RECORDED),
        (D("80.00"), D("16.00"), FeeSource.RECORDED),
    ]


async def test_both_ends_of_the_period_are_included_and_nothing_outside(db: Database) -> None:
    days = [date(2024, 12, 31), date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 1)]
    await import_for(db, ALICE, [imported(str(n), "10.00", day) for n, day in enumerate(days)])
    found = await billed_between(db, ALICE, date(2025, 1, 1), date(2025, 12, 31))
    assert [fact.billed_on for fact in found] == [date(2025, 1, 1), date(2025, 12, 31)]


async def test_a_refund_reads_back_below_zero_with_its_fee(db: Database) -> None:
    await import_for(
        db,
        ALICE,
        [
            imported("1", "500.00", date(2025, 5, 1), fee="50.00"),
            imported("2", "-100.00", date(2025, 5, 9), fee="-10.00"),
        ],
    )
    [_, refund] = await billed_between(db, ALICE, date(2025, 1, 1), date(2025, 12, 31))
    assert (refund.amount, refund.fee, refund.is_refund) == (D("-100.00"), D("-10.00"), True)


async def test_a_fee_gigwise_worked_out_is_marked_computed(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    async with db.write() as writes:
        await BillingRepository(writes).bill(
            ALICE, contract.id, amount=D("300.00"), billed_on=START, idempotency_key=fresh_key()
        )
    [fact] = await billed_between(db, ALICE, START, START)
    assert (fact.fee_source, fact.fee is not None) == (FeeSource.COMPUTED, True)


async def test_an_unknown_fee_reads_back_as_none(db: Database) -> None:
    await import_for(db, ALICE, [imported("1", "75.00", date(2025, 2, 2))])
    [fact] = await billed_between(db, ALICE, date(2025, 1, 1), date(2025, 12, 31))
    assert fact.fee is None


async def test_only_the_members_own_billings_are_read(db: Database) -> None:
    await import_for(db, ALICE, [imported("1", "1000.00", date(2025, 6, 1), fee="100.00")])
    await import_for(db, BOB, [imported("1", "20.00", date(2025, 6, 1), fee="2.00")])
    alices = await billed_between(db, ALICE, date(2025, 1, 1), date(2025, 12, 31))
    bobs = await billed_between(db, BOB, date(2025, 1, 1), date(2025, 12, 31))
    assert ([f.amount for f in alices], [f.amount for f in bobs]) == ([D("1000.00")], [D("20.00")])


async def test_a_member_with_no_records_reads_nothing(db: Database) -> None:
    await import_for(db, ALICE, [imported("1", "1000.00", date(2025, 6, 1))])
    assert await billed_between(db, BOB, date(2000, 1, 1), date(2100, 1, 1)) == []
