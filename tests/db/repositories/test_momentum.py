"""Tests for MomentumRepository: the report's inputs and chart data from bounded queries.

Besides table tests of each input, a random ledger (two members, several currencies, every
contract status) is read back in full and the inputs are recomputed from it in plain Python with
the advisor's own rules; the SQL aggregates must agree exactly.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from advisor.fees import SCHEDULES
from advisor.ledger import ContractStatus, from_minor_units
from advisor.momentum import (
    CHART_RATINGS,
    JSS_WINDOW_MONTHS,
    SIGNAL_ORDER,
    ClientCounts,
    ClientLifetime,
    EventKind,
    JssWindowTotals,
    LastDone,
    LifetimeBilling,
    MomentumInputs,
    Outcome,
    RatedJob,
    RecordedFees,
    Signal,
    SignalHistory,
    build_momentum_report,
    job_outcome,
    job_weight,
    signal_start,
    window_start,
)
from db.database import Database
from db.models import Billing, Client, Contract, MemberEvent
from db.repositories import ClientRepository
from db.repositories.contracts import insert_contract
from db.repositories.events import EventRepository
from db.repositories.momentum import MomentumRepository
from tests.db.ledger_seeding import ALICE, BOB, fresh_key

D = Decimal
TODAY = date(2025, 6, 30)
TIERED = SCHEDULES["upwork-tiered"]


async def add_client(db: Database, member_id: int, name: str, currency: str = "USD") -> int:
    async with db.write() as writes:
        return (
            await ClientRepository(writes).get_or_create(member_id, name, "upwork", currency)
        ).id


async def add_contract(
    db: Database,
    member_id: int,
    client_id: int,
    *,
    started_on: date,
    ended_on: date | None = None,
    status: ContractStatus = ContractStatus.COMPLETED,
    rating: str | None = None,
    fee_schedule: str = "upwork-tiered",
) -> int:
    async with db.write() as writes:
        return await insert_contract(
            writes,
            member_id=member_id,
            client_id=client_id,
            title=None,
            kind=None,
            started_on=started_on,
            ended_on=None if status is ContractStatus.ACTIVE else (ended_on or started_on),
            status=status,
            rating=D(rating) if rating is not None else None,
            fee_schedule=fee_schedule,
        )


async def add_billing(
    db: Database,
    member_id: int,
    contract_id: int,
    amount: str,
    billed_on: date,
    *,
    currency: str = "USD",
    fee: str | None = None,
) -> None:
    async with db.engine.begin() as sql:
        await sql.execute(
            insert(Billing).values(
                member_id=member_id,
                contract_id=contract_id,
                amount_minor=int(D(amount) * 100),
                currency=currency,
                billed_on=billed_on,
                fee_charged_minor=int(D(fee) * 100) if fee is not None else None,
                fee_source="recorded",
                source="typed",
                idempotency_key=fresh_key(),
            )
        )


async def add_job(
    db: Database,
    member_id: int,
    client_id: int,
    ended_on: date,
    rating: str | None,
    amount: str = "1000",
) -> int:
    contract_id = await add_contract(
        db, member_id, client_id, started_on=ended_on, ended_on=ended_on, rating=rating
    )
    await add_billing(db, member_id, contract_id, amount, ended_on)
    return contract_id


async def log_event(db: Database, member_id: int, kind: EventKind, day: date, count: int) -> None:
    async with db.write() as writes:
        await EventRepository(writes).log(member_id, kind, count, day, None, fresh_key())


async def inputs_of(db: Database, member_id: int = ALICE, **options: Any) -> MomentumInputs:
    async with db.read() as reads:
        return await MomentumRepository(reads).inputs(member_id, TODAY, **options)


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def signal_counts(history: SignalHistory) -> dict[tuple[date, Signal], int]:
    """The history's non-zero days as {(day, signal): count}."""
    assert history.ends_on == TODAY
    return {
        (TODAY - timedelta(days=back), signal): count
        for signal in SIGNAL_ORDER
        for back, count in enumerate(history.row(signal))
        if count
    }


# --- the review window ---------------------------------------------------------------------


