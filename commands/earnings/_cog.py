"""The /earnings command: read the period, the member's billings in it, total them, render."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from advisor.days import EARLIEST_DAY
from advisor.earnings import choose_period, earnings
from commands.answering import answer, expect
from commands.earnings import _render
from commands.options import Day, PeriodEnd
from commands.services import today
from db.database import Database
from db.repositories.earnings import EarningsRepository


class EarningsCog(commands.Cog):
    """Period totals a freelancer needs at tax time."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @app_commands.command(
        name="earnings",
        description="What you billed, refunded, paid in fees and kept in a year or between dates.",
        extras={"example": "/earnings year:2025"},
    )
    @app_commands.describe(
        year="A calendar year (default: this year), e.g. 2025",
        start="Or the first day of a range, e.g. 2024-04-06 (default: 1 January of the end's year)",
        end="And its last day, e.g. 2025-04-05 (default: today)",
        share="Show the totals to the channel",
    )
    async def earnings(
        self,
        interaction: discord.Interaction,
        year: app_commands.Range[int, EARLIEST_DAY.year, 9999] | None = None,
        start: Day | None = None,
        end: PeriodEnd | None = None,
        share: bool = False,
    ) -> None:
        expect(interaction, private=not share)
        period = choose_period(today(interaction), year=year, start=start, end=end)
        async with self.database.read() as reads:
            facts = await EarningsRepository(reads).billed_between(
                interaction.user.id, period.start, period.end
            )
        found = earnings(facts, period)
        if found.is_empty:
            # Nothing to share: the way to log work is for the member alone.
            await answer(interaction, embed=_render.nothing_billed_embed(period), ephemeral=True)
            return
        await answer(interaction, embed=_render.earnings_embed(found), ephemeral=not share)
