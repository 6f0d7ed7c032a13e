"""The fee commands: parse the options, ask advisor.fees, hand the result to the renderer."""

from __future__ import annotations

from decimal import Decimal

import discord
from discord import app_commands
from discord.ext import commands

from advisor.fees import (
    compare,
    fee_for,
    gross_for_net,
)
from advisor.ledger import UnknownClient
from commands.fees import _render
from commands.fees._answers import FeeAnswers
from commands.fees._inputs import ScenarioOption
from commands.options import Amount, ClientName, Platform, Rate, client_choices
from commands.services import ServerDefaults
from db.database import Database
from db.repositories.clients import ClientRepository


class FeesCog(commands.Cog):
    """What a platform keeps of a bill."""

    def __init__(self, database: Database, defaults: ServerDefaults) -> None:
        self.database = database
        self.defaults = defaults
        self.answers = FeeAnswers()

    async def _lifetime_billed(self, interaction: discord.Interaction, client: str) -> Decimal:
        async with self.database.read() as reads:
            clients = ClientRepository(reads)
            record = await clients.find(interaction.user.id, client)
            if record is None:
                raise UnknownClient()
            return await clients.lifetime_billed(interaction.user.id, record.id)

    @app_commands.command(
        name="fee",
        description="See what the platform keeps of a bill and what you take home.",
        extras={"example": "/fee 15000"},
    )
    @app_commands.describe(
        amount="What you bill, e.g. 15000, $2,500.50 or 15k",
        platform="Fee schedule (default: Upwork's 20/10/5% tiers per client)",
        rate="Fee rate in percent, for Upwork variable or custom (e.g. 12.5)",
        client="One of your clients: the fee at what you've already billed them",
    )
    @app_commands.autocomplete(client=client_choices)
    async def fee(
        self,
        interaction: discord.Interaction,
        amount: Amount,
        platform: Platform | None = None,
        rate: Rate | None = None,
        client: ClientName | None = None,
    ) -> None:
        schedule = await self.defaults.schedule(interaction.guild_id, platform)
        if client:
            before = await self._lifetime_billed(interaction, client)
            embed = _render.fee_embed(fee_for(amount, schedule, before, rate=rate))
        else:
            embed = self.answers.embed(amount, schedule, rate)
        # What a member billed a client is theirs: priced at a client, the answer is private.
        await interaction.response.send_message(embed=embed, ephemeral=client is not None)

    @app_commands.command(
        name="compare",
        description="Compare two ways to bill the same work: many small jobs or a few big ones.",
        extras={"example": "/compare 30x500 1x15000"},
    )
    @app_commands.describe(
        first="Jobs x amount, each with a new client, e.g. 30x500",
        second="Jobs x amount, each with a new client, e.g. 1x15000",
        platform="Fee schedule (default: Upwork's 20/10/5% tiers per client)",
        rate="Fee rate in percent, for Upwork variable or custom",
    )
    async def compare(
        self,
        interaction: discord.Interaction,
        first: ScenarioOption,
        second: ScenarioOption,
        platform: Platform | None = None,
        rate: Rate | None = None,
    ) -> None:
        schedule = await self.defaults.schedule(interaction.guild_id, platform)
        comparison = compare(first, second, schedule, rate=rate)
        await interaction.response.send_message(
            embed=_render.comparison_embed(comparison, schedule)
        )

    @app_commands.command(
        name="target",
        description="What to bill a new client to take home a given amount.",
        extras={"example": "/target 5000"},
    )
    @app_commands.describe(
        net="What you want to take home, e.g. 5000",
        platform="Fee schedule (default: Upwork's 20/10/5% tiers per client)",
        rate="Fee rate in percent, for Upwork variable or custom",
    )
    async def target(
        self,
        interaction: discord.Interaction,
        net: Amount,
        platform: Platform | None = None,
        rate: Rate | None = None,
    ) -> None:
        breakdown = gross_for_net(
            net, await self.defaults.schedule(interaction.guild_id, platform), rate=rate
        )
        await interaction.response.send_message(embed=_render.target_embed(net, breakdown))
