"""/screen, its modal, and the `Screen job post` message menu: red flags before a proposal is spent."""

from discord.ext import commands

from commands.screening._cog import ScreeningCog
from commands.services import database_of


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ScreeningCog(bot, database_of(bot)))
