"""/fee, /compare and /target: what a platform keeps, and what to bill to take home a target."""

from discord.ext import commands

from commands.fees._cog import FeesCog
from commands.services import database_of, member_rates_of, server_defaults_of


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(FeesCog(database_of(bot), server_defaults_of(bot), member_rates_of(bot)))
