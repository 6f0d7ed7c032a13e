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

from advisor.fees import schedule_or_default
from advisor.ledger import GuildSettings
from advisor.money import format_money
from commands.embeds import NEUTRAL
from commands.options import Amount, Platform
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
        value=schedule_or_default(settings.default_platform).label,
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
        platform="The fee schedule answers use when none is given",
        currency="The currency of the server's amounts",
        arbitration_fee="The arbitration fee /dispute uses by default",
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
    ) -> None:
        assert interaction.guild_id is not None  # guild_only
        changes: dict[str, Any] = {}
        if platform is not None:
            changes["default_platform"] = platform.key
        if currency is not None:
            changes["currency"] = currency.value
        if arbitration_fee is not None:
            changes["arbitration_fee"] = arbitration_fee
        async with self.database.write() as writes:
            repository = GuildSettingsRepository(writes)
            current = await repository.get(interaction.guild_id)
            if changes:
                current = await repository.save(dataclasses.replace(current, **changes))
        if changes:
            self.defaults.remember(current)
        await interaction.response.send_message(
            embed=settings_embed(current, bool(changes)),
            ephemeral=True,
        )