async def test_seed_bad_review_read_from_the_database(db: Database) -> None:
    acme = await add_client(db, ALICE, "Acme")
    for n in range(10):
        await add_job(db, ALICE, acme, days_ago(40 - n), "5")
    await add_job(db, ALICE, acme, days_ago(20), "2.5")
    report = build_momentum_report(await inputs_of(db), today=TODAY)
    assert report.review_window.average == D("4.75")
    assert [review.leaves_after for review in report.review_window.low_reviews] == [10]


@pytest.mark.parametrize("further_fives", [1, 4, 9])
async def test_each_further_five_star_job_brings_the_bad_review_closer_to_leaving(
    db: Database, further_fives: int
) -> None:
    acme = await add_client(db, ALICE, "Acme")
    for n in range(10):
        await add_job(db, ALICE, acme, days_ago(60 - n), "5")
    await add_job(db, ALICE, acme, days_ago(40), "2.5")
    for n in range(further_fives):
        await add_job(db, ALICE, acme, days_ago(30 - n), "5")
    report = build_momentum_report(await inputs_of(db), today=TODAY)
    assert [review.leaves_after for review in report.review_window.low_reviews] == [
        10 - further_fives
    ]


async def test_jobs_ended_the_same_day_keep_the_order_they_were_logged_in(db: Database) -> None:
    acme = await add_client(db, ALICE, "Acme")
    first = await add_job(db, ALICE, acme, days_ago(1), "5")
    second = await add_job(db, ALICE, acme, days_ago(1), "2")
    earlier_day = await add_job(db, ALICE, acme, days_ago(2), "4")
    reviews = (await inputs_of(db)).latest_reviews
    assert [job.contract_id for job in reviews] == [second, first, earlier_day]


async def test_window_leaves_out_unrated_active_and_later_jobs(db: Database) -> None:
    acme = await add_client(db, ALICE, "Acme")
    rated = await add_job(db, ALICE, acme, days_ago(5), "4.8")
    await add_job(db, ALICE, acme, days_ago(4), None)
    await add_contract(db, ALICE, acme, started_on=days_ago(3), status=ContractStatus.ACTIVE)
    await add_job(db, ALICE, acme, TODAY + timedelta(days=1), "1")
    reviews = (await inputs_of(db)).latest_reviews
    assert [(job.contract_id, job.rating, job.client_name) for job in reviews] == [
        (rated, D("4.80"), "Acme")
    ]


async def test_window_holds_at_most_10_reviews(db: Database) -> None:
    acme = await add_client(db, ALICE, "Acme")
    for n in range(14):
        await add_job(db, ALICE, acme, days_ago(n), "5")
    assert len((await inputs_of(db)).latest_reviews) == 10


# --- money ---------------------------------------------------------------------------------


async def test_lifetime_totals_follow_each_clients_contracts(db: Database) -> None:
    big, small = await add_client(db, ALICE, "Big"), await add_client(db, ALICE, "Small")
    await add_job(db, ALICE, big, days_ago(100), "5", "15000")
    await add_job(db, ALICE, small, days_ago(90), "5", "300")
    await add_job(db, ALICE, small, days_ago(80), "5", "300")
    lifetime = (await inputs_of(db)).lifetime
    assert (lifetime.jobs, lifetime.clients, lifetime.total) == (3, 2, D("15600.00"))


async def test_money_is_summed_by_the_rate_of_fee_it_paid(db: Database) -> None:
    acme = await add_client(db, ALICE, "Acme")
    contract = await add_contract(db, ALICE, acme, started_on=days_ago(300))
    await add_billing(db, ALICE, contract, "1000", days_ago(200), fee="150")
    await add_billing(db, ALICE, contract, "266.64", days_ago(100), fee="26.66")
    await add_billing(db, ALICE, contract, "400", days_ago(90), fee="40")
    await add_billing(db, ALICE, contract, "50", days_ago(80))
    found = await inputs_of(db)
    paid = {p.rate: (p.billed, p.fees) for p in found.paid_rates}
    # $26.66 of $266.64 is 9.998%: the fee was rounded to the cent, the rate was 10%.
    assert paid == {
        D("0.15"): (D("1000.00"), D("150.00")),
        D("0.10"): (D("666.64"), D("66.66")),
        None: (D("50.00"), D("0.00")),
    }
    assert found.lifetime_fees == RecordedFees(fees=D("216.66"), billed=D("1666.64"))


