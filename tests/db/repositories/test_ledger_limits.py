"""Tests for the limits on a client's lifetime and a contract's total: every change is checked
after it is made, typed or imported, so no record is left that later reads refuse."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.fees import SCHEDULES, fee_tier
from advisor.ledger import ContractRecord, ImportedBilling, ImportRowError
from advisor.ledger_limits import MAX_LIFETIME, TotalLimitError
from db.database import Database
from db.repositories import (
    BillingRepository,
    ClientRepository,
    ContractRepository,
    ImportRepository,
    MemberRepository,
)
from db.repositories.billing_corrections import BillingCorrectionRepository, NothingToUndo
from db.repositories.billings import PricedBilling, reprice_client
from tests.db.ledger_seeding import ALICE, add_client, fresh_key

BILLION = "1000000000"


async def _contract(db: Database, started_on: date = date(2020, 1, 1)) -> ContractRecord:
    client = await add_client(db, ALICE)
    async with db.write() as writes:
        return await ContractRepository(writes).start(
            ALICE, client.id, title="Retainer", started_on=started_on, fee_schedule="upwork-tiered"
        )


async def _typed(
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


def _row(
    ref: str, amount: str, day: int, title: str = "Imported", line: int = 2
) -> ImportedBilling:
    return ImportedBilling(
        client_name="Acme Corp",
        platform="upwork",
        billed_on=date(2023, 1, day),
        amount=Decimal(amount),
        fee_charged=None,
        currency="USD",
        idempotency_key=ref,
        contract_title=title,
        line=line,
    )


async def _import(db: Database, rows: list[ImportedBilling]) -> None:
    async with db.write() as writes:
        await ImportRepository(writes).import_billings(ALICE, rows)


async def _lifetime(db: Database) -> Decimal:
    async with db.read() as reads:
        [summary] = await ClientRepository(reads).list_with_totals(ALICE)
    return summary.lifetime_billed


async def test_a_billing_past_the_clients_lifetime_limit_is_refused(db: Database) -> None:
    contract = await _contract(db)
    await _typed(db, contract.id, BILLION, date(2020, 2, 1))
    with pytest.raises(TotalLimitError, match=r"past \$1,000,000,000 \(from 2020-03-01 on\)"):
        await _typed(db, contract.id, "15000", date(2020, 3, 1))
    assert await _lifetime(db) == Decimal(BILLION)


async def test_a_client_at_the_limit_is_still_read_and_priced(db: Database) -> None:
    contract = await _contract(db)
    await _typed(db, contract.id, BILLION, date(2020, 2, 1))
    with pytest.raises(TotalLimitError):
        await _typed(db, contract.id, "15000", date(2020, 3, 1))
    tier = fee_tier(SCHEDULES["upwork-tiered"], await _lifetime(db))
    assert tier.rate == Decimal("0.05")


async def test_a_replayed_billing_at_the_limit_gets_the_first_back(db: Database) -> None:
    contract = await _contract(db)
    first = await _typed(db, contract.id, BILLION, date(2020, 2, 1), key="interaction:1")
    again = await _typed(db, contract.id, BILLION, date(2020, 2, 1), key="interaction:1")
    assert (again.result.replayed, again.result.billing) == (True, first.result.billing)


async def test_a_backdated_billing_is_checked_on_every_later_running_total(db: Database) -> None:
    await _import(db, [_row("1", BILLION, 10), _row("2", "-500000000", 20, line=3)])
    async with db.write() as writes:
        client = await ClientRepository(writes).find(ALICE, "Acme Corp")
        assert client is not None
        typed = await ContractRepository(writes).start(
            ALICE, client.id, title="Typed", started_on=date(2023, 1, 1)
        )
    # The lifetime would be $500,001,000, but the running total on the 10th would pass the limit.
    with pytest.raises(TotalLimitError, match="from 2023-01-10 on"):
        await _typed(db, typed.id, "1000", date(2023, 1, 5))
    await _typed(db, typed.id, "1000", date(2023, 1, 25))
    assert await _lifetime(db) == Decimal("500001000.00")


async def test_a_typed_billing_past_a_contract_total_is_refused(db: Database) -> None:
    # A refund booked on one contract leaves room in the client's lifetime, not in another's.
    await _import(db, [_row("1", "-600000000", 1, title="Refunds")])
    async with db.write() as writes:
        client = await ClientRepository(writes).find(ALICE, "Acme Corp")
        assert client is not None
        typed = await ContractRepository(writes).start(
            ALICE, client.id, title="Typed", started_on=date(2023, 1, 1)
        )
    await _typed(db, typed.id, BILLION, date(2023, 1, 2))
    with pytest.raises(TotalLimitError, match=r"contract #2's billings to \$1,000,000,001.00"):
        await _typed(db, typed.id, "1", date(2023, 1, 3))


async def test_an_imported_row_above_the_limit_is_refused_naming_its_line(db: Database) -> None:
    with pytest.raises(ImportRowError, match="Line 7: A single amount above 1,000,000,000"):
        await _import(db, [_row("1", "100", 1), _row("2", "1000000000000", 2, line=7)])
    async with db.read() as reads:
        assert await ClientRepository(reads).list_with_totals(ALICE) == []


async def test_imported_rows_that_add_up_past_the_limit_are_refused(db: Database) -> None:
    rows = [_row("1", "600000000", 1, line=2), _row("2", "700000000", 2, line=3)]
    with pytest.raises(ImportRowError, match=r"Line 3: .*past \$1,000,000,000 \(from 2023-01-02"):
        await _import(db, rows)
    async with db.read() as reads:
        assert await ClientRepository(reads).list_with_totals(ALICE) == []


async def test_an_import_past_what_the_client_was_billed_before_is_refused(db: Database) -> None:
    contract = await _contract(db)
    await _typed(db, contract.id, "999999000", date(2020, 2, 1))
    with pytest.raises(ImportRowError, match="Line 2: "):
        await _import(db, [_row("1", "1000.01", 1)])
    assert await _lifetime(db) == Decimal("999999000.00")


async def test_an_import_past_a_contracts_total_is_refused(db: Database) -> None:
    rows = [
        _row("1", "-600000000", 1, title="Refunds", line=2),
        _row("2", BILLION, 2, title="Big", line=3),
        _row("3", "500000000", 3, title="Big", line=4),
    ]
    with pytest.raises(ImportRowError, match=r"Line 3: .*contract #2's billings"):
        await _import(db, rows)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(
            st.booleans(),
            st.integers(0, 300),
            st.integers(1, 10).map(lambda tenths: Decimal(tenths) * Decimal("100000000")),
        ),
        min_size=1,
        max_size=14,
    )
)
async def test_no_sequence_of_billings_and_undos_leaves_a_client_reads_refuse(
    db: Database, steps: list[tuple[bool, int, Decimal]]
) -> None:
    async with db.write() as writes:
        await MemberRepository(writes).forget_member(ALICE)
    contract = await _contract(db)
    for undo, day, amount in steps:
        try:
            if undo:
                async with db.write() as writes:
                    corrections = BillingCorrectionRepository(writes)
                    last = await corrections.last_typed(ALICE)
                    await corrections.delete(ALICE, last.billing)
            else:
                await _typed(db, contract.id, str(amount), date(2020, 1, 1) + timedelta(days=day))
        except (TotalLimitError, NothingToUndo):
            pass
    async with db.read() as reads:
        billings = await BillingRepository(reads).for_contract(ALICE, contract.id)
    running = Decimal(0)
    for billing in billings:
        running += billing.amount
        assert running <= MAX_LIFETIME
    fee_tier(SCHEDULES["upwork-tiered"], await _lifetime(db))
    async with db.write() as writes:
        assert await reprice_client(writes, ALICE, contract.client_id, "USD") == ()
