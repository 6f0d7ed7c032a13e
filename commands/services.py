"""What a feature needs from the running bot: its database, and the member's day and server defaults.

Cogs receive these from `setup(bot)` rather than importing the bot, which keeps `commands/` below
`bot/` in the layers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import discord
from discord.ext import commands

from advisor.fee_calendar import FeeRule, rule_or_default
from advisor.ledger import GuildSettings
from advisor.quotas import MemberQuotas
from commands.heavy_jobs import HeavyJobs
from commands.kept import Kept
from db.database import Database
from db.repositories.guild_settings import GuildSettingsRepository
from db.repositories.member_settings import MemberSettingsRepository
from db.repositories.quotas import QuotaCheck


def database_of(bot: commands.Bot) -> Database:
    """The database the bot was started with."""
    database = getattr(bot, "database", None)
    if not isinstance(database, Database):
        raise RuntimeError("Gigwise's features need a bot that carries its database")
    return database


def today(interaction: discord.Interaction) -> date:
    """The member's 'today': the day Discord stamped on the interaction (UTC)."""
    return interaction.created_at.date()


class ServerDefaults:
    """Each server's settings, kept in memory for a minute.

    Nearly every answer depends on its server's default platform, and reading it from the database
    each time was most of what `/fee` cost. A change made here is seen at once; another process
    sharing the database sees it within `ttl` seconds.
    """

    def __init__(
        self,
        database: Database,
        *,
        ttl: float = 60.0,
        maxsize: int = 10_000,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.database = database
        self._kept: Kept[int, GuildSettings] = Kept(
            "server settings", maxsize, ttl=ttl, timer=timer
        )

    async def get(self, guild_id: int | None) -> GuildSettings | None:
        """The server's settings, or None in direct messages."""
        if guild_id is None:
            return None
        kept = self._kept.get(guild_id)
        if kept is not None:
            return kept
        async with self.database.read() as reads:
            settings = await GuildSettingsRepository(reads).get(guild_id)
        return self._kept.put(guild_id, settings)

    async def rule(self, guild_id: int | None, chosen: FeeRule | None = None) -> FeeRule:
        """The fee rule an answer uses: the member's choice, else the server's default (Upwork's
        dated calendar unless the server chose another)."""
        if chosen is not None:
            return chosen
        settings = await self.get(guild_id)
        return rule_or_default(settings.default_platform if settings is not None else None)

    async def rate(self, guild_id: int | None) -> Decimal | None:
        """The per-contract rate the server assumes where a member gave and saved none."""
        settings = await self.get(guild_id)
        return settings.default_fee_rate if settings is not None else None

    async def currency(self, guild_id: int | None) -> str | None:
        """The currency of amounts typed without one (None: the schedule's own, US dollars for
        most)."""
        settings = await self.get(guild_id)
        return settings.currency if settings is not None else None

    def remember(self, settings: GuildSettings) -> None:
        """Settings just saved: answers use them from now on."""
        self._kept.put(settings.guild_id, settings)


class MemberRates:
    """Each member's saved per-contract fee rate, kept a minute like the server settings: a
    `/fee` answer under a per-contract schedule depends on it."""

    def __init__(
        self,
        database: Database,
        *,
        ttl: float = 60.0,
        maxsize: int = 10_000,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.database = database
        # A one-item tuple, so that "saved no rate" is kept too.
        self._kept: Kept[int, tuple[Decimal | None]] = Kept(
            "member rates", maxsize, ttl=ttl, timer=timer
        )

    async def get(self, member_id: int) -> Decimal | None:
        """The rate the member saved with `/profile`, if any."""
        kept = self._kept.get(member_id)
        if kept is None:
            async with self.database.read() as reads:
                rate = await MemberSettingsRepository(reads).default_rate(member_id)
            kept = self._kept.put(member_id, (rate,))
        return kept[0]

    def remember(self, member_id: int, rate: Decimal | None) -> None:
        """A rate just saved: answers use it from now on."""
        self._kept.put(member_id, (rate,))


def server_defaults_of(bot: commands.Bot) -> ServerDefaults:
    """The bot's cache of server settings."""
    defaults = getattr(bot, "server_defaults", None)
    if not isinstance(defaults, ServerDefaults):
        raise RuntimeError("Gigwise's features need a bot that carries its server defaults")
    return defaults


def member_rates_of(bot: commands.Bot) -> MemberRates:
    """The bot's cache of members' saved rates."""
    rates = getattr(bot, "member_rates", None)
    if not isinstance(rates, MemberRates):
        raise RuntimeError("Gigwise's features need a bot that carries members' saved rates")
    return rates


def heavy_jobs_of(bot: commands.Bot) -> HeavyJobs:
    """The bot's slots for heavy jobs, and the members whose import is unfinished."""
    jobs = getattr(bot, "heavy_jobs", None)
    if not isinstance(jobs, HeavyJobs):
        raise RuntimeError("Gigwise's features need a bot that carries its heavy-job slots")
    return jobs


def quota_check(quotas: MemberQuotas) -> QuotaCheck:
    """What writes check members' quotas with: the caps, and each member's counts kept a minute
    (counting a large ledger at every write cost more than the write; `db.repositories.quotas`)."""
    return QuotaCheck(quotas, Kept("stored counts", 10_000, ttl=60.0))


def quotas_of(bot: commands.Bot) -> QuotaCheck:
    """What one member may keep, as the bot was started with, and the counts kept for it."""
    check = getattr(bot, "quota_check", None)
    if not isinstance(check, QuotaCheck):
        raise RuntimeError("Gigwise's features need a bot that carries members' quotas")
    return check
