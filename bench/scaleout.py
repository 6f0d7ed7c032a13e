"""Scale-out: two Gigwise processes, one shard each, against one process owning both shards.

Both set-ups share one scratch PostgreSQL database and one two-shard sandbox, and take turns
(one, two, one, two ...). Each is measured with a burst of `/contract bill` spread over guilds of
both shards, since a write is where processes sharing a database could get in each other's way.
The sandbox runs on the same two cores as the bots, so it takes its share of them.

Next to the ratio, the bound on it that these cores set: were each billing to cost the machine
(bots, database, sandbox and all) no more CPU with two processes than with one, two processes
could go faster than one only by the cores that one process leaves idle.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence

from bench.calls import CommandCall, bill_call
from bench.context import BOT_TOKEN, RunContext
from bench.driver import BurstResult, CpuUse, Driver, combined_rate, noise
from bench.memory import guild_ids
from bench.postgres import PostgresUnavailable, scratch_database, server_pids
from bench.processes import BotProcess, start_gigwise
from bench.report import Figure, Goal, unavailable
from bench.seeding import billing_members, seed_active_contracts
from bot.sandbox import SandboxDiscord

SECTION = "scale-out"
SHARDS = 2
GUILDS_PER_SHARD = 4
SCALE_GOAL = Goal(">=", 1.5)
KEY = "scaleout.two_over_one"
LABEL = "two processes / one: /contract bill throughput on PostgreSQL"
BOUND_KEY = "scaleout.bound_on_these_cores"


def cores() -> int:
    """The cores this process, and the bots it starts, may run on."""
    return len(os.sched_getaffinity(0))


def bound_on_cores(one_process: CpuUse, cores: int) -> float:
    """The most two processes could gain over one, the machine's CPU per billing unchanged:
    every core kept busy, against the cores the whole machine kept busy with one process."""
    busy = one_process.machine_busy
    return cores / busy if busy > 0 else 0.0


async def _with_processes(
    context: RunContext,
    sandbox: SandboxDiscord,
    driver: Driver,
    call: CommandCall,
    database_url: str,
    shard_sets: Sequence[str | None],
) -> BurstResult:
    """Start one process per shard set, wait for all, warm up, then time one burst."""
    bots: list[BotProcess] = []
    try:
        for number, shard_ids in enumerate(shard_sets):
            extra = {"SHARD_COUNT": str(SHARDS)}
            if shard_ids is not None:
                extra["SHARD_IDS"] = shard_ids
            bots.append(
                await start_gigwise(
                    f"gigwise (shards {shard_ids or 'all'})",
                    token=BOT_TOKEN,
                    api_url=sandbox.api_url,
                    gateway_url=sandbox.gateway_url,
                    data_dir=context.scratch(f"scale-out-{number}"),
                    database_url=database_url,
                    extra=extra,
                )
            )
        await asyncio.gather(*(bot.wait_ready() for bot in bots))
        driver.bot_pids = [bot.pid for bot in bots]
        await driver.warm_up(call, context.plan.warmup)
        return await driver.burst(call, context.plan.scale_burst)
    finally:
        await asyncio.gather(*(bot.stop() for bot in bots))


def _shares(cpu: CpuUse) -> str:
    return (
        f"Gigwise {cpu.bot_busy:.2f}, PostgreSQL {cpu.database_busy:.2f}, "
        f"sandbox {cpu.driver_busy:.2f}"
    )


async def measure(context: RunContext) -> None:
    try:
        async with scratch_database(context.postgres_url) as database_url:
            await _measure_on(context, database_url)
    except PostgresUnavailable as error:
        context.report.add(unavailable(SECTION, KEY, LABEL, f"not available: {error}"))


async def _measure_on(context: RunContext, database_url: str) -> None:
    plan = context.plan
    context.progress("scale-out: seeding the PostgreSQL database")
    contracts = await seed_active_contracts(database_url, billing_members())
    guilds = guild_ids(SHARDS * GUILDS_PER_SHARD)
    call = bill_call(contracts, guild_ids=guilds)
    one: list[BurstResult] = []
    two: list[BurstResult] = []
    async with SandboxDiscord(token=BOT_TOKEN, guild_ids=guilds, shard_count=SHARDS) as sandbox:
        driver = Driver(sandbox, database_pids=server_pids)
        for _ in range(plan.scale_rounds):
            context.progress("scale-out: one process owning both shards")
            one.append(await _with_processes(context, sandbox, driver, call, database_url, [None]))
            context.progress("scale-out: two processes, one shard each")
            two.append(
                await _with_processes(context, sandbox, driver, call, database_url, ["0", "1"])
            )
    one_rate, two_rate = combined_rate(one), combined_rate(two)
    one_cpu, two_cpu = (sum((b.cpu for b in bursts), CpuUse()) for bursts in (one, two))
    context.report.add(
        Figure(
            SECTION,
            KEY,
            LABEL,
            two_rate / one_rate if one_rate else 0.0,
            "x",
            SCALE_GOAL,
            f"two processes {two_rate:,.0f}/s, one process {one_rate:,.0f}/s, bursts of "
            f"{plan.scale_burst:,} over {len(guilds)} guilds on {SHARDS} shards; CPU busy "
            f"(cores): {_shares(one_cpu)} with one process, {_shares(two_cpu)} with two"
            + noise(one_cpu + two_cpu),
            sum(b.wrong + b.lost for b in one + two),
        )
    )
    context.report.add(
        Figure(
            SECTION,
            BOUND_KEY,
            "the most two processes / one could reach on these cores",
            bound_on_cores(one_cpu, cores()),
            "x",
            None,
            f"{cores()} cores, of which the whole machine kept {one_cpu.machine_busy:.2f} busy "
            "with one process; assumes each billing costs the machine no more CPU with two",
        )
    )
    context.report.details[SECTION] = {
        "one_process_per_second": [b.per_second for b in one],
        "two_processes_per_second": [b.per_second for b in two],
    }
