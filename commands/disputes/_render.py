"""The /dispute embed."""

from __future__ import annotations

import discord

from advisor.disputes import ARBITRATION_FEE_HISTORY, DisputeAdvice
from advisor.money import format_money
from commands.embeds import BAD, GOOD


def dispute_embed(advice: DisputeAdvice) -> discord.Embed:
    headline, _, _ = advice.verdict.partition(":")
    embed = discord.Embed(
        title=f"Arbitration: {headline.lower()}",
        description=advice.verdict,
        colour=GOOD if advice.worth_it else BAD,
    )
    embed.add_field(name="Owed to you", value=format_money(advice.owed), inline=True)
    embed.add_field(name="Arbitration fee", value=format_money(advice.arbitration_fee), inline=True)
    embed.add_field(
        name="Left after the fee", value=format_money(advice.left_after_fee), inline=True
    )
    embed.add_field(
        name="Break-even",
        value=f"Arbitration only pays back when more than {format_money(advice.break_even)} is owed.",
        inline=False,
    )
    embed.set_footer(text=ARBITRATION_FEE_HISTORY)
    return embed