async def test_a_refund_lowers_what_was_billed_and_its_fee_what_was_kept(db: Database) -> None:
    acme = await add_client(db, ALICE, "Acme")
    contract = await add_contract(db, ALICE, acme, started_on=days_ago(300))
    await add_billing(db, ALICE, contract, "1000", days_ago(200), fee="100")
    await add_billing(db, ALICE, contract, "-200", days_ago(150), fee="-20")
    found = await inputs_of(db)
    assert found.lifetime.total == D("800.00")
    assert found.lifetime_fees == RecordedFees(fees=D("80.00"), billed=D("800.00"))


async def test_fees_recorded_in_the_last_12_months_come_from_billings_that_record_them(
    db: Database,
) -> None:
    acme = await add_client(db, ALICE, "Acme")
    contract = await add_contract(db, ALICE, acme, started_on=days_ago(500))
    await add_billing(db, ALICE, contract, "266.64", days_ago(10), fee="26.66")
    await add_billing(db, ALICE, contract, "100", days_ago(9))
    await add_billing(db, ALICE, contract, "500", days_ago(400), fee="100")
    assert (await inputs_of(db)).recorded_fees_last_12_months == RecordedFees(
        fees=D("26.66"), billed=D("266.64")
    )


async def test_clients_closest_to_their_next_tier_are_listed_first(db: Database) -> None:
    for name, amount in [("A", "450"), ("B", "9990"), ("C", "12000"), ("D", "100"), ("E", "700")]:
        await add_job(db, ALICE, await add_client(db, ALICE, name), days_ago(10), "5", amount)
    flat = await add_client(db, ALICE, "Flat")
    contract = await add_contract(
        db, ALICE, flat, started_on=days_ago(5), fee_schedule="upwork-flat"
    )
    await add_billing(db, ALICE, contract, "9995", days_ago(5))
    near = (await inputs_of(db)).clients_near_next_tier
    assert [(client.client_name, client.lifetime_billed) for client in near] == [
        ("B", D("9990.00")),
        ("A", D("450.00")),
        ("D", D("100.00")),
    ]


async def test_repeat_clients_are_those_hired_twice(db: Database) -> None:
    once, twice = await add_client(db, ALICE, "Once"), await add_client(db, ALICE, "Twice")
    await add_job(db, ALICE, once, days_ago(30), "5")
    await add_job(db, ALICE, twice, days_ago(20), "5")
    await add_contract(db, ALICE, twice, started_on=days_ago(5), status=ContractStatus.ACTIVE)
    await add_client(db, ALICE, "Never hired")
    found = await inputs_of(db)
    assert found.client_counts == ClientCounts(clients=2, repeat_clients=1)
    # The active contract has billed nothing: two clients and two jobs are billed.
    assert (found.lifetime.clients, found.lifetime.jobs) == (2, 2)


async def test_money_is_counted_in_the_currency_most_clients_use(db: Database) -> None:
    for name in ("A", "B"):
        await add_job(db, ALICE, await add_client(db, ALICE, name, "EUR"), days_ago(5), "5", "100")
    usd = await add_client(db, ALICE, "C", "USD")
    contract = await add_contract(db, ALICE, usd, started_on=days_ago(5))
    await add_billing(db, ALICE, contract, "9000", days_ago(5))
    found = await inputs_of(db)
    assert (found.currency, found.other_currencies, found.lifetime.total) == (
        "EUR",
        ("USD",),
        D("200.00"),
    )
    chosen = await inputs_of(db, currency="usd")
    assert (chosen.currency, chosen.other_currencies, chosen.lifetime.total) == (
        "USD",
        ("EUR",),
        D("9000.00"),
    )


