"""Tests for ContractRepository: start, log a finished job, end, list and autocomplete."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

import pytest

from advisor.errors import ScheduleError
from advisor.ledger import (
    BillingSource,
    ContractEndError,
    ContractKind,
    ContractRecord,
    ContractStatus,
    CurrencyMismatch,
    FinishedContract,
    RatingError,
    UnknownContract,
)
from db.database import Database
from db.repositories import BillingRepository, ClientRepository, ContractRepository
from db.repositories.contracts import DuplicateJob
from db.repositories.member_settings import MemberSettingsRepository
from tests.db.ledger_seeding import (
    ALICE,
    BOB,
    START,
    add_client,
    client_with_contract,
    fresh_key,
    start_contract,
)

FINISHED = date(2024, 5, 31)


async def add_finished(
    db: Database,
    client_id: int,
    key: str = "interaction:9",
    amount: str = "600.00",
    *,
    title: str | None = None,
    kind: ContractKind | None = None,
    rating: Decimal | None = None,
    started_on: date | None = None,
) -> FinishedContract:
    async with db.write() as writes:
        logged = await ContractRepository(writes).add_finished(
            ALICE,
            client_id,
            amount=Decimal(amount),
            currency="USD",
            finished_on=FINISHED,
            fee_charged=Decimal("110.00"),
            idempotency_key=key,
            title=title,
            kind=kind,
            rating=rating,
            started_on=started_on,
        )
    return logged.finished


async def test_started_contract_is_active_with_its_terms(db: Database) -> None:
    client = await add_client(db, ALICE)
    async with db.write() as writes:
        contract = await ContractRepository(writes).start(
            ALICE,
            client.id,
            title="  Logo   design ",
            started_on=START,
            kind=ContractKind.HOURLY,
            fee_schedule="upwork-variable",
            fee_rate=Decimal("0.125"),
        )
    assert (contract.status, contract.title, contract.kind) == (
        ContractStatus.ACTIVE,
        "Logo design",
        ContractKind.HOURLY,
    )
    assert (contract.fee_schedule, contract.fee_rate, contract.started_on, contract.ended_on) == (
        "upwork-variable",
        Decimal("0.1250"),
        START,
        None,
    )
    assert (contract.client_name, contract.billed, contract.currency) == (
        "Acme Corp",
        Decimal("0.00"),
        "USD",
    )


async def test_finished_job_is_a_completed_contract_with_one_billing(db: Database) -> None:
    client = await add_client(db, ALICE)
    finished = await add_finished(
        db, client.id, title="Landing page", rating=Decimal("4.85"), kind=ContractKind.FIXED
    )
    contract, billing = finished.contract, finished.billing
    assert (contract.status, contract.ended_on, contract.rating, contract.billed) == (
        ContractStatus.COMPLETED,
        FINISHED,
        Decimal("4.85"),
        Decimal("600.00"),
    )
    assert (billing.contract_id, billing.amount, billing.fee_charged) == (
        contract.id,
        Decimal("600.00"),
        Decimal("110.00"),
    )
    assert (finished.replayed, finished.lifetime_billed) == (False, Decimal("600.00"))


async def test_finished_job_logged_twice_with_one_key_is_one_contract(db: Database) -> None:
    client = await add_client(db, ALICE)
    first = await add_finished(db, client.id, key="interaction:42")
    again = await add_finished(db, client.id, key="interaction:42", amount="999.00")
    async with db.write() as writes:
        contracts = await ContractRepository(writes).list(ALICE)
    assert (again.replayed, again.contract, again.billing) == (True, first.contract, first.billing)
    assert len(contracts) == 1


async def test_finished_job_in_another_currency_is_refused(db: Database) -> None:
    client = await add_client(db, ALICE)
    async with db.write() as writes:
        with pytest.raises(CurrencyMismatch, match="USD"):
            await ContractRepository(writes).add_finished(
                ALICE,
                client.id,
                amount=Decimal("10"),
                currency="EUR",
                finished_on=FINISHED,
                fee_charged=None,
                idempotency_key="interaction:1",
            )


async def test_finished_job_cannot_finish_before_it_started(db: Database) -> None:
    client = await add_client(db, ALICE)
    with pytest.raises(ContractEndError):
        await add_finished(db, client.id, started_on=date(2024, 6, 1))


async def end(
    db: Database,
    contract_id: int,
    *,
    ended_on: date = FINISHED,
    status: ContractStatus = ContractStatus.COMPLETED,
    rating: Decimal | None = None,
    feedback: str | None = None,
) -> ContractRecord:
    async with db.write() as writes:
        return await ContractRepository(writes).end(
            ALICE, contract_id, ended_on=ended_on, status=status, rating=rating, feedback=feedback
        )


@pytest.mark.parametrize(
    "status", [ContractStatus.COMPLETED, ContractStatus.CANCELLED, ContractStatus.DISPUTED]
)
async def test_ended_contract_keeps_its_outcome(db: Database, status: ContractStatus) -> None:
    _, contract = await client_with_contract(db, ALICE)
    ended = await end(
        db, contract.id, status=status, rating=Decimal("4"), feedback=" Paid late \r\n"
    )
    assert ended == await get(db, contract.id)
    assert (ended.status, ended.ended_on, ended.rating, ended.feedback) == (
        status,
        FINISHED,
        Decimal("4.00"),
        "Paid late",
    )


async def get(db: Database, contract_id: int) -> ContractRecord:
    async with db.write() as writes:
        return await ContractRepository(writes).get(ALICE, contract_id)


async def test_ending_as_active_is_refused(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    with pytest.raises(ContractEndError):
        await end(db, contract.id, status=ContractStatus.ACTIVE)


async def test_ending_again_the_same_way_changes_nothing(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    first = await end(db, contract.id, rating=Decimal("5"))
    assert await end(db, contract.id, rating=Decimal("5"), ended_on=date(2024, 7, 1)) == first


async def test_ending_again_differently_is_refused(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    await end(db, contract.id, rating=Decimal("5"))
    with pytest.raises(ContractEndError, match="already ended"):
        await end(db, contract.id, status=ContractStatus.DISPUTED)


async def test_ending_before_the_start_is_refused(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    with pytest.raises(ContractEndError, match=START.isoformat()):
        await end(db, contract.id, ended_on=date(2024, 2, 1))


@pytest.mark.parametrize("rating", ["0.99", "5.01", "4.855", "-1"])
async def test_rating_outside_one_to_five_is_refused(db: Database, rating: str) -> None:
    _, contract = await client_with_contract(db, ALICE)
    with pytest.raises(RatingError):
        await end(db, contract.id, rating=Decimal(rating))


async def test_get_of_unknown_contract_is_unknown_contract(db: Database) -> None:
    with pytest.raises(UnknownContract):
        await get(db, 4040)


async def make_history(db: Database) -> dict[str, int]:
    """Three contracts: an active one, and two ended ones for another client."""
    acme, logo = await client_with_contract(db, ALICE, "Acme Corp")
    globex = await add_client(db, ALICE, "Globex")
    old = await start_contract(db, ALICE, globex.id, "Old website")
    await end(db, old.id, ended_on=date(2024, 4, 1))
    newer = await start_contract(db, ALICE, globex.id, "New website")
    await end(db, newer.id, ended_on=date(2024, 5, 1), status=ContractStatus.CANCELLED)
    return {"acme": acme.id, "logo": logo.id, "old": old.id, "newer": newer.id}


async def listed_titles(db: Database, status: ContractStatus | None = None) -> list[str | None]:
    async with db.write() as writes:
        return [contract.title for contract in await ContractRepository(writes).list(ALICE, status)]


async def test_list_shows_active_contracts_first_then_the_latest(db: Database) -> None:
    await make_history(db)
    assert await listed_titles(db) == ["Logo design", "New website", "Old website"]


@pytest.mark.parametrize(
    ("status", "titles"),
    [
        (ContractStatus.ACTIVE, ["Logo design"]),
        (ContractStatus.COMPLETED, ["Old website"]),
        (ContractStatus.CANCELLED, ["New website"]),
        (ContractStatus.DISPUTED, []),
    ],
)
async def test_list_filters_by_status(
    db: Database, status: ContractStatus, titles: list[str]
) -> None:
    await make_history(db)
    assert await listed_titles(db, status) == titles


async def test_list_shows_what_each_contract_billed(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    async with db.write() as writes:
        billings = BillingRepository(writes)
        for key, amount in [("a", "100.25"), ("b", "50")]:
            await billings.record(
                ALICE,
                contract.id,
                Decimal(amount),
                "USD",
                START,
                None,
                BillingSource.TYPED,
                key,
            )
        [listed] = await ContractRepository(writes).list(ALICE)
    assert listed.billed == Decimal("150.25")


async def search_labels(
    db: Database, typed: str, statuses: set[ContractStatus] | None = None
) -> list[str]:
    async with db.read() as reads:
        choices = await ContractRepository(reads).search(ALICE, typed, statuses=statuses)
    return [choice.label for choice in choices]


@pytest.mark.parametrize(
    ("typed", "labels"),
    [
        ("logo", ["#1 Logo design · Acme Corp (active)"]),
        ("WEBSITE", ["#3 New website · Globex (cancelled)", "#2 Old website · Globex (completed)"]),
        ("globex", ["#3 New website · Globex (cancelled)", "#2 Old website · Globex (completed)"]),
        ("nothing like it", []),
    ],
)
async def test_search_matches_title_or_client(db: Database, typed: str, labels: list[str]) -> None:
    await make_history(db)
    assert await search_labels(db, typed) == labels


async def test_search_can_be_narrowed_to_active_contracts(db: Database) -> None:
    await make_history(db)
    assert await search_labels(db, "", {ContractStatus.ACTIVE}) == [
        "#1 Logo design · Acme Corp (active)"
    ]


async def test_search_choice_carries_the_contract_id_and_number(db: Database) -> None:
    ids = await make_history(db)
    async with db.write() as writes:
        [choice] = await ContractRepository(writes).search(ALICE, "old")
    assert (choice.id, choice.number) == (ids["old"], 2)


async def test_concurrent_finished_jobs_of_one_client_each_see_the_ones_before_it(
    db: Database,
) -> None:
    # /contract add prices a job on what the client was billed before it, read with to_bill.
    client = await add_client(db, ALICE)

    async def log_job(n: int) -> Decimal:
        async with db.write() as writes:
            before = await ClientRepository(writes).lifetime_billed(ALICE, client.id, to_bill=True)
            await ContractRepository(writes).add_finished(
                ALICE,
                client.id,
                amount=Decimal("10.00"),
                currency="USD",
                finished_on=FINISHED,
                fee_charged=None,
                idempotency_key=f"interaction:{n}",
                again=True,
            )
        return before

    seen = await asyncio.gather(*(log_job(n) for n in range(20)))
    assert sorted(seen) == [Decimal(10 * n) for n in range(20)]


async def test_a_job_like_one_logged_that_day_is_asked_about_first(db: Database) -> None:
    client = await add_client(db, ALICE)
    await add_finished(db, client.id, key="interaction:1")
    with pytest.raises(DuplicateJob, match="#1"):
        await add_finished(db, client.id, key="interaction:2")
    async with db.write() as writes:
        again = await ContractRepository(writes).add_finished(
            ALICE,
            client.id,
            amount=Decimal("600.00"),
            currency="USD",
            finished_on=FINISHED,
            fee_charged=None,
            idempotency_key="interaction:2",
            again=True,
        )
    assert again.finished.contract.number == 2


@pytest.mark.parametrize(
    ("finished_on", "fee"),
    [(date(2015, 9, 15), "40.00"), (date(2024, 3, 15), "40.00"), (date(2025, 9, 15), "40.00")],
)
async def test_a_job_is_priced_by_upwork_s_rule_on_its_dates(
    db: Database, finished_on: date, fee: str
) -> None:
    client = await add_client(db, ALICE, "Fresh Client")
    async with db.write() as writes:
        logged = await ContractRepository(writes).add_finished(
            ALICE,
            client.id,
            amount=Decimal("400"),
            currency="USD",
            finished_on=finished_on,
            fee_charged=None,
            idempotency_key=fresh_key(),
        )
    assert logged.finished.billing.fee_charged == Decimal(fee)


async def test_a_per_contract_rate_nobody_gave_is_the_members_saved_one(db: Database) -> None:
    client = await add_client(db, ALICE)
    async with db.write() as writes:
        await MemberSettingsRepository(writes).save_default_rate(ALICE, Decimal("0.12"))
        contract = await ContractRepository(writes).start(
            ALICE, client.id, title="2026 work", started_on=date(2026, 1, 5)
        )
    assert (contract.fee_rate, contract.fee_rate_source) == (Decimal("0.1200"), "member")


async def test_a_rate_on_a_schedule_with_a_set_rate_is_refused(db: Database) -> None:
    client = await add_client(db, ALICE)
    async with db.write() as writes:
        with pytest.raises(ScheduleError, match="set rate"):
            await ContractRepository(writes).start(
                ALICE,
                client.id,
                title="2024 work",
                started_on=date(2024, 1, 5),
                fee_rate=Decimal("0.12"),
            )


async def test_contract_numbers_are_each_members_own(db: Database) -> None:
    _, alices = await client_with_contract(db, ALICE)
    _, bobs = await client_with_contract(db, BOB)
    _, alices_second = await client_with_contract(db, ALICE, "Globex")
    assert (alices.number, bobs.number, alices_second.number) == (1, 1, 2)
