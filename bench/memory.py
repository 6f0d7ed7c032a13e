"""Resident memory with thousands of guilds: Gigwise against discord.py's default configuration.

Each bot runs in its own process against a sandbox with the same guilds, and its VmRSS is read
from /proc once on_ready has fired. The sandbox's guilds are filled out to the shape of a small
community (channels, roles, emojis), because a bot's caches grow with what GUILD_CREATE carries.

Beside Gigwise and the default bot, a full run measures the floor of the stack: the bare reference
bot with Gigwise's caches, which also opens a database with SQLAlchemy's asyncio engine, as any bot
on discord.py and SQLAlchemy must, and does nothing else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bench.context import BOT_TOKEN, RunContext
from bench.processes import BotProcess, start_gigwise, start_reference
from bench.report import Figure, Goal
from bot.sandbox import SandboxDiscord
from bot.sandbox import payloads as sandbox_payloads
from db.startup import open_database

SECTION = "memory"
MEMORY_GOAL = Goal("<=", 0.6)
# Reading a jobs channel must not make the bot grow with its servers: within 5% of it off.
JOBS_CHANNEL_GOAL = Goal("<=", 1.05)
CHANNELS_PER_GUILD = 25
ROLES_PER_GUILD = 12
EMOJIS_PER_GUILD = 10
FIRST_GUILD_ID = 1_100_000_000_000_000_000


def guild_ids(count: int, first: int = FIRST_GUILD_ID) -> list[int]:
    # Snowflakes one "millisecond" apart, so that they spread over shards like real ones.
    return [first + (number << 22) for number in range(count)]


def community_guild(base: Callable[[int], dict[str, Any]]) -> Callable[[int], dict[str, Any]]:
    """The sandbox's GUILD_CREATE for a guild, with a community's channels, roles and emojis."""

    def payload(guild_id: int) -> dict[str, Any]:
        guild = base(guild_id)
        channels = guild["channels"]
        for number in range(1, CHANNELS_PER_GUILD):
            channel = sandbox_payloads.text_channel(
                guild_id + number, guild_id, f"channel-{number}"
            )
            channel["position"] = number
            channel["topic"] = f"Talk about topic {number} here; read the pinned rules first."
            channels.append(channel)
        everyone = guild["roles"][0]
        for number in range(1, ROLES_PER_GUILD):
            role = dict(everyone, id=str(guild_id + 100 + number), name=f"role-{number}")
            role["position"] = number
            guild["roles"].append(role)
        guild["emojis"] = [
            {
                "id": str(guild_id + 200 + number),
                "name": f"emoji_{number}",
                "roles": [],
                "require_colons": True,
                "managed": False,
                "animated": False,
                "available": True,
            }
            for number in range(EMOJIS_PER_GUILD)
        ]
        guild["member_count"] = 500
        return guild

    return payload


BotStarter = Callable[[SandboxDiscord], Awaitable[BotProcess]]


async def _resident(guilds: list[int], start: BotStarter) -> int:
    """VmRSS in KiB of a bot once on_ready has fired in `guilds`."""
    async with SandboxDiscord(token=BOT_TOKEN, guild_ids=guilds) as sandbox:
        sandbox.record_requests = False
        sandbox.gateway.guild_payload = community_guild(sandbox.state.guild_payload)
        bot = await start(sandbox)
        try:
            await bot.wait_ready()
            return bot.memory_kib()["VmRSS"]
        finally:
            await bot.stop()


def _starters(context: RunContext) -> dict[str, BotStarter]:
    def gigwise(sandbox: SandboxDiscord) -> Awaitable[BotProcess]:
        return start_gigwise(
            "gigwise (memory)",
            token=BOT_TOKEN,
            api_url=sandbox.api_url,
            gateway_url=sandbox.gateway_url,
            data_dir=context.scratch("memory"),
        )

    def gigwise_jobs(sandbox: SandboxDiscord) -> Awaitable[BotProcess]:
        # The jobs channel switched on: guild messages and message content asked for.
        return start_gigwise(
            "gigwise with jobs channels (memory)",
            token=BOT_TOKEN,
            api_url=sandbox.api_url,
            gateway_url=sandbox.gateway_url,
            data_dir=context.scratch("memory"),
            extra={"GIGWISE_JOBS_CHANNELS": "on"},
        )

    def reference(caches: str, *, database: bool = False) -> BotStarter:
        def start(sandbox: SandboxDiscord) -> Awaitable[BotProcess]:
            return start_reference(
                f"{caches} bot{' with a database' if database else ''} (memory)",
                caches,
                token=BOT_TOKEN,
                api_url=sandbox.api_url,
                gateway_url=sandbox.gateway_url,
                database=database,
            )

        return start

    return {
        "Gigwise": gigwise,
        "Gigwise, jobs channel on": gigwise_jobs,
        "default": reference("default"),
        "bare": reference("bare"),
        "floor": reference("bare", database=True),
    }


async def measure(context: RunContext) -> None:
    guilds = guild_ids(context.plan.guilds)
    shape = (
        f"{len(guilds):,} guilds of {CHANNELS_PER_GUILD} channels, {ROLES_PER_GUILD} roles, "
        f"{EMOJIS_PER_GUILD} emojis"
    )
    resident: dict[str, dict[str, int]] = {}
    # Migrated beforehand, as a running bot's database is: the first start on an empty
    # database loads Alembic to create the schema, which a bot restarting every day never does.
    database = await open_database(
        f"sqlite+aiosqlite:///{context.scratch('memory') / 'gigwise.sqlite3'}"
    )
    await database.dispose()
    starters = _starters(context)
    if not context.plan.memory_baselines:
        del starters["bare"], starters["floor"]
    for name, start in starters.items():
        context.progress(f"memory: {name} bot in {shape}")
        resident[name] = {"all_guilds_kib": await _resident(guilds, start)}
        if context.plan.memory_baselines:
            resident[name]["one_guild_kib"] = await _resident(guilds[:1], start)

    def mib(name: str) -> str:
        full = resident[name]["all_guilds_kib"] / 1024
        one = resident[name].get("one_guild_kib")
        return f"{full:.1f} MiB" + (f" ({one / 1024:.1f} MiB in 1 guild)" if one else "")

    compared = f"Gigwise {mib('Gigwise')}; default-configured discord.py bot {mib('default')}"
    if "bare" in resident:
        compared += f"; bare discord.py bot with Gigwise's intents and caches {mib('bare')}"
    default_kib = resident["default"]["all_guilds_kib"]
    context.report.add(
        Figure(
            SECTION,
            "memory.vs_default_bot",
            f"resident memory / default discord.py bot's, {len(guilds):,} guilds",
            resident["Gigwise"]["all_guilds_kib"] / default_kib,
            "",
            MEMORY_GOAL,
            f"{compared}; {shape}",
        )
    )
    jobs_kib = resident["Gigwise, jobs channel on"]["all_guilds_kib"]
    context.report.add(
        Figure(
            SECTION,
            "memory.jobs_channel_vs_off",
            f"resident memory with the jobs channel on / off, {len(guilds):,} guilds",
            jobs_kib / resident["Gigwise"]["all_guilds_kib"],
            "",
            JOBS_CHANNEL_GOAL,
            f"jobs channel on {mib('Gigwise, jobs channel on')}; off {mib('Gigwise')}",
        )
    )
    if "floor" in resident:
        context.report.add(
            Figure(
                SECTION,
                "memory.floor_vs_default_bot",
                f"the stack's floor / default discord.py bot's, {len(guilds):,} guilds",
                resident["floor"]["all_guilds_kib"] / default_kib,
                "",
                None,
                f"floor {mib('floor')}: the bare bot with Gigwise's intents and caches, with "
                "SQLAlchemy's asyncio engine over aiosqlite loaded and a connection open, doing "
                "nothing else; no bot on discord.py and SQLAlchemy holds less",
            )
        )
    context.report.details[SECTION] = resident
