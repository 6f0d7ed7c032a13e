"""The /clients command."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from advisor.fees import FeeTier, fee_tier, schedule_for_client
from advisor.ledger import ClientSummary
from commands.clients._render import clients_embed
from commands.services import ServerDefaults
from db.database import Database
from db.repositories.clients import ClientRepository


class ClientsCog(commands.Cog):
    """Each member's clients and where each stands on its fee tiers."""

    def __init__(self, database: Database, defaults: ServerDefaults) -> None:
        self.database = database
        self.defaults = defaults

    @app_commands.command(
        name="clients",
        description="Your clients by lifetime billed, with each one's fee tier.",
        extras={"example": "/clients"},
    )
    @app_commands.describe(share="Show the list to the channel")
    async def clients(self, interaction: discord.Interaction, share: bool = False) -> None:
        preferred = await self.defaults.schedule(interaction.guild_id)
        async with self.database.read() as reads:
            summaries = await ClientRepository(reads).list_with_totals(interaction.user.id)
        tiers: list[tuple[ClientSummary, FeeTier | None]] = []
        for summary in summaries:
            schedule = schedule_for_client(summary.client.platform, preferred)
            tier = fee_tier(schedule, summary.lifetime_billed) if schedule else None
            tiers.append((summary, tier))
        await interaction.response.send_message(embed=clients_embed(tiers), ephemeral=not share)
