"""The /profile command: see or save your usual per-contract fee rate."""

from __future__ import annotations

from decimal import Decimal

import discord
from discord import app_commands
from discord.ext import commands

from advisor.fee_calendar import COMMON_RATE
from advisor.money import format_rate
from commands.answering import answer
from commands.embeds import NEUTRAL
from commands.options import Rate
from commands.services import MemberRates
from db.database import Database
from db.repositories.member_settings import MemberSettingsRepository


def profile_embed(rate: Decimal | None, changed: bool) -> discord.Embed:
    embed = discord.Embed(title="Profile saved" if changed else "Your profile", colour=NEUTRAL)
    embed.add_field(
        name="Your usual per-contract rate",
        value=(
            f"{format_rate(rate)}: used where a contract's fee is set per contract (Upwork's "
            "0–15% since about May 2025) and you give no `rate:`."
            if rate is not None
            else f"None saved: the server's usual rate is used, else {format_rate(COMMON_RATE)} "
            "is assumed and said so. Save yours with `/profile rate:12`."
        ),
        inline=False,
    )
    return embed


class ProfileCog(commands.Cog):
    """A member's own defaults."""

    def __init__(self, database: Database, rates: MemberRates) -> None:
        self.database = database
        self.rates = rates

    @app_commands.command(
        name="profile",
        description="See or save your usual per-contract fee rate.",
        extras={"example": "/profile rate:12"},
    )
    @app_commands.describe(
        rate="The fee rate your contracts usually show, in percent, e.g. 12",
        forget_rate="Forget the rate you saved",
    )
    async def profile(
        self,
        interaction: discord.Interaction,
        rate: Rate | None = None,
        forget_rate: bool = False,
    ) -> None:
        member_id = interaction.user.id
        changed = rate is not None or forget_rate
        if changed:
            async with self.database.write() as writes:
                saved = await MemberSettingsRepository(writes).save_default_rate(
                    member_id, None if forget_rate else rate
                )
            self.rates.remember(member_id, saved)
        else:
            saved = await self.rates.get(member_id)
        await answer(interaction, embed=profile_embed(saved, changed), ephemeral=True)