async def test_member_without_clients_is_reported_in_us_dollars(db: Database) -> None:
    found = await inputs_of(db)
    assert (found.currency, found.lifetime.total, found.latest_reviews) == ("USD", D(0), ())
    report = build_momentum_report(found, today=TODAY)
    assert report.at_stake.at_stake is None


# --- signals and own actions -------------------------------------------------------------


async def test_signals_are_counted_per_day(db: Database) -> None:
    acme = await add_client(db, ALICE, "Acme")
    first = await add_contract(db, ALICE, acme, started_on=days_ago(10), ended_on=days_ago(3))
    await add_contract(db, ALICE, acme, started_on=days_ago(2), status=ContractStatus.ACTIVE)
    await add_billing(db, ALICE, first, "100", days_ago(4))
    await add_billing(db, ALICE, first, "100", days_ago(4))
    await add_contract(db, ALICE, acme, started_on=days_ago(1), ended_on=days_ago(1), rating="5")
    # Too old to count itself, but it makes the job started 10 days ago a repeat hire.
    await add_contract(db, ALICE, acme, started_on=days_ago(200))
    await log_event(db, ALICE, EventKind.INVITE, days_ago(1), 2)
    await log_event(db, ALICE, EventKind.INVITE, days_ago(1), 3)
    counts = signal_counts((await inputs_of(db)).signals)
    assert counts == {
        (days_ago(10), Signal.JOB_STARTED): 1,
        (days_ago(10), Signal.REPEAT_HIRE): 1,
        (days_ago(2), Signal.JOB_STARTED): 1,
        (days_ago(2), Signal.REPEAT_HIRE): 1,
        (days_ago(1), Signal.JOB_STARTED): 1,
        (days_ago(1), Signal.REPEAT_HIRE): 1,
        (days_ago(4), Signal.MILESTONE_APPROVED): 2,
        (days_ago(1), Signal.FIVE_STAR_JOB): 1,
        (days_ago(1), Signal.INVITE): 5,
    }


async def test_last_done_is_the_latest_day_of_each_own_action(db: Database) -> None:
    await log_event(db, ALICE, EventKind.PROPOSAL, days_ago(40), 1)
    await log_event(db, ALICE, EventKind.PROPOSAL, days_ago(3), 1)
    await log_event(db, ALICE, EventKind.PORTFOLIO, days_ago(400), 1)
    await log_event(db, ALICE, EventKind.PROFILE_UPDATE, TODAY + timedelta(days=2), 1)
    last = set((await inputs_of(db)).last_done)
    assert last == {
        LastDone(EventKind.PROPOSAL, days_ago(3)),
        LastDone(EventKind.PORTFOLIO, days_ago(400)),
    }


# --- Job Success Score and Top Rated --------------------------------------------------------


async def test_jss_windows_weigh_outcomes_by_job_size(db: Database) -> None:
    acme, globex = await add_client(db, ALICE, "Acme"), await add_client(db, ALICE, "Globex")
    await add_job(db, ALICE, acme, days_ago(30), "5", "2000")  # success in every window
    await add_job(db, ALICE, globex, days_ago(300), "2", "500")  # negative from 12 months
    await add_contract(  # cancelled with nothing billed: negative, weighed at the floor
        db, ALICE, globex, started_on=days_ago(600), status=ContractStatus.CANCELLED
    )
    await add_job(db, ALICE, acme, days_ago(20), None, "800")  # unscored
    await add_job(db, ALICE, acme, days_ago(800), "5", "9000")  # older than 24 months
    six, twelve, twenty_four = (await inputs_of(db)).jss_windows
    assert (six.months, six.jobs, six.clients, six.scored_jobs, six.unscored_jobs) == (
        6,
        2,
        1,
        1,
        1,
    )
    assert (six.success_weight, six.negative_weight, six.scored_weight) == (
        D("2000.00"),
        D("0.00"),
        D("2000.00"),
    )
    assert (twelve.negative_weight, twelve.scored_weight, twelve.clients) == (
        D("500.00"),
        D("2500.00"),
        2,
    )
    assert (twenty_four.negative_weight, twenty_four.scored_weight, twenty_four.jobs) == (
        D("600.00"),
        D("2600.00"),
        4,
    )
    assert twenty_four.starts_on == window_start(TODAY, 24)


