"""The /settings command.

Discord hides it from members without Manage Server (`default_permissions`), and the permission is
checked again when it runs, since a server can override who sees a command.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from advisor.errors import CurrencyConversion
from advisor.fee_calendar import COMMON_RATE, rule_or_default
from advisor.ledger import GuildSettings
from advisor.money import format_money, format_rate
from commands.answering import answer
from commands.embeds import NEUTRAL
from commands.options import Amount, Platform, Rate
from commands.services import ServerDefaults
from db.database import Database
from db.repositories.guild_settings import GuildSettingsRepository

CURRENCIES = [
    app_commands.Choice(name="US dollar (USD)", value="USD"),
    app_commands.Choice(name="Pound sterling (GBP)", value="GBP"),
    app_commands.Choice(name="Euro (EUR)", value="EUR"),
]


def settings_embed(settings: GuildSettings, changed: bool) -> discord.Embed:
    fee = settings.arbitration_fee
    embed = discord.Embed(
        title="Server settings saved" if changed else "Server settings", colour=NEUTRAL
    )
    embed.add_field(
        name="Default platform",
        value=rule_or_default(settings.default_platform).label,
        inline=False,
    )
    rate = settings.default_fee_rate
    embed.add_field(
        name="Usual per-contract rate",
        value=(
            f"{format_rate(rate)} (where a member gave and saved none)"
            if rate is not None
            else f"None set: {format_rate(COMMON_RATE)} is assumed, and said so"
        ),
        inline=False,
    )
    embed.add_field(name="Currency", value=settings.currency, inline=True)
    embed.add_field(
        name="Arbitration fee",
        value=format_money(fee, settings.currency)
        if fee is not None
        else "Gigwise's default ($297)",
        inline=True,
    )
    return embed


class ServerSettingsCog(commands.Cog):
    """Per-server defaults for everyone's answers."""

    def __init__(self, database: Database, defaults: ServerDefaults) -> None:
        self.database = database
        self.defaults = defaults

    @app_commands.command(
        name="settings",
        description="See or change this server's defaults (needs Manage Server).",
        extras={"example": "/settings platform:upwork-flat"},
    )
    @app_commands.describe(
        platform="The fee rule answers use when none is given (default: upwork, by date)",
        currency="The currency of amounts typed without one",
        arbitration_fee="The arbitration fee /dispute uses by default",
        rate="The per-contract fee rate to assume where a member gave none, e.g. 12",
    )
    @app_commands.choices(currency=CURRENCIES)
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def settings(
        self,
        interaction: discord.Interaction,
        platform: Platform | None = None,
        currency: app_commands.Choice[str] | None = None,
        arbitration_fee: Amount | None = None,
        rate: Rate | None = None,
    ) -> None:
        assert interaction.guild_id is not None  # guild_only
        changes: dict[str, Any] = {}
        if rate is not None:
            changes["default_fee_rate"] = rate
        if platform is not None:
            changes["default_platform"] = platform.key
        if currency is not None:
            changes["currency"] = currency.value
        if arbitration_fee is not None:
            changes["arbitration_fee"] = arbitration_fee.amount
        async with self.database.write() as writes:
            repository = GuildSettingsRepository(writes)
            current = await repository.get(interaction.guild_id)
            if arbitration_fee is not None:
                # The fee is kept in the server's currency: one typed in another is refused.
                kept_in = changes.get("currency", current.currency)
                if arbitration_fee.currency not in (None, kept_in):
                    raise CurrencyConversion(
                        f"This server's amounts are in {kept_in} (set another with `currency:`), "
                        "and Gigwise doesn't convert currencies: give the arbitration fee in "
                        f"{kept_in}."
                    )
            if changes:
                current = await repository.save(dataclasses.replace(current, **changes))
        if changes:
            self.defaults.remember(current)
        await answer(
            interaction,
            embed=settings_embed(current, bool(changes)),
            ephemeral=True,
        )
