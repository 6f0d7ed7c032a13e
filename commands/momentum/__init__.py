"""/momentum and /log: the reviews clients see, what a bad one costs, and whether momentum is building."""

from discord.ext import commands

from commands.momentum._cog import MomentumCog
from commands.services import database_of, server_defaults_of


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(MomentumCog(database_of(bot), server_defaults_of(bot)))