async def test_top_rated_facts(db: Database) -> None:
    acme = await add_client(db, ALICE, "Acme")
    await add_job(db, ALICE, acme, days_ago(400), "5", "5000")
    await add_job(db, ALICE, acme, days_ago(100), "5", "600")
    await add_job(db, ALICE, acme, TODAY + timedelta(days=3), "5", "999")
    found = await inputs_of(db)
    assert (found.first_contract_on, found.earned_last_12_months) == (days_ago(400), D("600.00"))


# --- the chart -----------------------------------------------------------------------------


async def chart_of(db: Database, **options: Any) -> Any:
    async with db.read() as reads:
        return await MomentumRepository(reads).chart_data(ALICE, TODAY, **options)


async def test_chart_months_are_split_by_the_rate_each_billing_paid(db: Database) -> None:
    acme = await add_client(db, ALICE, "Acme")
    contract = await add_contract(db, ALICE, acme, started_on=date(2022, 1, 1))
    await add_billing(db, ALICE, contract, "400", date(2022, 3, 1), fee="80")  # before the chart
    await add_billing(db, ALICE, contract, "300", date(2025, 5, 10), fee="45")
    await add_billing(db, ALICE, contract, "50", date(2025, 5, 20), fee="5")
    await add_billing(db, ALICE, contract, "9500", date(2025, 6, 2))
    await add_billing(db, ALICE, contract, "777", TODAY + timedelta(days=5), fee="1")  # not yet
    chart = await chart_of(db)
    assert chart.rates == (D("0.15"), D("0.10"), None)
    months = {month.month: month.by_rate for month in chart.months}
    assert months[date(2025, 5, 1)] == (D("300.00"), D("50.00"), D("0.00"))
    assert months[date(2025, 6, 1)] == (D("0.00"), D("0.00"), D("9500.00"))
    assert date(2022, 3, 1) not in months
    assert len(chart.months) == 24


async def test_chart_shows_at_most_50_ratings(db: Database) -> None:
    acme = await add_client(db, ALICE, "Acme")
    for n in range(55):
        await add_job(db, ALICE, acme, days_ago(n), "5")
    chart = await chart_of(db)
    assert len(chart.ratings) == CHART_RATINGS
    assert sum(point.in_window for point in chart.ratings) == 10


# --- bounded: the same statements whatever the history -------------------------------------


