"""Tests for db.import_slices: an import written a slice at a time is still all or nothing, and
other members write between its slices."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from advisor.ledger import ContractKind, ImportedBilling, ImportRowError
from advisor.ledger_export import MemberExport
from advisor.quotas import MemberQuotas, QuotaReached
from db.database import Database
from db.import_slices import (
    ImportAbandoned,
    ImportAlreadyRunning,
    import_in_slices,
    recover_unfinished_imports,
    unfinished_import_wait,
)
from db.models import Member
from db.repositories import ImportRepository, MemberRepository
from tests.db.ledger_seeding import ALICE, BOB, bill, client_with_contract

SLICE = 7


def rows(
    count: int, *, clients: int = 3, amount: str = "10.00", first: int = 0
) -> list[ImportedBilling]:
    return [
        ImportedBilling(
            client_name=f"Client {n % clients}",
            platform="upwork",
            billed_on=date(2023, 1, 1) + timedelta(days=n),
            amount=Decimal(amount),
            fee_charged=Decimal("1.00"),
            currency="USD",
            idempotency_key=str(7000 + n),
            contract_title=f"Job {n % (clients + 1)}",
            contract_kind=ContractKind.HOURLY,
            line=n + 2,
        )
        for n in range(first, first + count)
    ]


def over_the_lifetime_limit(line: int) -> list[ImportedBilling]:
    """Two rows that together take Client 0 past the lifetime Gigwise works with."""
    return [
        ImportedBilling(
            "Client 0",
            "upwork",
            date(2024, 6, day),
            Decimal("999999999"),
            None,
            "USD",
            f"big{day}",
            "Job 0",
            ContractKind.HOURLY,
            line=line + day,
        )
        for day in (1, 2)
    ]


async def export(db: Database, member: int = ALICE) -> MemberExport:
    async with db.read() as reads:
        return await MemberRepository(reads).export(member)


async def claim(db: Database, member: int = ALICE) -> tuple[int | None, int | None]:
    async with db.read() as reads:
        row = await reads.first(
            select(Member.import_id, Member.import_seen_at).where(Member.id == member)
        )
    return (None, None) if row is None else (row.import_id, row.import_seen_at)


def nothing_of(exported: MemberExport) -> bool:
    return (exported.clients, exported.contracts, exported.billings) == ((), (), ())


class Crash(BaseException):
    """The process stopping between two slices: nothing after it runs."""


async def test_a_sliced_import_adds_what_one_transaction_adds(db: Database) -> None:
    slices = 0

    async def count() -> None:
        nonlocal slices
        slices += 1

    sliced = await import_in_slices(db, ALICE, rows(40), slice_rows=SLICE, between_slices=count)
    async with db.write() as writes:
        whole = await ImportRepository(writes).import_billings(BOB, rows(40))
    assert sliced == whole
    assert slices > 40 // SLICE
    alice, bob = await export(db, ALICE), await export(db, BOB)
    spans = [(c.number, c.title, c.started_on, c.ended_on, c.status) for c in alice.contracts]
    assert spans == [(c.number, c.title, c.started_on, c.ended_on, c.status) for c in bob.contracts]
    assert [b.amount for b in alice.billings] == [b.amount for b in bob.billings]
    assert await claim(db) == (None, None)


async def test_importing_the_same_rows_again_in_slices_adds_nothing(db: Database) -> None:
    await import_in_slices(db, ALICE, rows(30), slice_rows=SLICE)
    before = await export(db)
    again = await import_in_slices(db, ALICE, rows(30), slice_rows=SLICE)
    assert (again.billings_added, again.billings_already_present) == (0, 30)
    assert await export(db) == before


async def test_a_row_over_the_limits_late_in_the_file_leaves_nothing_behind(
    db: Database,
) -> None:
    slices = 0

    async def count() -> None:
        nonlocal slices
        slices += 1

    with pytest.raises(ImportRowError, match=r"Line 100[12]: "):
        await import_in_slices(
            db,
            ALICE,
            [*rows(40), *over_the_lifetime_limit(line=1000)],
            slice_rows=SLICE,
            between_slices=count,
        )
    # Slices were committed before the totals showed the file could not be taken.
    assert slices > 40 // SLICE
    assert nothing_of(await export(db))
    assert await claim(db) == (None, None)


async def test_a_failed_import_leaves_what_the_member_had_before(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE, "Client 0")
    await bill(db, ALICE, contract.id, "25")
    before = await export(db)
    with pytest.raises(ImportRowError):
        await import_in_slices(
            db, ALICE, [*rows(30), *over_the_lifetime_limit(line=40)], slice_rows=SLICE
        )
    assert await export(db) == before


async def test_other_members_write_between_the_slices_of_an_import(db: Database) -> None:
    _, contract = await client_with_contract(db, BOB)
    billed = []

    async def bob_bills() -> None:
        billed.append(await bill(db, BOB, contract.id, "5"))

    await import_in_slices(db, ALICE, rows(30), slice_rows=SLICE, between_slices=bob_bills)
    assert len(billed) > 30 // SLICE
    assert len((await export(db, BOB)).billings) == len(billed)


async def test_an_import_stopped_between_slices_is_undone_by_recovery(db: Database) -> None:
    slices = 0

    async def crash_at_the_third() -> None:
        nonlocal slices
        slices += 1
        if slices == 3:
            raise Crash()

    with pytest.raises(Crash):
        await import_in_slices(
            db, ALICE, rows(40), slice_rows=SLICE, between_slices=crash_at_the_third
        )
    left = await export(db)
    assert left.billings
    assert (await claim(db))[0] is not None
    # A claim fresher than the staleness window belongs, as far as anyone can tell, to a
    # process still writing: it is left alone until it goes stale.
    assert await recover_unfinished_imports(db) == 0
    assert await unfinished_import_wait(db) is not None
    assert await recover_unfinished_imports(db, stale_after=-1) == 1
    assert nothing_of(await export(db))
    assert await claim(db) == (None, None)
    assert await unfinished_import_wait(db) is None


async def test_a_new_import_undoes_a_stale_one_of_the_member_first(db: Database) -> None:
    now = 1_000_000.0

    async def crash() -> None:
        raise Crash()

    with pytest.raises(Crash):
        await import_in_slices(
            db, ALICE, rows(20), slice_rows=SLICE, between_slices=crash, clock=lambda: now
        )
    later = now + 10_000
    summary = await import_in_slices(db, ALICE, rows(5, first=100), clock=lambda: later)
    assert summary.billings_added == 5
    assert len((await export(db)).billings) == 5


async def test_a_second_import_while_one_runs_is_refused(db: Database) -> None:
    refused: list[BaseException] = []

    async def try_another() -> None:
        if not refused:
            with pytest.raises(ImportAlreadyRunning) as caught:
                await import_in_slices(db, ALICE, rows(3, first=500))
            refused.append(caught.value)

    await import_in_slices(db, ALICE, rows(20), slice_rows=SLICE, between_slices=try_another)
    assert refused
    assert len((await export(db)).billings) == 20


async def test_an_import_whose_claim_was_taken_stops_and_leaves_nothing(db: Database) -> None:
    async def stall_and_be_taken_for_dead() -> None:
        await recover_unfinished_imports(db, stale_after=-1)

    with pytest.raises(ImportAbandoned):
        await import_in_slices(
            db, ALICE, rows(20), slice_rows=SLICE, between_slices=stall_and_be_taken_for_dead
        )
    assert nothing_of(await export(db))
    assert await claim(db) == (None, None)


async def test_an_import_past_the_billings_quota_is_refused_before_writing(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE, "Client 0")
    await bill(db, ALICE, contract.id, "25")
    before = await export(db)
    with pytest.raises(QuotaReached, match="only 9 more fit"):
        await import_in_slices(db, ALICE, rows(20), quotas=MemberQuotas(billings=10))
    assert await export(db) == before


async def test_an_import_past_the_contracts_quota_is_refused(db: Database) -> None:
    with pytest.raises(QuotaReached, match="only 2 more fit"):
        await import_in_slices(db, ALICE, rows(20), quotas=MemberQuotas(contracts=2))
    assert nothing_of(await export(db))


async def test_an_import_that_fits_the_quota_exactly_is_taken(db: Database) -> None:
    summary = await import_in_slices(db, ALICE, rows(20), quotas=MemberQuotas(billings=20))
    assert summary.billings_added == 20


async def test_rows_already_imported_do_not_count_against_the_quota(db: Database) -> None:
    await import_in_slices(db, ALICE, rows(20))
    again = await import_in_slices(db, ALICE, rows(20), quotas=MemberQuotas(billings=20))
    assert again.billings_already_present == 20


async def test_progress_counts_up_to_the_rows_added(db: Database) -> None:
    seen: list[tuple[int, int]] = []
    await import_in_slices(
        db,
        ALICE,
        rows(20),
        slice_rows=SLICE,
        on_progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(0, 20), (7, 20), (14, 20), (20, 20)]
