"""What a feature needs from the running bot: its database, and the member's day and server defaults.

Cogs receive these from `setup(bot)` rather than importing the bot, which keeps `commands/` below
`bot/` in the layers.
"""

from __future__ import annotations

from datetime import date

import discord
from discord.ext import commands

from advisor.fees import DEFAULT_SCHEDULE_KEY, SCHEDULES, FeeSchedule, get_schedule
from advisor.ledger import GuildSettings
from db.database import Database
from db.repositories.guild_settings import GuildSettingsRepository


def database_of(bot: commands.Bot) -> Database:
    """The database the bot was started with."""
    database = getattr(bot, "database", None)
    if not isinstance(database, Database):
        raise RuntimeError("Gigwise's features need a bot that carries its database")
    return database


def today(interaction: discord.Interaction) -> date:
    """The member's 'today': the day Discord stamped on the interaction (UTC)."""
    return interaction.created_at.date()


def platform_of(schedule: FeeSchedule) -> str:
    """The platform a client is kept under for a fee schedule: `upwork-tiered` -> `upwork`."""
    return schedule.key.split("-", 1)[0]


def default_schedule(settings: GuildSettings | None) -> FeeSchedule:
    """The server's default fee schedule; the seed's Upwork tiers when none is set."""
    key = settings.default_platform if settings is not None else DEFAULT_SCHEDULE_KEY
    return get_schedule(key) if key in SCHEDULES else get_schedule(DEFAULT_SCHEDULE_KEY)


def schedule_for_platform(platform: str, preferred: FeeSchedule) -> FeeSchedule | None:
    """The fee schedule a client on `platform` is tiered by: the preferred one if it fits."""
    if platform_of(preferred) == platform:
        return preferred
    for key, schedule in SCHEDULES.items():
        if platform_of(schedule) == platform and not schedule.needs_rate:
            return get_schedule(key)
    return None


async def guild_settings(database: Database, guild_id: int | None) -> GuildSettings | None:
    """The server's saved settings, or None in direct messages."""
    if guild_id is None:
        return None
    async with database.session(read_only=True) as session:
        return await GuildSettingsRepository(session).get(guild_id)
