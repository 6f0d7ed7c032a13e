"""/earnings: what a member billed, refunded, paid in fees and kept over a year or a date range."""

from discord.ext import commands

from commands.earnings._cog import EarningsCog
from commands.services import database_of


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(EarningsCog(database_of(bot)))
