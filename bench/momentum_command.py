"""/momentum through the bot: its time at 100 and 10,000 contracts, and with a million billings.

The members are seeded by bench/momentum.py (the repository-level benchmark of the same report),
so that both benchmarks measure the same histories. Gigwise keeps each member's report until
their records change, so before every timed call the benchmark moves the member's revision,
straight in the database file as another process would: each call computes the report. How
long a call answered from the kept report takes is reported beside it. Were Gigwise built
without its /momentum command, every figure here would say "not available" and why.
"""

from __future__ import annotations

import contextlib
import sqlite3
import statistics
from dataclasses import dataclass
from pathlib import Path

from bench.calls import momentum_call
from bench.context import BOT_TOKEN, RunContext
from bench.driver import Driver, collector_paused
from bench.momentum import seed_billings, seed_member
from bench.processes import start_gigwise
from bench.report import Figure, Goal, unavailable
from bot.sandbox import SandboxDiscord

SECTION = "momentum"
FEATURE = "commands.momentum"
SMALL_MEMBER_ID = 320_000_000_000_000_001
LARGE_MEMBER_ID = 320_000_000_000_000_002
GROWTH_GOAL = Goal("<=", 3.0)


@dataclass(frozen=True)
class Preparation:
    """The member whose /momentum is measured, or why there is none."""

    member_id: int | None
    reason: str = ""


def missing() -> str | None:
    """Why /momentum cannot be measured here, or None when it can."""
    from bot.client import FEATURES

    if FEATURE not in FEATURES:
        return "Gigwise has no /momentum command yet (commands.momentum is not loaded)"
    return None


async def prepare(database_url: str, contracts: int) -> Preparation:
    """Seed a member with `contracts` contracts, if /momentum can be measured at all."""
    reason = missing()
    if reason is not None:
        return Preparation(None, reason)
    await seed_member(database_url, LARGE_MEMBER_ID, contracts)
    return Preparation(LARGE_MEMBER_ID)


def _records_changed(database: Path, member_id: int) -> None:
    """What a write to the member's records does to their revision, and nothing else."""
    with contextlib.closing(sqlite3.connect(database, isolation_level=None)) as connection:
        connection.execute("UPDATE members SET revision = revision + 1 WHERE id = ?", (member_id,))


async def _median_seconds(
    driver: Driver, database: Path, member_id: int, calls: int
) -> tuple[float, int]:
    """Median time of `calls` calls that each compute the report, and the wrong answers."""
    call = momentum_call(member_id)
    wrong = await driver.warm_up(call, 2)
    latencies = []
    with collector_paused():
        for _ in range(calls):
            _records_changed(database, member_id)
            ok, latency = await driver.call(call)
            latencies.append(latency)
            wrong += not ok
    return statistics.median(latencies), wrong


async def _kept_report_seconds(driver: Driver, member_id: int, calls: int) -> tuple[float, int]:
    """Median time of calls answered from the report Gigwise kept (nothing changed between)."""
    sample = await driver.sequential(momentum_call(member_id), calls)
    return sample.median, sample.wrong


async def measure(context: RunContext) -> None:
    plan = context.plan
    reason = missing()
    if reason is not None:
        for key, label in (
            ("momentum.large_over_small", "/momentum: 10,000 / 100 contracts"),
            ("momentum.full_database", "/momentum: 10,000 / 100 contracts, 1,000,000 billings"),
        ):
            context.report.add(unavailable(SECTION, key, label, f"not available: {reason}"))
        return
    data_dir = context.scratch("momentum")
    database_url = f"sqlite+aiosqlite:///{data_dir / 'gigwise.sqlite3'}"
    context.progress("momentum: seeding the small and the large member")
    await seed_member(database_url, SMALL_MEMBER_ID, plan.small_member_contracts)
    await seed_member(database_url, LARGE_MEMBER_ID, plan.large_member_contracts)
    async with SandboxDiscord(token=BOT_TOKEN) as sandbox:
        bot = await start_gigwise(
            "gigwise (momentum)",
            token=BOT_TOKEN,
            api_url=sandbox.api_url,
            gateway_url=sandbox.gateway_url,
            data_dir=data_dir,
        )
        try:
            await bot.wait_ready()
            figures = await _measure_with(
                context, Driver(sandbox, [bot.pid]), data_dir / "gigwise.sqlite3"
            )
        finally:
            await bot.stop()
    context.report.add(*figures)


async def _measure_with(context: RunContext, driver: Driver, database: Path) -> list[Figure]:
    plan = context.plan
    small_label, large_label = (
        f"{plan.small_member_contracts:,}",
        f"{plan.large_member_contracts:,}",
    )

    async def both() -> tuple[float, float, int]:
        small, wrong_small = await _median_seconds(
            driver, database, SMALL_MEMBER_ID, plan.momentum_calls
        )
        large, wrong_large = await _median_seconds(
            driver, database, LARGE_MEMBER_ID, plan.momentum_calls
        )
        return small, large, wrong_small + wrong_large

    def figure(key: str, label: str, times: tuple[float, float, int], note: str) -> Figure:
        small, large, wrong = times
        return Figure(
            SECTION,
            key,
            label,
            large / small,
            "x",
            GROWTH_GOAL,
            f"{large * 1000:.1f} ms vs {small * 1000:.1f} ms, median of {plan.momentum_calls}"
            + note,
            wrong,
        )

    context.progress(f"momentum: /momentum at {small_label} and {large_label} contracts")
    alone = await both()
    kept, kept_wrong = await _kept_report_seconds(driver, LARGE_MEMBER_ID, plan.momentum_calls)
    figures = [
        figure(
            "momentum.large_over_small",
            f"/momentum: {large_label} / {small_label} contracts",
            alone,
            "; each call computes the report",
        ),
        Figure(
            SECTION,
            "momentum.kept_report",
            f"/momentum: {large_label} contracts, answered from the kept report",
            kept * 1000,
            "ms",
            None,
            f"median of {plan.momentum_calls} calls with nothing changed in between, against "
            f"{alone[1] * 1000:.1f} ms computing it",
            kept_wrong,
        ),
    ]
    label = (
        f"/momentum: {large_label} / {small_label} contracts, {plan.database_billings:,} billings"
    )
    if plan.database_billings == 0:
        figures.append(unavailable(SECTION, "momentum.full_database", label, "skipped in this run"))
        return figures
    context.progress(f"momentum: seeding {plan.database_billings:,} billings")
    await seed_billings(f"sqlite+aiosqlite:///{database}", plan.database_billings)
    full = await both()
    figures.append(
        figure(
            "momentum.full_database",
            label,
            full,
            f"; the {large_label}-contract member took {alone[1] * 1000:.1f} ms before the billings",
        )
    )
    return figures
