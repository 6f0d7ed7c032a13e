"""Benchmark the momentum report: does a long history cost more than a short one?

Run as `python -m bench.momentum [--billings N] [--runs N] [--json PATH]`. It seeds a temporary
SQLite database (bulk inserts through the engine, a few seconds) with:

- a member with 100 contracts (25 clients, about 3 billings each, over four years);
- a member with 10,000 contracts (1,500 clients, about 3 billings each, over ten years);
- other members holding the rest of `--billings` (default 1,000,000 billings in the database),
  so the two members' queries run against a large table, as they would in production.

It then times `MomentumRepository.inputs` plus `build_momentum_report` for each member (the
median of `--runs` runs after one warm-up) and prints the ratio of the 10,000-contract time to the
100-contract time. The goal is a ratio of at most 3: the report's queries read the last few
reviews, date ranges and aggregates, never the whole history row by row. Lifetime totals (the fee
profile) are index-only sums over the member's own billings, so they are the one part that grows
with the member's history. The chart data is timed too, for information.

It exits with status 1 when the ratio goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from advisor.momentum import EventKind, build_momentum_report
from db.database import Database
from db.models import Base, Billing, Client, Contract, Member, MemberEvent
from db.repositories.momentum import MomentumRepository
from db.startup import open_database

TODAY = date(2025, 6, 30)
SMALL_MEMBER = 100_000_000_000_000_001
LARGE_MEMBER = 100_000_000_000_000_002
FILLER_MEMBERS_FROM = 200_000_000_000_000_000
SMALL_CONTRACTS = 100
LARGE_CONTRACTS = 10_000
FILLER_CONTRACTS = 200
FILLER_BILLINGS_PER_CONTRACT = 30
BILLINGS_PER_CONTRACT = 3
RATIO_GOAL = 3.0
_ROWS_PER_BATCH = 20_000

# Filler members get ids of their own however many times seed_billings is called.
_filler_lock = asyncio.Lock()
_fillers_seeded = 0

_RATINGS = ("5.00",) * 12 + ("4.90", "4.75", "4.50", "4.00", "3.50", "2.50", "1.00")


@dataclass(frozen=True)
class Timing:
    """Median seconds over the runs, for one member."""

    contracts: int
    billings: int
    report_seconds: float
    chart_seconds: float


@dataclass(frozen=True)
class Result:
    """What the benchmark measured."""

    total_billings: int
    seed_seconds: float
    small: Timing
    large: Timing
    ratio: float
    chart_ratio: float
    goal: float
    met: bool


def _member_rows(
    member_id: int, contracts: int, billings_per_contract: int, first_ids: tuple[int, int]
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]]:
    """Clients, contracts and billings of one member, oldest contract first.

    History spans 3 years per 1,000 contracts (at least 3, at most 10); a contract runs 3 to 45
    days; most end completed and rated, a few cancelled or disputed, the newest still active.
    """
    rng = random.Random(member_id)
    first_client, first_contract = first_ids
    client_count = max(1, contracts // 7)
    clients = [
        {
            "id": first_client + n,
            "member_id": member_id,
            "platform": "upwork",
            "name": f"Client {n}",
            "normalised_name": f"client {n}",
            "currency": "USD",
        }
        for n in range(client_count)
    ]
    span = 365 * max(3, min(10, 3 * contracts // 1000))
    contract_rows, billing_rows = [], []
    for n in range(contracts):
        contract_id = first_contract + n
        started = TODAY - timedelta(days=span - span * n // contracts)
        ended = started + timedelta(days=rng.randint(3, 45))
        roll = rng.random()
        if ended > TODAY:
            status, ended_on, rating = "active", None, None
        elif roll < 0.04:
            status, ended_on, rating = "cancelled", ended, None
        elif roll < 0.06:
            status, ended_on, rating = "disputed", ended, "1.00"
        else:
            status, ended_on, rating = "completed", ended, rng.choice((*_RATINGS, None))
        contract_rows.append(
            {
                "id": contract_id,
                "member_id": member_id,
                "number": n + 1,
                "client_id": first_client + rng.randrange(client_count),
                "title": f"Job {n}",
                "kind": "fixed",
                "started_on": started,
                "ended_on": ended_on,
                "status": status,
                "rating": Decimal(rating) if rating else None,
            }
        )
        for part in range(billings_per_contract):
            billed_on = started + timedelta(days=rng.randint(0, (ended - started).days))
            amount_minor = rng.randint(50, 3_000) * 100
            billing_rows.append(
                {
                    "member_id": member_id,
                    "contract_id": contract_id,
                    "amount_minor": amount_minor,
                    "currency": "USD",
                    "billed_on": min(billed_on, TODAY),
                    # As an imported statement gives it: the fee charged, recorded as a fact.
                    "fee_charged_minor": amount_minor // 10,
                    "fee_source": "recorded",
                    "source": "imported",
                    "idempotency_key": f"upwork:{contract_id}-{part}",
                }
            )
    return clients, contract_rows, billing_rows


def _event_rows(member_id: int, count: int) -> list[dict[str, object]]:
    rng = random.Random(-member_id)
    kinds = [kind.value for kind in EventKind]
    return [
        {
            "member_id": member_id,
            "kind": rng.choice(kinds),
            "count": rng.randint(1, 5),
            "occurred_on": TODAY - timedelta(days=rng.randint(0, 365)),
            "note": None,
            "idempotency_key": f"interaction:{n}",
        }
        for n in range(count)
    ]


async def _insert(
    connection: AsyncConnection, model: type[Base], rows: list[dict[str, object]]
) -> None:
    for start in range(0, len(rows), _ROWS_PER_BATCH):
        await connection.execute(insert(model), rows[start : start + _ROWS_PER_BATCH])


async def _next_ids(connection: AsyncConnection) -> tuple[int, int]:
    clients = await connection.scalar(select(func.coalesce(func.max(Client.id), 0)))
    contracts = await connection.scalar(select(func.coalesce(func.max(Contract.id), 0)))
    return int(clients or 0) + 1, int(contracts or 0) + 1


async def _seed_members(
    database_url: str, members: list[tuple[int, int, int]], events_per_contract: float
) -> None:
    """Seed (member id, contracts, billings per contract) members in one transaction."""
    db = await open_database(database_url)
    try:
        async with db.engine.begin() as connection:
            await connection.execute(
                insert(Member), [{"id": member_id} for member_id, _, _ in members]
            )
            for member_id, contracts, per_contract in members:
                clients, contract_rows, billing_rows = _member_rows(
                    member_id, contracts, per_contract, await _next_ids(connection)
                )
                await _insert(connection, Client, clients)
                await _insert(connection, Contract, contract_rows)
                await _insert(connection, Billing, billing_rows)
                events = int(contracts * events_per_contract)
                if events:
                    await _insert(connection, MemberEvent, _event_rows(member_id, events))
            if connection.dialect.name == "sqlite":
                # PostgreSQL's autovacuum analyses by itself; SQLite needs asking.
                await connection.exec_driver_sql("ANALYZE")
    finally:
        await db.dispose()


async def seed_member(database_url: str, member_id: int, contracts: int) -> None:
    """Give `member_id` `contracts` contracts (about 3 billings each) and their logged events,
    in the database at `database_url` (created and migrated if needed)."""
    await _seed_members(database_url, [(member_id, contracts, BILLINGS_PER_CONTRACT)], 0.33)


async def seed_billings(database_url: str, billings: int) -> None:
    """Add about `billings` billings across other members, so queries run on a large table."""
    per_member = FILLER_CONTRACTS * FILLER_BILLINGS_PER_CONTRACT
    count = -(-billings // per_member)
    async with _filler_lock:
        global _fillers_seeded
        first = FILLER_MEMBERS_FROM + _fillers_seeded
        _fillers_seeded += count
    await _seed_members(
        database_url,
        [(first + n, FILLER_CONTRACTS, FILLER_BILLINGS_PER_CONTRACT) for n in range(count)],
        0,
    )


async def _seconds(run: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await run()
    return time.perf_counter() - started


def _report_of(db: Database, member_id: int) -> Callable[[], Awaitable[object]]:
    async def report() -> object:
        async with db.read() as reads:
            inputs = await MomentumRepository(reads).inputs(member_id, TODAY)
        return build_momentum_report(inputs, today=TODAY)

    return report


def _chart_of(db: Database, member_id: int) -> Callable[[], Awaitable[object]]:
    async def chart() -> object:
        async with db.read() as reads:
            return await MomentumRepository(reads).chart_data(member_id, TODAY)

    return chart


async def time_members(db: Database, runs: int) -> tuple[Timing, Timing]:
    """Median times of the report (inputs plus build) and of the chart data for both members.

    The two members take turns run by run, so a burst of load on a shared machine slows both
    alike instead of tilting the ratio.
    """
    members = ((SMALL_MEMBER, SMALL_CONTRACTS), (LARGE_MEMBER, LARGE_CONTRACTS))
    samples: dict[tuple[int, str], list[float]] = {}
    for member_id, _ in members:  # warm-up: statement cache and SQLite's page cache
        await _report_of(db, member_id)()
        await _chart_of(db, member_id)()
    for _ in range(runs):
        for member_id, _ in members:
            for what, run in (("report", _report_of), ("chart", _chart_of)):
                seconds = await _seconds(run(db, member_id))
                samples.setdefault((member_id, what), []).append(seconds)
    small, large = (
        Timing(
            contracts=contracts,
            billings=contracts * BILLINGS_PER_CONTRACT,
            report_seconds=statistics.median(samples[(member_id, "report")]),
            chart_seconds=statistics.median(samples[(member_id, "chart")]),
        )
        for member_id, contracts in members
    )
    return small, large


async def measure(total_billings: int, runs: int, folder: Path) -> Result:
    """Seed a database in `folder` and time both members."""
    url = f"sqlite+aiosqlite:///{folder / 'bench.sqlite3'}"
    started = time.perf_counter()
    await seed_member(url, SMALL_MEMBER, SMALL_CONTRACTS)
    await seed_member(url, LARGE_MEMBER, LARGE_CONTRACTS)
    measured = (SMALL_CONTRACTS + LARGE_CONTRACTS) * BILLINGS_PER_CONTRACT
    if total_billings > measured:
        await seed_billings(url, total_billings - measured)
    seed_seconds = time.perf_counter() - started
    db = Database(url)
    try:
        small, large = await time_members(db, runs)
    finally:
        await db.dispose()
    ratio = large.report_seconds / small.report_seconds
    return Result(
        total_billings=max(total_billings, measured),
        seed_seconds=seed_seconds,
        small=small,
        large=large,
        ratio=ratio,
        chart_ratio=large.chart_seconds / small.chart_seconds,
        goal=RATIO_GOAL,
        met=ratio <= RATIO_GOAL,
    )


def _report(result: Result) -> str:
    lines = [
        f"Seeded {result.total_billings:,}+ billings in {result.seed_seconds:.1f} s.",
        "Momentum report (inputs + build), median:",
    ]
    for timing in (result.small, result.large):
        lines.append(
            f"  {timing.contracts:>6,} contracts ({timing.billings:,} billings): "
            f"{timing.report_seconds * 1000:7.2f} ms report, "
            f"{timing.chart_seconds * 1000:7.2f} ms chart data"
        )
    verdict = "met" if result.met else "MISSED"
    lines.append(
        f"Ratio 10,000 / 100 contracts: {result.ratio:.2f} (goal <= {result.goal:g}: {verdict}); "
        f"chart data {result.chart_ratio:.2f}."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.momentum", description=__doc__)
    parser.add_argument("--billings", type=int, default=1_000_000, help="billings in total")
    parser.add_argument("--runs", type=int, default=15, help="timed runs per member")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gigwise-bench-") as folder:
        result = asyncio.run(measure(args.billings, max(1, args.runs), Path(folder)))
    print(_report(result))
    if args.json is not None:
        args.json.write_text(json.dumps(asdict(result), indent=2) + "\n", encoding="utf-8")
    return 0 if result.met else 1


if __name__ == "__main__":
    sys.exit(main())
