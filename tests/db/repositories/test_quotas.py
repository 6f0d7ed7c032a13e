"""Typed contracts and billings count toward what one member may keep (`advisor.quotas`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from advisor.ledger import ImportedBilling
from advisor.quotas import MemberQuotas, QuotaReached
from db.database import Database
from db.repositories import BillingRepository, ContractRepository, ImportRepository
from db.repositories.quotas import QuotaCheck
from tests.db.ledger_seeding import ALICE, BOB, START, add_client, client_with_contract

TWO = QuotaCheck(MemberQuotas(billings=2, contracts=2))


async def bill(db: Database, member: int, contract_id: int, key: str) -> None:
    async with db.write() as writes:
        await BillingRepository(writes).bill(
            member,
            contract_id,
            amount=Decimal("10"),
            billed_on=START,
            idempotency_key=key,
            quotas=TWO,
        )


async def test_a_billing_past_the_quota_is_refused_and_a_replay_is_not(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    await bill(db, ALICE, contract.id, "k1")
    await bill(db, ALICE, contract.id, "k2")
    with pytest.raises(QuotaReached, match="2 billings stored"):
        await bill(db, ALICE, contract.id, "k3")
    await bill(db, ALICE, contract.id, "k2")
    # Another member's room is their own.
    _, bobs = await client_with_contract(db, BOB)
    await bill(db, BOB, bobs.id, "k1")


async def start(db: Database, client_id: int) -> None:
    async with db.write() as writes:
        await ContractRepository(writes).start(
            ALICE, client_id, title="Work", started_on=START, quotas=TWO
        )


async def test_a_contract_past_the_quota_is_refused(db: Database) -> None:
    client = await add_client(db, ALICE)
    await start(db, client.id)
    await start(db, client.id)
    with pytest.raises(QuotaReached, match="2 contracts stored"):
        await start(db, client.id)


async def test_a_finished_job_past_the_quota_is_refused(db: Database) -> None:
    client = await add_client(db, ALICE)
    await start(db, client.id)
    await start(db, client.id)
    with pytest.raises(QuotaReached):
        async with db.write() as writes:
            await ContractRepository(writes).add_finished(
                ALICE,
                client.id,
                amount=Decimal("100"),
                finished_on=date(2024, 3, 5),
                fee_charged=None,
                idempotency_key="job",
                quotas=TWO,
            )


async def test_a_kept_count_is_counted_up_and_afresh_near_the_cap(db: Database) -> None:
    check = QuotaCheck(MemberQuotas(billings=300), KeptCounts())
    _, contract = await client_with_contract(db, ALICE)
    await bill_with(db, contract.id, "first", check)
    assert check.counts is not None
    assert check.counts.get((ALICE, "billing")) == 1
    # Rows added behind the kept count's back (an import) are seen once it is forgotten.
    await import_rows(db, 299)
    await bill_with(db, contract.id, "second", check)
    check.forget(ALICE)
    with pytest.raises(QuotaReached):
        await bill_with(db, contract.id, "third", check)


class KeptCounts(dict[tuple[int, str], int]):
    """Counts kept in a plain dict, for as long as the test runs."""

    def put(self, key: tuple[int, str], value: int) -> int:
        self[key] = value
        return value

    def forget(self, key: tuple[int, str]) -> None:
        self.pop(key, None)


async def bill_with(db: Database, contract_id: int, key: str, check: QuotaCheck) -> None:
    async with db.write() as writes:
        await BillingRepository(writes).bill(
            ALICE,
            contract_id,
            amount=Decimal("1"),
            billed_on=START,
            idempotency_key=key,
            quotas=check,
        )


async def import_rows(db: Database, count: int) -> None:
    rows = [
        ImportedBilling("Acme Corp", "upwork", START, Decimal("1"), None, "USD", f"r{n}")
        for n in range(count)
    ]
    async with db.write() as writes:
        await ImportRepository(writes).import_billings(ALICE, rows)
