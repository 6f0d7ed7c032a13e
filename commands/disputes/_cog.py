"""The /dispute command: the money owed against the arbitration fee."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from advisor.disputes import DEFAULT_ARBITRATION_FEE, arbitration_advice
from commands.disputes._render import dispute_embed
from commands.options import Amount
from commands.services import ServerDefaults
from db.database import Database


class DisputesCog(commands.Cog):
    """Whether a fixed-price dispute is worth taking to arbitration."""

    def __init__(self, database: Database, defaults: ServerDefaults) -> None:
        self.database = database
        self.defaults = defaults

    @app_commands.command(
        name="dispute",
        description="Does arbitration pay? What is left of what you're owed after the fee.",
        extras={"example": "/dispute 1200"},
    )
    @app_commands.describe(
        owed="What the client owes you on the fixed-price contract, e.g. 1200",
        arbitration_fee=f"Your share of the arbitration fee (default: the server's, or ${DEFAULT_ARBITRATION_FEE})",
    )
    async def dispute(
        self,
        interaction: discord.Interaction,
        owed: Amount,
        arbitration_fee: Amount | None = None,
    ) -> None:
        fee = arbitration_fee.amount if arbitration_fee is not None else None
        if fee is None:
            settings = await self.defaults.get(interaction.guild_id)
            server_fee = settings.arbitration_fee if settings is not None else None
            fee = server_fee if server_fee is not None else DEFAULT_ARBITRATION_FEE
        advice = arbitration_advice(owed.amount, fee)
        await interaction.response.send_message(embed=dispute_embed(advice))
