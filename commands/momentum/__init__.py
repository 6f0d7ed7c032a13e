"""/momentum and /log: the reviews clients see, what a bad one costs, and whether momentum is building."""

from discord.ext import commands

from commands.momentum._cog import ChartButton, MomentumCog
from commands.services import database_of, server_defaults_of


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(MomentumCog(database_of(bot), server_defaults_of(bot)))
    # Chart buttons are answered from their custom id, on any report ever sent.
    bot.add_dynamic_items(ChartButton)


async def teardown(bot: commands.Bot) -> None:
    bot.remove_dynamic_items(ChartButton)
