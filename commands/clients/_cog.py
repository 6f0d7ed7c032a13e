"""The /clients command."""

from __future__ import annotations

from decimal import Decimal

import discord
from discord import app_commands
from discord.ext import commands

from advisor.fee_calendar import rate_for_contract, rule_or_default, schedule_for_bill, schedule_on
from advisor.fees import fee_tier
from commands.answering import answer, expect
from commands.clients._render import ClientStanding, clients_embed
from commands.services import ServerDefaults, today
from db.database import Database
from db.repositories.clients import ClientRepository
from db.repositories.contracts import ContractRepository


class ClientsCog(commands.Cog):
    """Each member's clients and where each stands on its fee terms."""

    def __init__(self, database: Database, defaults: ServerDefaults) -> None:
        self.database = database
        self.defaults = defaults

    @app_commands.command(
        name="clients",
        description="Your clients by lifetime billed, with the fees you paid and each one's rate now.",
        extras={"example": "/clients"},
    )
    @app_commands.describe(share="Show the list to the channel")
    async def clients(self, interaction: discord.Interaction, share: bool = False) -> None:
        expect(interaction, private=not share)
        day = today(interaction)
        server_rule = await self.defaults.rule(interaction.guild_id)
        async with self.database.read() as reads:
            summaries = await ClientRepository(reads).list_with_totals(interaction.user.id)
            latest = await ContractRepository(reads).latest_per_client(interaction.user.id)
        standings = []
        for summary in summaries:
            # A client's next bill is priced by the terms of its latest contract, which its
            # record keeps whatever the server's settings say now.
            contract = latest.get(summary.client.id)
            if contract is not None:
                rule = rule_or_default(contract.fee_schedule)
                schedule = schedule_for_bill(rule, contract.started_on or day, day)
                rate = contract.fee_rate
            else:
                schedule = schedule_on(server_rule, day)
                rate = None
            if schedule.needs_rate:
                rate = rate_for_contract(schedule, rate).rate
            tiered = schedule.per_client and len(schedule.bands) > 1
            standings.append(
                ClientStanding(
                    summary=summary,
                    schedule=schedule,
                    rate=rate,
                    tier=fee_tier(schedule, max(summary.lifetime_billed, Decimal(0)))
                    if tiered
                    else None,
                )
            )
        await answer(interaction, embed=clients_embed(standings), ephemeral=not share)