@contextmanager
def counted_statements(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", count)


async def test_inputs_take_the_same_statements_for_a_long_history(db: Database) -> None:
    acme = await add_client(db, ALICE, "Acme")
    await add_job(db, ALICE, acme, days_ago(3), "5")
    with counted_statements(db) as short:
        await inputs_of(db)
    for n in range(60):
        await add_job(db, ALICE, await add_client(db, ALICE, f"C{n % 7}"), days_ago(n * 9), "4.5")
        await log_event(db, ALICE, EventKind.PROPOSAL, days_ago(n), 2)
    with counted_statements(db) as long:
        await inputs_of(db)
    assert len(long) == len(short)


# --- every input against a plain-Python reading of the whole ledger -------------------------


STATUSES = [ContractStatus.COMPLETED] * 5 + [
    ContractStatus.CANCELLED,
    ContractStatus.DISPUTED,
    ContractStatus.ACTIVE,
]
RATINGS = [None, "5", "5", "5", "4.8", "4.2", "3.5", "2.5", "1"]
AMOUNTS = ["50", "120.50", "499.99", "800", "2500", "7000"]


async def random_ledger(db: Database, member_id: int, seed: int) -> None:
    rng = random.Random(seed)
    clients = [await add_client(db, member_id, f"Client {n}") for n in range(6)]
    clients.append(await add_client(db, member_id, "Euro client", "EUR"))
    for _ in range(45):
        client = rng.choice(clients)
        started = days_ago(rng.randint(-5, 900))
        status = rng.choice(STATUSES)
        ended = started + timedelta(days=rng.randint(0, 40))
        contract = await add_contract(
            db,
            member_id,
            client,
            started_on=started,
            ended_on=ended,
            status=status,
            rating=rng.choice(RATINGS) if status is not ContractStatus.ACTIVE else None,
        )
        for _ in range(rng.randint(0, 3)):
            await add_billing(
                db,
                member_id,
                contract,
                rng.choice(AMOUNTS),
                started + timedelta(days=rng.randint(0, 40)),
                currency="EUR" if client == clients[-1] else "USD",
                fee=rng.choice([None, "10.00"]),
            )
    for _ in range(15):
        await log_event(
            db,
            member_id,
            rng.choice(list(EventKind)),
            days_ago(rng.randint(-3, 250)),
            rng.randint(1, 4),
        )


@dataclass(frozen=True)
class Row:
    id: int
    client_id: int
    client_name: str
    currency: str
    started_on: date
    ended_on: date | None
    status: ContractStatus
    rating: Decimal | None


async def whole_ledger(db: Database, member_id: int) -> tuple[list[Row], list[Any], list[Any]]:
    # An independent reading, through the ORM rather than the repositories.
    async with AsyncSession(db.engine) as sql:
        contracts = [
            Row(
                c.id,
                c.client_id,
                client.name,
                client.currency,
                c.started_on or date.min,
                c.ended_on,
                ContractStatus(c.status),
                D(c.rating).quantize(D("0.01")) if c.rating is not None else None,
            )
            for c, client in await sql.execute(
                select(Contract, Client)
                .join(Client, Client.id == Contract.client_id)
                .where(Contract.member_id == member_id)
            )
        ]
        billings = list(await sql.scalars(select(Billing).where(Billing.member_id == member_id)))
        events = list(
            await sql.scalars(select(MemberEvent).where(MemberEvent.member_id == member_id))
        )
    return contracts, billings, events


def money(minor: int) -> Decimal:
    return from_minor_units(int(minor), "USD")


def remaining_to_next_band(total_minor: int) -> int:
    """Upwork's tiers end at $500 and $10,000 (in cents here)."""
    return 50_000 - total_minor if total_minor < 50_000 else 1_000_000 - total_minor


def expected_inputs(contracts: list[Row], billings: list[Any], events: list[Any]) -> dict[str, Any]:
    billed: dict[int, int] = defaultdict(int)
    fees = with_fee = 0
    year_ago = window_start(TODAY, 12)
    for billing in billings:
        billed[billing.contract_id] += billing.amount_minor
        recent = billing.currency == "USD" and year_ago <= billing.billed_on <= TODAY
        if recent and billing.fee_charged_minor is not None:
            fees += billing.fee_charged_minor
            with_fee += billing.amount_minor
    usd = [row for row in contracts if row.currency == "USD"]
    per_client: dict[int, int] = defaultdict(int)
    names = {row.client_id: row.client_name for row in contracts}
    for row in usd:
        if row.id in billed:
            per_client[row.client_id] += billed[row.id]
    near = sorted(
        (remaining_to_next_band(total), names[cid], cid, total)
        for cid, total in per_client.items()
        if total < 1_000_000
    )[:3]
    contracts_per_client: dict[int, int] = defaultdict(int)
    for row in usd:
        contracts_per_client[row.client_id] += 1

    since = signal_start(TODAY)
    signals: dict[tuple[date, Signal], int] = defaultdict(int)
    for row in contracts:
        if since <= row.started_on <= TODAY:
            signals[(row.started_on, Signal.JOB_STARTED)] += 1
            if any(
                other.client_id == row.client_id
                and (other.started_on, other.id) < (row.started_on, row.id)
                for other in contracts
            ):
                signals[(row.started_on, Signal.REPEAT_HIRE)] += 1
        if row.ended_on and since <= row.ended_on <= TODAY and row.rating == D(5):
            signals[(row.ended_on, Signal.FIVE_STAR_JOB)] += 1
    for billing in billings:
        if since <= billing.billed_on <= TODAY:
            signals[(billing.billed_on, Signal.MILESTONE_APPROVED)] += 1
    last_done: dict[EventKind, date] = {}
    for logged in events:
        kind = EventKind(logged.kind)
        if since <= logged.occurred_on <= TODAY:
            signals[(logged.occurred_on, Signal(kind.value))] += logged.count
        if logged.occurred_on <= TODAY:
            last_done[kind] = max(last_done.get(kind, logged.occurred_on), logged.occurred_on)

    windows = []
    for months in JSS_WINDOW_MONTHS:
        start = window_start(TODAY, months)
        inside = [
            row
            for row in usd
            if row.status is not ContractStatus.ACTIVE
            and row.ended_on is not None
            and start <= row.ended_on <= TODAY
        ]
        outcomes = [
            (job_outcome(row.status, row.rating, money(billed[row.id])), money(billed[row.id]))
            for row in inside
        ]

        def weigh(
            wanted: set[Outcome], outcomes: list[tuple[Outcome, Decimal]] = outcomes
        ) -> Decimal:
            return sum((job_weight(size) for outcome, size in outcomes if outcome in wanted), D(0))

        windows.append(
            JssWindowTotals(
                months=months,
                starts_on=start,
                jobs=len(inside),
                clients=len({row.client_id for row in inside}),
                scored_jobs=sum(outcome is not Outcome.UNSCORED for outcome, _ in outcomes),
                unscored_jobs=sum(outcome is Outcome.UNSCORED for outcome, _ in outcomes),
                success_weight=weigh({Outcome.SUCCESS}),
                negative_weight=weigh({Outcome.NEGATIVE}),
                scored_weight=weigh({Outcome.SUCCESS, Outcome.NEUTRAL, Outcome.NEGATIVE}),
            )
        )
    rated = sorted(
        (
            row
            for row in contracts
            if row.rating is not None and row.ended_on and row.ended_on <= TODAY
        ),
        key=lambda row: (row.ended_on, row.id),
        reverse=True,
    )[:10]
    return {
        "lifetime": LifetimeBilling(
            jobs=sum(1 for row in usd if billed.get(row.id)),
            clients=len(per_client),
            total=money(sum(per_client.values())),
        ),
        "recorded_fees": RecordedFees(fees=money(fees), billed=money(with_fee)),
        "client_counts": ClientCounts(
            clients=len(contracts_per_client),
            repeat_clients=sum(1 for n in contracts_per_client.values() if n >= 2),
        ),
        "clients_near_next_tier": tuple(
            ClientLifetime(cid, name, money(total), "upwork-tiered") for _, name, cid, total in near
        ),
        "daily_signals": dict(signals),
        "last_done": {LastDone(kind, day) for kind, day in last_done.items()},
        "jss_windows": tuple(windows),
        "first_contract_on": min(
            (row.started_on for row in contracts if row.started_on <= TODAY), default=None
        ),
        "earned_last_12_months": money(
            sum(
                b.amount_minor
                for b in billings
                if b.currency == "USD" and year_ago <= b.billed_on <= TODAY
            )
        ),
        "latest_reviews": tuple(
            RatedJob(row.id, row.ended_on, row.rating, row.client_name, None)
            for row in rated
            if row.ended_on is not None and row.rating is not None
        ),
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_inputs_match_a_plain_reading_of_the_whole_ledger(db: Database, seed: int) -> None:
    await random_ledger(db, ALICE, seed)
    await random_ledger(db, BOB, seed + 100)
    found = await inputs_of(db, currency="USD")
    expected = expected_inputs(*(await whole_ledger(db, ALICE)))
    assert found.lifetime == expected["lifetime"]
    assert found.client_counts == expected["client_counts"]
    assert found.clients_near_next_tier == expected["clients_near_next_tier"]
    assert signal_counts(found.signals) == expected["daily_signals"]
    assert set(found.last_done) == expected["last_done"]
    assert found.jss_windows == expected["jss_windows"]
    assert found.first_contract_on == expected["first_contract_on"]
    assert found.earned_last_12_months == expected["earned_last_12_months"]
    assert found.recorded_fees_last_12_months == expected["recorded_fees"]
    assert found.latest_reviews == expected["latest_reviews"]
    assert found.other_currencies == ("EUR",)
