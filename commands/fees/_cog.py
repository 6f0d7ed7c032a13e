"""The fee commands: parse the options, ask advisor.fees, hand the result to the renderer."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from advisor.fees import (
    DEFAULT_SCHEDULE_KEY,
    FeeSchedule,
    compare,
    fee_for,
    get_schedule,
    gross_for_net,
)
from commands.fees import _render
from commands.fees._inputs import ScenarioOption
from commands.inputs import Amount, Platform, Rate
from commands.replies import NO_MENTIONS


def _schedule_or_default(platform: FeeSchedule | None) -> FeeSchedule:
    return platform if platform is not None else get_schedule(DEFAULT_SCHEDULE_KEY)


class FeesCog(commands.Cog):
    """What a platform keeps of a bill."""

    @app_commands.command(
        name="fee",
        description="See what the platform keeps of a bill and what you take home.",
        extras={"example": "/fee 15000"},
    )
    @app_commands.describe(
        amount="What you bill, e.g. 15000, $2,500.50 or 15k",
        platform="Fee schedule (default: Upwork's 20/10/5% tiers per client)",
        rate="Fee rate in percent, for Upwork variable or custom (e.g. 12.5)",
    )
    async def fee(
        self,
        interaction: discord.Interaction,
        amount: Amount,
        platform: Platform | None = None,
        rate: Rate | None = None,
    ) -> None:
        breakdown = fee_for(amount, _schedule_or_default(platform), rate=rate)
        await interaction.response.send_message(
            embed=_render.fee_embed(breakdown), allowed_mentions=NO_MENTIONS
        )

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
        schedule = _schedule_or_default(platform)
        comparison = compare(first, second, schedule, rate=rate)
        await interaction.response.send_message(
            embed=_render.comparison_embed(comparison, schedule), allowed_mentions=NO_MENTIONS
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
        breakdown = gross_for_net(net, _schedule_or_default(platform), rate=rate)
        await interaction.response.send_message(
            embed=_render.target_embed(net, breakdown), allowed_mentions=NO_MENTIONS
        )
